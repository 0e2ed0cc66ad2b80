package io.relevo.kb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * All sentence vectors of one language's articles in one dimension-major matrix, for an exact semantic search
 * that also yields every article's best passage similarity in the same pass. Scoring adds four dimensions per pass
 * over all vectors, a loop without reduction that the JIT vectorises; for a few thousand vectors this costs a
 * fraction of a Lucene HNSW search and of the per-article dot products it replaces.
 *
 * <p>Immutable and thread-safe; built from a snapshot of the entries (the knowledge base swaps in a new table
 * after every change).
 */
final class VectorTable {

  private final int n;
  private final float[] columns; // dim * n
  private final IndexedArticle[] owner;
  private final boolean[] passage;
  private final Map<String, int[]> range; // article id -> {first vector, end}

  private VectorTable(int n, float[] columns, IndexedArticle[] owner, boolean[] passage, Map<String, int[]> range) {
    this.n = n;
    this.columns = columns;
    this.owner = owner;
    this.passage = passage;
    this.range = range;
  }

  /** The table of these entries' vectors (all of one language), in article id order. */
  static VectorTable of(Collection<IndexedArticle> entries) {
    List<IndexedArticle> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(e -> e.article.id()));
    int n = 0;
    for (IndexedArticle e : sorted) {
      n += e.vectors.length;
    }
    float[] columns = new float[n * Embedder.DIMENSION];
    IndexedArticle[] owner = new IndexedArticle[n];
    boolean[] passage = new boolean[n];
    Map<String, int[]> range = new HashMap<>();
    int i = 0;
    for (IndexedArticle e : sorted) {
      range.put(e.article.id(), new int[] {i, i + e.vectors.length});
      for (int p = 0; p < e.vectors.length; p++, i++) {
        float[] v = e.vectors[p];
        for (int d = 0; d < Embedder.DIMENSION; d++) {
          columns[d * n + i] = v[d];
        }
        owner[i] = e;
        passage[i] = e.passageOf[p] >= 0;
      }
    }
    return new VectorTable(n, columns, owner, passage, Map.copyOf(range));
  }

  int size() {
    return n;
  }

  /**
   * What one query found: the ids of the articles owning the nearest vectors, best first, and the query's dot
   * product with every vector of the table.
   */
  record Found(VectorTable table, Set<String> nearest, float[] sims) {

    /**
     * An article's {@link IndexedArticle#similarity(float[], double) similarity} to the query: its best dot
     * product, passages weighted by {@code passageWeight}, at least 0; NaN for an article not in the table.
     */
    double similarity(String id, double passageWeight) {
      int[] r = table.range.get(id);
      if (r == null) {
        return Double.NaN;
      }
      double best = 0;
      for (int i = r[0]; i < r[1]; i++) {
        best = Math.max(best, sims[i] * (table.passage[i] ? passageWeight : 1));
      }
      return best;
    }
  }

  /**
   * Exact search for unit vector {@code query}: the articles owning the {@code k} most similar vectors (skipping
   * {@code excludedIds}), like a Lucene kNN query with a perfect graph.
   */
  Found search(float[] query, int k, Set<String> excludedIds) {
    float[] sims = new float[n];
    int dim = Embedder.DIMENSION;
    int d = 0;
    for (; d + 3 < dim; d += 4) {
      float q0 = query[d], q1 = query[d + 1], q2 = query[d + 2], q3 = query[d + 3];
      int b0 = d * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (int i = 0; i < n; i++) {
        sims[i] += columns[b0 + i] * q0 + columns[b1 + i] * q1 + columns[b2 + i] * q2 + columns[b3 + i] * q3;
      }
    }
    for (; d < dim; d++) {
      float q = query[d];
      int base = d * n;
      for (int i = 0; i < n; i++) {
        sims[i] += columns[base + i] * q;
      }
    }
    int[] top = new int[Math.max(0, k)];
    int found = 0;
    for (int i = 0; k > 0 && i < n; i++) {
      if (!excludedIds.isEmpty() && excludedIds.contains(owner[i].article.id())) {
        continue;
      }
      // insertion into the k best so far, best first; ties keep the earlier vector
      if (found < k || sims[i] > sims[top[found - 1]]) {
        int at = found < k ? found++ : k - 1;
        while (at > 0 && sims[i] > sims[top[at - 1]]) {
          top[at] = top[at - 1];
          at--;
        }
        top[at] = i;
      }
    }
    Set<String> nearest = new java.util.LinkedHashSet<>();
    for (int j = 0; j < found; j++) {
      nearest.add(owner[top[j]].article.id());
    }
    return new Found(this, nearest, sims);
  }
}
