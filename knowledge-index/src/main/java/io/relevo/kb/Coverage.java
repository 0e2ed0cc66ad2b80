package io.relevo.kb;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The idf-weighted share of a query's words an article contains, a word counting as found when the article has it
 * or one of its synonyms ("radiador" in an article that says "calefacción"). Each word of the text weighs its own
 * idf-weighted weight (a word given only through synonyms, its heaviest synonym's). Immutable; thread-safe.
 */
final class Coverage {

  private final String[] terms;
  private final int[] groupOf;
  private final double[] groupWeight;
  private final double total;

  private Coverage(String[] terms, int[] groupOf, double[] groupWeight) {
    this.terms = terms;
    this.groupOf = groupOf;
    this.groupWeight = groupWeight;
    double sum = 0;
    for (double w : groupWeight) {
      sum += w;
    }
    this.total = sum;
  }

  /**
   * @param raw      the query's terms with their weights before idf (1 for the text's words, 0.5 for synonyms)
   * @param weighted the same terms with idf-weighted weights
   * @param groups   each term's word of the text (any key; terms of one word share it); a term without one is a
   *                 word of its own
   */
  static Coverage of(Map<String, Float> raw, Map<String, Float> weighted, Map<String, Integer> groups) {
    Map<Integer, Integer> index = new HashMap<>();
    String[] terms = new String[weighted.size()];
    int[] groupOf = new int[terms.length];
    double[] own = new double[terms.length];
    double[] any = new double[terms.length];
    int i = 0;
    int unknown = -1;
    for (Map.Entry<String, Float> t : weighted.entrySet()) {
      Integer key = groups.get(t.getKey());
      int g = index.computeIfAbsent(key == null ? unknown-- : key, k -> index.size());
      terms[i] = t.getKey();
      groupOf[i] = g;
      double w = t.getValue();
      any[g] = Math.max(any[g], w);
      if (raw.getOrDefault(t.getKey(), 0f) >= 1f) {
        own[g] = Math.max(own[g], w);
      }
      i++;
    }
    double[] groupWeight = new double[index.size()];
    for (int g = 0; g < groupWeight.length; g++) {
      groupWeight[g] = own[g] > 0 ? own[g] : any[g];
    }
    return new Coverage(terms, groupOf, groupWeight);
  }

  /** The share (0 to 1) of the query's words {@code vocabulary} contains; 0 for a query without words. */
  double of(Set<String> vocabulary) {
    if (total <= 0) {
      return 0;
    }
    boolean[] found = new boolean[groupWeight.length];
    double matched = 0;
    for (int i = 0; i < terms.length; i++) {
      int g = groupOf[i];
      if (!found[g] && vocabulary.contains(terms[i])) {
        found[g] = true;
        matched += groupWeight[g];
      }
    }
    return matched / total;
  }
}
