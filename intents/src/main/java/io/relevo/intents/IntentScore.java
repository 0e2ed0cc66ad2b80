package io.relevo.intents;

/** An intent with the classifier's probability for it, in [0, 1]. */
public record IntentScore(String intent, double confidence) {
}
