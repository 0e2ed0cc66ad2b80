package io.relevo.kb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses the section of an article to show for a question: the one whose meaning and words match it best
 * (embedding similarity of its passages, share of the question's words in it and in its heading), with the shape
 * the question's {@link Need} asks for (numbered steps for "how do I", quantities and rule headings for "how many",
 * contact points for "who", the urgent steps after a loss or theft, the lead for "what is"). Stateless.
 */
final class PassageChoice {

  static final double LEXICAL = 0.3;
  static final double HEADING = 0.3;
  static final double TITLE_WORD = 0.25;

  private static final Pattern FALLBACK = Pattern.compile(
      "\\b(if it still doesn'?t work|still not working|si sigue sin funcionar|sigue sin funcionar)\\b");
  private static final Pattern URGENT_HEADING = Pattern.compile("\\b(right away|immediately|first hour|"
      + "primera hora|clicked|hecho clic|lost or stolen|perdida o robada|emergenc\\w*|what to do|que hacer|"
      + "urgent\\w*)\\b");
  private static final Pattern RULES_HEADING = Pattern.compile("\\b(rules?|policy|limits?|requirements?|"
      + "deadlines?|response times|balance|budget\\w*|allows|good to know|normas|politica|plazos?|requisitos|"
      + "limites|saldo|bueno saber|que debes saber|pay day|cuando se cobra|delivery times|durations?|duracion)\\b");
  private static final Pattern CONTACT_HEADING = Pattern.compile("\\b(contact\\w*|call|llamar|who|quien)\\b");

  private PassageChoice() {
  }

  /**
   * The index of the best section of {@code entry} for a question, or -1 when the article has none.
   *
   * @param query the question's embedding, or null (then only words and shape count)
   * @param terms the question's analysed terms
   */
  static int best(KnowledgeBase.Entry entry, float[] query, Set<String> terms, Need need) {
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
  static double[] scores(KnowledgeBase.Entry entry, float[] query, Set<String> terms, Need need) {
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
    String heading = Need.fold(section.heading());
    boolean fallback = FALLBACK.matcher(heading).find();
    boolean steps = section.steps() >= 2;
    return switch (need) {
      case STEPS -> (steps ? 0.2 : 0) - (fallback ? 0.2 : 0) - (section.lead() ? 0.05 : 0);
      case URGENT -> (steps ? 0.15 : 0) + (URGENT_HEADING.matcher(heading).find() ? 0.4 : 0)
          - (fallback ? 0.15 : 0);
      case RULES -> Math.min(0.15, 0.05 * section.amounts()) + (RULES_HEADING.matcher(heading).find() ? 0.2 : 0)
          + (section.lead() ? 0.2 : 0) - (section.steps() >= 3 ? 0.15 : 0) - (fallback ? 0.2 : 0);
      case CONTACT -> (section.contacts() > 0 ? 0.2 : 0)
          + (fallback || CONTACT_HEADING.matcher(heading).find() ? 0.15 : 0);
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
