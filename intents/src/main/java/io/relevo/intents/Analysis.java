package io.relevo.intents;

import java.util.List;

/**
 * Result of {@link IntentEngine#analyze}. {@code top} is always the best in-scope guess, even when
 * {@code outOfScope} is true; {@code alternatives} are the next best intents (at most four), best first.
 * {@code language} is {@code "es"} or {@code "en"}. Immutable.
 */
public record Analysis(String language, IntentScore top, List<IntentScore> alternatives, boolean outOfScope,
                       List<Entity> entities) {

    public Analysis {
        alternatives = List.copyOf(alternatives);
        entities = List.copyOf(entities);
    }
}
