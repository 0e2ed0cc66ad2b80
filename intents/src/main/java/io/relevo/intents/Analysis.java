package io.relevo.intents;

import java.util.List;

/**
 * Result of {@link IntentEngine#analyze}. {@code top} is always the best in-scope guess, even when
 * {@code outOfScope} is true; {@code alternatives} are the next best intents (at most four), best first.
 * {@code language} is {@code "es"} or {@code "en"}.
 *
 * <p>{@code sentenceVector} is the all-MiniLM-L6-v2 mean-pooled, L2-normalised embedding (384 values) of the
 * analysed text, the same vector the knowledge base's query encoder computes for that text, so that a search
 * for the same text can reuse it instead of running the model again; null when the engine has no MiniLM
 * encoder, the text was longer than the encoder takes whole, or it has no word pieces. Callers must not modify
 * the array. Otherwise immutable.
 */
public record Analysis(String language, IntentScore top, List<IntentScore> alternatives, boolean outOfScope,
                       List<Entity> entities, float[] sentenceVector) {

    public Analysis {
        alternatives = List.copyOf(alternatives);
        entities = List.copyOf(entities);
    }

    /** Equal when every component is, the sentence vector by its values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Analysis a && java.util.Objects.equals(language, a.language) && java.util.Objects.equals(top, a.top)
                && alternatives.equals(a.alternatives) && outOfScope == a.outOfScope && entities.equals(a.entities)
                && java.util.Arrays.equals(sentenceVector, a.sentenceVector);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(language, top, alternatives, outOfScope, entities) * 31
                + java.util.Arrays.hashCode(sentenceVector);
    }

    @Override
    public String toString() {
        return "Analysis[language=" + language + ", top=" + top + ", alternatives=" + alternatives + ", outOfScope="
                + outOfScope + ", entities=" + entities + ", sentenceVector="
                + (sentenceVector == null ? "null" : sentenceVector.length + " values") + "]";
    }

    /** An analysis without a sentence vector. */
    public Analysis(String language, IntentScore top, List<IntentScore> alternatives, boolean outOfScope,
                    List<Entity> entities) {
        this(language, top, alternatives, outOfScope, entities, null);
    }
}
