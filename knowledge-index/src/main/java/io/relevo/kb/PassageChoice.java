package io.relevo.kb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the section of an article to show for a question: the one whose meaning and words match it best
 * (embedding similarity of its passages, share of the question's words in it and in its heading), with the shape
 * the question's {@link Need} asks for (numbered steps for "how do I", quantities and rule headings for "how many",
 * contact points for "who", the urgent steps after a loss or theft, what fixes a thing that keeps failing, the lead
 * for "what is"). Stateless.
 */
final class PassageChoice {

  static final double LEXICAL = 0.3;
  static final double HEADING = 0.3;
  static final double TITLE_WORD = 0.25;

  private PassageChoice() {
  }

  /**
   * The index of the best section of {@code entry} for a question, or -1 when the article has none.
   *
   * @param query the question's embedding, or null (then only words and shape count)
   * @param terms the question's analysed terms
   */
  static int best(IndexedArticle entry, float[] query, Set<String> terms, Need need) {
    double[] scores = scores(entry, query, terms, need);
    int best = -1;
    for (int s = 0; s < scores.length; s++) {
      if (best < 0 || scores[s] > scores[best]) {
        best = s;
      }
    }
    return best;
  }

  /** Each section's score for a question (higher is better); see {@link #best}. */
  static double[] scores(IndexedArticle entry, float[] query, Set<String> terms, Need need) {
    List<Section> sections = entry.sections;
    double[] scores = new double[sections.size()];
    if (query != null) {
      for (int i = 0; i < entry.vectors.length; i++) {
        int p = entry.passageOf[i];
        if (p >= 0) {
          int s = entry.sectionOfPassage[p];
          scores[s] = Math.max(scores[s], Embedder.dot(query, entry.vectors[i]));
        }
      }
    }
    Map<String, Double> idf = idf(terms, entry.sectionTerms, entry.titleTerms);
    double total = idf.values().stream().mapToDouble(Double::doubleValue).sum();
    for (int s = 0; s < sections.size(); s++) {
      scores[s] += LEXICAL * overlap(idf, total, entry.sectionTerms.get(s))
          + HEADING * overlap(idf, total, entry.headingTerms.get(s)) + shape(need, sections.get(s));
    }
    return scores;
  }

  /** How well a section's shape fits the need, about -0.2 to 0.45. */
  static double shape(Need need, Section section) {
    boolean fallback = section.fallback();
    boolean steps = section.steps() >= 2;
    Set<Need> says = section.headingSays();
    return switch (need) {
      case STEPS -> (steps ? 0.2 : 0) - (fallback ? 0.2 : 0) - (section.lead() ? 0.05 : 0)
          + (says.contains(Need.STEPS) ? 0.1 : 0) - (section.explainsWhy() ? 0.1 : 0); // not "why it keeps locking"
      case URGENT -> (steps ? 0.15 : 0) + (says.contains(Need.URGENT) ? 0.5 : 0) - (fallback ? 0.15 : 0);
      case RULES -> Math.min(0.15, 0.05 * section.amounts()) + (says.contains(Need.RULES) ? 0.2 : 0)
          + (section.lead() ? 0.2 : 0) - (section.steps() >= 3 ? 0.15 : 0) - (fallback ? 0.2 : 0);
      case CONTACT -> (section.contacts() > 0 ? 0.2 : 0) + (fallback || says.contains(Need.CONTACT) ? 0.15 : 0);
      case PROBLEM -> (fallback ? 0.15 : 0) + (steps ? 0.1 : 0) - (section.lead() ? 0.1 : 0); // what fixes it
      case WHAT -> (section.lead() ? 0.3 : 0) - (fallback ? 0.2 : 0);
      case ANY -> (section.lead() ? 0.05 : 0) - (fallback ? 0.1 : 0);
    };
  }

  /**
   * Each query term the article has, weighted by how few of its sections contain it: a word found in every
   * section tells the sections apart less than one found in a single section, and a word of the title (the
   * article's topic, which the question restates) less than others.
   */
  private static Map<String, Double> idf(Set<String> terms, List<Set<String>> sectionTerms, Set<String> title) {
    Map<String, Double> idf = new HashMap<>();
    if (terms == null) {
      return idf;
    }
    int n = sectionTerms.size();
    for (String t : terms) {
      int df = 0;
      for (Set<String> in : sectionTerms) {
        df += in.contains(t) ? 1 : 0;
      }
      if (df > 0) {
        idf.put(t, Math.log(1 + (double) n / df) * (title.contains(t) ? TITLE_WORD : 1));
      }
    }
    return idf;
  }

  /** The idf-weighted share of the question's terms (those the article has) that {@code in} contains. */
  private static double overlap(Map<String, Double> idf, double total, Set<String> in) {
    if (total <= 0 || in.isEmpty()) {
      return 0;
    }
    double found = 0;
    for (Map.Entry<String, Double> t : idf.entrySet()) {
      if (in.contains(t.getKey())) {
        found += t.getValue();
      }
    }
    return found / total;
  }
}
