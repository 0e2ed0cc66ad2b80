package io.relevo.intents;

import static io.relevo.intents.Dates.DAY;
import static io.relevo.intents.Dates.EN_AFTER_DAY;
import static io.relevo.intents.Dates.ES_AFTER_DAY;
import static io.relevo.intents.Dates.MONTH;
import static io.relevo.intents.Dates.MONTHS;
import static io.relevo.intents.Dates.YEAR;
import static io.relevo.intents.Dates.dayAlone;
import static io.relevo.intents.Dates.nextOccurrence;
import static io.relevo.intents.Dates.parse;
import static io.relevo.intents.Dates.safeDate;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date ranges for {@link EntityExtractor}, in Spanish and English: written as one ("del 3 al 7 de
 * agosto", "Aug 3-7", "3rd to 7th of August", "the 14th and 15th") or as two single dates of
 * {@link Dates} joined by "to", "al", "-" and the like ({@link #merge}). The patterns run on text folded
 * by {@link EntityExtractor#foldSameLength}. Stateless.
 */
final class DateRanges {

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
    // generic "from X to Y" / "del X al Y" over two single dates is handled by merging (see merge)

    // "the 14th and 15th", "from the 14th to the 18th", "14-18th" / "del 14 al 18", "el 14 y 15", "entre el 3 y el 5"
    private static final Pattern EN_DAYS_ALONE = Pattern.compile("\\b(?:(?:from|between)\\s+)?(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?"
            + "\\s*(?:-|–|to|until|till|through|thru|and)\\s*(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b" + EN_AFTER_DAY);
    private static final Pattern ES_DAYS_ALONE = Pattern.compile("\\b(?:del|desde el|entre el|el)\\s+(?:dia\\s+)?(\\d{1,2})"
            + "\\s*(?:-|–|al|a|hasta el|y el|y)\\s*(?:dia\\s+)?(\\d{1,2})\\b" + ES_AFTER_DAY);
    private static final Pattern RANGE_CONNECTOR = Pattern.compile(
            "\\s*(?:-|–|to|until|till|through|al|hasta(?: el)?|y(?: el)?|and|a)\\s*");
    private static final Pattern RANGE_OPENER = Pattern.compile("(?:from|between|del|desde(?: el)?|entre(?: el)?|de)\\s*$");

    private DateRanges() {
    }

    /** Adds every date range written as one in {@code folded} to {@code out}. */
    static void find(String text, String folded, LocalDate today, boolean spanish, List<Entity> out) {
        EntityExtractor.find(ES_RANGE, text, folded, m -> range(today, m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m), out);
        EntityExtractor.find(ES_SHORT_RANGE, text, folded, m -> range(today, m.group(1), null, m.group(2), m.group(3), m.group(4), m), out);
        EntityExtractor.find(EN_RANGE, text, folded, m -> range(today, m.group(2), m.group(1), m.group(4), m.group(3) != null ? m.group(3) : m.group(1), m.group(5), m), out);
        EntityExtractor.find(EN_DAY_FIRST_RANGE, text, folded, m -> range(today, m.group(1), null, m.group(2), m.group(3), m.group(4), m), out);
        EntityExtractor.find(spanish ? ES_DAYS_ALONE : EN_DAYS_ALONE, text, folded, m -> daysAlone(today, m), out);
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

    /** "from X to Y", "del X al Y", "X - Y" over two single dates becomes one date_range. */
    static void merge(String folded, List<Entity> singles, List<Entity> accepted) {
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
}
