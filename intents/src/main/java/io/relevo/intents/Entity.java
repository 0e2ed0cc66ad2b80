package io.relevo.intents;

/**
 * An entity found in a message. {@code start}/{@code end} are UTF-16 offsets into the analysed text
 * ({@code text.substring(start, end)} is {@code text}); {@code value} is the normalised value:
 * <ul>
 *   <li>{@code ticket_id}: {@code INC-000123} / {@code REQ-000045} (also from "inc 123", "req45");
 *       "incidencia/incident 45" gives {@code INC-000045}, "solicitud/petición/request 45" {@code REQ-000045};
 *       a number after "ticket"/"caso"/"case" ("ticket 45", "mi ticket #45") has no known prefix and gives
 *       just the number zero-padded to six digits, {@code 000045}</li>
 *   <li>{@code email}: lowercased address; {@code phone}: digits with a leading {@code +} if present</li>
 *   <li>{@code date}: ISO {@code yyyy-MM-dd}; {@code date_range}: {@code yyyy-MM-dd/yyyy-MM-dd}</li>
 *   <li>{@code number}: the digits (decimal point kept); {@code department}, {@code category}: the
 *       canonical gazetteer key (e.g. {@code it}, {@code laptop}) whatever the language</li>
 * </ul>
 */
public record Entity(String kind, String text, int start, int end, String value) {

    public static final String TICKET_ID = "ticket_id";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String DATE = "date";
    public static final String DATE_RANGE = "date_range";
    public static final String NUMBER = "number";
    public static final String DEPARTMENT = "department";
    public static final String CATEGORY = "category";
    /** A place in a building as written: "3ª planta", "2nd floor", "sala Tajo", "meeting room 4". */
    public static final String PLACE = "place";
    /** Where a trip goes, as written: "Lisbon", "New York", "Bilbao". */
    public static final String DESTINATION = "destination";
}
