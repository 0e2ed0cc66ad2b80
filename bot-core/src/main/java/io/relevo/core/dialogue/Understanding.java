package io.relevo.core.dialogue;

import io.relevo.intents.Analysis;
import io.relevo.kb.Answer;
import io.relevo.kb.Band;

/**
 * What the bot understood of one typed message: its text, the classifier's analysis, what the
 * person wants ({@link Act}), what the knowledge base answers to it (null when it was not asked),
 * the department it is about, and whether it was read as a follow-up of the article just shown.
 * Immutable.
 */
record Understanding(String text, Analysis analysis, Act act, Answer answer, String department, boolean followUp) {

  String intent() {
    return Acts.intent(analysis);
  }

  double confidence() {
    return analysis == null || analysis.top() == null ? 0 : analysis.top().confidence();
  }

  Band band() {
    return answer == null ? Band.UNKNOWN : answer.band();
  }

  /** The first hit's article id, or null. */
  String topArticle() {
    return answer == null || answer.hits().isEmpty() ? null : answer.hits().get(0).article().id();
  }

  String knowledge() {
    return answer == null ? null : answer.band().name().toLowerCase(java.util.Locale.ROOT) + " "
        + Math.round(answer.confidence() * 1000) / 1000.0;
  }
}
