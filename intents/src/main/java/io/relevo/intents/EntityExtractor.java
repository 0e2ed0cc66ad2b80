package io.relevo.intents;

import java.text.Normalizer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-based entity extraction for Spanish and English (see {@link Entity} for kinds and value formats).
 * Relative dates use the injected {@link Clock}; a date without a year is its next occurrence (today
 * included). "el lunes", "monday", "el próximo lunes" and "next monday" all mean the first Monday after
 * today; "el lunes pasado"/"last monday" the last one before today. "3/8" is 3 August in Spanish and
 * March 8 in English. Overlaps are resolved by priority: email, ticket, date range, date, phone,
 * department/category, number.
 * Immutable and thread-safe.
 */
final class EntityExtractor {

    private static final Map<String, Integer> MONTHS = new HashMap<>();
    private static final Map<String, DayOfWeek> WEEKDAYS = new HashMap<>();

    static {
        String[][] months = {
                {"enero", "ene", "january", "jan"}, {"febrero", "feb", "february"}, {"marzo", "mar", "march"},
                {"abril", "abr", "april", "apr"}, {"mayo", "may"}, {"junio", "jun", "june"}, {"julio", "jul", "july"},
                {"agosto", "ago", "august", "aug"}, {"septiembre", "setiembre", "sep", "sept", "september"},
                {"octubre", "oct", "october"}, {"noviembre", "nov", "november"}, {"diciembre", "dic", "december", "dec"}};
        for (int m = 0; m < 12; m++) {
            for (String name : months[m]) {
                MONTHS.put(name, m + 1);
            }
        }
        String[][] days = {{"lunes", "monday"}, {"martes", "tuesday"}, {"miercoles", "wednesday"}, {"jueves", "thursday"},
                {"viernes", "friday"}, {"sabado", "saturday"}, {"domingo", "sunday"}};
        for (int d = 0; d < 7; d++) {
            for (String name : days[d]) {
                WEEKDAYS.put(name, DayOfWeek.of(d + 1));
            }
        }
    }

    private static final String MONTH = "(" + alternation(MONTHS.keySet()) + ")\\.?";
    private static final String WEEKDAY = "(" + alternation(WEEKDAYS.keySet()) + ")";
    private static final String DAY = "(\\d{1,2})(?:st|nd|rd|th|º|o)?";
    private static final String YEAR = "(?:,?\\s+(?:de\\s+|del\\s+)?(\\d{4}))?";

