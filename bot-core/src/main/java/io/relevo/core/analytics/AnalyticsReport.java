package io.relevo.core.analytics;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads the counts {@link Analytics} keeps back as a report for a period of days and a channel
 * (or every channel): totals, one row per day, articles with their deflection, intents, handoff
 * reasons, satisfaction and the most asked questions that found no answer. Also renders the
 * report's tables as CSV.
 *
 * <p>Thread-safe; futures complete on the caller's context.
 */
public final class AnalyticsReport {

  /** The longest period one report covers. */
  public static final int MAX_DAYS = 400;

  /** Duration bands, upper bounds in milliseconds (the last is open). */
  static final long[] BANDS = {30_000, 60_000, 120_000, 300_000, 900_000};
  static final String[] BAND_NAMES = {"lt30s", "lt1m", "lt2m", "lt5m", "lt15m", "ge15m"};

  static String band(long ms) {
    for (int i = 0; i < BANDS.length; i++) {
      if (ms < BANDS[i]) {
        return BAND_NAMES[i];
      }
    }
    return BAND_NAMES[BANDS.length];
  }

  private final Vertx vertx;
  private final RedisConnector redis;
  private final ZoneId zone;
  private final Function<String, String> titles;
  private final KnowledgeStats stats;

  /**
   * @param titles an article's title by id, or null when it no longer exists
   */
  public AnalyticsReport(Vertx vertx, RedisConnector redis, ZoneId zone, Function<String, String> titles) {
    this.vertx = vertx;
    this.redis = redis;
    this.zone = zone;
    this.titles = titles;
    this.stats = new KnowledgeStats(vertx, redis);
  }

  /** Today in the analytics time zone. */
  public LocalDate today() {
    return LocalDate.now(zone);
  }

  /** The channels that ever had a conversation. */
  public Future<Set<String>> channels() {
    return call(redis.commands().smembers(Analytics.CHANNELS)).map(TreeSet::new);
  }

