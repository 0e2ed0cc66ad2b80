package io.relevo.app.bench;

import static io.relevo.app.bench.BenchReport.human;
import static io.relevo.app.bench.BenchReport.mib;
import static io.relevo.app.bench.BenchReport.round;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.vertx.core.json.JsonObject;

/**
 * {@code java -jar relevo.jar bench [options]}: the load benchmark. In one run it measures
 * <ol>
 * <li>the transport ceiling: a bare Vert.x WebSocket echo server in its own JVM, closed loop;</li>
 * <li>Relevo in its own JVM with {@code bench.mode=transport} (messages stored in Redis and answered
 * with a fixed reply, no understanding or search), closed loop, same client and frames;</li>
 * <li>Relevo in normal mode: peak full-turn throughput (closed loop), then N conversations each
 * sending one message per interval (open loop), then many idle conversations and the heap they
 * take after a full collection;</li>
 * <li>the compute floor: understanding + search CPU time per message, in this process, on the
 * same messages, with the models that Relevo served;</li>
 * </ol>
 * and prints every number, the ratios, and one line of JSON at the end. Logs go to standard error
 * and to the servers' log files in the work directory.
 *
 * <p>{@link #run} runs on the calling thread and blocks it until the benchmark is over; it is not
 * meant to run twice at once. A run owns the servers it starts (child JVMs, stopped at the end of
 * their step) and its work directory (deleted at the end unless {@code --keep}). Its parts:
 * {@code BenchArgs} (the command line), {@code LoadSteps} (the load steps), {@code BenchServers}
 * (the servers), {@code BenchReport} (each step's numbers) and {@code Cpu} (CPU in a window).
 */
public final class Bench {

  /** The options of one run. */
  record Options(Set<String> steps, int conversations, Duration interval, Duration openWarmup, Duration openMeasure,
      int closedConnections, int fullConnections, Duration warmup, Duration measure, Duration fullWarmup,
      int idle, String heap, List<String> serverJvm, Map<String, String> settings, Path workDir, boolean keep,
      Path messagesFile, int clientLoops, Duration floorMeasure, Duration floorWarmup, boolean quick) {
  }

  private final Options options;
  private final PrintStream out;
  private final PrintStream err;
  private final List<LoadClient.Msg> messages;
  private final JsonObject json = new JsonObject();
  private final BenchServers servers;
  private final LoadSteps steps;

  private Bench(Options options, List<LoadClient.Msg> messages, PrintStream out, PrintStream err) {
    this.options = options;
    this.messages = messages;
    this.out = out;
    this.err = err;
    this.servers = new BenchServers(options);
    this.steps = new LoadSteps(options, messages, out, json, servers, new BenchReport(out, json, options));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    List<LoadClient.Msg> messages;
    try {
      options = BenchArgs.parse(args);
      if (options == null) {
        out.println(BenchArgs.USAGE);
        return 0;
      }
      messages = BenchArgs.loadMessages(options.messagesFile());
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(BenchArgs.USAGE);
      return 2;
    }
    try {
      return new Bench(options, messages, out, err).run(String.join(" ", args));
    } catch (RuntimeException e) {
      err.println("The benchmark failed: " + e.getMessage());
      return 1;
    }
  }

  // ---------------------------------------------------------------- the run

