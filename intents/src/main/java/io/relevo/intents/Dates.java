package io.relevo.intents;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Single dates for {@link EntityExtractor}, in Spanish and English: ISO and numeric dates, a day with
 * its month ("3 de agosto", "Aug 3", "the 3rd of August"), a day alone ("the 14th", "el 14"), relative
 * days ("mañana", "yesterday") and weekdays ("el lunes pasado", "next monday", "el martes 15"). Also
 * the month and weekday names and the calendar arithmetic {@link DateRanges} builds on. The patterns
 * run on text folded by {@link EntityExtractor#foldSameLength}. Stateless.
 */
final class Dates {

    static final Map<String, Integer> MONTHS = new HashMap<>();
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

    static final String MONTH = "(" + alternation(MONTHS.keySet()) + ")\\.?";
    private static final String WEEKDAY = "(" + alternation(WEEKDAYS.keySet()) + ")";
    static final String DAY = "(\\d{1,2})(?:st|nd|rd|th|º|o)?";
    static final String YEAR = "(?:,?\\s+(?:de\\s+|del\\s+)?(\\d{4}))?";

    private static final Pattern ES_DATE = Pattern.compile("\\b" + DAY + "\\s+de\\s+" + MONTH + YEAR);
    private static final Pattern EN_MONTH_FIRST = Pattern.compile("\\b" + MONTH + "\\s+" + DAY + "\\b" + YEAR);
    private static final Pattern EN_DAY_FIRST = Pattern.compile("\\b(?:the\\s+)?" + DAY + "\\s+(?:of\\s+)?" + MONTH + YEAR);
    private static final Pattern ISO_DATE = Pattern.compile("\\b(\\d{4})-(\\d{1,2})-(\\d{1,2})\\b");
    private static final Pattern NUMERIC_DATE = Pattern.compile("(?<![\\d/.,-])(\\d{1,2})(?:/(\\d{1,2})(?:/(\\d{2}|\\d{4}))?|\\.(\\d{1,2})\\.(\\d{4}))(?![\\d/]|[.,]\\d)");
    // a day without its month: "the 14th", "on the 3rd" / "el 14", "el dia 3" (its next occurrence); not "the 3rd
    // floor", "3rd-party", "el 14 de agosto" (a date above), "el 2 %", "el 3 piso"
    static final String EN_AFTER_DAY = "(?=\\s*(?:$|[.,;:!?)]|[-–]\\s*\\d|(?:and|to|until|till|through|thru|or|of (?:this|next) month"
            + "|off|please|pls|if|so|because|as|for|when|in|at|i|we)\\b))";
    static final String ES_AFTER_DAY = "(?!\\s*(?:de\\s|del\\s|/|[.,:]\\d|%|€|h\\b|horas?\\b|euros?\\b|dias?\\b|personas?\\b"
            + "|veces\\b|piso\\b|planta\\b|º|ª|er\\b))";
    private static final Pattern EN_DAY_ALONE = Pattern.compile("\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b" + EN_AFTER_DAY);
    private static final Pattern ES_DAY_ALONE = Pattern.compile("(?<=\\b(?:el|del|al|dia) )(\\d{1,2})\\b" + ES_AFTER_DAY);
    private static final Pattern RELATIVE = Pattern.compile(
            "\\b(pasado manana|manana|hoy|ayer|anteayer|antes de ayer|today|tomorrow|yesterday|day after tomorrow|day before yesterday)\\b");
    private static final Pattern WEEKDAY_REF = Pattern.compile("\\b(?:(el|este|next|this|on|last)\\s+)?(?:(proximo|pasado)\\s+)?"
            + WEEKDAY + "(?:\\s+(que viene|proximo|pasado))?\\b");
    // a weekday with its day: "el martes 15", "martes dia 15", "on Tuesday the 15th", "tuesday 15th"
    private static final Pattern WEEKDAY_DAY = Pattern.compile("\\b(?:(?:el|this|next|on)\\s+)?" + WEEKDAY
            + ",?\\s+(?:(?:the|dia)\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*(?:de\\s|of\\s|/|[.,:]\\d|%|€|h\\b))");

    private Dates() {
    }

    /** Adds every single date in {@code folded} to {@code out}; {@code spanish} decides d/m versus m/d. */
    static void find(String text, String folded, LocalDate today, boolean spanish, List<Entity> out) {
        EntityExtractor.find(ISO_DATE, text, folded, m -> date(m, safeDate(m.group(1), m.group(2), m.group(3))), out);
        EntityExtractor.find(ES_DATE, text, folded, m -> date(m, dayMonth(today, m.group(1), m.group(2), m.group(3))), out);
        EntityExtractor.find(EN_MONTH_FIRST, text, folded, m -> date(m, dayMonth(today, m.group(2), m.group(1), m.group(3))), out);
        EntityExtractor.find(EN_DAY_FIRST, text, folded, m -> date(m, dayMonth(today, m.group(1), m.group(2), m.group(3))), out);
        EntityExtractor.find(NUMERIC_DATE, text, folded, m -> date(m, numeric(today, m, spanish)), out);
        EntityExtractor.find(spanish ? ES_DAY_ALONE : EN_DAY_ALONE, text, folded, m -> date(m, dayAlone(today, m.group(1))), out);
        EntityExtractor.find(RELATIVE, text, folded, m -> relative(today, m, folded), out);
        EntityExtractor.find(WEEKDAY_DAY, text, folded, m -> date(m, weekdayDay(today, WEEKDAYS.get(m.group(1)), m.group(2))), out);
        EntityExtractor.find(WEEKDAY_REF, text, folded, m -> weekday(today, m), out);
    }

    private static Entity date(Matcher m, LocalDate d) {
        return d == null ? null : new Entity(Entity.DATE, null, m.start(), m.end(), d.toString());
    }

    private static LocalDate dayMonth(LocalDate today, String day, String monthName, String year) {
        Integer month = MONTHS.get(monthName);
        if (month == null) {
            return null;
        }
        return year != null ? safeDate(year, String.valueOf(month), day) : nextOccurrence(today, month, parse(day));
    }

    /** A day of the month without its month: its next occurrence, today included (the 31st skips short months). */
    static LocalDate dayAlone(LocalDate today, String day) {
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

    static LocalDate nextOccurrence(LocalDate today, int month, int day) {
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

    static LocalDate safeDate(String year, String month, String day) {
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

    private static String alternation(Iterable<String> words) {
        List<String> list = new ArrayList<>();
        words.forEach(list::add);
        list.sort(Comparator.comparingInt(String::length).reversed());
        return String.join("|", list);
    }

    static int parse(String digits) {
        return Integer.parseInt(digits);
    }
}
