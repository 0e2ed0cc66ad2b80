package io.relevo.intents;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticket ids for {@link EntityExtractor}: "INC-123" and "req #45" with their prefix, and "ticket 123",
 * "incidencia nº 7", "solicitud 12" by the word before the number ("INC-" for an incident, "REQ-" for
 * a request, the number alone for a ticket or a case). Numbers are padded to six digits:
 * "INC-000123", "000123".
 * The patterns run on text folded by {@link EntityExtractor#foldSameLength}. Stateless.
 */
final class Tickets {

    private static final Pattern TICKET = Pattern.compile("\\b(inc|req)\\s*[-#]?\\s*(\\d{1,9})\\b");
    private static final Pattern LOOSE_TICKET = Pattern.compile(
            "\\b(ticket|tiquet|caso|case|incidencia|incident|solicitud|peticion|request)s?\\s*"
                    + "(?:(?:number|numero|nro|num|no)\\.?\\s*)?(?:#|n\\.?º\\s*)?\\s*(\\d{1,9})\\b");

    private Tickets() {
    }

    /** Adds every ticket id in {@code folded} to {@code out}. */
    static void find(String text, String folded, List<Entity> out) {
        EntityExtractor.find(TICKET, text, folded, m -> new Entity(Entity.TICKET_ID, null, m.start(), m.end(),
                m.group(1).toUpperCase(Locale.ROOT) + "-" + pad(m.group(2))), out);
        EntityExtractor.find(LOOSE_TICKET, text, folded, m -> new Entity(Entity.TICKET_ID, null, m.start(), m.end(), looseTicket(m)), out);
    }

    private static String looseTicket(Matcher m) {
        String word = m.group(1);
        if (word.startsWith("incid")) {
            return "INC-" + pad(m.group(2));
        }
        if (word.equals("solicitud") || word.equals("peticion") || word.equals("request")) {
            return "REQ-" + pad(m.group(2));
        }
        return pad(m.group(2));
    }

    private static String pad(String digits) {
        String d = digits.replaceFirst("^0+(?=\\d)", "");
        return d.length() >= 6 ? d : "0".repeat(6 - d.length()) + d;
    }
}
