package io.relevo.kb;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantic side of the index: embeds queries, and keeps per language the background similarity of unrelated
 * texts and, for languages with at most {@link #EXACT_VECTORS} vectors, the {@link VectorTable} searched exactly.
 * Thread-safe: both are replaced as a whole by {@link #refresh} (called under the knowledge base's write lock)
 * and read without locking.
 */
final class Vectors {

  private static final int MAX_EMBED_CHARS = 1000;
  /**
   * Languages with at most this many vectors are searched exactly in a {@link VectorTable} (about 0.05 ms for the
   * demo's ~450 vectors against ~0.4 ms for Lucene's HNSW graph, plus the per-article dot products it saves);
   * larger ones through the graph ({@code relevo.kb.exactVectors}).
   */
  static final int EXACT_VECTORS = Integer.getInteger("relevo.kb.exactVectors", 4096);

  private final Options options;
  private final Embedder embedder;
  private volatile Map<String, Double> background = Map.of();
  /** Per language with at most {@link #EXACT_VECTORS} vectors, all of them; replaced after every change. */
  private volatile Map<String, VectorTable> tables = Map.of();

  Vectors(Options options, Embedder embedder) {
    this.options = options;
    this.embedder = embedder;
  }

  /** The query's embedding, or null when semantic search is off or the query is blank. */
  float[] embed(String query) {
    return embed(query, null);
  }

  /** Like {@link #embed(String)}, taking {@code given} when it is a vector of this model's size. */
  float[] embed(String query, float[] given) {
    if (!options.semantic() || query == null || query.isBlank()) {
      return null;
    }
    String text = query.strip();
    if (given != null && given.length == Embedder.DIMENSION && text.length() <= MAX_EMBED_CHARS && unit(given)) {
      return given;
    }
    return embedder.embedQuery(text.length() > MAX_EMBED_CHARS ? text.substring(0, MAX_EMBED_CHARS) : text);
  }

  /** Whether a vector has length 1 (the model's vectors do; anything else is not one of them). */
  private static boolean unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    return Math.abs(norm - 1) < 1e-3;
  }

  /** The cosine similarity of unrelated texts in {@code lang} (0 when unknown). */
  double background(String lang) {
    return background.getOrDefault(lang, 0.0);
  }

  /** The exact table of {@code lang}, or null when its vectors are searched through Lucene's graph. */
  VectorTable table(String lang) {
    return tables.get(lang);
  }

  /** Recomputes the background and the tables from all indexed articles, after a change. */
  void refresh(Collection<IndexedArticle> entries) {
    updateBackground(entries);
    updateTables(entries);
  }

  /**
   * Estimates, per language, the cosine similarity of unrelated texts: the mean over sampled pairs
   * of different articles' title vectors. Semantic scores are rescaled so that this level is 0 and
   * identity is 1, which puts languages the English-trained model handles worse on the same scale.
   */
  private void updateBackground(Collection<IndexedArticle> entries) {
    Map<String, Double> next = new HashMap<>();
    for (String lang : Articles.LANGS) {
      List<float[]> titles = entries.stream()
          .filter(e -> e.article.lang().equals(lang) && e.vectors.length > 0)
          .sorted(Comparator.comparing(e -> e.article.id()))
          .map(e -> e.vectors[0]).toList();
      if (titles.size() < 2) {
        continue;
      }
      java.util.Random random = new java.util.Random(titles.size());
      double sum = 0;
      int pairs = Math.min(4000, titles.size() * (titles.size() - 1) / 2);
      for (int i = 0; i < pairs; i++) {
        int a = random.nextInt(titles.size());
        int b = random.nextInt(titles.size() - 1);
        sum += Embedder.dot(titles.get(a), titles.get(b >= a ? b + 1 : b));
      }
      next.put(lang, Math.max(0, Math.min(0.9, sum / pairs)));
    }
    background = Map.copyOf(next);
  }

  private void updateTables(Collection<IndexedArticle> entries) {
    Map<String, VectorTable> next = new HashMap<>();
    for (String lang : Articles.LANGS) {
      List<IndexedArticle> of = entries.stream().filter(e -> e.article.lang().equals(lang)).toList();
      if (of.stream().mapToInt(e -> e.vectors.length).sum() <= EXACT_VECTORS) {
        next.put(lang, VectorTable.of(of));
      }
    }
    tables = Map.copyOf(next);
  }
}
