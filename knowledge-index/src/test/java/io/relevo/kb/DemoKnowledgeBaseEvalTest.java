package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped demo articles against the labelled questions in {@code kb-eval/{en,es}}: P@1 of at
 * least 0.90 per language, and no confident ANSWER for questions the articles do not answer.
 */
class DemoKnowledgeBaseEvalTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  static KnowledgeBase kb;

  @BeforeAll
  static void open() {
    kb = KnowledgeBase.openDemo();
  }

  @AfterAll
  static void close() {
    kb.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "es"})
  void findsTheRightArticleFirstForNineInTenQuestions(String lang) throws IOException {
    List<JsonNode> questions = read("/kb-eval/" + lang + "/questions.jsonl");
    assertThat(questions).isNotEmpty();
    int correct = 0;
    Map<Band, Integer> bands = new EnumMap<>(Band.class);
    List<String> misses = new ArrayList<>();
    for (JsonNode q : questions) {
      String text = q.get("text").asText();
      List<String> relevant = new ArrayList<>();
      q.get("relevant").forEach(r -> relevant.add(r.asText()));
      List<Hit> hits = kb.search(text, lang, 5);
      if (!hits.isEmpty() && relevant.contains(hits.get(0).article().id())) {
        correct++;
      } else {
        misses.add(text + " -> " + (hits.isEmpty() ? "nothing" : hits.get(0).article().id()));
      }
      bands.merge(kb.answer(text, lang).band(), 1, Integer::sum);
    }
    double p1 = (double) correct / questions.size();
    System.out.printf(Locale.ROOT, "demo %s: P@1 %.3f (%d/%d), bands %s%n", lang, p1, correct, questions.size(), bands);
    misses.forEach(m -> System.out.println("  miss: " + m));
    assertThat(p1).isGreaterThanOrEqualTo(0.90);
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "es"})
  void neverAnswersConfidentlyWhatTheArticlesDoNotCover(String lang) throws IOException {
    List<JsonNode> questions = read("/kb-eval/" + lang + "/unanswerable.jsonl");
    assertThat(questions).isNotEmpty();
    Map<Band, Integer> bands = new EnumMap<>(Band.class);
    List<String> confident = new ArrayList<>();
    for (JsonNode q : questions) {
      Answer a = kb.answer(q.get("text").asText(), lang);
      bands.merge(a.band(), 1, Integer::sum);
      if (a.band() == Band.ANSWER) {
        confident.add(q.get("text").asText() + " -> " + a.hits().get(0).article().id());
      }
    }
    System.out.printf(Locale.ROOT, "demo %s unanswerable (%d): bands %s%n", lang, questions.size(), bands);
    assertThat(confident).isEmpty();
  }

  private static List<JsonNode> read(String resource) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    try (InputStream in = DemoKnowledgeBaseEvalTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          nodes.add(JSON.readTree(line));
        }
      }
    }
    return nodes;
  }
}
