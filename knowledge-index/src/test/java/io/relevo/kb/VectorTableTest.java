package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VectorTableTest {

  private static final Random RANDOM = new Random(7);

  @Test
  void findsWhatABruteForceScanFinds() {
    List<IndexedArticle> entries = new ArrayList<>();
    for (int a = 0; a < 60; a++) {
      entries.add(entry("a" + a, 1 + RANDOM.nextInt(9)));
    }
    VectorTable table = VectorTable.of(entries);
    assertThat(table.size()).isEqualTo(entries.stream().mapToInt(e -> e.vectors.length).sum());
    for (int q = 0; q < 20; q++) {
      float[] query = unit();
      Set<String> excluded = q % 2 == 0 ? Set.of() : Set.of("a1", "a2", "a3");
      VectorTable.Found found = table.search(query, 12, excluded);

      // every (article, vector) pair by dot product, best first: the owners of the 12 best, in order
      record Hit(String id, double dot) {
      }
      List<Hit> hits = new ArrayList<>();
      for (IndexedArticle e : entries) {
        if (!excluded.contains(e.article.id())) {
          for (float[] v : e.vectors) {
            hits.add(new Hit(e.article.id(), Embedder.dot(query, v)));
          }
        }
      }
      hits.sort(Comparator.comparingDouble(h -> -h.dot()));
      Set<String> expected = new LinkedHashSet<>();
      hits.subList(0, 12).forEach(h -> expected.add(h.id()));
      assertThat(found.nearest()).containsExactlyElementsOf(expected);
      excluded.forEach(id -> assertThat(found.nearest()).doesNotContain(id));

      for (IndexedArticle e : entries) {
        assertThat(found.similarity(e.article.id(), 0.8)).isCloseTo(e.similarity(query, 0.8), within(1e-5));
      }
      assertThat(found.similarity("unknown", 0.8)).isNaN();
    }
  }

  @Test
  void anEmptyTableFindsNothing() {
    VectorTable.Found found = VectorTable.of(List.of()).search(unit(), 40, Set.of());
    assertThat(found.nearest()).isEmpty();
  }

  /** An article with a title vector and {@code passages - 1} passage vectors. */
  private static IndexedArticle entry(String id, int vectors) {
    float[][] v = new float[vectors][];
    int[] passageOf = new int[vectors];
    for (int i = 0; i < vectors; i++) {
      v[i] = unit();
      passageOf[i] = i - 1;
    }
    return new IndexedArticle(Article.of(id, "en", id, ""), List.of(), List.of(), v, passageOf, Set.of());
  }

  private static float[] unit() {
    float[] v = new float[Embedder.DIMENSION];
    double norm = 0;
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) RANDOM.nextGaussian();
      norm += v[d] * v[d];
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
