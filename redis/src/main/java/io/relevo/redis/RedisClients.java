package io.relevo.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

/** How {@link RedisConnector} sets up its Lettuce clients: timeouts, reconnects, topology refresh. Stateless. */
final class RedisClients {

  private RedisClients() {
  }

  static ClientResources resources(RedisConnector.Options options) {
    // reconnect attempts back off to at most one a second (Lettuce's default grows to 30 s), so the
    // service is back within a second of Redis
    DefaultClientResources.Builder rb = DefaultClientResources.builder().ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    var recorder = options.metrics() == null ? null : options.latency().recorder(options.metrics());
    if (recorder != null) {
      rb.commandLatencyRecorder(recorder);
    }
    return rb.build();
  }

  private static SocketOptions socket() {
    return SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build();
  }

  /** A client for one server or a Sentinel-managed master: commands fail at once while it is away. */
  static RedisClient standalone(ClientResources resources, RedisConnector.Options options) {
    RedisClient c = RedisClient.create(resources);
    c.setOptions(ClientOptions.builder()
        .socketOptions(socket())
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    return c;
  }

  static RedisClusterClient cluster(ClientResources resources, String url, RedisConnector.Options options) {
    RedisClusterClient cc = RedisClusterClient.create(resources, clusterSeeds(url));
    cc.setOptions(ClusterClientOptions.builder()
        .socketOptions(socket())
        .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
        // node connections open lazily: queue meanwhile, bounded by the command timeout
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enableAllAdaptiveRefreshTriggers()
            // a failover shows as failed reconnects and MOVED: refresh at the first sign, and
            // again a second later if the replica was not promoted yet (the default waits 30 s)
            .refreshTriggersReconnectAttempts(1)
            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
            .enablePeriodicRefresh(Duration.ofSeconds(10))
            .build())
        .build());
    return cc;
  }

  /** The seed nodes of {@code redis-cluster://[user:pass@]host:port,host:port} (or {@code rediss-cluster://}). */
  static List<RedisURI> clusterSeeds(String url) {
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
    return seeds;
  }
}
