package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shipped English and Spanish demo articles state the same facts: one article per language
 * for every topic, and each pair's bodies carry the same multiset of facts.
 *
 * <p>Numbered-list markers and numbered headings ({@code 1. }, {@code ## 1. }) are not facts: the
 * steps of a pair may be split differently. A fact is, in this order of extraction (each match is removed before the next kind runs):
 * an e-mail address; a URL or bare hostname ({@code url host/path}, lower case, no trailing
 * slash); an international phone number (digits only); a date written with a month name
 * ({@code date MM-DD}, {@code March 31} = {@code 31 de marzo}; dates without a month name, such as
 * "the 20th", are plain numbers); a clock time ({@code 9:00}, {@code 09:00}, {@code 9 am} →
 * {@code time 09:00}); a floor ({@code 2nd floor} = {@code planta 2}, ground floor = planta baja =
 * {@code floor 0}); then every number written in digits, with the unit that follows it normalised
 * ({@code 7 days}/{@code 7 días} → {@code 7 day}, {@code 2 working days}/{@code 2 días
 * laborables} → {@code 2 working day}, {@code %}, {@code €}, {@code °C}, hours, minutes …) or
 * alone ({@code 4357}). Number words one–twelve / uno–doce count only when a unit follows them
 * ({@code two weeks} = {@code dos semanas} → {@code 2 week}); the indefinite articles a/an/un/una
 * never count as one, so "an hour" and "una hora" are both no fact. Ordinal suffixes are dropped
 * ({@code 4th day} → {@code 4 day}). Decimal and thousands separators follow the article's
 * language.
 */
class ArticlePairsTest {

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
  private static final List<String> EN_WORDS = List.of("one", "two", "three", "four", "five", "six",
      "seven", "eight", "nine", "ten", "eleven", "twelve");
  private static final List<String> ES_WORDS = List.of("uno", "dos", "tres", "cuatro", "cinco", "seis",
      "siete", "ocho", "nueve", "diez", "once", "doce");
  private static final List<String> EN_MONTHS = List.of("january", "february", "march", "april", "may",
      "june", "july", "august", "september", "october", "november", "december");
  private static final List<String> ES_MONTHS = List.of("enero", "febrero", "marzo", "abril", "mayo",
      "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre");
  private static final List<String> EN_ORDINALS = List.of("first", "second", "third", "fourth", "fifth");
  private static final List<String> ES_ORDINALS = List.of("primera", "segunda", "tercera", "cuarta", "quinta");

  /** Unit spellings to their canonical name; the first pattern that matches after a number wins. */
  private static final Map<String, List<String[]>> UNITS = Map.of(
      "en", List.of(
          new String[] {"working days?|business days?|workdays?", "working day"},
          new String[] {"calendar days?|days?", "day"}, new String[] {"weeks?", "week"},
          new String[] {"months?", "month"}, new String[] {"years?", "year"},
          new String[] {"(?:working |business )?hours?|hrs?|h", "hour"}, new String[] {"minutes?|mins?", "minute"},
          new String[] {"seconds?", "second"}, new String[] {"%|per ?cent", "%"},
          new String[] {"€|euros?|eur", "€"}, new String[] {"[°º] ?c", "°C"},
          new String[] {"people|persons?", "person"}, new String[] {"characters?", "character"},
          new String[] {"gb|mb|tb|km", null}),
      "es", List.of(
          new String[] {"d[ií]as? (?:laborables?|h[aá]biles?)", "working day"},
          new String[] {"d[ií]as?(?: naturales?)?", "day"}, new String[] {"semanas?", "week"},
          new String[] {"mes(?:es)?", "month"}, new String[] {"años?", "year"},
          new String[] {"horas?|h", "hour"}, new String[] {"minutos?|min", "minute"},
          new String[] {"segundos?", "second"}, new String[] {"%|por ciento", "%"},
          new String[] {"€|euros?|eur", "€"}, new String[] {"[°º] ?c", "°C"},
          new String[] {"personas?", "person"}, new String[] {"caracteres|car[aá]cter", "character"},
          new String[] {"gb|mb|tb|km", null}));

  @Test
  void everyTopicHasExactlyOneArticlePerLanguage() {
    Map<String, List<String>> byTopic = new TreeMap<>();
    for (Article a : Articles.loadShipped()) {
      byTopic.computeIfAbsent(a.topic(), t -> new ArrayList<>()).add(a.lang() + ":" + a.id());
    }
    assertThat(byTopic).isNotEmpty();
    assertThat(byTopic).allSatisfy((topic, ids) -> assertThat(ids.stream().sorted().toList())
        .as("articles of topic %s", topic)
        .hasSize(2)
        .satisfiesExactly(en -> assertThat(en).startsWith("en:"), es -> assertThat(es).startsWith("es:")));
  }

  @TestFactory
  Stream<DynamicTest> eachPairStatesTheSameFacts() {
    Map<String, Map<String, Article>> byTopic = new TreeMap<>();
    for (Article a : Articles.loadShipped()) {
      byTopic.computeIfAbsent(a.topic(), t -> new TreeMap<>()).put(a.lang(), a);
    }
    return byTopic.entrySet().stream().filter(e -> e.getValue().size() == 2).map(e -> {
      Article en = e.getValue().get("en");
      Article es = e.getValue().get("es");
      return DynamicTest.dynamicTest(e.getKey(), () -> {
        Map<String, Integer> enFacts = facts(en.body(), "en");
        Map<String, Integer> esFacts = facts(es.body(), "es");
        assertThat(enFacts)
            .withFailMessage("%s vs %s state different facts%n  only in %s: %s%n  only in %s: %s%n  both: %s",
                en.id(), es.id(), en.id(), minus(enFacts, esFacts), es.id(), minus(esFacts, enFacts),
                enFacts.keySet().stream().filter(esFacts::containsKey).toList())
            .isEqualTo(esFacts);
      });
    });
  }

  @Test
  void normalisesNumbersUnitsAndContactPoints() {
    assertThat(facts("Book up to **7 days** ahead, or two weeks; call extension 4357.", "en"))
        .containsOnlyKeys("7 day", "2 week", "4357");
    assertThat(facts("Reserva con hasta **7 días** de antelación, o dos semanas; llama a la extensión 4357.", "es"))
        .isEqualTo(facts("Book up to **7 days** ahead, or two weeks; call extension 4357.", "en"));
    assertThat(facts("Ready in 2 working days, 15-minute slots, 50 % of 1,200 €, from 9 am to 8:30 pm.", "en"))
        .containsOnlyKeys("2 working day", "15 minute", "50 %", "1200 €", "time 09:00", "time 20:30");
    assertThat(facts("Lista en 2 días laborables, turnos de 15 minutos, 50 % de 1.200 €, de 09:00 a 20:30.", "es"))
        .containsOnlyKeys("2 working day", "15 minute", "50 %", "1200 €", "time 09:00", "time 20:30");
    assertThat(facts("Write to hr@nubentia.example, open https://hr.nubentia.example/leave/ or call "
        + "+34 910 004 357 before March 31; the IT point is on the 2nd floor, an hour away.", "en"))
        .containsOnlyKeys("email hr@nubentia.example", "url hr.nubentia.example/leave", "tel 34910004357",
            "date 03-31", "floor 2");
    assertThat(facts("Escribe a hr@nubentia.example o entra en hr.nubentia.example/leave antes del "
        + "31 de marzo; el punto de IT está en la planta 2, a una hora.", "es"))
        .containsOnlyKeys("email hr@nubentia.example", "url hr.nubentia.example/leave", "date 03-31", "floor 2");
  }

  /** The facts of one article body, with how often each occurs. */
  static Map<String, Integer> facts(String body, String lang) {
    Extraction x = new Extraction(body.replaceAll("(?m)^(?:\\s*|#+\\s*)\\d+\\.\\s", " ").replaceAll("[*`_]", "")
        .replaceAll("\\[([^]]*)]\\(([^)]*)\\)", "$1 $2"));
    x.take("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", m -> "email " + m.group().toLowerCase(Locale.ROOT));
    x.take("https?://[^\\s)<>\\]\"]+", m -> "url " + url(m.group().replaceFirst("https?://", "")));
    x.take("\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:example|com|org|net|io)\\b(?:/[^\\s)<>\\]\"]*)?",
        m -> "url " + url(m.group()));
    x.take("\\+\\d{1,3}(?:[ -]\\d{2,4}){2,5}", m -> "tel " + m.group().replaceAll("\\D", ""));
    List<String> months = "es".equals(lang) ? ES_MONTHS : EN_MONTHS;
    String monthAlt = String.join("|", months);
    if ("es".equals(lang)) {
      x.take("\\b(\\d{1,2}) de (" + monthAlt + ")\\b", m -> date(months, m.group(2), m.group(1)));
    } else {
      x.take("\\b(" + monthAlt + ") (\\d{1,2})(?:st|nd|rd|th)?\\b", m -> date(months, m.group(1), m.group(2)));
      x.take("\\b(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(" + monthAlt + ")\\b", m -> date(months, m.group(2), m.group(1)));
    }
    x.take("\\b(\\d{1,2}):(\\d{2})(?: ?([ap])\\.?m\\.?\\b)?", m -> time(m.group(1), m.group(2), m.group(3)));
    x.take("\\b(\\d{1,2}) ?([ap])\\.?m\\b\\.?", m -> time(m.group(1), "00", m.group(2)));
    if ("es".equals(lang)) {
      x.take("\\bplanta baja\\b", m -> "floor 0");
      x.take("\\b(?:planta|nivel|piso) (-?\\d+)\\b", m -> "floor " + m.group(1));
      x.take("\\b(-?\\d+)\\.?[ªº] (?:planta|piso)\\b", m -> "floor " + m.group(1));
      x.take("\\b(" + String.join("|", ES_ORDINALS) + ") (?:planta|piso)\\b",
          m -> "floor " + (ES_ORDINALS.indexOf(m.group(1).toLowerCase(Locale.ROOT)) + 1));
    } else {
      x.take("\\bground floor\\b", m -> "floor 0");
      x.take("\\b(?:floor|level) (-?\\d+)\\b", m -> "floor " + m.group(1));
      x.take("\\b(\\d+)(?:st|nd|rd|th)? floor\\b", m -> "floor " + m.group(1));
      x.take("\\b(" + String.join("|", EN_ORDINALS) + ") floor\\b",
          m -> "floor " + (EN_ORDINALS.indexOf(m.group(1).toLowerCase(Locale.ROOT)) + 1));
    }
    List<String> words = "es".equals(lang) ? ES_WORDS : EN_WORDS;
    String unitAlt = UNITS.get(lang).stream().map(u -> "(?:" + u[0] + ")").collect(Collectors.joining("|"));
    String unit = "(?:[ -]?(" + unitAlt + ")(?![\\wáéíóúñ]))?";
    x.take("(?<![\\w.,:/@])(\\d+(?:[.,]\\d+)*)(?:st|nd|rd|th|\\.?º|\\.?ª)?(?![\\w])" + unit,
        m -> withUnit(number(m.group(1), lang), m.group(2), lang));
    x.take("\\b(" + String.join("|", words) + ") (" + unitAlt + ")(?![\\wáéíóúñ])",
        m -> withUnit(String.valueOf(words.indexOf(m.group(1).toLowerCase(Locale.ROOT)) + 1), m.group(2), lang));
    return x.facts;
  }

  private static String url(String hostAndPath) {
    String s = hostAndPath.replaceAll("[.,;:!?]+$", "").replaceAll("/+$", "");
    int slash = s.indexOf('/');
    return slash < 0 ? s.toLowerCase(Locale.ROOT) : s.substring(0, slash).toLowerCase(Locale.ROOT) + s.substring(slash);
  }

  private static String date(List<String> months, String month, String day) {
    return String.format(Locale.ROOT, "date %02d-%02d", months.indexOf(month.toLowerCase(Locale.ROOT)) + 1,
        Integer.parseInt(day));
  }

  private static String time(String hour, String minutes, String amPm) {
    int h = Integer.parseInt(hour);
    if (amPm != null) {
      h = h % 12 + (amPm.equalsIgnoreCase("p") ? 12 : 0);
    }
    return String.format(Locale.ROOT, "time %02d:%s", h, minutes);
  }

  private static String number(String digits, String lang) {
    char thousands = "es".equals(lang) ? '.' : ',';
    char decimal = "es".equals(lang) ? ',' : '.';
    String plain = digits.matches("\\d{1,3}(?:\\" + thousands + "\\d{3})+")
        ? digits.replace(String.valueOf(thousands), "")
        : digits.replace(decimal, '.');
    try {
      return new BigDecimal(plain).stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return digits;
    }
  }

  private static String withUnit(String number, String unitText, String lang) {
    if (unitText == null) {
      return number;
    }
    for (String[] u : UNITS.get(lang)) {
      if (Pattern.compile(u[0], FLAGS).matcher(unitText).matches()) {
        return number + " " + (u[1] == null ? unitText.toUpperCase(Locale.ROOT) : u[1]);
      }
    }
    return number;
  }

  private static Map<String, Integer> minus(Map<String, Integer> a, Map<String, Integer> b) {
    Map<String, Integer> rest = new TreeMap<>();
    a.forEach((fact, n) -> {
      int left = n - b.getOrDefault(fact, 0);
      if (left > 0) {
        rest.put(fact, left);
      }
    });
    return rest;
  }

  /** A text consumed kind by kind: each match becomes a fact and is blanked out. */
  private static final class Extraction {
    String text;
    final Map<String, Integer> facts = new TreeMap<>();

    Extraction(String text) {
      this.text = text;
    }

    void take(String regex, Function<MatchResult, String> fact) {
      Matcher m = Pattern.compile(regex, FLAGS).matcher(text);
      StringBuilder rest = new StringBuilder();
      while (m.find()) {
        facts.merge(fact.apply(m.toMatchResult()), 1, Integer::sum);
        m.appendReplacement(rest, " ");
      }
      m.appendTail(rest);
      text = rest.toString();
    }
  }
}
