package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.intents.Analysis;
import io.relevo.kb.Answer;
import io.vertx.core.json.JsonObject;

/**
 * A search given the intent model's sentence vector finds exactly what a search that embeds the query
 * itself finds, so a turn can run the MiniLM encoder once instead of twice.
 */
class SharedSentenceVectorTest {

  @Test
  void searchWithTheAnalysisVectorEqualsSearchWithItsOwnEmbedding(@TempDir Path dir) throws Exception {
    try (Models models = Models.load(new JsonObject().put("data.dir", dir.toString()))) {
      models.await();
      List<String[]> messages = new ArrayList<>();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          getClass().getClassLoader().getResourceAsStream("io/relevo/app/bench/messages.tsv"), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          int tab = line.indexOf('\t');
          if (tab > 0) {
            messages.add(new String[] {line.substring(0, tab), line.substring(tab + 1)});
          }
        }
      }
      messages.add(new String[] {"en", "  how do I reset my password?  "});
      messages.add(new String[] {"es", "¿¿mi impresora no imprime!! 😡"});
      messages.add(new String[] {"en", "😀😀"});
      messages.add(new String[] {"es", "vpn " + "muy lenta ".repeat(300)});
      assertThat(messages).hasSizeGreaterThan(150);
      int shared = 0;
      for (String[] m : messages) {
        Analysis analysis = models.intents().analyze(m[1], m[0]);
        if (analysis.sentenceVector() != null) {
          shared++;
          assertThat(analysis.sentenceVector()).hasSize(384);
        }
        Answer own = models.knowledge().answer(m[1], m[0]);
        Answer reused = models.knowledge().answer(m[1], m[0], Set.of(), analysis.sentenceVector());
        assertThat(reused.band()).as(m[1]).isEqualTo(own.band());
        assertThat(reused.otherLanguage()).as(m[1]).isEqualTo(own.otherLanguage());
        assertThat(reused.confidence()).as(m[1]).isCloseTo(own.confidence(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(reused.hits().stream().map(h -> h.article().id()).toList()).as(m[1])
            .isEqualTo(own.hits().stream().map(h -> h.article().id()).toList());
      }
      // a vector that is not one of the model's (zero, wrong size) is ignored, not trusted
      for (float[] bad : new float[][] {new float[384], new float[10]}) {
        Answer own = models.knowledge().answer("how do I reset my password?", "en");
        Answer given = models.knowledge().answer("how do I reset my password?", "en", Set.of(), bad);
        assertThat(given.hits().stream().map(h -> h.article().id()).toList())
            .isEqualTo(own.hits().stream().map(h -> h.article().id()).toList());
        assertThat(given.confidence()).isCloseTo(own.confidence(), org.assertj.core.data.Offset.offset(1e-6));
      }
      // every message but the one too long for the encoder to take whole carries a vector
      assertThat(shared).isEqualTo(messages.size() - 1);
      Analysis longOne = models.intents().analyze(messages.get(messages.size() - 1)[1], "es");
      assertThat(longOne.sentenceVector()).isNull();
    }
  }
}
