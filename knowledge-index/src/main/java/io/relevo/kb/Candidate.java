package io.relevo.kb;

import java.util.Set;

/** A ranked candidate article with its ranking features (immutable). */
final class Candidate {
  final IndexedArticle entry;
  final double fused;
  final double sem;
  final double bm;
  final double bmNorm;
  final double coverage;
  private final float[] query;
  final String text;

  Candidate(IndexedArticle entry, double fused, double sem, double bm, double bmNorm, double coverage,
            float[] query, String text) {
    this.query = query;
    this.text = text;
    this.entry = entry;
    this.fused = fused;
    this.sem = sem;
    this.bm = bm;
    this.bmNorm = bmNorm;
    this.coverage = coverage;
  }

  String id() {
    return entry.article.id();
  }

  /**
   * The section of the article that answers the query best, as shown to people; empty when it has none.
   *
   * @param words the query's terms as the article's analyzer makes them (without synonyms, which would count
   *              one word of the question several times)
   * @param need  what kind of passage the query asks for ({@link Need#of} of its text)
   */
  String passage(Set<String> words, Need need) {
    int best = PassageChoice.best(entry, query, words, need);
    return best < 0 ? "" : entry.sections.get(best).display();
  }
}