    /** Starts only where a run of local-part characters starts: a long run is read once, not once per character. */
    private static final Pattern EMAIL = Pattern.compile("(?<![a-z0-9._%+-])[a-z0-9._%+-]++@[a-z0-9.-]+\\.[a-z]{2,}");
    private static final Pattern TICKET = Pattern.compile("\\b(inc|req)\\s*[-#]?\\s*(\\d{1,9})\\b");
    private static final Pattern LOOSE_TICKET = Pattern.compile(
            "\\b(ticket|tiquet|caso|case|incidencia|incident|solicitud|peticion|request)s?\\s*"
                    + "(?:(?:number|numero|nro|num|no)\\.?\\s*)?(?:#|n\\.?º\\s*)?\\s*(\\d{1,9})\\b");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\d[\\d ().-]{6,18}\\d(?!\\w)");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.,])\\d+(?:[.,]\\d+)?(?![\\w])");

    // "del 3 al 7 de agosto", "entre el 3 y el 7 de agosto", "del 28 de julio al 3 de agosto"
    private static final Pattern ES_RANGE = Pattern.compile("\\b(?:del|desde el|entre el|de)\\s+" + DAY
            + "(?:\\s+de\\s+" + MONTH + ")?\\s+(?:al|hasta el|a|y el)\\s+" + DAY + "\\s+de\\s+" + MONTH + YEAR);
    // "3-7 de agosto", "3 al 7 de agosto"
    private static final Pattern ES_SHORT_RANGE = Pattern.compile("\\b" + DAY + "\\s*(?:-|–|al)\\s*" + DAY + "\\s+de\\s+" + MONTH + YEAR);
    // "Aug 3-7", "August 3 to 7", "from Aug 3 to Aug 7", "between Aug 3 and 7"
    private static final Pattern EN_RANGE = Pattern.compile("\\b(?:(?:from|between)\\s+)?" + MONTH + "\\s+" + DAY
            + "\\s*(?:-|–|to|until|till|through|thru|and)\\s*(?:" + MONTH + "\\s+)?" + DAY + "\\b" + YEAR);
    // "3-7 August", "from 3 to 7 August", "3rd to 7th of August"
    private static final Pattern EN_DAY_FIRST_RANGE = Pattern.compile("\\b(?:(?:from|between)\\s+(?:the\\s+)?)?" + DAY
            + "\\s*(?:-|–|to|until|till|through|and)\\s*(?:the\\s+)?" + DAY + "\\s+(?:of\\s+)?" + MONTH + YEAR);
    // generic "from X to Y" / "del X al Y" over two single dates is handled by merging (see mergeRanges)

    private static final Pattern ES_DATE = Pattern.compile("\\b" + DAY + "\\s+de\\s+" + MONTH + YEAR);
    private static final Pattern EN_MONTH_FIRST = Pattern.compile("\\b" + MONTH + "\\s+" + DAY + "\\b" + YEAR);
    private static final Pattern EN_DAY_FIRST = Pattern.compile("\\b(?:the\\s+)?" + DAY + "\\s+(?:of\\s+)?" + MONTH + YEAR);
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b");
    private static final Pattern NUMERIC_DATE = Pattern.compile("(?<![\\d/.,-])(\\d{1,2})(?:/(\\d{1,2})(?:/(\\d{2}|\\d{4}))?|\\.(\\d{1,2})\\.(\\d{4}))(?![\\d/]|[.,]\\d)");
    // a day without its month: "the 14th", "on the 3rd" / "el 14", "el dia 3" (its next occurrence); not "the 3rd
    // floor", "3rd-party", "el 14 de agosto" (a date above), "el 2 %", "el 3 piso"
    private static final String EN_AFTER_DAY = "(?=\\s*(?:$|[.,;:!?)]|[-–]\\s*\\d|(?:and|to|until|till|through|thru|or|of (?:this|next) month"
            + "|off|please|pls|if|so|because|as|for|when|in|at|i|we)\\b))";
    private static final String ES_AFTER_DAY = "(?!\\s*(?:de\\s|del\\s|/|[.,:]\\d|%|€|h\\b|horas?\\b|euros?\\b|dias?\\b|personas?\\b"
            + "|veces\\b|piso\\b|planta\\b|º|ª|er\\b))";
    private static final Pattern EN_DAY_ALONE = Pattern.compile("\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b" + EN_AFTER_DAY);
    private static final Pattern ES_DAY_ALONE = Pattern.compile("(?<=\\b(?:el|del|al|dia) )(\\d{1,2})\\b" + ES_AFTER_DAY);
    // "the 14th and 15th", "from the 14th to the 18th", "14-18th" / "del 14 al 18", "el 14 y 15", "entre el 3 y el 5"
    private static final Pattern EN_DAYS_ALONE = Pattern.compile("\\b(?:(?:from|between)\\s+)?(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?"
            + "\\s*(?:-|–|to|until|till|through|thru|and)\\s*(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b" + EN_AFTER_DAY);
    private static final Pattern ES_DAYS_ALONE = Pattern.compile("\\b(?:del|desde el|entre el|el)\\s+(?:dia\\s+)?(\\d{1,2})"
            + "\\s*(?:-|–|al|a|hasta el|y el|y)\\s*(?:dia\\s+)?(\\d{1,2})\\b" + ES_AFTER_DAY);
    private static final Pattern RELATIVE = Pattern.compile(
            "\\b(pasado manana|manana|hoy|ayer|anteayer|antes de ayer|today|tomorrow|yesterday|day after tomorrow|day before yesterday)\\b");
    private static final Pattern WEEKDAY_REF = Pattern.compile("\\b(?:(el|este|next|this|on|last)\\s+)?(?:(proximo|pasado)\\s+)?"
            + WEEKDAY + "(?:\\s+(que viene|proximo|pasado))?\\b");
    // a weekday with its day: "el martes 15", "martes dia 15", "on Tuesday the 15th", "tuesday 15th"
    private static final Pattern WEEKDAY_DAY = Pattern.compile("\\b(?:(?:el|this|next|on)\\s+)?" + WEEKDAY
            + ",?\\s+(?:(?:the|dia)\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*(?:de\\s|of\\s|/|[.,:]\\d|%|€|h\\b))");
    private static final Pattern RANGE_CONNECTOR = Pattern.compile(
            "\\s*(?:-|–|to|until|till|through|al|hasta(?: el)?|y(?: el)?|and|a)\\s*");
    private static final Pattern RANGE_OPENER = Pattern.compile("(?:from|between|del|desde(?: el)?|entre(?: el)?|de)\\s*$");

    private final Gazetteer gazetteer;
    private final Clock clock;

    EntityExtractor(Gazetteer gazetteer, Clock clock) {
        this.gazetteer = gazetteer;
        this.clock = clock;
    }

    /** @param language "es" or "en": decides d/m versus m/d for numeric dates */
    List<Entity> extract(String text, String language) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String folded = foldSameLength(text);
        LocalDate today = LocalDate.now(clock);
        boolean spanish = LanguageGuesser.ES.equals(language);
        List<Entity> accepted = new ArrayList<>();

        List<Entity> candidates = new ArrayList<>();
        find(EMAIL, text, folded, m -> new Entity(Entity.EMAIL, null, m.start(), m.end(), m.group()), candidates);
        addAll(candidates, accepted);
        find(TICKET, text, folded, m -> new Entity(Entity.TICKET_ID, null, m.start(), m.end(),
                m.group(1).toUpperCase(Locale.ROOT) + "-" + pad(m.group(2))), candidates);
        find(LOOSE_TICKET, text, folded, m -> new Entity(Entity.TICKET_ID, null, m.start(), m.end(), looseTicket(m)), candidates);
        addAll(candidates, accepted);

        List<Entity> ranges = new ArrayList<>();
        find(ES_RANGE, text, folded, m -> range(today, m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m), ranges);
        find(ES_SHORT_RANGE, text, folded, m -> range(today, m.group(1), null, m.group(2), m.group(3), m.group(4), m), ranges);
        find(EN_RANGE, text, folded, m -> range(today, m.group(2), m.group(1), m.group(4), m.group(3) != null ? m.group(3) : m.group(1), m.group(5), m), ranges);
        find(EN_DAY_FIRST_RANGE, text, folded, m -> range(today, m.group(1), null, m.group(2), m.group(3), m.group(4), m), ranges);
        find(spanish ? ES_DAYS_ALONE : EN_DAYS_ALONE, text, folded, m -> daysAlone(today, m), ranges);
        addAll(ranges, accepted);

        List<Entity> dates = new ArrayList<>();
        find(ISO_DATE, text, folded, m -> date(m, safeDate(m.group(1), m.group(2), m.group(3))), dates);
        find(ES_DATE, text, folded, m -> date(m, dayMonth(today, m.group(1), m.group(2), m.group(3))), dates);
        find(EN_MONTH_FIRST, text, folded, m -> date(m, dayMonth(today, m.group(2), m.group(1), m.group(3))), dates);
        find(EN_DAY_FIRST, text, folded, m -> date(m, dayMonth(today, m.group(1), m.group(2), m.group(3))), dates);
        find(NUMERIC_DATE, text, folded, m -> date(m, numeric(today, m, spanish)), dates);
        find(spanish ? ES_DAY_ALONE : EN_DAY_ALONE, text, folded, m -> date(m, dayAlone(today, m.group(1))), dates);
        find(RELATIVE, text, folded, m -> relative(today, m, folded), dates);
        find(WEEKDAY_DAY, text, folded, m -> date(m, weekdayDay(today, WEEKDAYS.get(m.group(1)), m.group(2))), dates);
        find(WEEKDAY_REF, text, folded, m -> weekday(today, m), dates);
        dates.sort(Comparator.comparingInt(Entity::start).thenComparing(Comparator.comparingInt((Entity e) -> e.end() - e.start()).reversed()));
        List<Entity> singles = new ArrayList<>();
        for (Entity d : dates) {
            if (overlapsAny(d, accepted) || overlapsAny(d, singles)) {
                continue;
            }
            singles.add(d);
        }
        mergeRanges(folded, singles, accepted);

        find(Places.PATTERN, text, folded, m -> new Entity(Entity.PLACE, null, m.start(), m.end(), null), candidates);
        find(Destinations.PATTERN, text, folded, m -> new Entity(Entity.DESTINATION, null, m.start(1), m.end(1), null),
                candidates);
        addAll(candidates, accepted);
        find(PHONE, text, folded, m -> phone(m), candidates);
        addAll(candidates, accepted);
        gazetteer(folded, candidates);
        addAll(candidates, accepted);
        find(NUMBER, text, folded, m -> new Entity(Entity.NUMBER, null, m.start(), m.end(), m.group().replace(',', '.')), candidates);
        addAll(candidates, accepted);

        accepted.sort(Comparator.comparingInt(Entity::start));
        List<Entity> out = new ArrayList<>(accepted.size());
        for (Entity e : accepted) {
            String surface = text.substring(e.start(), e.end());
            String value = e.kind().equals(Entity.EMAIL) ? surface.toLowerCase(Locale.ROOT)
                    : e.kind().equals(Entity.PLACE) || e.kind().equals(Entity.DESTINATION) ? surface : e.value();
            out.add(new Entity(e.kind(), surface, e.start(), e.end(), value));
        }
        return out;
    }

    // ------------------------------------------------------------------ dates

    private static Entity date(Matcher m, LocalDate d) {
        return d == null ? null : new Entity(Entity.DATE, null, m.start(), m.end(), d.toString());
    }

    private static Entity range(LocalDate today, String d1, String m1, String d2, String m2, String year, Matcher m) {
        Integer month2 = MONTHS.get(m2);
        Integer month1 = m1 == null ? month2 : MONTHS.get(m1);
        if (month1 == null || month2 == null) {
            return null;
        }
        LocalDate end = year != null ? safeDate(year, String.valueOf(month2), d2) : nextOccurrence(today, month2, parse(d2));
        if (end == null) {
            return null;
        }
        LocalDate start = safeDate(String.valueOf(end.getYear()), String.valueOf(month1), d1);
        if (start != null && start.isAfter(end)) {
            start = start.minusYears(1);
        }
        if (start == null) {
            return null;
        }
        return new Entity(Entity.DATE_RANGE, null, m.start(), m.end(), start + "/" + end);
    }

    private static LocalDate dayMonth(LocalDate today, String day, String monthName, String year) {
        Integer month = MONTHS.get(monthName);
        if (month == null) {
            return null;
        }
        return year != null ? safeDate(year, String.valueOf(month), day) : nextOccurrence(today, month, parse(day));
    }

    /** Two days without their month: the first one's next occurrence to the second day of that month or the next. */
    private static Entity daysAlone(LocalDate today, Matcher m) {
        LocalDate start = dayAlone(today, m.group(1));
        int d2 = parse(m.group(2));
        if (start == null || d2 < 1 || d2 > 31 || d2 == start.getDayOfMonth()) {
            return null;
        }
        LocalDate month = d2 > start.getDayOfMonth() ? start.withDayOfMonth(1) : start.withDayOfMonth(1).plusMonths(1);
        return d2 > month.lengthOfMonth() ? null
                : new Entity(Entity.DATE_RANGE, null, m.start(), m.end(), start + "/" + month.withDayOfMonth(d2));
    }

    /** A day of the month without its month: its next occurrence, today included (the 31st skips short months). */
    /** The next day {@code day} of a month (from today) that falls on {@code weekday}; else its next occurrence. */
    private static LocalDate weekdayDay(LocalDate today, DayOfWeek weekday, String day) {
        int d = parse(day);
        for (int ahead = 0; ahead < 12 && d >= 1 && d <= 31; ahead++) {
            LocalDate month = today.withDayOfMonth(1).plusMonths(ahead);
            if (d <= month.lengthOfMonth() && !month.withDayOfMonth(d).isBefore(today)
                    && month.withDayOfMonth(d).getDayOfWeek() == weekday) {
                return month.withDayOfMonth(d);
            }
        }
        return dayAlone(today, day);
    }

    private static LocalDate dayAlone(LocalDate today, String day) {
        int d = parse(day);
        if (d < 1 || d > 31) {
            return null;
        }
        for (int ahead = 0; ahead <= 2; ahead++) {
            LocalDate month = today.withDayOfMonth(1).plusMonths(ahead);
            if (d <= month.lengthOfMonth() && !month.withDayOfMonth(d).isBefore(today)) {
                return month.withDayOfMonth(d);
            }
        }
        return null;
    }

    private static LocalDate numeric(LocalDate today, Matcher m, boolean spanish) {
        boolean dotted = m.group(2) == null;
        int a = parse(m.group(1));
        int b = parse(dotted ? m.group(4) : m.group(2));
        int day = spanish || dotted ? a : b;
        int month = spanish || dotted ? b : a;
        String y = dotted ? m.group(5) : m.group(3);
        if (y == null) {
            return nextOccurrence(today, month, day);
        }
        int year = parse(y);
        if (year < 100) {
            year += 2000;
        }
        return safeDate(String.valueOf(year), String.valueOf(month), String.valueOf(day));
    }

    private static LocalDate nextOccurrence(LocalDate today, int month, int day) {
        try {
            MonthDay md = MonthDay.of(month, day);
            for (int y = today.getYear(); y <= today.getYear() + 8; y++) {
                if (md.isValidYear(y)) {
                    LocalDate d = md.atYear(y);
                    if (!d.isBefore(today)) {
                        return d;
                    }
                }
            }
            return null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate safeDate(String year, String month, String day) {
        try {
            return LocalDate.of(parse(year), parse(month), parse(day));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static Entity relative(LocalDate today, Matcher m, String folded) {
        String w = m.group(1);
        if (w.equals("manana")) {
            String before = folded.substring(Math.max(0, m.start() - 8), m.start());
            if (before.matches(".*\\b(la|esta|una|cada|por)\\s+$") || before.endsWith("pasado ")) {
                return null; // "por la mañana", "esta mañana": the morning, not tomorrow
            }
        }
        int offset = switch (w) {
            case "hoy", "today" -> 0;
            case "manana", "tomorrow" -> 1;
            case "pasado manana", "day after tomorrow" -> 2;
            case "ayer", "yesterday" -> -1;
            default -> -2;
        };
        return new Entity(Entity.DATE, null, m.start(), m.end(), today.plusDays(offset).toString());
    }

    private static Entity weekday(LocalDate today, Matcher m) {
        DayOfWeek day = WEEKDAYS.get(m.group(3));
        boolean past = "last".equals(m.group(1)) || "pasado".equals(m.group(2)) || "pasado".equals(m.group(4));
        LocalDate d = past ? today.with(TemporalAdjusters.previous(day)) : today.with(TemporalAdjusters.next(day));
        return new Entity(Entity.DATE, null, m.start(), m.end(), d.toString());
    }

    /** "from X to Y", "del X al Y", "X - Y" over two single dates becomes one date_range. */
    private static void mergeRanges(String folded, List<Entity> singles, List<Entity> accepted) {
        for (int i = 0; i < singles.size(); i++) {
            Entity a = singles.get(i);
            if (i + 1 < singles.size()) {
                Entity b = singles.get(i + 1);
                String between = folded.substring(a.end(), b.start());
                if (RANGE_CONNECTOR.matcher(between).matches() && a.value().compareTo(b.value()) <= 0) {
                    int start = a.start();
                    Matcher opener = RANGE_OPENER.matcher(folded.substring(Math.max(0, start - 12), start));
                    if (opener.find()) {
                        start = Math.max(0, start - 12) + opener.start();
                    }
                    boolean clash = false;
                    for (Entity e : accepted) {
                        clash |= e.start() < b.end() && start < e.end();
                    }
                    if (!clash) {
                        accepted.add(new Entity(Entity.DATE_RANGE, null, start, b.end(), a.value() + "/" + b.value()));
                        i++;
                        continue;
                    }
                }
            }
            accepted.add(a);
        }
    }

    // ------------------------------------------------------------------ other kinds

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

    private static Entity phone(Matcher m) {
        String digits = m.group().replaceAll("[^\\d]", "");
        if (digits.length() < 7 || digits.length() > 15) {
            return null;
        }
        return new Entity(Entity.PHONE, null, m.start(), m.end(), (m.group().startsWith("+") ? "+" : "") + digits);
    }

    private void gazetteer(String folded, List<Entity> out) {
        for (Gazetteer.Term term : gazetteer.terms()) {
            String f = term.folded();
            int from = 0;
            while (true) {
                int i = folded.indexOf(f, from);
                if (i < 0) {
                    break;
                }
                int end = i + f.length();
                if ((i == 0 || !Character.isLetterOrDigit(folded.charAt(i - 1)))
                        && (end == folded.length() || !Character.isLetterOrDigit(folded.charAt(end)))) {
                    out.add(new Entity(term.kind(), null, i, end, term.key()));
                }
                from = i + 1;
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private interface Maker {
        Entity make(Matcher m);
    }

    private static void find(Pattern p, String text, String folded, Maker maker, List<Entity> out) {
        Matcher m = p.matcher(folded);
        while (m.find()) {
            Entity e = maker.make(m);
            if (e != null) {
                out.add(e);
            }
        }
    }

    /** Adds candidates (longest first among overlapping ones) that do not overlap accepted entities; clears them. */
    private static void addAll(List<Entity> candidates, List<Entity> accepted) {
        candidates.sort(Comparator.comparingInt((Entity e) -> e.end() - e.start()).reversed().thenComparingInt(Entity::start));
        for (Entity c : candidates) {
            if (!overlapsAny(c, accepted)) {
                accepted.add(c);
            }
        }
        candidates.clear();
    }

    private static boolean overlapsAny(Entity e, List<Entity> list) {
        for (Entity o : list) {
            if (e.start() < o.end() && o.start() < e.end()) {
                return true;
            }
        }
        return false;
    }

    /** Lowercase and accent-free, one char per input char so offsets carry over. */
    static String foldSameLength(String text) {
        char[] out = new char[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                out[i] = Character.toLowerCase(c);
            } else {
                String n = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
                char first = n.isEmpty() ? c : n.charAt(0);
                out[i] = Character.getType(first) == Character.NON_SPACING_MARK ? ' ' : first;
            }
        }
        return new String(out);
    }

    private static String alternation(Iterable<String> words) {
        List<String> list = new ArrayList<>();
        words.forEach(list::add);
        list.sort(Comparator.comparingInt(String::length).reversed());
        return String.join("|", list);
    }

    private static int parse(String digits) {
        return Integer.parseInt(digits);
    }

    private static String pad(String digits) {
        String d = digits.replaceFirst("^0+(?=\\d)", "");
        return d.length() >= 6 ? d : "0".repeat(6 - d.length()) + d;
    }
}
