package io.relevo.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/**
 * The process's one Redis client: standalone, Sentinel or Cluster, chosen by the URL.
 *
 * <ul>
 *   <li>{@code redis://[:password@]host:port[/db]} and {@code rediss://...} (TLS): standalone;</li>
 *   <li>{@code redis-sentinel://host:26379[,host2:26379]/db#masterName}: Sentinel;</li>
 *   <li>{@code redis-cluster://host:port[,host:port...]} or {@code rediss-cluster://...}: Cluster
 *       (the seed nodes; topology is discovered and refreshed).</li>
 * </ul>
 *
 * <p>Ordinary commands go through one shared, thread-safe connection ({@link #commands()});
 * pub/sub takes a dedicated connection ({@link #connectPubSub()}). While Redis is unreachable,
 * commands fail at once instead of queueing, so callers can answer with a retriable error; the
 * client reconnects by itself, trying at least once a second (with Cluster, commands wait for a node's connection up to the command
 * timeout, as node connections open lazily). Lettuce completes futures on its own I/O threads: callers move
 * results to their own executor or Vert.x context.
 *
 * <p>Thread-safe. The instance owns its client and connections; {@link #close()} releases them.
 */
public final class RedisConnector implements AutoCloseable {

  private final ClientResources resources;
  private final RedisClient client;
  private final RedisClusterClient clusterClient;
  private final StatefulRedisConnection<String, String> connection;
  private final StatefulRedisClusterConnection<String, String> clusterConnection;
  private final String description;

  private RedisConnector(ClientResources resources, RedisClient client,
      StatefulRedisConnection<String, String> connection, RedisClusterClient clusterClient,
      StatefulRedisClusterConnection<String, String> clusterConnection, String description) {
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.clusterClient = clusterClient;
    this.clusterConnection = clusterConnection;
    this.description = description;
  }

  /**
   * Connects (blocking until the first connection is up or fails). Call from a worker or the
   * launcher's main thread, never from an event loop.
   *
   * @throws io.lettuce.core.RedisException when Redis cannot be reached
   * @throws IllegalArgumentException when the URL is not understood
   */
  public static RedisConnector connect(String url, Duration commandTimeout) {
    return connect(url, commandTimeout, null);
  }

  /**
   * As {@link #connect(String, Duration)}, recording every command's latency in {@code metrics}
   * (Lettuce's {@code lettuce.command.completion} and {@code lettuce.command.firstresponse} timers,
   * per command type) when it is not null.
   */
  public static RedisConnector connect(String url, Duration commandTimeout,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    // reconnect attempts back off to at most one a second (Lettuce's default grows to 30 s), so the
    // service is back within a second of Redis
    DefaultClientResources.Builder rb = DefaultClientResources.builder().ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    if (metrics != null) {
      rb.commandLatencyRecorder(new io.lettuce.core.metrics.MicrometerCommandLatencyRecorder(metrics,
          io.lettuce.core.metrics.MicrometerOptions.builder().histogram(true).build()));
    }
    ClientResources resources = rb.build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(Duration.ofSeconds(5))
        .keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(commandTimeout);
    try {
      if (url.startsWith("redis-cluster://") || url.startsWith("rediss-cluster://")) {
        boolean tls = url.startsWith("rediss-");
        List<RedisURI> seeds = new ArrayList<>();
        String rest = url.substring(url.indexOf("://") + 3);
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
          userInfo = rest.substring(0, at);
          rest = rest.substring(at + 1);
        }
        for (String hostPort : rest.replaceAll("/.*$", "").split(",")) {
          String u = (tls ? "rediss://" : "redis://") + (userInfo != null ? userInfo + "@" : "")
              + hostPort.trim();
          seeds.add(RedisURI.create(u));
        }
        RedisClusterClient cc = RedisClusterClient.create(resources, seeds);
        cc.setOptions(ClusterClientOptions.builder()
            .socketOptions(socket)
            .timeoutOptions(timeouts)
            // node connections open lazily: queue meanwhile, bounded by the command timeout
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers()
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .build())
            .build());
        StatefulRedisClusterConnection<String, String> conn = cc.connect();
        return new RedisConnector(resources, null, null, cc, conn, "cluster " + redact(url));
      }
      RedisURI uri = RedisURI.create(url);
      RedisClient c = RedisClient.create(resources, uri);
      c.setOptions(ClientOptions.builder()
          .socketOptions(socket)
          .timeoutOptions(timeouts)
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .build());
      StatefulRedisConnection<String, String> conn = c.connect();
      String kind = uri.getSentinels().isEmpty() ? "" : "sentinel ";
      return new RedisConnector(resources, c, conn, null, null, kind + redact(url));
    } catch (RuntimeException e) {
      resources.shutdown();
      throw e;
    }
  }

  /** The shared connection's asynchronous commands (standalone and Cluster alike). */
  public RedisClusterAsyncCommands<String, String> commands() {
    return clusterConnection != null ? clusterConnection.async() : connection.async();
  }

  /** A new connection for pub/sub; the caller owns it and closes it. */
  public StatefulRedisPubSubConnection<String, String> connectPubSub() {
    return clusterClient != null ? clusterClient.connectPubSub() : client.connectPubSub();
  }

  /** A fresh PING round trip. */
  public CompletionStage<String> ping() {
    try {
      return commands().ping();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Registers a listener of connection events of this client's connections (reconnects included). */
  public void addStateListener(io.lettuce.core.RedisConnectionStateListener listener) {
    if (clusterClient != null) {
      clusterClient.addListener(listener);
    } else {
      client.addListener(listener);
    }
  }

  public boolean isCluster() {
    return clusterClient != null;
  }

  /** The URL without its password, for logs. */
  public String description() {
    return description;
  }

  /** {@code url} without its password, for logs and messages. */
  public static String redact(String url) {
    return url.replaceAll("//([^@/]*)@", "//***@");
  }

  @Override
  public void close() {
    if (clusterConnection != null) {
      clusterConnection.close();
      clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } else {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
