package io.relevo.app.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * What a benchmark run prints and puts in its JSON line for each measured step: throughput,
 * latency, errors, CPU per turn, the server's turn times, hurried analyses and Redis commands per
 * turn; and the number formats of the report. Used from the benchmark's one thread; not
 * thread-safe.
 */
final class BenchReport {

  private final PrintStream out;
  private final JsonObject json;
  private final Bench.Options options;
  private final Map<String, Double> commandsPerTurn = new LinkedHashMap<>();

  BenchReport(PrintStream out, JsonObject json, Bench.Options options) {
    this.out = out;
    this.json = json;
    this.options = options;
  }

  /**
   * Where the server's turns spent their time in the window: from its histograms, the mean and p99
   * (the upper bound of the histogram bucket) of the whole turn and of each worker step's wait and run.
   */
  JsonObject times(ServerTimes times) {
    JsonObject o = new JsonObject();
    if (times.window().isEmpty()) {
      out.println("  server's turn times: unknown (no relevo_turn_* histograms in /metrics)");
      return o;
    }
    StringBuilder line = new StringBuilder("  server's turn times in the window (mean / p99 <=, ms):");
    times.window().forEach((name, h) -> {
      line.append(String.format(Locale.ROOT, " %s %.1f / %.0f;", name, h.meanMs(), h.quantileMs(0.99)));
      o.put(name, new JsonObject().put("count", h.count()).put("meanMs", finite(h.meanMs()))
          .put("p99Ms", finite(h.quantileMs(0.99))));
    });
    out.println(line.substring(0, line.length() - 1));
    return o;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? round(v, 2) : null;
  }

  /** How many of a step's messages (warm-up included) the server understood hurried (intents.hurryAfter). */
  long hurried(long before, long after, LoadClient.Result r) {
    if (before < 0 || after < 0) {
      out.println("  hurried analyses: unknown (no relevo_understanding_hurried_total in /metrics)");
      return -1;
    }
    long n = after - before;
    out.printf(Locale.ROOT, "  hurried analyses (intents.hurryAfter=%s), warm-up included: %d of %d messages sent (%.1f %%)%n",
        options.settings().getOrDefault("intents.hurryAfter", "0s"), n, r.sent(), r.sent() == 0 ? 0 : 100.0 * n / r.sent());
    return n;
  }

  void report(LoadClient.Result r, Cpu.Used used, long openErrors) {
    out.printf(Locale.ROOT, "  %d connections, %.0f s measured: %.0f turns/s; latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.1f ms%n",
        r.connections(), r.seconds(), r.turnsPerSecond(), r.ms(50), r.ms(95), r.ms(99),
        r.latency().getTotalCount() == 0 ? Double.NaN : r.latency().getMaxValue() / 1000.0);
    out.printf(Locale.ROOT, "  sent %d, answered in the window %d, errors %d, unanswered %d, errors while opening %d%n",
        r.sent(), r.turns(), r.errors(), r.unanswered(), openErrors);
    r.errorSamples().forEach(s -> out.println("  error: " + s));
    if (r.worstBySecond().length > 1) {
      // when the slow turns were sent: a steady queue, or a few stalls
      long[] w = r.worstBySecond();
      long slow = java.util.Arrays.stream(w).filter(us -> us > 50_000).count();
      StringBuilder series = new StringBuilder();
      for (long us : w) {
        series.append(series.length() == 0 ? "" : " ").append(Math.round(us / 1000.0));
      }
      out.printf(Locale.ROOT, "  slowest turn by second of sending (ms; %d of %d seconds above 50 ms): %s%n", slow, w.length,
          series);
    }
    out.printf(Locale.ROOT, "  CPU over the measured window, in cores: server JVM %.2f, its embedded Redis %.2f, load client %.2f; "
        + "other processes %.2f; whole machine %.2f of %d%n", used.server(), used.redis(), used.client(),
        Math.max(0, used.machine() - used.server() - used.redis() - used.client()), used.machine(),
        Runtime.getRuntime().availableProcessors());
    if (r.turns() > 0) {
      out.printf(Locale.ROOT, "  CPU per turn: server JVM %.3f ms + Redis %.3f ms (client %.3f ms)%n",
          cpuMsPerTurn(used.server(), r), cpuMsPerTurn(used.redis(), r), cpuMsPerTurn(used.client(), r));
    }
    if (r.name().equals("echo")) {
      out.println();
    }
  }

  void commands(String name, LoadClient.Result r, Cpu cpu) {
    Map<String, Long> commands = cpu.commands();
    if (commands.isEmpty() || r.turns() == 0) {
      return;
    }
    long total = commands.values().stream().mapToLong(Long::longValue).sum();
    long scripts = commands.getOrDefault("evalsha", 0L) + commands.getOrDefault("eval", 0L);
    StringBuilder top = new StringBuilder();
    commands.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
        .forEach(e -> top.append(top.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
            .append(String.format(Locale.ROOT, "%.1f", e.getValue() / (double) r.turns())));
    // commands are counted over the window while answers are counted as they arrive: a close estimate
    out.printf(Locale.ROOT, "  Redis commands per turn: %.1f (%.1f of them script calls; inside scripts each command counts): %s%n",
        total / (double) r.turns(), scripts / (double) r.turns(), top);
    commandsPerTurn.put(name, round(total / (double) r.turns(), 2));
  }

  private static double cpuMsPerTurn(double cores, LoadClient.Result r) {
    return r.turns() == 0 ? Double.NaN : cores * r.seconds() * 1000 / r.turns();
  }

  void put(String name, LoadClient.Result r, Cpu.Used used, long heap) {
    JsonObject o = new JsonObject().put("connections", r.connections()).put("seconds", r.seconds())
        .put("turnsPerSecond", round(r.turnsPerSecond(), 1)).put("p50Ms", round(r.ms(50), 3))
        .put("p95Ms", round(r.ms(95), 3)).put("p99Ms", round(r.ms(99), 3)).put("sent", r.sent())
        .put("errors", r.allErrors()).put("serverCores", round(used.server(), 2)).put("redisCores", round(used.redis(), 2))
        .put("clientCores", round(used.client(), 2)).put("machineCores", round(used.machine(), 2))
        .put("serverCpuMsPerTurn", round(cpuMsPerTurn(used.server(), r), 3))
        .put("redisCpuMsPerTurn", round(cpuMsPerTurn(used.redis(), r), 3));
    if (heap >= 0) {
      o.put("heapAfterGcBytes", heap);
    }
    if (commandsPerTurn.containsKey(name)) {
      o.put("redisCommandsPerTurn", commandsPerTurn.get(name));
    }
    json.put(name, o);
  }

  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  static String mib(long bytes) {
    return bytes < 0 ? "n/a (jcmd unavailable)" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }

  static double round(double v, int digits) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return -1;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
