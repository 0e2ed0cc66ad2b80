package io.relevo.kb;

import java.util.List;

/**
 * The knowledge base's reply to a question.
 *
 * @param band           ANSWER (exactly one hit), CHOOSE (two or three hits) or UNKNOWN (no hits)
 * @param confidence     calibrated confidence in [0, 1] that the first hit answers the question
 * @param hits           hits to show, best first
 * @param otherLanguage  true when the hits are in the other language than the one asked for
 */
public record Answer(Band band, double confidence, List<Hit> hits, boolean otherLanguage) {

  public Answer {
    hits = List.copyOf(hits);
  }
}
