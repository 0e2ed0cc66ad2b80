package io.relevo.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redis-server process of an {@link EmbeddedRedis} and the small {@code sh} supervisor that
 * stops it when the JVM's pipe to it closes: launching both, waiting for PING, stopping, killing.
 * Not thread-safe: its {@link EmbeddedRedis} calls it only under its own lock.
 */
final class RedisProcess {

  /** Logged under the embedded server's name, as before this class was split from it. */
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  /**
   * Starts {@code "$@"} (redis-server and its arguments) with umask 077, prints its pid, waits
   * for its standard input (the pipe from the JVM) to close, then stops Redis and waits for it.
   */
  private static final String SUPERVISOR = """
      umask 077
      "$@" </dev/null >/dev/null 2>&1 &
      r=$!
      echo "$r"
      cat >/dev/null
      kill "$r" 2>/dev/null
      wait "$r"
      """;

  private Process supervisor;
  private ProcessHandle server;

  /** Starts {@code binary} with {@code config} and {@code extraArgs} under the supervisor; {@link #release} on failure. */
  void launch(File binary, Path config, List<String> extraArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", SUPERVISOR, "relevo-redis",
        binary.getAbsolutePath(), config.toString()));
    cmd.addAll(extraArgs);
    supervisor = new ProcessBuilder(cmd)
        .directory(binary.getParentFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    server = serverOf(supervisor);
  }

  /** The pid the supervisor prints first: the redis-server it started. */
  private static ProcessHandle serverOf(Process supervisor) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(supervisor.getInputStream(), StandardCharsets.US_ASCII));
    String line = out.readLine();
    if (line == null) {
      throw new IOException("the Redis supervisor (/bin/sh) exited with code " + waitQuietly(supervisor));
    }
    try {
      long pid = Long.parseLong(line.strip());
      // a server that exited at once is gone already; awaitReady reports it with its log
      return ProcessHandle.of(pid).orElse(null);
    } catch (NumberFormatException e) {
      throw new IOException("the Redis supervisor printed '" + line + "' instead of a pid");
    }
  }

  boolean isRunning() {
    return server != null && server.isAlive();
  }

  Optional<ProcessHandle> server() {
    return Optional.ofNullable(server).filter(ProcessHandle::isAlive);
  }

  /** Closes the pipe, so the supervisor stops Redis, and waits up to 10 seconds before killing both. */
  void stop() {
    if (supervisor == null) {
      return;
    }
    closePipe();
    try {
      if (!supervisor.waitFor(10, TimeUnit.SECONDS)) {
        LOG.warn("Embedded Redis did not stop within 10 s; killing it");
        release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      release();
    }
    supervisor = null;
    server = null;
  }

  /** Kills the server at once (SIGKILL), as a crash would, then its supervisor. */
  void kill() {
    if (supervisor == null) {
      return;
    }
    if (server != null) {
      server.destroyForcibly();
      try {
        server.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the next start, if it matters
      }
    }
    release();
  }

  private void closePipe() {
    try {
      supervisor.getOutputStream().close();
    } catch (IOException e) {
      // the supervisor is gone already
    }
  }

  /** Kills the server and its supervisor at once, if they still run. */
  void release() {
    if (server != null) {
      server.destroyForcibly();
    }
    if (supervisor != null) {
      closePipe();
      supervisor.destroyForcibly();
      waitQuietly(supervisor);
    }
    supervisor = null;
    server = null;
  }

  private static int waitQuietly(Process p) {
    try {
      return p.waitFor(5, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Waits until the server answers PING on {@code port}; fails when it exits or {@code timeout} passes, naming {@code log}. */
  void awaitReady(int port, String password, Duration timeout, Path log) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (server == null || !server.isAlive()) {
        throw new IOException("redis-server exited; see " + log);
      }
      if (RedisProbe.answersPing(port, password)) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Redis");
      }
    }
    throw new IOException("redis-server did not answer within " + timeout.toMillis() + " ms; see " + log);
  }
}
