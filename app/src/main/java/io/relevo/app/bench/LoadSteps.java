package io.relevo.app.bench;

import static io.relevo.app.bench.BenchReport.human;
import static io.relevo.app.bench.BenchReport.mib;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * The benchmark's load steps, each against a server in its own JVM: the echo ceiling, Relevo in
 * transport mode, then on one normal Relevo the full turns (closed loop), the live conversations
 * (open loop) and the idle ones; with the waits that keep one step's leftovers out of the next.
 * Used from the benchmark's one thread; not thread-safe.
 */
final class LoadSteps {

  private final Bench.Options options;
  private final List<LoadClient.Msg> messages;
  private final PrintStream out;
  private final JsonObject json;
  private final BenchServers servers;
  private final BenchReport report;

  LoadSteps(Bench.Options options, List<LoadClient.Msg> messages, PrintStream out, JsonObject json,
      BenchServers servers, BenchReport report) {
    this.options = options;
    this.messages = messages;
    this.out = out;
    this.json = json;
    this.servers = servers;
    this.report = report;
  }

  LoadClient.Result echoStep(Path work) {
    out.println("== 1. Transport ceiling: bare Vert.x WebSocket echo server (own JVM), closed loop");
    int port = BenchServers.freePort();
    try (Child echo = Child.start("echo server", servers.jvmArgs(), EchoServer.class.getName(), List.of(Integer.toString(port)),
        Map.of(), work.resolve("echo.log"));
        LoadClient client = client(port)) {
      echo.awaitLog("listening", Duration.ofSeconds(60));
      List<LoadClient.Conn> conns = client.echoConnections(options.closedConnections(), "/echo", 64);
      Cpu cpu = new Cpu(echo);
      LoadClient.Result r = client.closedLoop("echo", conns, options.warmup(), options.measure(), cpu);
      Cpu.Used used = cpu.used();
      report.report(r, used, openErrors(client));
      long heap = echo.heapAfterFullGc();
      client.close(conns);
      report.put("echo", r, used, heap);
      return r;
    }
  }

  LoadClient.Result transportStep(Path work) {
    out.println("== 2. Relevo with bench.mode=transport (stored in Redis, fixed reply; no understanding or search), closed loop");
    try (Child relevo = servers.startRelevo(work, work.resolve("relevo-transport"), "transport");
        LoadClient client = client(servers.port(relevo))) {
      List<LoadClient.Conn> conns = client.connect(client.createConversations(options.closedConnections(), 32), 64);
      Cpu cpu = new Cpu(relevo, servers.redisCounter(relevo));
      LoadClient.Result r = client.closedLoop("transport", conns, options.warmup(), options.measure(), cpu);
      Cpu.Used used = cpu.used();
      report.report(r, used, openErrors(client));
      servers.closeCounters();
      report.commands("transport", r, cpu);
      long heap = relevo.heapAfterFullGc();
      out.printf(Locale.ROOT, "  server heap after full GC: %s%n%n", mib(heap));
      client.close(conns);
      report.put("transport", r, used, heap);
      return r;
    }
  }

  /** Full turns (closed loop), then the live conversations (open loop), then the idle ones, on one Relevo. */
  LoadClient.Result[] fullSteps(Path work, Path data) {
    LoadClient.Result full = null;
    LoadClient.Result live = null;
    try (Child relevo = servers.startRelevo(work, data, "off"); LoadClient client = client(servers.port(relevo))) {
      if (options.steps().contains("full")) {
        out.println("== 3. Relevo, full turns (understanding, knowledge base, Redis), closed loop: peak throughput");
        List<LoadClient.Conn> conns = client.connect(client.createConversations(options.fullConnections(), 32), 64);
        ServerTimes times = new ServerTimes(BenchServers.LOCALHOST, servers.port(relevo));
        Cpu cpu = new Cpu(relevo, servers.redisCounter(relevo)).withTimes(times);
        long hurriedBefore = servers.hurried(relevo);
        full = client.closedLoop("full", conns, options.fullWarmup(), options.measure(), cpu);
        Cpu.Used used = cpu.used();
        report.report(full, used, openErrors(client));
        JsonObject fullTimes = report.times(times);
        long hurriedFull = report.hurried(hurriedBefore, servers.hurried(relevo), full);
        servers.closeCounters();
        report.commands("full", full, cpu);
        out.println();
        client.close(conns);
        report.put("full", full, used, -1);
        json.getJsonObject("full").put("hurried", hurriedFull).put("serverTimes", fullTimes);
      }
      if (options.steps().contains("open")) {
        out.printf(Locale.ROOT, "== 4. Relevo, %d live conversations, each sending one message every %s (open loop, random phase)%n",
            options.conversations(), human(options.interval()));
        warmUpNewConversations(client);
        List<LoadClient.Conn> conns = client.connect(client.createConversations(options.conversations(), 32), 128);
        long openErrors = openErrors(client);
        waitUntilQuiet(relevo);
        ServerTimes times = new ServerTimes(BenchServers.LOCALHOST, servers.port(relevo));
        Cpu cpu = new Cpu(relevo).withTimes(times);
        long hurriedBefore = servers.hurried(relevo);
        live = client.openLoop("live", conns, options.interval(), options.openWarmup(), options.openMeasure(), cpu);
        Cpu.Used used = cpu.used();
        report.report(live, used, openErrors);
        JsonObject liveTimes = report.times(times);
        long hurriedLive = report.hurried(hurriedBefore, servers.hurried(relevo), live);
        long heap = relevo.heapAfterFullGc();
        out.printf(Locale.ROOT, "  server heap after full GC, %d conversations open: %s%n%n", conns.size(), mib(heap));
        client.close(conns);
        report.put("live", live, used, heap);
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
      Child.pause(1000);
      if (server.cpuSeconds() - c0 < 0.1) {
        break;
      }
    }
    long waited = (System.nanoTime() - t0) / 1_000_000_000L;
    if (waited > 2) {
      out.printf(Locale.ROOT, "  (waited %d s for the server to finish earlier work)%n", waited);
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
      Child.pause(500);
      cores = (server.cpuSeconds() + server.descendantsCpuSeconds() - before) / ((System.nanoTime() - t) / 1e9);
    } while (cores >= 0.1 && System.nanoTime() < deadline);
    out.printf(Locale.ROOT, "  server quiet (%.2f cores) %.1f s after the conversations were opened%n", cores,
        (System.nanoTime() - start) / 1e9);
  }

  private LoadClient client(int port) {
    return new LoadClient(BenchServers.LOCALHOST, port, messages, options.clientLoops());
  }

  private long openErrors(LoadClient client) {
    long n = client.takeErrors();
    client.takeErrorSamples().forEach(s -> out.println("  error while opening: " + s));
    return n;
  }
}
