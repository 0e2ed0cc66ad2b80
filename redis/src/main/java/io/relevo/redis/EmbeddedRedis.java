package io.relevo.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.RedisExecProvider;

/**
 * A real Redis server (7.0, the binary shipped in {@code org.signal:embedded-redis}) run as a
 * child process bound to the loopback interface.
 *
 * <p>Used by the launcher when no external Redis is configured, and by the test kit. With
 * append-only persistence on, every write is in {@code appendonly.aof} under the data directory
 * before Redis answers it (with {@code appendfsync always}), so a restart of Relevo, or of Redis,
 * loses nothing that was acknowledged.
 *
 * <p>A pid file in the data directory lets a new start stop a server orphaned by a crashed JVM
 * before it takes over the same files. Thread-safety: {@link #start()}, {@link #stop()} and
 * {@link #kill()} are synchronized; the instance owns the process and must be stopped by whoever
 * started it. Unless told otherwise, a JVM shutdown hook stops it too; an owner that stops it in
 * its own shutdown sequence (after the work that needs Redis) turns that off, since JVM shutdown
 * hooks run concurrently.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String PID_FILE = "redis.pid";

  private final int requestedPort;
  private final Path dataDir;
  private final boolean appendOnly;
  private final String appendFsync;
  private final Duration startTimeout;
  private final List<String> extraArgs;
  private final boolean stopOnJvmExit;

  private Process process;
  private int port;
  private Thread shutdownHook;

  private EmbeddedRedis(Builder b) {
    this.requestedPort = b.port;
    this.dataDir = b.dataDir;
    this.appendOnly = b.appendOnly;
    this.appendFsync = b.appendFsync;
    this.startTimeout = b.startTimeout;
    this.extraArgs = List.copyOf(b.extraArgs);
    this.stopOnJvmExit = b.stopOnJvmExit;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the server and waits until it answers PING; idempotent while running. */
  public synchronized EmbeddedRedis start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    try {
      Files.createDirectories(dataDir);
      stopOrphan();
      if (port == 0) { // a restart keeps the port, so clients reconnect
        port = requestedPort == 0 ? freePort() : requestedPort;
      }
      File binary = RedisExecProvider.defaultProvider().get();
      if (!binary.canExecute() && !binary.setExecutable(true)) {
        throw new IllegalStateException("cannot make the Redis binary executable: " + binary);
      }
      List<String> cmd = new ArrayList<>(List.of(binary.getAbsolutePath(),
          "--port", Integer.toString(port),
          "--bind", "127.0.0.1",
          "--protected-mode", "yes",
          "--dir", dataDir.toAbsolutePath().toString(),
          "--pidfile", dataDir.resolve(PID_FILE).toAbsolutePath().toString(),
          "--logfile", dataDir.resolve("redis.log").toAbsolutePath().toString(),
          "--save", "",
          "--appendonly", appendOnly ? "yes" : "no",
          "--appendfsync", appendFsync,
          "--daemonize", "no"));
      cmd.addAll(extraArgs);
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .directory(binary.getParentFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      process = pb.start();
      awaitReady();
      if (shutdownHook == null && stopOnJvmExit) {
        shutdownHook = new Thread(this::stopQuietly, "embedded-redis-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
      LOG.info("Embedded Redis listening on 127.0.0.1:{} (data in {})", port, dataDir.toAbsolutePath());
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("could not start the embedded Redis: " + e.getMessage(), e);
    }
  }

  /** Port the server listens on; valid after {@link #start()}. */
  public synchronized int port() {
    return port;
  }

  public synchronized String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops gracefully (SIGTERM: Redis flushes the append-only file), waiting up to 10 seconds. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        LOG.warn("Embedded Redis did not stop within 10 s; killing it");
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Kills the server at once (SIGKILL), as a crash would; for fault tests. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
    synchronized (this) {
      if (shutdownHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or about to
        }
        shutdownHook = null;
      }
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      // last resort at JVM exit
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with code " + process.exitValue()
            + "; see " + dataDir.resolve("redis.log").toAbsolutePath());
      }
      if (answersPing(port)) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Redis");
      }
    }
    process.destroyForcibly();
    throw new IOException("redis-server did not answer within " + startTimeout.toMillis() + " ms");
  }

  static boolean answersPing(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      // "+PONG" when ready; "-LOADING" while the append-only file is replayed
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** A server left running by a JVM that died without stopping it would share our files: stop it. */
  private void stopOrphan() throws IOException {
    Path pidFile = dataDir.resolve(PID_FILE);
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan;
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      orphan = ProcessHandle.of(pid)
          .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
    } catch (NumberFormatException e) {
      orphan = Optional.empty();
    }
    if (orphan.isPresent()) {
      LOG.warn("Stopping a Redis server left running from an earlier start (pid {})", orphan.get().pid());
      orphan.get().destroy();
      try {
        orphan.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        orphan.get().destroyForcibly();
      }
    }
    Files.deleteIfExists(pidFile);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** Options for an embedded server; not thread-safe. */
  public static final class Builder {
    private int port;
    private Path dataDir;
    private boolean appendOnly = true;
    private String appendFsync = "always";
    private Duration startTimeout = Duration.ofSeconds(30);
    private final List<String> extraArgs = new ArrayList<>();
    private boolean stopOnJvmExit = true;

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder appendOnly(boolean appendOnly) {
      this.appendOnly = appendOnly;
      return this;
    }

    /** {@code always} (default: nothing acknowledged is lost), {@code everysec} or {@code no}. */
    public Builder appendFsync(String appendFsync) {
      if (!List.of("always", "everysec", "no").contains(appendFsync)) {
        throw new IllegalArgumentException("appendfsync must be always, everysec or no");
      }
      this.appendFsync = appendFsync;
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /** Whether a JVM shutdown hook stops the server (default true). */
    public Builder stopOnJvmExit(boolean stop) {
      this.stopOnJvmExit = stop;
      return this;
    }

    /** Further redis-server options, e.g. {@code "--cluster-enabled", "yes"}. */
    public Builder args(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    public EmbeddedRedis build() {
      if (dataDir == null) {
        throw new IllegalStateException("dataDir is required");
      }
      return new EmbeddedRedis(this);
    }
  }
}
