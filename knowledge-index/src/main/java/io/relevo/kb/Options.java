package io.relevo.kb;

import io.relevo.texts.Lang;
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
 * @param calibration      the confidence model
 * @param calibrations     per language (es, en), confidence models that replace {@code calibration}
 */
public record Options(List<Article> articles, Path articlesDir, Path synonymsDir, Path cacheDir, Path indexDir,
                      double answerThreshold, double chooseThreshold, boolean semantic, int indexThreads,
                      Fusion fusion, Calibration calibration, java.util.Map<String, Calibration> calibrations) {

  public static final double DEFAULT_ANSWER_THRESHOLD = 0.93;
  public static final double DEFAULT_CHOOSE_THRESHOLD = 0.30;

  public Options {
    articles = articles == null ? null : List.copyOf(articles);
    calibrations = calibrations == null ? java.util.Map.of() : java.util.Map.copyOf(calibrations);
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
        Runtime.getRuntime().availableProcessors(), Fusion.DEFAULT, Calibration.DEFAULT, java.util.Map.of());
  }

  public Options withArticles(List<Article> value) {
    return new Options(value, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration, calibrations);
  }

  public Options withArticlesDir(Path value) {
    return new Options(articles, value, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration, calibrations);
  }

  public Options withSynonymsDir(Path value) {
    return new Options(articles, articlesDir, value, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration, calibrations);
  }

  public Options withCacheDir(Path value) {
    return new Options(articles, articlesDir, synonymsDir, value, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration, calibrations);
  }

  public Options withIndexDir(Path value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, value, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration, calibrations);
  }

  public Options withThresholds(double answer, double choose) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answer, choose,
        semantic, indexThreads, fusion, calibration, calibrations);
  }

  public Options withSemantic(boolean value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        value, indexThreads, fusion, calibration, calibrations);
  }

  public Options withIndexThreads(int value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, value, fusion, calibration, calibrations);
  }

  public Options withFusion(Fusion value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, value, calibration, calibrations);
  }

  public Options withCalibration(Calibration value) {
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, value, calibrations);
  }

  /**
   * The help desk's settings: the confidence models and thresholds fitted on help-desk messages as
   * people type them ({@link Calibration#HELP_DESK_EN}, {@link Calibration#HELP_DESK_ES}).
   */
  public Options helpDesk() {
    return withCalibration(Lang.EN.tag(), Calibration.HELP_DESK_EN).withCalibration(Lang.ES.tag(), Calibration.HELP_DESK_ES)
        .withThresholds(Calibration.HELP_DESK_ANSWER, Calibration.HELP_DESK_CHOOSE);
  }

  /** The confidence model for queries in {@code lang} (es or en), instead of {@link #calibration()} for that language. */
  public Options withCalibration(String lang, Calibration value) {
    java.util.Map<String, Calibration> all = new java.util.HashMap<>(calibrations);
    all.put(lang, value);
    return new Options(articles, articlesDir, synonymsDir, cacheDir, indexDir, answerThreshold, chooseThreshold,
        semantic, indexThreads, fusion, calibration, all);
  }

  /** The confidence model for queries in {@code lang}. */
  public Calibration calibrationFor(String lang) {
    return calibrations.getOrDefault(lang, calibration);
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
   * semanticMargin * (cosine lead over the best other) + lexical * log(1 + bm25) + lexicalShare *
   * bm25 / best bm25}. Defaults fitted on StackFAQ with
   * leave-article-out negatives ({@code io.relevo.kb.Calibrate} in the tests).
   */
  public record Calibration(double bias, double semantic, double coverage, double margin, double semanticMargin,
                            double lexical, double lexicalShare) {
    public static final Calibration DEFAULT = new Calibration(-8.46, 11.79, 0.19, 4.92, 4.73);

    /**
     * For help-desk messages as people type them, fitted per language on the dev split of the team's
     * dialogue set ({@code eval/dialogue}, see its README) against the demo articles; used with the
     * thresholds {@link #HELP_DESK_ANSWER} and {@link #HELP_DESK_CHOOSE}. Spanish rests more on the
     * lexical features: the sentence encoder is English.
     */
    public static final Calibration HELP_DESK_EN = new Calibration(-6.829, 3.502, 1.783, 3.363, 4.743, 1.521, 0.687);
    public static final Calibration HELP_DESK_ES = new Calibration(-10.280, 0.566, 3.475, 2.350, 1.812, 2.345, 3.618);
    public static final double HELP_DESK_ANSWER = 0.6;
    public static final double HELP_DESK_CHOOSE = 0.45;

    /** The model without the lexical features ({@code lexical}: log(1 + BM25) of the first; {@code lexicalShare}: its BM25 over the best BM25). */
    public Calibration(double bias, double semantic, double coverage, double margin, double semanticMargin) {
      this(bias, semantic, coverage, margin, semanticMargin, 0, 0);
    }
  }
}
