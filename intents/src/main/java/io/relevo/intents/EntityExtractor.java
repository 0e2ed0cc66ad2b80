package io.relevo.intents;

import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-based entity extraction for Spanish and English (see {@link Entity} for kinds and value formats).
 * Relative dates use the injected {@link Clock}; a date without a year is its next occurrence (today
 * included). "el lunes", "monday", "el próximo lunes" and "next monday" all mean the first Monday after
 * today; "el lunes pasado"/"last monday" the last one before today. "3/8" is 3 August in Spanish and
 * March 8 in English. Overlaps are resolved by priority: email, ticket, date range, date, phone,
 * department/category, number.
 * Immutable and thread-safe. It keeps, without copying, the {@link Gazetteer} (immutable) and the
 * {@link Clock} it is given; the clock is read on every call, so it must be thread-safe too (the
 * JDK's clocks are). Its owner, {@link IntentEngine}, shares one instance between threads.
 *
 * <p>The rules for each kind live next to it: {@link Tickets}, {@link DateRanges}, {@link Dates},
 * {@link Places}, {@link Destinations}; email, phone and number are here, and so is what decides among
 * overlapping candidates.
 */
final class EntityExtractor {

    /** Starts only where a run of local-part characters starts: a long run is read once, not once per character. */
    private static final Pattern EMAIL = Pattern.compile("(?<![a-z0-9._%+-])[a-z0-9._%+-]++@[a-z0-9.-]+\\.[a-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\d[\\d ().-]{6,18}\\d(?!\\w)");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.,])\\d+(?:[.,]\\d+)?(?![\\w])");

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
        Tickets.find(text, folded, candidates);
        addAll(candidates, accepted);

        List<Entity> ranges = new ArrayList<>();
        DateRanges.find(text, folded, today, spanish, ranges);
        addAll(ranges, accepted);

        List<Entity> dates = new ArrayList<>();
        Dates.find(text, folded, today, spanish, dates);
        dates.sort(Comparator.comparingInt(Entity::start).thenComparing(Comparator.comparingInt((Entity e) -> e.end() - e.start()).reversed()));
        List<Entity> singles = new ArrayList<>();
        for (Entity d : dates) {
            if (overlapsAny(d, accepted) || overlapsAny(d, singles)) {
                continue;
            }
            singles.add(d);
        }
        DateRanges.merge(folded, singles, accepted);

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

    // ------------------------------------------------------------------ other kinds

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

    /** Makes the entity a match stands for, or null when the match is none after all. */
    interface Maker {
        Entity make(Matcher m);
    }

    /** Adds what {@code maker} makes of every match of {@code p} in {@code folded} to {@code out}. */
    static void find(Pattern p, String text, String folded, Maker maker, List<Entity> out) {
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
}
