package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class SpanishEncliticsTest {

  private static final Analyzer ES = new Analysis(null).indexAnalyzer("es");

  private static List<String> terms(String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = ES.tokenStream("body", text)) {
      CharTermAttribute t = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(t.toString());
      }
      ts.end();
    }
    return out;
  }

  @Test
  void aVerbWithItsPronounMeetsTheVerb() throws IOException {
    assertThat(terms("registrarle")).isEqualTo(terms("registrar"));
    assertThat(terms("pedirla")).isEqualTo(terms("pedir"));
    assertThat(terms("instalándolo")).isEqualTo(terms("instalando"));
    assertThat(terms("enviárselo")).isEqualTo(terms("enviar"));
  }

  @Test
  void wordsThatOnlyLookLikeOneKeepTheirEnding() throws IOException {
    assertThat(terms("suerte")).isNotEqualTo(terms("suer"));
    assertThat(terms("internos")).isEqualTo(List.of("intern"));
    assertThat(terms("carlos")).isNotEqualTo(terms("car"));
    assertThat(terms("perla")).isNotEqualTo(terms("per"));
  }
}