  private int run(String commandLine) {
    Path work = workDir();
    int cores = Runtime.getRuntime().availableProcessors();
    Proc.CpuTicks ticks0 = Proc.CpuTicks.now();
    String loadBefore = Proc.loadAverage();
    out.println("Relevo load benchmark");
    out.println("command:  java -jar relevo.jar bench " + commandLine);
    out.printf(Locale.ROOT, "machine:  %d cores, %s; %s %s; load average %s%n", cores, Proc.cpuModel(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), loadBefore);
    out.println("work dir: " + work + (options.keep() ? "" : " (deleted at the end; --keep keeps it)"));
    out.println("messages: " + messages.size() + " help-desk questions (" + languages() + ")");
    out.println();
    json.put("command", "java -jar relevo.jar bench " + commandLine).put("cores", cores)
        .put("cpu", Proc.cpuModel()).put("jdk", System.getProperty("java.version")).put("loadBefore", loadBefore);

    LoadClient.Result echo = null;
    LoadClient.Result transport = null;
    LoadClient.Result full = null;
    LoadClient.Result live = null;
    ComputeFloor.Result floor = null;
    Path fullData = null;
    try {
      if (options.steps().contains("echo")) {
        echo = steps.echoStep(work);
      }
      if (options.steps().contains("transport")) {
        transport = steps.transportStep(work);
      }
      if (options.steps().contains("full") || options.steps().contains("open") || options.steps().contains("idle")) {
        fullData = work.resolve("relevo-full");
        LoadClient.Result[] r = steps.fullSteps(work, fullData);
        full = r[0];
        live = r[1];
      }
      if (options.steps().contains("floor")) {
        if (fullData == null) {
          // the models of a Relevo: start one just to build them in its data directory
          fullData = work.resolve("relevo-full");
          try (Child relevo = servers.startRelevo(work, fullData, "off")) {
            // started and stopped: its data directory now has the caches and the articles
          }
        }
        floor = floorStep(fullData);
      }
    } finally {
      if (!options.keep()) {
        deleteQuietly(work);
      }
    }

    out.println("== Summary");
    String loadAfter = Proc.loadAverage();
    double steal = Proc.CpuTicks.now().stealPercentSince(ticks0);
    out.printf(Locale.ROOT, "load average at the end %s; CPU steal during the run %.1f %%%n", loadAfter, steal);
    json.put("loadAfter", loadAfter).put("stealPercent", round(steal, 1));
    List<String> verdicts = new ArrayList<>();
    if (echo != null && transport != null) {
      double ratio = transport.turnsPerSecond() / echo.turnsPerSecond();
      json.put("transportToEchoRatio", round(ratio, 3));
      verdicts.add(String.format(Locale.ROOT, "transport turns / echo ceiling = %.0f / %.0f = %.1f %% (goal >= 50 %%): %s",
          transport.turnsPerSecond(), echo.turnsPerSecond(), 100 * ratio, ratio >= 0.5 ? "met" : "NOT met"));
    }
    if (full != null && floor != null) {
      // the stricter of the two floors: the higher one (they differ by the cores' contention and
      // by the machine's drift between the two measurements)
      ComputeFloor.Result strict = allCoresFloor.floorPerSecond() > floor.floorPerSecond() ? allCoresFloor : floor;
      double ratio = full.turnsPerSecond() / strict.floorPerSecond();
      double oneThread = full.turnsPerSecond() / floor.floorPerSecond();
      double allCores = full.turnsPerSecond() / allCoresFloor.floorPerSecond();
      json.put("fullToFloorRatio", round(ratio, 3));
      json.put("fullToOneThreadFloorRatio", round(oneThread, 3));
      json.put("fullToAllCoresFloorRatio", round(allCores, 3));
      JsonObject f = json.getJsonObject("full");
      long hurried = f.getLong("hurried", -1L);
      // the floor is whole analyses: a full step with hurried ones did less work per turn
      verdicts.add(String.format(Locale.ROOT, "full turns / compute floor = %.0f / %.0f = %.1f %% (goal >= 70 %%): %s",
          full.turnsPerSecond(), strict.floorPerSecond(), 100 * ratio, hurried != 0
              ? "not comparable (" + (hurried < 0 ? "unknown" : Long.toString(hurried)) + " hurried analyses in the full step; "
                  + "measure it with intents.hurryAfter=0s, the bench's default)"
              : ratio >= 0.7 ? "met" : "NOT met"));
      verdicts.add(String.format(Locale.ROOT, "  (the higher of the two floors: one thread's time %.0f turns/s = %.1f %%, "
          + "every core busy %.0f turns/s = %.1f %%)", floor.floorPerSecond(), 100 * oneThread, allCoresFloor.floorPerSecond(),
          100 * allCores));
      double turnCpu = f.getDouble("serverCpuMsPerTurn") + f.getDouble("redisCpuMsPerTurn");
      if (turnCpu > 0) {
        double share = floor.cpuMicros() / 1000 / turnCpu;
        json.put("floorShareOfTurnCpu", round(share, 3));
        verdicts.add(String.format(Locale.ROOT, "  (independent of what else runs: a full turn took %.2f ms CPU in the server "
            + "and Redis, of which understanding + search is %.2f ms = %.0f %%)", turnCpu, floor.cpuMicros() / 1000, 100 * share));
      }
    }
    if (live != null) {
      boolean ok = live.ms(99) < 50 && live.allErrors() == 0;
      verdicts.add(String.format(Locale.ROOT, "%d live conversations, one message per %s each (%.0f offered/s): p99 %.1f ms, "
          + "%d errors, %d unanswered after 30 s (goal p99 < 50 ms, no errors): %s", live.connections(),
          human(options.interval()), live.connections() * 1000.0 / options.interval().toMillis(), live.ms(99),
          live.errors(), live.unanswered(), ok ? "met" : "NOT met"));
    }
    if (json.containsKey("idleHeapBytes")) {
      long heap = json.getLong("idleHeapBytes");
      int open = json.getInteger("idleOpen");
      boolean ok = heap >= 0 && heap <= 1L << 30 && open == options.idle() && json.getLong("idleErrors") == 0;
      verdicts.add(String.format(Locale.ROOT, "%d idle conversations open: heap after full GC %s (goal <= 1 GiB): %s",
          open, mib(heap), ok ? "met" : "NOT met"));
    }
    verdicts.forEach(v -> out.println("- " + v));
    out.println();
    out.println(json.encode());
    return 0;
  }

