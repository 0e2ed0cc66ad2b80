package io.relevo.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.relevo.redis.EmbeddedRedis;

/**
 * Real Redis servers for tests: the one place every module's tests get their Redis from.
 *
 * <p>{@link #shared()} is one server per test JVM on a free port (started on first use, stopped
 * at JVM exit); tests keep apart by using their own keys or by calling {@link #flushAll()} in a
 * {@code @BeforeEach}. {@link #dedicated()} gives a test its own server, with append-only
 * persistence, for tests that stop, kill or restart it. Test servers require no password (the
 * launcher's embedded Redis does), so set-up code can talk to them with {@link RespClient}.
 * Thread-safe.
 */
public final class TestRedis {

  private static EmbeddedRedis shared;

  private TestRedis() {
  }

  /** The JVM-wide server, started on first call. */
  public static synchronized EmbeddedRedis shared() {
    if (shared == null || !shared.isRunning()) {
      shared = EmbeddedRedis.builder()
          .port(0)
          .password(false)
          .dataDir(tempDir("relevo-redis-shared"))
          .appendOnly(false)
          .build()
          .start();
    }
    return shared;
  }

  /** URI of the shared server, e.g. {@code redis://127.0.0.1:41234}. */
  public static String uri() {
    return shared().uri();
  }

  /** A new server of the caller's own (durable, append-only); the caller stops it. */
  public static EmbeddedRedis dedicated() {
    return EmbeddedRedis.builder()
        .port(0)
        .password(false)
        .dataDir(tempDir("relevo-redis"))
        .appendOnly(true)
        .appendFsync("always")
        .build()
        .start();
  }

  /**
   * A new one-node Redis Cluster (cluster mode on, all 16,384 slots on this node), for tests of
   * Cluster compatibility; the caller stops it. Connect with {@code redis-cluster://127.0.0.1:PORT}.
   */
  public static EmbeddedRedis cluster() {
    Path dir = tempDir("relevo-redis-cluster");
    EmbeddedRedis node = EmbeddedRedis.builder()
        .port(0)
        .password(false)
        .dataDir(dir)
        .appendOnly(false)
        .args("--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString())
        .build()
        .start();
    RespClient.command(node.port(), "CLUSTER", "ADDSLOTSRANGE", "0", "16383");
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!RespClient.command(node.port(), "CLUSTER", "INFO").contains("cluster_state:ok")) {
      if (System.nanoTime() > deadline) {
        node.close();
        throw new IllegalStateException("the one-node cluster did not become ready");
      }
      Thread.onSpinWait();
    }
    return node;
  }

  /** Empties every database of the shared server. */
  public static void flushAll() {
    RespClient.command(shared().port(), "FLUSHALL");
  }

  /** A fresh temporary directory, deleted at JVM exit. */
  public static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
