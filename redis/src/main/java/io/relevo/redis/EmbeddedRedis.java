package io.relevo.redis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * <p>Unless {@linkplain Builder#password(boolean) turned off} (the test kit does), Redis requires
 * a password, made once per data directory and kept there in {@code redis.password} (0600): an
 * operator connects with {@code redis-cli -p PORT --askpass} or {@code REDISCLI_AUTH}. The password
 * is in the configuration file Redis is started with (0600), never on a command line nor in a log;
 * {@link #uri()} carries it. The data directory is 0700 and Redis runs with umask 077, so its own
 * files (append-only files, log, pid file) are 0600 too.
 *
 * <p>Redis never outlives the JVM: it runs under a small {@code sh} supervisor that reads a pipe
 * from this JVM and stops Redis (SIGTERM, so it flushes its append-only file) when the pipe closes,
 * which the operating system does however the JVM ends, {@code kill -9} included. A pid file in the
 * data directory lets a new start stop a server left by an older version before it takes over the
 * same files.
 *
 * <p>Thread-safety: {@link #start()}, {@link #stop()}, {@link #kill()} and {@link #close()} are
 * synchronized; the instance owns the process and must be closed by whoever started it. Unless told
 * otherwise, a JVM shutdown hook stops it too; an owner that stops it in its own shutdown sequence
 * (after the work that needs Redis) turns that off, since JVM shutdown hooks run concurrently.
 * The processes themselves are handled by {@code RedisProcess}.
 */
public final class EmbeddedRedis implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
  private static final String PID_FILE = "redis.pid";
  private final int requestedPort;
  private final RedisDataDir files;
  private final boolean appendOnly;
  private final String appendFsync;
  private final Duration startTimeout;
  private final List<String> extraArgs;
  private final List<String> extraConfig;
  private final boolean stopOnJvmExit;
  private final boolean requirePassword;

  private final RedisProcess process = new RedisProcess();
  private int port;
  private String password;
  private Thread shutdownHook;
  private boolean closed;

  private EmbeddedRedis(Builder b) {
    this.requestedPort = b.port;
    this.files = new RedisDataDir(b.dataDir);
    this.appendOnly = b.appendOnly;
    this.appendFsync = b.appendFsync;
    this.startTimeout = b.startTimeout;
    this.extraArgs = List.copyOf(b.extraArgs);
    this.extraConfig = List.copyOf(b.extraConfig);
    this.stopOnJvmExit = b.stopOnJvmExit;
    this.requirePassword = b.requirePassword;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the server and waits until it answers PING; idempotent while running.
   *
   * @throws IllegalStateException when it cannot start, or after {@link #close()}
   */
  public synchronized EmbeddedRedis start() {
    if (closed) {
      throw new IllegalStateException("the embedded Redis was closed");
    }
    if (isRunning()) {
      return this;
    }
    process.release(); // a supervisor whose server died by itself
    try {
      files.createPrivate();
      files.stopServerLeftBehind(PID_FILE);
      if (port == 0) { // a restart keeps the port, so clients reconnect
        port = requestedPort == 0 ? freePort() : requestedPort;
      }
      password = requirePassword ? files.password() : null;
      File binary = RedisExecProvider.defaultProvider().get();
      if (!binary.canExecute() && !binary.setExecutable(true)) {
        throw new IllegalStateException("cannot make the Redis binary executable: " + binary);
      }
      Path config = files.writeConfig(configLines());
      process.launch(binary, config, extraArgs);
      process.awaitReady(port, password, startTimeout, files.path().resolve("redis.log"));
      if (shutdownHook == null && stopOnJvmExit) {
        shutdownHook = new Thread(this::stopQuietly, "embedded-redis-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
      LOG.info("Embedded Redis listening on 127.0.0.1:{} (data in {})", port, files.path());
      return this;
    } catch (IOException e) {
      process.release();
      throw new IllegalStateException("could not start the embedded Redis: " + e.getMessage(), e);
    }
  }

  private List<String> configLines() {
    Path dir = files.path();
    List<String> lines = new ArrayList<>(List.of(
        "# written by Relevo at each start of its embedded Redis; changes here are overwritten",
        "port " + port,
        "bind 127.0.0.1",
        "protected-mode yes",
        "dir " + RedisDataDir.quote(dir.toString()),
        "pidfile " + RedisDataDir.quote(dir.resolve(PID_FILE).toString()),
        "logfile " + RedisDataDir.quote(dir.resolve("redis.log").toString()),
        "save \"\"",
        "appendonly " + (appendOnly ? "yes" : "no"),
        "appendfsync " + appendFsync,
        "daemonize no"));
    if (password != null) {
      lines.add("requirepass " + RedisDataDir.quote(password));
    }
    lines.addAll(extraConfig);
    return lines;
  }

  /** Port the server listens on; valid after {@link #start()}. */
  public synchronized int port() {
    return port;
  }

  /** The URL to connect with, password included when there is one: never log it as such. */
  public synchronized String uri() {
    return password == null ? "redis://127.0.0.1:" + port : "redis://:" + password + "@127.0.0.1:" + port;
  }

  public Path dataDir() {
    return files.path();
  }

  public synchronized boolean isRunning() {
    return process.isRunning();
  }

  /** The redis-server process while it runs (its supervisor is a separate process). */
  public synchronized Optional<ProcessHandle> process() {
    return process.server();
  }

  /**
   * Stops gracefully, waiting up to 10 seconds: the supervisor's pipe is closed, so it sends
   * SIGTERM and Redis flushes the append-only file and removes its pid file before it exits.
   */
  public synchronized void stop() {
    process.stop();
  }

  /** Kills the server at once (SIGKILL), as a crash would; for fault tests. */
  public synchronized void kill() {
    process.kill();
  }

  /** Stops the server for good; a later {@link #start()} fails. */
  @Override
  public void close() {
    synchronized (this) {
      stop();
      closed = true;
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
    private final List<String> extraConfig = new ArrayList<>();
    private boolean stopOnJvmExit = true;
    private boolean requirePassword = true;

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

    /**
     * Whether Redis requires the data directory's password (default true). Off only for test
     * servers, whose clients connect without one.
     */
    public Builder password(boolean required) {
      this.requirePassword = required;
      return this;
    }

    /** Further redis-server options, e.g. {@code "--cluster-enabled", "yes"}. */
    public Builder args(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    /**
     * Further lines of the configuration file, e.g. {@code "sentinel monitor m 127.0.0.1 6379 2"}
     * (a Sentinel, started with {@code args("--sentinel")}, rewrites that file as it learns).
     */
    public Builder config(String... lines) {
      extraConfig.addAll(List.of(lines));
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
