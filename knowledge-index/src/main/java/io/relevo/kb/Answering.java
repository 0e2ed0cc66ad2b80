package io.relevo.kb;

import io.relevo.texts.Lang;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From ranked candidates to what a person is shown: the calibrated confidence, its band (answer, choose, don't
 * know), the falling back to the other language, and each hit's passage. Thread-safe (stateless beyond its
 * collaborators).
 */
final class Answering {

  private final Options options;
  private final Analysis analysis;
  private final Ranker ranker;
  private final Vectors vectors;

  Answering(Options options, Analysis analysis, Ranker ranker, Vectors vectors) {
    this.options = options;
    this.analysis = analysis;
    this.ranker = ranker;
    this.vectors = vectors;
  }

  /**
   * Searches {@code lang} first; if nothing there reaches the ANSWER band but the other language does, returns
   * that with {@link Answer#otherLanguage()} set. See {@link KnowledgeBase#answer(String, String, Set, float[])}.
   *
   * @param lang a normalised language tag
   */
  Answer answer(String query, String lang, Set<String> excludedIds, float[] queryVector) {
    Set<String> excluded = excludedIds == null ? Set.of() : excludedIds;
    float[] vector = vectors.embed(query, queryVector);
    SharedFuzzy fuzzy = new SharedFuzzy();
    Answer own = answerIn(query, vector, fuzzy, lang, excluded, false);
    if (own.band() == Band.ANSWER) {
      return own;
    }
    Answer other = answerIn(query, vector, fuzzy, Lang.of(lang).other().tag(), excluded, true);
    return other.band() == Band.ANSWER ? other : own;
  }

  private Answer answerIn(String query, float[] vector, SharedFuzzy fuzzy, String lang, Set<String> excludedIds,
      boolean otherLanguage) {
    List<Candidate> ranked = ranker.rank(query, vector, fuzzy, lang, excludedIds, 3);
    double confidence = confidence(ranked, lang);
    if (confidence >= options.answerThreshold()) {
      return new Answer(Band.ANSWER, confidence, hits(ranked, 1), otherLanguage);
    }
    if (confidence >= options.chooseThreshold()) {
      return new Answer(Band.CHOOSE, confidence, hits(ranked, 3), otherLanguage);
    }
    return new Answer(Band.UNKNOWN, confidence, List.of(), otherLanguage);
  }

  /**
   * Calibrated probability that the first result answers the query: a logistic model of the
   * rescaled semantic similarity of the best article, the idf-weighted share of query words it
   * contains, and its lead (fused and semantic) over the others. Fitted on StackFAQ with
   * leave-article-out negatives; see {@link Options.Calibration}.
   *
   * @param lang the queries' language, whose calibration applies; null for the global one
   */
  double confidence(List<Candidate> ranked, String lang) {
    if (ranked.isEmpty()) {
      return 0;
    }
    Candidate top = ranked.get(0);
    double second = ranked.size() > 1 ? ranked.get(1).fused : 0;
    Options.Calibration c = lang == null ? options.calibration() : options.calibrationFor(lang);
    double secondSem = ranked.stream().skip(1).mapToDouble(s -> s.sem).max().orElse(0);
    double z = c.bias() + c.semantic() * top.sem + c.coverage() * top.coverage
        + c.margin() * (top.fused - second) + c.semanticMargin() * (top.sem - secondSem)
        + c.lexical() * Math.log1p(top.bm) + c.lexicalShare() * top.bmNorm;
    return 1 / (1 + Math.exp(-z));
  }

  /** {@code entry} as a hit whose passage answers {@code question} best (its words, its embedding, its need). */
  Hit passage(IndexedArticle entry, String question) {
    Set<String> words = asked(entry.article.lang(), question).wordsFor(entry);
    int best = PassageChoice.best(entry, vectors.embed(question), words, Need.of(question));
    return new Hit(entry.article, 1, best < 0 ? "" : entry.sections.get(best).display());
  }

  /** The first {@code k} candidates as hits, each with the passage that answers the query best. */
  List<Hit> hits(List<Candidate> ranked, int k) {
    List<Hit> hits = new ArrayList<>();
    Need need = ranked.isEmpty() ? Need.ANY : Need.of(ranked.get(0).text);
    Map<String, Asked> byLang = new HashMap<>(); // the query analysed once per language, not once per candidate
    for (Candidate s : ranked.subList(0, Math.min(k, ranked.size()))) {
      Asked asked = byLang.computeIfAbsent(s.entry.article.lang(), l -> asked(l, s.text));
      hits.add(new Hit(s.entry.article, Math.max(0, Math.min(1, s.fused)), s.passage(asked.wordsFor(s.entry), need)));
    }
    return hits;
  }

  /** {@code text} analysed in {@code lang}: its own words as the articles are indexed, and its query terms with synonyms. */
  private Asked asked(String lang, String text) {
    Set<String> own = new HashSet<>();
    ArticleIndexer.collectTerms(analysis.indexAnalyzer(lang), text, own);
    Map<String, Integer> groups = new HashMap<>();
    Map<String, Float> terms = analysis.queryTerms(lang, ArticleIndexer.field("body", lang), text, groups);
    return new Asked(own, terms, groups);
  }

  /**
   * A question's words: its own ({@code own}) and its query terms ({@code terms}, synonyms weighted below 1), each
   * with the word of the question it stands for ({@code groups}).
   */
  private record Asked(Set<String> own, Map<String, Float> terms, Map<String, Integer> groups) {

    /**
     * The words for choosing a passage of {@code entry}: the question's own, and the synonyms of a word the article
     * doesn't have ("can I move my holiday?" looks for "change" in the vacation article). A word the article has brings
     * no synonym, which would count it twice.
     */
    Set<String> wordsFor(IndexedArticle entry) {
      Set<String> words = new HashSet<>(own);
      Set<Integer> found = new HashSet<>();
      terms.forEach((t, w) -> {
        if (w >= 1f && entry.vocabulary.contains(t)) {
          found.add(groups.get(t));
        }
      });
      terms.forEach((t, w) -> {
        if (w < 1f && !found.contains(groups.get(t))) {
          words.add(t);
        }
      });
      return words;
    }
  }
}
