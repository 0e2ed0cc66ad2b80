package io.relevo.kb;

import java.nio.file.Path;
import java.util.List;

/**
 * How to open a {@link KnowledgeBase}. Immutable; start from {@link #defaults()} and use the
 * {@code withX} methods.
 *
 * @param articles         articles to index; null to read {@code articlesDir}
 * @param articlesDir      a directory of Markdown articles (searched recursively), or null for the
 *                         demo articles shipped in this jar (when {@code articles} is null too)
 * @param synonymsDir      a directory with {@code synonyms_en.txt} / {@code synonyms_es.txt}
 *                         (Solr format), or null for the shipped defaults
 * @param cacheDir         where to cache embeddings by content hash for fast restarts, or null
 * @param indexDir         where to keep the Lucene index on disk, or null for memory
 * @param answerThreshold  confidence at or above which {@link Band#ANSWER} is returned
 * @param chooseThreshold  confidence at or above which {@link Band#CHOOSE} is returned
 * @param semantic         false to use BM25 only (no embedding model is run)
 * @param indexThreads     threads used to compute embeddings when many articles are added
 */
public record Options(List<Article> articles, Path articlesDir, Path synonymsDir, Path cacheDir, Path indexDir,
                      double answerThreshold, double chooseThreshold, boolean semantic, int indexThreads,
                      Fusion fusion, Calibration calibration) {

  public static final double DEFAULT_ANSWER_THRESHOLD = 0.93;
  public static final double DEFAULT_CHOOSE_THRESHOLD = 0.30;

  public Options {
    articles = articles == null ? null : List.copyOf(articles);
    if (!(chooseThreshold >= 0 && chooseThreshold <= answerThreshold && answerThreshold <= 1)) {
      throw new IllegalArgumentException("thresholds must satisfy 0 <= choose <= answer <= 1, got choose="
          + chooseThreshold + " answer=" + answerThreshold);
    }
    if (indexThreads < 1) {
      throw new IllegalArgumentException("indexThreads must be at least 1");
    }
  }

  public static Options defaults() {
    return new Options(null, null, null, null, null, DEFAULT_ANSWER_THRESHOLD, DEFAULT_CHOOSE_THRESHOLD, true,
        Runtime.getRuntime().availableProcessors(), Fusion.DEFAULT, Calibration.DEFAULT);
  }

  public Options withArticles(List<Article> value) {
    return new Options(value, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration);
  }

  public Options withArticlesDir(Path value) {
    return new Options(articles, value, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration);
  }

  public Options withSynonymsDir(Path value) {
    return new Options(articles, articlesDir, value, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration);
  }

  public Options withCacheDir(Path value) {
    return new Options(articles, articlesDir, synonymsDir, value, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration);
  }

  public Options withIndexDir(Path value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, value, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration);
  }

  public Options withThresholds(double answer, double choose) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answer, choose,
        semantic, indexThreads, fusion, calibration);
  }

  public Options withSemantic(boolean value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        value, indexThreads, fusion, calibration);
  }

  public Options withIndexThreads(int value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, value, fusion, calibration);
  }

  public Options withFusion(Fusion value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, value, calibration);
  }

  public Options withCalibration(Calibration value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, value);
  }

  /**
   * Ranking weights. The fused score is {@code semanticWeight * cosine + (1 - semanticWeight) *
   * bm25 / topBm25}, where a body passage's cosine is multiplied by {@code passageWeight}.
   */
  public record Fusion(double semanticWeight, double passageWeight, float titleBoost, float questionsBoost,
                       float tagsBoost, float tieBreaker, float fuzzyWeight) {
    public static final Fusion DEFAULT = new Fusion(0.7, 0.95, 2.0f, 2.0f, 1.0f, 0.3f, 0.3f);
  }

  /**
   * Logistic confidence model over the first result: {@code z = bias + semantic * cosine +
   * coverage * (share of query words it contains) + margin * (fused lead over the second) +
   * semanticMargin * (cosine lead over the best other)}. Defaults fitted on StackFAQ with
   * leave-article-out negatives ({@code io.relevo.kb.Calibrate} in the tests).
   */
  public record Calibration(double bias, double semantic, double coverage, double margin, double semanticMargin) {
    public static final Calibration DEFAULT = new Calibration(-8.46, 11.79, 0.19, 4.92, 4.73);
  }
}
