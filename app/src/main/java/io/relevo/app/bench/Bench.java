package io.relevo.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.relevo.core.config.Setting;
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
 */
public final class Bench {

  private static final String LOCALHOST = "127.0.0.1";
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  /** The options of one run. */
  record Options(Set<String> steps, int conversations, Duration interval, Duration openWarmup, Duration openMeasure,
      int closedConnections, int fullConnections, Duration warmup, Duration measure, Duration fullWarmup,
      int idle, String heap, List<String> serverJvm, Map<String, String> settings, Path workDir, boolean keep,
      Path messagesFile, int clientLoops, Duration floorMeasure, Duration floorWarmup, boolean quick) {
  }

  static final List<String> ALL_STEPS = List.of("echo", "transport", "full", "open", "idle", "floor");

  private final Options options;
  private final PrintStream out;
  private final PrintStream err;
  private final List<LoadClient.Msg> messages;
  private final JsonObject json = new JsonObject();

  private Bench(Options options, List<LoadClient.Msg> messages, PrintStream out, PrintStream err) {
    this.options = options;
    this.messages = messages;
    this.out = out;
    this.err = err;
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    List<LoadClient.Msg> messages;
    try {
      options = parse(args);
      if (options == null) {
        out.println(USAGE);
        return 0;
      }
      messages = loadMessages(options.messagesFile());
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      return new Bench(options, messages, out, err).run(String.join(" ", args));
    } catch (RuntimeException e) {
      err.println("The benchmark failed: " + e.getMessage());
      return 1;
    }
  }

  static final String USAGE = """
      Usage: java -jar relevo.jar bench [options]
        --quick                      a smoke run: few connections, short durations
        --steps LIST                 of echo,transport,full,open,idle,floor (default: all)
        --conversations N            live conversations of the open-loop step (default 1000)
        --interval DURATION          each live conversation sends one message per interval (default 5s)
        --duration DURATION          measured time of the open-loop step (default 60s, after one interval of warm-up)
        --closed-connections N       connections of the echo and transport closed loops (default 100)
        --full-connections N         connections of the full-turn closed loop (default 32)
        --warmup DURATION            warm-up of the echo and transport closed loops (default 5s)
        --measure DURATION           measured time of each closed loop (default 15s)
        --full-warmup DURATION       warm-up of the full-turn closed loop (default 60s: the JIT compiles the models' and search's code)
        --floor-warmup DURATION      warm-up of the compute floor before its 10 s (default 30s: its first seconds cost up to 40 % more)
        --idle N                     idle conversations held open for the heap measurement (default 10000)
        --heap SIZE                  -Xmx of the server JVMs (default 1g)
        --server-jvm OPTION          another option for the server JVMs (repeatable), e.g. --server-jvm -XX:+UseParallelGC
        --set KEY=VALUE              a Relevo setting for the benchmarked server (repeatable), e.g. --set redis.embedded.fsync=everysec
        --client-loops N             event loops of the load client (default: the number of cores)
        --messages FILE              messages to send, one per line: lang<TAB>text (default: the shipped help-desk questions)
        --work-dir DIR               where the servers' data and logs go (default: a new directory under the system's temp dir)
        --keep                       keep the work directory afterwards
      Durations: 500ms, 15s, 2m. Every number is printed; the last line is JSON.""";

