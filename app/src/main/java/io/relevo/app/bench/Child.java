package io.relevo.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server the benchmark runs in a JVM of its own (the echo server or a Relevo), with its output
 * in a log file, its CPU time read from {@code /proc} and its heap read with {@code jcmd}.
 * Not thread-safe; owned by the benchmark's main thread.
 */
final class Child implements AutoCloseable {

  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  /** Children still running: stopped if the benchmark itself is stopped (Ctrl-C). */
  private static final java.util.Set<Child> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(c -> {
      List<ProcessHandle> descendants = c.process.toHandle().descendants().toList();
      c.process.destroy(); // Relevo stops its embedded Redis on SIGTERM
      try {
        c.process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      descendants.forEach(ProcessHandle::destroyForcibly);
      c.process.destroyForcibly();
    }), "bench-children"));
  }

  final String name;
  final Process process;
  final Path log;

  private Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code java jvmArgs... mainClass args...} on this JVM's class path with {@code env}. */
  static Child start(String name, List<String> jvmArgs, String mainClass, List<String> args, Map<String, String> env,
      Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("RELEVO_") || k.equals("REDIS_URL"));
    pb.environment().putAll(env);
    try {
      Child child = new Child(name, pb.start(), log);
      RUNNING.add(child);
      return child;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " JVM", e);
    }
  }

  /** Waits until the log has a line containing {@code text}, or fails naming the log. */
  void awaitLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (logText().contains(text)) {
        return;
      }
      checkAlive();
      pause(100);
    }
    throw new IllegalStateException("the " + name + " did not start in " + timeout.toSeconds() + " s; see " + log);
  }

  /** Waits until {@code GET url} answers 200. */
  void awaitReady(String url, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      checkAlive();
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
      pause(200);
    }
    throw new IllegalStateException("the " + name + " was not ready in " + timeout.toSeconds() + " s; see " + log);
  }

  private void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the " + name + " exited with status " + process.exitValue() + "; see " + log);
    }
  }

  String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** CPU seconds (user + system) used so far by the JVM, or -1 where /proc cannot tell. */
  double cpuSeconds() {
    return Proc.cpuSeconds(process.pid());
  }

  /** CPU seconds used so far by the processes this JVM started (the embedded Redis), or 0. */
  double descendantsCpuSeconds() {
    return process.toHandle().descendants().mapToDouble(p -> Math.max(0, Proc.cpuSeconds(p.pid()))).sum();
  }

  /**
   * Heap in use after a full collection, in bytes: {@code jcmd PID GC.run}, then
   * {@code jcmd PID GC.heap_info}. -1 when jcmd is not available.
   */
  long heapAfterFullGc() {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    if (!Files.isExecutable(Path.of(jcmd))) {
      jcmd = "jcmd";
    }
    try {
      run(jcmd, Long.toString(process.pid()), "GC.run");
      String info = run(jcmd, Long.toString(process.pid()), "GC.heap_info");
      Matcher m = HEAP_USED.matcher(info);
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  /** Stops it with SIGTERM (Relevo stops gracefully), then kills it after 30 s. */
  @Override
  public void close() {
    RUNNING.remove(this);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps {@code ms}; an interrupt ends the benchmark. */
  static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
