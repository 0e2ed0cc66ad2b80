package io.relevo.kb;

import java.util.List;
import java.util.Set;

/**
 * An indexed article with its passages, vectors and sections (immutable). {@code passageOf[i]} is the passage of
 * vector {@code i} (-1 for the title and questions), {@code sectionOfPassage[p]} the section passage {@code p}
 * starts in.
 */
final class IndexedArticle {
  final Article article;
  final List<String> passages;
  final float[][] vectors;
  final int[] passageOf;
  final Set<String> vocabulary;
  final List<Section> sections;
  final List<Set<String>> sectionTerms;
  final List<Set<String>> headingTerms;
  final Set<String> titleTerms;
  final int[] sectionOfPassage;

  /** The sections shown to people and their analysed terms (all lists of the same length). */
  record Shown(List<Section> sections, List<Set<String>> sectionTerms, List<Set<String>> headingTerms,
               Set<String> titleTerms, int[] sectionOfPassage) {
  }

  /** An entry without sections (for tests of the vectors). */
  IndexedArticle(Article article, List<String> passages, List<Set<String>> passageTerms, float[][] vectors,
                 int[] passageOf, Set<String> vocabulary) {
    this(article, passages, vectors, passageOf, vocabulary,
        new Shown(List.of(), List.of(), List.of(), Set.of(), new int[passages.size()]));
  }

  IndexedArticle(Article article, List<String> passages, float[][] vectors, int[] passageOf, Set<String> vocabulary,
                 Shown shown) {
    this.article = article;
    this.passages = passages;
    this.vectors = vectors;
    this.passageOf = passageOf;
    this.vocabulary = vocabulary;
    this.sections = shown.sections();
    this.sectionTerms = shown.sectionTerms();
    this.headingTerms = shown.headingTerms();
    this.titleTerms = shown.titleTerms();
    this.sectionOfPassage = shown.sectionOfPassage();
  }

  double similarity(float[] query, double passageWeight) {
    double best = 0;
    for (int i = 0; i < vectors.length; i++) {
      double s = Embedder.dot(query, vectors[i]) * (passageOf[i] >= 0 ? passageWeight : 1);
      best = Math.max(best, s);
    }
    return best;
  }
}