  static Options parse(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    Set<String> steps = new LinkedHashSet<>(ALL_STEPS);
    int conversations = quick ? 100 : 1000;
    Duration interval = Duration.ofSeconds(5);
    Duration openMeasure = quick ? Duration.ofSeconds(10) : Duration.ofSeconds(60);
    Duration openWarmup = null;
    int closed = quick ? 20 : 100;
    int full = quick ? 8 : 32;
    Duration warmup = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
    Duration measure = quick ? Duration.ofSeconds(4) : Duration.ofSeconds(15);
    Duration fullWarmup = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(60);
    Duration floorWarmup = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(30);
    int idle = quick ? 500 : 10_000;
    String heap = "1g";
    List<String> serverJvm = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    Path workDir = null;
    boolean keep = false;
    Path messages = null;
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> {
        }
        case "--keep" -> keep = true;
        case "--help", "-h" -> {
          return null;
        }
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("Unknown option or missing value: " + a);
          }
          String v = args[++i];
          switch (a) {
            case "--steps" -> {
              steps = new LinkedHashSet<>();
              for (String s : v.split(",")) {
                if (!ALL_STEPS.contains(s.strip())) {
                  throw new IllegalArgumentException("Unknown step '" + s + "' (of " + ALL_STEPS + ")");
                }
                steps.add(s.strip());
              }
            }
            case "--conversations" -> conversations = positive(a, v);
            case "--interval" -> interval = duration(a, v);
            case "--duration" -> openMeasure = duration(a, v);
            case "--closed-connections" -> closed = positive(a, v);
            case "--full-connections" -> full = positive(a, v);
            case "--warmup" -> warmup = duration(a, v);
            case "--measure" -> measure = duration(a, v);
            case "--full-warmup" -> fullWarmup = duration(a, v);
            case "--floor-warmup" -> floorWarmup = duration(a, v);
            case "--idle" -> idle = positive(a, v);
            case "--heap" -> heap = v;
            case "--server-jvm" -> serverJvm.add(v);
            case "--set" -> {
              int eq = v.indexOf('=');
              if (eq <= 0) {
                throw new IllegalArgumentException("--set takes KEY=VALUE, not '" + v + "'");
              }
              settings.put(v.substring(0, eq).strip(), v.substring(eq + 1));
            }
            case "--client-loops" -> loops = positive(a, v);
            case "--messages" -> messages = Path.of(v);
            case "--work-dir" -> workDir = Path.of(v);
            default -> throw new IllegalArgumentException("Unknown option: " + a);
          }
        }
      }
    }
    return new Options(steps, conversations, interval, openWarmup == null ? interval : openWarmup, openMeasure,
        closed, full, warmup, measure, fullWarmup, idle, heap, List.copyOf(serverJvm), settings, workDir, keep, messages, loops,
        quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10), floorWarmup, quick);
  }

  private static int positive(String option, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(option + " takes a positive number, not '" + v + "'");
  }

  private static Duration duration(String option, String v) {
    try {
      return Setting.duration(option, "1s", Duration.ZERO, Duration.ofDays(1), option).parse(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + " takes a duration such as 15s, not '" + v + "'");
    }
  }

  static List<LoadClient.Msg> loadMessages(Path file) {
    String text;
    try {
      if (file == null) {
        try (InputStream in = Bench.class.getResourceAsStream("messages.tsv")) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } else {
        text = Files.readString(file, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the messages: " + e.getMessage());
    }
    List<LoadClient.Msg> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        throw new IllegalArgumentException("a message line is lang<TAB>text: '" + line + "'");
      }
      out.add(new LoadClient.Msg(line.substring(0, tab).strip(), line.substring(tab + 1).strip()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no messages");
    }
    return out;
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
        echo = echoStep(work);
      }
      if (options.steps().contains("transport")) {
        transport = transportStep(work);
      }
      if (options.steps().contains("full") || options.steps().contains("open") || options.steps().contains("idle")) {
        fullData = work.resolve("relevo-full");
        LoadClient.Result[] r = fullSteps(work, fullData);
        full = r[0];
        live = r[1];
      }
      if (options.steps().contains("floor")) {
        if (fullData == null) {
          // the models of a Relevo: start one just to build them in its data directory
          fullData = work.resolve("relevo-full");
          try (Child relevo = startRelevo(work, fullData, "off")) {
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

  private LoadClient.Result echoStep(Path work) {
    out.println("== 1. Transport ceiling: bare Vert.x WebSocket echo server (own JVM), closed loop");
    int port = freePort();
    try (Child echo = Child.start("echo server", jvmArgs(), EchoServer.class.getName(), List.of(Integer.toString(port)),
        Map.of(), work.resolve("echo.log"));
        LoadClient client = client(port)) {
      echo.awaitLog("listening", Duration.ofSeconds(60));
      List<LoadClient.Conn> conns = client.echoConnections(options.closedConnections(), "/echo", 64);
      Cpu cpu = new Cpu(echo);
      LoadClient.Result r = client.closedLoop("echo", conns, options.warmup(), options.measure(), cpu);
      Cpu.Used used = cpu.used();
      report(r, used, openErrors(client));
      long heap = echo.heapAfterFullGc();
      client.close(conns);
      put("echo", r, used, heap);
      return r;
    }
  }

  private LoadClient.Result transportStep(Path work) {
    out.println("== 2. Relevo with bench.mode=transport (stored in Redis, fixed reply; no understanding or search), closed loop");
    try (Child relevo = startRelevo(work, work.resolve("relevo-transport"), "transport");
        LoadClient client = client(port(relevo))) {
      List<LoadClient.Conn> conns = client.connect(client.createConversations(options.closedConnections(), 32), 64);
      Cpu cpu = new Cpu(relevo, redisCounter(relevo));
      LoadClient.Result r = client.closedLoop("transport", conns, options.warmup(), options.measure(), cpu);
      Cpu.Used used = cpu.used();
      report(r, used, openErrors(client));
      reportCommands("transport", r, cpu);
      long heap = relevo.heapAfterFullGc();
      out.printf(Locale.ROOT, "  server heap after full GC: %s%n%n", mib(heap));
      client.close(conns);
      put("transport", r, used, heap);
      return r;
    }
  }

  /** Full turns (closed loop), then the live conversations (open loop), then the idle ones, on one Relevo. */
  private LoadClient.Result[] fullSteps(Path work, Path data) {
    LoadClient.Result full = null;
    LoadClient.Result live = null;
    try (Child relevo = startRelevo(work, data, "off"); LoadClient client = client(port(relevo))) {
      if (options.steps().contains("full")) {
        out.println("== 3. Relevo, full turns (understanding, knowledge base, Redis), closed loop: peak throughput");
        List<LoadClient.Conn> conns = client.connect(client.createConversations(options.fullConnections(), 32), 64);
        ServerTimes times = new ServerTimes(LOCALHOST, port(relevo));
        Cpu cpu = new Cpu(relevo, redisCounter(relevo)).withTimes(times);
        long hurriedBefore = hurried(relevo);
        full = client.closedLoop("full", conns, options.fullWarmup(), options.measure(), cpu);
        Cpu.Used used = cpu.used();
        report(full, used, openErrors(client));
        JsonObject fullTimes = reportTimes(times);
        long hurriedFull = reportHurried(relevo, hurriedBefore, full);
        reportCommands("full", full, cpu);
        out.println();
        client.close(conns);
        put("full", full, used, -1);
        json.getJsonObject("full").put("hurried", hurriedFull).put("serverTimes", fullTimes);
      }
      if (options.steps().contains("open")) {
        out.printf(Locale.ROOT, "== 4. Relevo, %d live conversations, each sending one message every %s (open loop, random phase)%n",
            options.conversations(), human(options.interval()));
        warmUpNewConversations(client);
        List<LoadClient.Conn> conns = client.connect(client.createConversations(options.conversations(), 32), 128);
        long openErrors = openErrors(client);
        waitUntilQuiet(relevo);
        ServerTimes times = new ServerTimes(LOCALHOST, port(relevo));
        Cpu cpu = new Cpu(relevo).withTimes(times);
        long hurriedBefore = hurried(relevo);
        live = client.openLoop("live", conns, options.interval(), options.openWarmup(), options.openMeasure(), cpu);
        Cpu.Used used = cpu.used();
        report(live, used, openErrors);
        JsonObject liveTimes = reportTimes(times);
        long hurriedLive = reportHurried(relevo, hurriedBefore, live);
        long heap = relevo.heapAfterFullGc();
        out.printf(Locale.ROOT, "  server heap after full GC, %d conversations open: %s%n%n", conns.size(), mib(heap));
        client.close(conns);
        put("live", live, used, heap);
        json.getJsonObject("live").put("hurried", hurriedLive).put("serverTimes", liveTimes);
        json.getJsonObject("live").put("openErrors", openErrors);
        if (openErrors > 0) {
          live = new LoadClient.Result(live.name(), live.connections(), live.seconds(), live.turns(), live.sent(),
              live.errors() + openErrors, live.unanswered(), live.latency(), live.errorSamples(), live.worstBySecond());
        }
      }
      if (options.steps().contains("idle")) {
        idleStep(relevo, client);
      }
    }
    return new LoadClient.Result[] {full, live};
  }

  private void idleStep(Child relevo, LoadClient client) {
    out.printf(Locale.ROOT, "== 5. Relevo, %d idle conversations held open: heap after a full GC%n", options.idle());
    awaitIdle(relevo);
    long before = relevo.heapAfterFullGc();
    long t0 = System.nanoTime();
    List<LoadClient.Conn> created = client.createConversations(options.idle(), 64);
    long t1 = System.nanoTime();
    List<LoadClient.Conn> conns = client.connect(created, 256);
    long t2 = System.nanoTime();
    long errors = client.takeErrors();
    List<String> samples = client.takeErrorSamples();
    long heap = relevo.heapAfterFullGc();
    long open = conns.stream().filter(c -> c.socket != null && !c.socket.isClosed()).count();
    out.printf(Locale.ROOT, "  created %d conversations in %.1f s, opened %d WebSockets (greeting replayed on each) in %.1f s; %d errors%n",
        created.size(), (t1 - t0) / 1e9, conns.size(), (t2 - t1) / 1e9, errors);
    samples.forEach(s -> out.println("  error: " + s));
    out.printf(Locale.ROOT, "  server heap after full GC: %s before, %s with %d open (%.1f KB per conversation); -Xmx%s%n%n",
        mib(before), mib(heap), open, open == 0 ? 0.0 : (heap - before) / 1024.0 / open, options.heap());
    client.close(conns);
    json.put("idleOpen", (int) open).put("idleErrors", errors).put("idleHeapBytes", heap)
        .put("idleHeapBeforeBytes", before);
  }

  /** Waits (up to 3 minutes) until the server has answered what an earlier step left queued: under 0.1 core busy for a second. */
  private void awaitIdle(Child server) {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      double c0 = server.cpuSeconds();
      sleep(1000);
      if (server.cpuSeconds() - c0 < 0.1) {
        break;
      }
    }
    long waited = (System.nanoTime() - t0) / 1_000_000_000L;
    if (waited > 2) {
      out.printf(Locale.ROOT, "  (waited %d s for the server to finish earlier work)%n", waited);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /**
   * One unmeasured pass of the live step on conversations of its own: opened, one message each at the live rate,
   * closed. After the full step's warm-up on 32 conversations, the first messages of 1,000 new ones still cost the
   * server about 30 % more CPU, once (the JIT compiling what 1,000 new sessions exercise; a second set of new
   * conversations costs no more than later messages: {@code FirstMessages} in app's test classes, 2026-12-03), and
   * at a rate near capacity the queue that builds then takes the whole window to drain.
   */
  private void warmUpNewConversations(LoadClient client) {
    List<LoadClient.Conn> warm = client.connect(client.createConversations(options.conversations(), 32), 128);
    LoadClient.Result r = client.openLoop("live warm-up", warm, options.interval(), Duration.ZERO, options.interval());
    client.close(warm);
    out.printf(Locale.ROOT, "  warm-up: %d other conversations opened, one message each: %d answered, %d errors, %d errors while opening%n",
        warm.size(), r.turns(), r.errors() + r.unanswered(), openErrors(client));
  }

  /**
   * Waits (at most 30 s) until the server has finished the work of opening the conversations: its CPU over half a
   * second below 0.1 cores, so that the live step measures the conversations' messages, not that work queued ahead
   * of them. (2026-12-03: about 1 s after opening 1,000 conversations.)
   */
  private void waitUntilQuiet(Child server) {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(30);
    double cores;
    do {
      double before = server.cpuSeconds() + server.descendantsCpuSeconds();
      long t = System.nanoTime();
      sleep(500);
      cores = (server.cpuSeconds() + server.descendantsCpuSeconds() - before) / ((System.nanoTime() - t) / 1e9);
    } while (cores >= 0.1 && System.nanoTime() < deadline);
    out.printf(Locale.ROOT, "  server quiet (%.2f cores) %.1f s after the conversations were opened%n", cores,
        (System.nanoTime() - start) / 1e9);
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

  // ---------------------------------------------------------------- helpers

  private Child startRelevo(Path work, Path data, String mode) {
    int port = freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RELEVO_HTTP_PORT", Integer.toString(port));
    env.put("RELEVO_HTTP_HOST", LOCALHOST);
    env.put("RELEVO_DATA_DIR", data.toString());
    env.put("RELEVO_BENCH_MODE", mode);
    int redisPort = freePort();
    env.put("RELEVO_REDIS_EMBEDDED_PORT", Integer.toString(redisPort));
    // one client address opens every conversation, and the closed loops send as fast as answered:
    // generous limits (the limiter still runs on every request and message)
    env.put("RELEVO_LIMITS_ADDRESS_RATE", "10000000");
    env.put("RELEVO_LIMITS_CONVERSATION_RATE", "1000000");
    env.put("RELEVO_LIMITS_SOCKETS_PER_ADDRESS", "1000000"); // every socket comes from 127.0.0.1
    env.put("RELEVO_LIMITS_SOCKETS", "1000000"); // the idle step holds 10,000 and more
    env.put("RELEVO_DEMO_PASSWORD", UUID.randomUUID().toString());
    // every turn analysed by the whole ensemble, like the compute floor, unless --set intents.hurryAfter=...
    env.put("RELEVO_INTENTS_HURRY_AFTER", "0s");
    options.settings().forEach((k, v) -> env.put(envName(k), v));
    Child relevo = Child.start("Relevo (" + mode + ")", jvmArgs(), "io.relevo.app.Main", List.of("run"), env,
        work.resolve("relevo-" + (mode.equals("off") ? "full" : mode) + ".log"));
    try {
      relevo.awaitReady("http://" + LOCALHOST + ":" + port + "/health/ready", Duration.ofMinutes(3));
    } catch (RuntimeException e) {
      relevo.close();
      throw e;
    }
    ports.put(relevo, port);
    if (!options.settings().containsKey("redis.url")) {
      redisPorts.put(relevo, redisPort);
    }
    return relevo;
  }

  private final Map<Child, Integer> ports = new java.util.IdentityHashMap<>();
  private final Map<Child, Integer> redisPorts = new java.util.IdentityHashMap<>();

  private int port(Child relevo) {
    return ports.get(relevo);
  }

  private static String envName(String key) {
    for (Setting<?> s : io.relevo.app.AppSettings.all()) {
      if (s.key().equals(key)) {
        return s.envName();
      }
    }
    throw new IllegalArgumentException("--set: unknown setting '" + key + "' (java -jar relevo.jar settings lists them)");
  }

  private List<String> jvmArgs() {
    List<String> args = new ArrayList<>();
    args.add("-Xmx" + options.heap());
    args.addAll(options.serverJvm());
    return args;
  }

  private LoadClient client(int port) {
    return new LoadClient(LOCALHOST, port, messages, options.clientLoops());
  }

  private long openErrors(LoadClient client) {
    long n = client.takeErrors();
    client.takeErrorSamples().forEach(s -> out.println("  error while opening: " + s));
    return n;
  }

  /**
   * Where the server's turns spent their time in the window: from its histograms, the mean and p99
   * (the upper bound of the histogram bucket) of the whole turn and of each worker step's wait and run.
   */
  private JsonObject reportTimes(ServerTimes times) {
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

  /** The server's count of hurried analyses ({@code relevo_understanding_hurried_total}), or -1 if unreadable. */
  private long hurried(Child relevo) {
    try {
      String body = HTTP.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://" + LOCALHOST + ":" + port(relevo) + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      for (String line : body.split("\n")) {
        if (line.startsWith("relevo_understanding_hurried_total ")) {
          return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
        }
      }
    } catch (java.io.IOException e) {
      // reported as unknown
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  /** How many of a step's messages (warm-up included) the server understood hurried (intents.hurryAfter). */
  private long reportHurried(Child relevo, long before, LoadClient.Result r) {
    long after = hurried(relevo);
    if (before < 0 || after < 0) {
      out.println("  hurried analyses: unknown (no relevo_understanding_hurried_total in /metrics)");
      return -1;
    }
    long n = after - before;
    out.printf(Locale.ROOT, "  hurried analyses (intents.hurryAfter=%s), warm-up included: %d of %d messages sent (%.1f %%)%n",
        options.settings().getOrDefault("intents.hurryAfter", "0s"), n, r.sent(), r.sent() == 0 ? 0 : 100.0 * n / r.sent());
    return n;
  }

  private void report(LoadClient.Result r, Cpu.Used used, long openErrors) {
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

  /** A counter of the embedded Redis's commands, or null with an external Redis (redis.url). */
  private RedisCounter redisCounter(Child relevo) {
    Integer port = redisPorts.get(relevo);
    if (port == null) {
      return null;
    }
    RedisCounter counter = new RedisCounter(LOCALHOST, port);
    counters.add(counter);
    return counter;
  }

  private final List<RedisCounter> counters = new ArrayList<>();
  private final Map<String, Double> commandsPerTurn = new LinkedHashMap<>();

  private void reportCommands(String name, LoadClient.Result r, Cpu cpu) {
    counters.forEach(RedisCounter::close);
    counters.clear();
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

  private void put(String name, LoadClient.Result r, Cpu.Used used, long heap) {
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

  /**
   * CPU used by the server JVM, its embedded Redis, this client and the whole machine over a run's
   * measured window, in cores (CPU seconds per second).
   */
  static final class Cpu implements LoadClient.Window {

    record Used(double server, double redis, double client, double machine) {
    }

    private final Child server;
    private final RedisCounter redisCounter;
    private ServerTimes times;
    private Map<String, Long> commands0 = Map.of();
    private Map<String, Long> commands = Map.of();
    private double server0;
    private double redis0;
    private double client0;
    private Proc.CpuTicks machine0;
    private long t0;
    private Used used = new Used(0, 0, 0, 0);

    Cpu(Child server) {
      this(server, null);
    }

    Cpu(Child server, RedisCounter redisCounter) {
      this.server = server;
      this.redisCounter = redisCounter;
    }

    /** Also reads the server's turn-time histograms at the window's start and end. */
    Cpu withTimes(ServerTimes serverTimes) {
      this.times = serverTimes;
      return this;
    }

    @Override
    public void started() {
      if (times != null) {
        times.started();
      }
      if (redisCounter != null) {
        commands0 = redisCounter.calls();
      }
      server0 = server.cpuSeconds();
      redis0 = server.descendantsCpuSeconds();
      client0 = Proc.selfCpuSeconds();
      machine0 = Proc.CpuTicks.now();
      t0 = System.nanoTime();
    }

    @Override
    public void ended() {
      double wall = (System.nanoTime() - t0) / 1e9;
      int cores = Runtime.getRuntime().availableProcessors();
      used = new Used((server.cpuSeconds() - server0) / wall, (server.descendantsCpuSeconds() - redis0) / wall,
          (Proc.selfCpuSeconds() - client0) / wall, Proc.CpuTicks.now().busyCoresSince(machine0, cores));
      if (redisCounter != null) {
        commands = RedisCounter.since(commands0, redisCounter.calls());
      }
      if (times != null) {
        times.ended();
      }
    }

    /** Redis commands executed during the window, per command name (empty without a counter). */
    Map<String, Long> commands() {
      return commands;
    }

    Used used() {
      return used;
    }
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

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String languages() {
    Map<String, Integer> n = new LinkedHashMap<>();
    messages.forEach(m -> n.merge(m.lang(), 1, Integer::sum));
    return n.toString().replaceAll("[{}]", "");
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a (jcmd unavailable)" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }

  private static double round(double v, int digits) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return -1;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the system cleans it eventually
    }
  }
}
