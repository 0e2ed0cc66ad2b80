package io.relevo.app.bench;

import java.util.HashMap;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Commands a Redis server executed, from {@code INFO commandstats} (commands run inside scripts
 * are counted one by one, and the script call itself too). Owned by the benchmark's main thread.
 */
final class RedisCounter implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  /** @param passwordFile the embedded Redis's password file (its data directory's); not read when absent */
  RedisCounter(String host, int port, java.nio.file.Path passwordFile) {
    io.lettuce.core.RedisURI.Builder uri = io.lettuce.core.RedisURI.Builder.redis(host, port);
    try {
      if (passwordFile != null && java.nio.file.Files.exists(passwordFile)) {
        uri.withPassword(java.nio.file.Files.readString(passwordFile).strip().toCharArray());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the embedded Redis's password", e);
    }
    client = RedisClient.create(uri.build());
    connection = client.connect();
  }

  /** Calls per command name so far. */
  Map<String, Long> calls() {
    Map<String, Long> out = new HashMap<>();
    for (String line : connection.sync().info("commandstats").split("\r?\n")) {
      // cmdstat_xadd:calls=123,usec=...
      if (line.startsWith("cmdstat_")) {
        int colon = line.indexOf(':');
        int calls = line.indexOf("calls=");
        int comma = line.indexOf(',', calls);
        if (colon > 0 && calls > 0 && comma > calls) {
          out.put(line.substring(8, colon), Long.parseLong(line.substring(calls + 6, comma)));
        }
      }
    }
    return out;
  }

  /** {@code after - before} per command, without the INFO calls of this counter. */
  static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new HashMap<>();
    after.forEach((k, v) -> {
      long d = v - before.getOrDefault(k, 0L) - (k.equals("info") ? 1 : 0);
      if (d > 0) {
        out.put(k, d);
      }
    });
    return out;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
