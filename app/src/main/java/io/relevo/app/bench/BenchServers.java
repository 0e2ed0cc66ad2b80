package io.relevo.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.relevo.core.config.Setting;

/**
 * The servers a benchmark run measures, each in its own JVM: Relevo started with the bench's
 * settings on free ports (its HTTP and embedded Redis ports kept for the steps), the JVM options
 * they share, the counters of their Redis commands and their count of hurried analyses. Used from
 * the benchmark's one thread; not thread-safe.
 */
final class BenchServers {

  static final String LOCALHOST = "127.0.0.1";
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  private final Bench.Options options;

  BenchServers(Bench.Options options) {
    this.options = options;
  }

  Child startRelevo(Path work, Path data, String mode) {
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
      redisData.put(relevo, data);
    }
    return relevo;
  }

  private final Map<Child, Integer> ports = new java.util.IdentityHashMap<>();
  private final Map<Child, Integer> redisPorts = new java.util.IdentityHashMap<>();
  private final Map<Child, Path> redisData = new java.util.IdentityHashMap<>();

  int port(Child relevo) {
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

  List<String> jvmArgs() {
    List<String> args = new ArrayList<>();
    args.add("-Xmx" + options.heap());
    args.addAll(options.serverJvm());
    return args;
  }

  /** The server's count of hurried analyses ({@code relevo_understanding_hurried_total}), or -1 if unreadable. */
  long hurried(Child relevo) {
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

  /** A counter of the embedded Redis's commands, or null with an external Redis (redis.url). */
  RedisCounter redisCounter(Child relevo) {
    Integer port = redisPorts.get(relevo);
    if (port == null) {
      return null;
    }
    RedisCounter counter = new RedisCounter(LOCALHOST, port, redisData.get(relevo).resolve("redis").resolve("redis.password"));
    counters.add(counter);
    return counter;
  }

  private final List<RedisCounter> counters = new ArrayList<>();

  /** Closes the counters made since the last call (their step is over). */
  void closeCounters() {
    counters.forEach(RedisCounter::close);
    counters.clear();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
