package io.relevo.intents;

import java.util.regex.Pattern;

/**
 * Places in a building as people write them, in English and Spanish: a floor ("3a planta", "2.ª planta",
 * "el 3 piso", "2nd floor", "planta baja"; "piso" only with its number, since alone it is a flat), a room ("sala Tajo", "meeting room 4") or a building ("edificio B"). The
 * pattern runs on lower-case text without accents, as {@link EntityExtractor} folds it. Stateless.
 */
final class Places {

    /** What a room or building is not named ("room for a bike", "sala de reuniones"). */
    private static final String NOT_A_NAME = "(?!(?:de|del|que|para|con|en|for|is|in|on|at|the|a|with|and|y|la|el|no|not|"
            + "has|was|booking|bookings|reservada|reservado|reserva|reservation)\\b)";
    static final Pattern PATTERN = Pattern.compile("\\b(?:"
            + "\\d{1,2}\\s*(?:st|nd|rd|th)?\\s+floor|floor\\s+\\d{1,2}|(?:ground|first|second|third|fourth|fifth|sixth|top)\\s+floor|"
            + "(?:meeting\\s+)?room\\s+" + NOT_A_NAME + "[a-z0-9][\\w.-]*|(?:building|edificio)\\s+" + NOT_A_NAME + "[a-z0-9][\\w.-]*|"
            + "\\d{1,2}\\.?\\s*(?:a|ª|º|o|er|ra|da|ta)?\\.?\\s+(?:planta|piso)|(?:planta|piso)\\s+(?:\\d{1,2}|baja)|"
            + "(?:primera|segunda|tercera|cuarta|quinta|sexta|ultima)\\s+planta|"
            + "(?:primer|segundo|tercer|cuarto|quinto|sexto|ultimo)\\s+piso|"
            + "sala\\s+" + NOT_A_NAME + "[a-z0-9][\\w.-]*)(?![\\w])");

    private Places() {
    }
}
