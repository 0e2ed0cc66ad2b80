package io.relevo.intents;

import java.util.regex.Pattern;

/**
 * Where a trip goes, as people write it right after a verb or noun of travelling, in English and Spanish:
 * "a trip to Lisbon", "fly to New York", "viaje a Bilbao", "tengo que ir a Sevilla". Only a place name is
 * taken, not "to the client" or "ir a ver a un cliente". The pattern runs on lower-case text without
 * accents, as {@link EntityExtractor} folds it; group 1 is the place. Stateless.
 */
final class Destinations {

    /** Words that start something other than a place name after "to" or "a". */
    private static final String NOT_A_PLACE = "(?!(?:the|an|my|our|your|see|visit|meet|work|be|do|get|have|go|a|"
            + "el|la|los|las|un|una|mi|nuestro|nuestra|ver|visitar|reunirme|trabajar|hacer|por|que|casa|home|"
            + "client|customer|cliente|clientes|office|oficina|conference|congreso)\\b)";
    static final Pattern PATTERN = Pattern.compile("\\b(?:trip|travel|travelling|traveling|fly|flying|go|going|flight|"
            + "train|viaje|viajar|volar|vuelo|tren|ir|voy|desplazamiento)\\s+(?:to|a|hasta)\\s+" + NOT_A_PLACE
            + "((?:(?:new|san|santa|sao|saint|st|las|los|la|el)\\s+)?[a-z][a-z'-]{2,})"
            + "(?=\\s*(?:$|[,.;:!?)]|\\s))");

    private Destinations() {
    }
}