  /**
   * The report from {@code from} to {@code to} (inclusive) for {@code channel} (null: every channel).
   *
   * @throws IllegalArgumentException when the period is reversed or longer than {@link #MAX_DAYS}
   */
  public Future<JsonObject> report(LocalDate from, LocalDate to, String channel) {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("'from' is after 'to'");
    }
    if (from.plusDays(MAX_DAYS - 1).isBefore(to)) {
      throw new IllegalArgumentException("a report covers at most " + MAX_DAYS + " days");
    }
    return channels().compose(known -> {
      List<String> wanted = channel == null ? new ArrayList<>(known) : List.of(channel);
      List<LocalDate> days = new ArrayList<>();
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        days.add(d);
      }
      List<Future<Map<String, String>>> reads = new ArrayList<>();
      for (LocalDate d : days) {
        for (String ch : wanted) {
          reads.add(call(redis.commands().hgetall(Analytics.bucket(d, ch))));
        }
      }
      Future<List<KnowledgeStats.Gap>> gaps = stats.gaps(from.atStartOfDay(zone).toInstant(),
          to.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1), channel, 5000, 50);
      return Future.all(Future.all(new ArrayList<>(reads)), gaps).map(done -> {
        Map<LocalDate, Map<String, Long>> perDay = new TreeMap<>();
        int i = 0;
        for (LocalDate d : days) {
          Map<String, Long> sum = new HashMap<>();
          for (int c = 0; c < wanted.size(); c++) {
            // a count is never below zero (older versions could leave one there): each bucket's is read as at least 0
        reads.get(i++).result().forEach((k, v) -> sum.merge(k, Math.max(0, parse(v)), Long::sum));
          }
          perDay.put(d, sum);
        }
        return build(from, to, channel, known, perDay, gaps.result());
      });
    });
  }

  private JsonObject build(LocalDate from, LocalDate to, String channel, Set<String> known,
      Map<LocalDate, Map<String, Long>> perDay, List<KnowledgeStats.Gap> gaps) {
    Map<String, Long> all = new HashMap<>();
    JsonArray days = new JsonArray();
    perDay.forEach((day, counts) -> {
      counts.forEach((k, v) -> all.merge(k, v, Long::sum));
      days.add(dayRow(day, counts));
    });
    JsonObject totals = dayRow(null, all);
    totals.remove("date");
    totals.put("abandoned", Math.max(0, get(all, "conversations") - get(all, "outcome|" + Analytics.RESOLVED_BY_BOT)
        - get(all, "outcome|" + Analytics.HANDED_OFF)));
    long shown = sumPrefix(all, "shown|");
    long helpful = sumPrefix(all, "helpful|");
    long notHelpful = sumPrefix(all, "not_helpful|");
    totals.put("answersShown", shown).put("answersHelpful", helpful).put("answersNotHelpful", notHelpful)
        .put("selfServiceSuccessRate", rate(helpful, helpful + notHelpful));
    JsonObject csat = new JsonObject();
    for (int s = 1; s <= 5; s++) {
      csat.put(Integer.toString(s), get(all, "csat|" + s));
    }
    totals.put("satisfactionDistribution", csat);
    totals.put("timeToAgentBands", bands(all, "wait|"));
    totals.put("handlingTimeBands", bands(all, "handle|"));

    Map<String, long[]> articles = new TreeMap<>();
    all.forEach((k, v) -> {
      int bar = k.indexOf('|');
      if (bar < 0) {
        return;
      }
      int slot = switch (k.substring(0, bar)) {
        case "shown" -> 0;
        case "helpful" -> 1;
        case "not_helpful" -> 2;
        case "deflected" -> 3;
        default -> -1;
      };
      String id = k.substring(bar + 1);
      if (slot >= 0 && !id.isBlank()) { // counts kept by older versions could hold an empty id
        articles.computeIfAbsent(id, x -> new long[4])[slot] += v;
      }
    });
    JsonArray articleRows = new JsonArray();
    articles.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[3])
            .thenComparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
        .filter(e -> java.util.Arrays.stream(e.getValue()).anyMatch(n -> n > 0))
        .forEach(e -> {
          long[] c = e.getValue();
          String title = titles.apply(e.getKey());
          articleRows.add(new JsonObject().put("articleId", e.getKey()).put("title", title)
              .put("shown", c[0]).put("helpful", c[1]).put("notHelpful", c[2]).put("deflected", c[3])
              .put("deflectionRate", rate(c[3], c[0])));
        });

    return new JsonObject()
        .put("period", new JsonObject().put("from", from.toString()).put("to", to.toString())
            .put("channel", channel == null ? "all" : channel).put("timeZone", zone.getId()))
        .put("channels", new JsonArray(new ArrayList<>(known)))
        .put("totals", totals)
        .put("days", days)
        .put("articles", articleRows)
        .put("intents", ranked(all, "intent|", "intent", 50))
        .put("handoffReasons", ranked(all, "handoff|", "reason", 50))
        .put("unanswered", new JsonArray(gaps.stream().map(g -> new JsonObject().put("question", g.question())
            .put("lang", g.lang()).put("count", g.count()).put("lastAsked", g.lastAsked().toString())).toList()));
  }

  private static JsonObject dayRow(LocalDate day, Map<String, Long> c) {
    long conversations = get(c, "conversations");
    long resolved = get(c, "outcome|" + Analytics.RESOLVED_BY_BOT);
    long handedOff = get(c, "outcome|" + Analytics.HANDED_OFF);
    long csatAnswers = 0;
    long csatSum = 0;
    for (int s = 1; s <= 5; s++) {
      csatAnswers += get(c, "csat|" + s);
      csatSum += s * get(c, "csat|" + s);
    }
    JsonObject row = new JsonObject();
    if (day != null) {
      row.put("date", day.toString());
    }
    return row.put("conversations", conversations)
        .put("resolvedByBot", resolved)
        .put("handedOff", handedOff)
        .put("containmentRate", rate(resolved, conversations))
        .put("handoffs", sumPrefix(c, "handoff|"))
        .put("nobodyAvailable", sumPrefix(c, "unavailable|"))
        .put("withTicket", get(c, "tickets"))
        .put("unanswered", get(c, "unanswered"))
        .put("satisfactionAnswers", csatAnswers)
        .put("satisfactionAverage", csatAnswers == 0 ? null : round((double) csatSum / csatAnswers))
        .put("timeToAgentCount", get(c, "waits"))
        .put("timeToAgentAverageSeconds", get(c, "waits") == 0 ? null : round(get(c, "wait_ms") / 1000.0 / get(c, "waits")))
        .put("handlingCount", get(c, "handles"))
        .put("handlingAverageSeconds", get(c, "handles") == 0 ? null : round(get(c, "handle_ms") / 1000.0 / get(c, "handles")));
  }

  private static JsonObject bands(Map<String, Long> c, String prefix) {
    JsonObject out = new JsonObject();
    for (String b : BAND_NAMES) {
      out.put(b, get(c, prefix + b));
    }
    return out;
  }

  private static JsonArray ranked(Map<String, Long> c, String prefix, String name, int limit) {
    JsonArray out = new JsonArray();
    c.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
        .limit(limit)
        .forEach(e -> out.add(new JsonObject().put(name, e.getKey().substring(prefix.length())).put("count", e.getValue())));
    return out;
  }

  /** The report's daily rows as CSV (a header, then one line per day). */
  public static String daysCsv(JsonObject report) {
    StringBuilder out = new StringBuilder("date,conversations,resolved_by_bot,handed_off,containment_rate,handoffs,"
        + "unanswered,satisfaction_answers,satisfaction_average,time_to_agent_count,time_to_agent_average_seconds,"
        + "handling_count,handling_average_seconds\r\n");
    for (Object o : report.getJsonArray("days")) {
      JsonObject d = (JsonObject) o;
      line(out, d.getString("date"), d.getValue("conversations"), d.getValue("resolvedByBot"), d.getValue("handedOff"),
          d.getValue("containmentRate"), d.getValue("handoffs"), d.getValue("unanswered"),
          d.getValue("satisfactionAnswers"), d.getValue("satisfactionAverage"), d.getValue("timeToAgentCount"),
          d.getValue("timeToAgentAverageSeconds"), d.getValue("handlingCount"), d.getValue("handlingAverageSeconds"));
    }
    return out.toString();
  }

  /** A list table of the report ({@code articles}, {@code intents}, {@code handoffReasons}, {@code unanswered}) as CSV. */
  public static String tableCsv(JsonObject report, String table) {
    JsonArray rows = report.getJsonArray(table);
    if (rows == null || "days".equals(table) || "channels".equals(table)) {
      throw new IllegalArgumentException("unknown table '" + table + "'");
    }
    List<String> columns = switch (table) {
      case "articles" -> List.of("articleId", "title", "shown", "helpful", "notHelpful", "deflected", "deflectionRate");
      case "intents" -> List.of("intent", "count");
      case "handoffReasons" -> List.of("reason", "count");
      default -> List.of("question", "lang", "count", "lastAsked");
    };
    StringBuilder out = new StringBuilder();
    line(out, columns.toArray());
    for (Object o : rows) {
      JsonObject r = (JsonObject) o;
      line(out, columns.stream().map(r::getValue).toArray());
    }
    return out.toString();
  }

  private static void line(StringBuilder out, Object... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(csv(values[i]));
    }
    out.append("\r\n");
  }

  /**
   * One CSV cell: a text starting with =, +, -, @, a tab or a carriage return gets a leading
   * {@code '} so spreadsheets do not run it as a formula, and a cell holding a comma, a quote, a
   * CR or an LF is quoted per RFC 4180. Numbers are written as they are.
   */
  public static String csv(Object v) {
    if (v == null) {
      return "";
    }
    String s = v.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 && !(v instanceof Number)) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      s = '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  private static long get(Map<String, Long> c, String k) {
    return Math.max(0, c.getOrDefault(k, 0L));
  }

  private static long sumPrefix(Map<String, Long> c, String prefix) {
    long n = 0;
    for (var e : c.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        n += Math.max(0, e.getValue());
      }
    }
    return n;
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : round((double) part / whole);
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  private static long parse(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
