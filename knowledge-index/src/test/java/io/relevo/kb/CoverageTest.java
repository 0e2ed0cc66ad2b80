package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoverageTest {

  @Test
  void aWordWhoseSynonymTheArticleHasCountsAsFound() {
    // "el radiador de mi despacho": radiador (its synonym calefaccion shares its word), despach
    Map<String, Float> raw = new LinkedHashMap<>(Map.of("radiador", 1f, "calefaccion", 0.5f, "despach", 1f));
    Map<String, Float> weighted = new LinkedHashMap<>(Map.of("radiador", 4f, "calefaccion", 1f, "despach", 4f));
    Map<String, Integer> groups = Map.of("radiador", 3, "calefaccion", 3, "despach", 15);
    Coverage coverage = Coverage.of(raw, weighted, groups);
    assertThat(coverage.of(Set.of("calefaccion", "frio"))).isEqualTo(0.5);
    assertThat(coverage.of(Set.of("radiador", "calefaccion", "despach"))).isEqualTo(1.0);
    assertThat(coverage.of(Set.of("oficina"))).isZero();
  }

  @Test
  void aWordGivenOnlyThroughSynonymsWeighsItsHeaviestSynonymAndTermsWithoutAWordStandAlone() {
    Map<String, Float> raw = Map.of("frio", 0.5f, "vpn", 1f);
    Map<String, Float> weighted = Map.of("frio", 2f, "vpn", 2f);
    Coverage coverage = Coverage.of(raw, weighted, Map.of("frio", 20));
    assertThat(coverage.of(Set.of("frio"))).isEqualTo(0.5);
    assertThat(Coverage.of(Map.of(), Map.of(), Map.of()).of(Set.of("x"))).isZero();
  }
}