  /** The compute floor measured with one thread per core at once (the step's result is one thread's). */
  private ComputeFloor.Result allCoresFloor;

  /**
   * Measures the floor on one thread, then with one thread per core at once (at peak every core
   * analyses and searches, and cores that share caches and memory bandwidth may take more CPU time
   * per message than one core alone); returns the one-thread floor.
   */
  private ComputeFloor.Result floorStep(Path data) {
    out.println("== 6. Compute floor: understanding + search CPU time per message, in this process: one thread, then one per core at once");
    boolean cascade = Boolean.parseBoolean(options.settings().getOrDefault("intents.cascade", "true"));
    ComputeFloor.Result r = ComputeFloor.measure(data, messages, options.floorWarmup(), options.floorMeasure(), cascade, false);
    out.printf(Locale.ROOT, "  one thread, %d messages: understanding %.2f ms + search %.2f ms = %.2f ms CPU per message (wall %.2f ms)%n",
        r.messages(), r.understandCpuMicros() / 1000, r.searchCpuMicros() / 1000, r.cpuMicros() / 1000, r.wallMicros() / 1000);
    out.printf(Locale.ROOT, "  one message's CPU time (understanding + search): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        r.cpuMs(50), r.cpuMs(90), r.cpuMs(99), r.cpuMs(100));
    // the JIT has compiled the code by now: a short warm-up for the new threads
    Duration again = options.quick() ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
    ComputeFloor.Result c = ComputeFloor.measure(data, messages, again, options.floorMeasure(), cascade, false, r.cores());
    out.printf(Locale.ROOT, "  %d threads at once, %d messages: understanding %.2f ms + search %.2f ms = %.2f ms CPU per message "
        + "(%+.0f %% against one thread)%n", r.cores(), c.messages(),
        c.understandCpuMicros() / 1000, c.searchCpuMicros() / 1000, c.cpuMicros() / 1000, 100 * (c.cpuMicros() / r.cpuMicros() - 1));
    out.printf(Locale.ROOT, "  floor = %d cores / %.2f ms = %.0f turns/s (one thread's time); %d cores / %.2f ms = %.0f turns/s "
        + "(every core busy)%n", r.cores(), r.cpuMicros() / 1000, r.floorPerSecond(), c.cores(), c.cpuMicros() / 1000, c.floorPerSecond());
    json.put("floor", new JsonObject().put("messages", r.messages())
        .put("understandCpuMs", round(r.understandCpuMicros() / 1000, 3)).put("searchCpuMs", round(r.searchCpuMicros() / 1000, 3))
        .put("cpuMsPerMessage", round(r.cpuMicros() / 1000, 3)).put("turnsPerSecond", round(r.floorPerSecond(), 1))
        .put("p50CpuMs", round(r.cpuMs(50), 3)).put("p99CpuMs", round(r.cpuMs(99), 3)).put("maxCpuMs", round(r.cpuMs(100), 3))
        .put("allCores", new JsonObject().put("threads", c.cores()).put("messages", c.messages())
            .put("understandCpuMs", round(c.understandCpuMicros() / 1000, 3)).put("searchCpuMs", round(c.searchCpuMicros() / 1000, 3))
            .put("cpuMsPerMessage", round(c.cpuMicros() / 1000, 3)).put("turnsPerSecond", round(c.floorPerSecond(), 1))));
    String hurryAfter = options.settings().getOrDefault("intents.hurryAfter", "0s");
    if (!io.relevo.core.dialogue.BotSettings.INTENTS_HURRY_AFTER.parse(hurryAfter).isZero()) {
      // what an overloaded server does per message: the servers ran with this intents.hurryAfter
      ComputeFloor.Result h = ComputeFloor.measure(data, messages, options.floorWarmup(), options.floorMeasure(), cascade, true);
      out.printf(Locale.ROOT, "  hurried analyses (intents.hurryAfter=%s, for turns that waited), one thread: understanding %.2f ms "
          + "+ search %.2f ms = %.2f ms CPU per message -> %.0f turns/s%n", hurryAfter, h.understandCpuMicros() / 1000,
          h.searchCpuMicros() / 1000, h.cpuMicros() / 1000, h.floorPerSecond());
      json.getJsonObject("floor").put("hurriedCpuMsPerMessage", round(h.cpuMicros() / 1000, 3))
          .put("hurriedTurnsPerSecond", round(h.floorPerSecond(), 1));
    }
    out.println();
    allCoresFloor = c;
    return r;
  }

  private Path workDir() {
    try {
      Path dir = options.workDir() != null ? options.workDir() : Files.createTempDirectory("relevo-bench-");
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the work directory", e);
    }
  }

  private String languages() {
    Map<String, Integer> n = new LinkedHashMap<>();
    messages.forEach(m -> n.merge(m.lang(), 1, Integer::sum));
    return n.toString().replaceAll("[{}]", "");
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the system cleans it eventually
    }
  }
}
