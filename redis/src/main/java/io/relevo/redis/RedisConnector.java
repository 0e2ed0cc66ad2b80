package io.relevo.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;

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
 * <p>With Sentinel, commands go to the current master: the connection follows the Sentinels'
 * announcements ({@code +switch-master}) and {@link #onMasterSwitch} tells the owners of other
 * connections (pub/sub) to follow too. With Cluster, the slot map is refreshed periodically and at
 * once on every sign of a change (MOVED, ASK, a failed reconnect), at most once a second.
 *
 * <p>{@link #replicated(String)} confirms that the writes made so far to a key's node reached
 * {@code ackReplicas} replicas ({@code WAIT}): callers acknowledge a message only after it, so a
 * failover, which promotes a replica, keeps everything acknowledged.
 *
 * <p>Ordinary commands go through one shared, thread-safe connection ({@link #commands()});
 * pub/sub takes a dedicated connection ({@link #connectPubSub()}). While Redis is unreachable,
 * commands fail at once instead of queueing, so callers can answer with a retriable error; the
 * client reconnects by itself, trying at least once a second (with Cluster, commands wait for a node's connection up to the command
 * timeout, as node connections open lazily). Lettuce completes futures on its own I/O threads: callers move
 * results to their own executor or Vert.x context.
 *
 * <p>Thread-safe. The instance owns its client and connections; {@link #close()} releases them.
 * Waiting for replicas is done by {@code Replication}, the writability check by {@code RedisHealth}.
 */
public final class RedisConnector implements AutoCloseable {

  /**
   * How the connector talks to Redis.
   *
   * @param commandTimeout the most one command may take
   * @param ackReplicas replicas a write must reach before {@link #replicated} confirms it (0: no check)
   * @param ackTimeout how long {@link #replicated} waits for them
   * @param metrics where the client's metrics go, or null
   * @param latency how much command latency goes to {@code metrics}
   */
  public record Options(Duration commandTimeout, int ackReplicas, Duration ackTimeout,
      io.micrometer.core.instrument.MeterRegistry metrics, CommandLatency latency) {

    public static Options of(Duration commandTimeout) {
      return new Options(commandTimeout, 0, Duration.ofSeconds(1), null, CommandLatency.COMMANDS);
    }

    public Options withAcks(int replicas, Duration timeout) {
      return new Options(commandTimeout, replicas, timeout, metrics, latency);
    }

    /** Records the client's metrics in {@code registry}, with command latency per command type. */
    public Options withMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
      return withMetrics(registry, CommandLatency.COMMANDS);
    }

    public Options withMetrics(io.micrometer.core.instrument.MeterRegistry registry, CommandLatency commandLatency) {
      return new Options(commandTimeout, ackReplicas, ackTimeout, registry, commandLatency);
    }
  }

  /** A write that did not reach the replicas in time: it may be lost in a failover, so it is not acknowledged. */
  public static final class NotReplicatedException extends io.lettuce.core.RedisException {
    private static final long serialVersionUID = 1L;

    NotReplicatedException(String message) {
      super(message);
    }
  }

  private final ClientResources resources;
  private final RedisClient client;
  private final RedisClusterClient clusterClient;
  /** With Sentinel, replaced by a connection to the new master after a switch. */
  private volatile StatefulRedisConnection<String, String> connection;
  private final StatefulRedisClusterConnection<String, String> clusterConnection;
  private final RedisURI standaloneUri;
  private final SentinelWatch sentinels;
  private final String description;
  private final Options options;
  private final ConnectionCounters counters = new ConnectionCounters();
  private final ReplicaAcks acks;
  private final Replication replication;
  private final java.util.List<Runnable> switchListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile java.util.concurrent.ScheduledFuture<?> poll;
  /** With Cluster: masters that appear (promoted replicas). */
  private final ClusterPromotions promotions;

  private RedisConnector(ClientResources resources, RedisClient client, RedisURI standaloneUri,
      StatefulRedisConnection<String, String> connection, RedisClusterClient clusterClient,
      StatefulRedisClusterConnection<String, String> clusterConnection, String description, Options options) {
    this.resources = resources;
    this.client = client;
    this.standaloneUri = standaloneUri;
    this.connection = connection;
    this.clusterClient = clusterClient;
    this.clusterConnection = clusterConnection;
    this.description = description;
    this.options = options;
    this.acks = new ReplicaAcks(options.ackReplicas(), Duration.ofSeconds(5), Duration.ofSeconds(15));
    this.replication = new Replication(acks, counters, options.ackTimeout(), () -> this.connection, clusterConnection);
    addStateListener(counters);
    counters.onRedisConnected(null, null); // the first connection, opened before the listener
    if (options.metrics() != null) {
      counters.register(options.metrics(), this);
    }
    this.sentinels = standaloneUri == null || standaloneUri.getSentinels().isEmpty() ? null
        : new SentinelWatch(client, standaloneUri, new SentinelWatch.Listener() {
          @Override
          public void failoverStarted() {
            acks.failoverStarted();
          }

          @Override
          public void switched(String newMaster) {
            acks.failoverStarted();
            follow();
          }
        });
    this.promotions = clusterClient == null ? null : new ClusterPromotions(resources);
    if (clusterConnection == null && options.ackReplicas() > 0) {
      // the master's replicas online, once a second: how many a write can wait for
      poll = resources.eventExecutorGroup().scheduleAtFixedRate(replication::countReplicas, 0, 1, TimeUnit.SECONDS);
    }
  }

  /** After a Sentinel switch: a new connection, to the master the Sentinels now name. */
  private void follow() {
    client.connectAsync(StringCodec.UTF8, standaloneUri).thenAccept(fresh -> {
      StatefulRedisConnection<String, String> old = connection;
      connection = fresh;
      // writes sent to the old master before now finish (or time out) before any is acknowledged
      acks.followed(options.commandTimeout());
      replication.countReplicas();
      resources.eventExecutorGroup().schedule(() -> old.closeAsync(), options.commandTimeout().toMillis() * 2,
          TimeUnit.MILLISECONDS);
      // off the I/O thread that completed the connect: a listener may open connections of its own
      resources.eventExecutorGroup().execute(() -> {
        for (Runnable l : switchListeners) {
          try {
            l.run();
          } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RedisConnector.class).warn("A master-switch listener failed", e);
          }
        }
      });
    }).exceptionally(e -> {
      org.slf4j.LoggerFactory.getLogger(RedisConnector.class).warn(
          "Cannot connect to the new Redis master yet, trying again: {}", e.toString());
      resources.eventExecutorGroup().schedule(this::follow, 250, TimeUnit.MILLISECONDS);
      return null;
    });
  }

  /**
   * Connects (blocking until the first connection is up or fails). Call from a worker or the
   * launcher's main thread, never from an event loop.
   *
   * @throws io.lettuce.core.RedisException when Redis cannot be reached
   * @throws IllegalArgumentException when the URL is not understood
   */
  public static RedisConnector connect(String url, Duration commandTimeout) {
    return connect(url, Options.of(commandTimeout));
  }

  /**
   * As {@link #connect(String, Duration)}, recording every command's latency in {@code metrics}
   * (Lettuce's {@code lettuce.command.completion} timer per command type, {@link CommandLatency#COMMANDS})
   * when it is not null.
   */
  public static RedisConnector connect(String url, Duration commandTimeout,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    return connect(url, Options.of(commandTimeout).withMetrics(metrics));
  }

  /** As {@link #connect(String, Duration)}, with every option. */
  public static RedisConnector connect(String url, Options options) {
    ClientResources resources = RedisClients.resources(options);
    try {
      if (url.startsWith("redis-cluster://") || url.startsWith("rediss-cluster://")) {
        RedisClusterClient cc = RedisClients.cluster(resources, url, options);
        StatefulRedisClusterConnection<String, String> conn = cc.connect();
        return new RedisConnector(resources, null, null, null, cc, conn, "cluster " + redact(url), options);
      }
      RedisURI uri = RedisURI.create(url);
      RedisClient c = RedisClients.standalone(resources, options);
      // with Sentinel, each (re)connect asks the Sentinels for the master of the moment
      StatefulRedisConnection<String, String> conn = c.connect(uri);
      String kind = uri.getSentinels().isEmpty() ? "" : "sentinel ";
      return new RedisConnector(resources, c, uri, conn, null, null, kind + redact(url), options);
    } catch (RuntimeException e) {
      resources.shutdown();
      throw e;
    }
  }

  /** The shared connection's asynchronous commands (standalone and Cluster alike). */
  public RedisClusterAsyncCommands<String, String> commands() {
    return clusterConnection != null ? clusterConnection.async() : connection.async();
  }

  /**
   * A new connection for pub/sub; the caller owns it and closes it. With Sentinel it opens to the
   * master of the moment: after a {@linkplain #onMasterSwitch switch} the owner opens a new one.
   */
  public StatefulRedisPubSubConnection<String, String> connectPubSub() {
    return clusterClient != null ? clusterClient.connectPubSub() : client.connectPubSub(standaloneUri);
  }

  /** As {@link #connectPubSub()}, without blocking the calling thread. */
  public CompletionStage<StatefulRedisPubSubConnection<String, String>> connectPubSubAsync() {
    try {
      return clusterClient != null
          ? clusterClient.connectPubSubAsync(StringCodec.UTF8).thenApply(c -> (StatefulRedisPubSubConnection<String, String>) c)
          : client.connectPubSubAsync(StringCodec.UTF8, standaloneUri).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Completes when every write made so far through {@link #commands()} to {@code key}'s node has
   * reached the configured number of replicas; fails with {@link NotReplicatedException} when they
   * did not confirm in time. Completes at once when no replica is required.
   */
  public CompletionStage<Void> replicated(String key) {
    return replication.replicated(key);
  }

  /**
   * Whether writes should not be sent now: a Sentinel failover is under way, and a write could
   * reach the old master, be seen by its subscribers, and be discarded with it.
   */
  public boolean writesHeld() {
    return sentinels != null && acks.holding();
  }

  /** Whether writes are acknowledged on fewer replicas than {@code redis.ackReplicas} now (one is down, or after a failover). */
  public boolean replicationDegraded() {
    return clusterConnection == null && acks.degraded();
  }

  /** A fresh PING round trip. */
  public CompletionStage<String> ping() {
    try {
      return commands().ping();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Completes with null when this instance can write every key it needs (standalone or Sentinel:
   * the master answers as a master; Cluster: every slot has a master that answers), or with what
   * is wrong. Never fails.
   */
  public CompletionStage<String> writable() {
    return RedisHealth.writable(clusterConnection, connection);
  }

  /** Registers a listener of connection events of this client's connections (reconnects included). */
  public void addStateListener(io.lettuce.core.RedisConnectionStateListener listener) {
    if (clusterClient != null) {
      clusterClient.addListener(listener);
    } else {
      client.addListener(listener);
    }
  }

  /**
   * Runs {@code listener} (on a Redis I/O thread) each time the Sentinels announce a new master;
   * never with standalone or Cluster.
   */
  public void onMasterSwitch(Runnable listener) {
    switchListeners.add(listener);
  }

  /**
   * Runs {@code listener} (on the client's event executor) each time a Cluster topology refresh
   * shows a new master: a replica was promoted, and writes its master had not copied to it may be
   * gone, events published for them included. Never with standalone or Sentinel (see
   * {@link #onMasterSwitch}).
   */
  public void onPromotion(Runnable listener) {
    if (promotions != null) {
      promotions.add(listener);
    }
  }

  /** Master switches announced by the Sentinels since start. */
  public long masterSwitches() {
    return sentinels == null ? 0 : sentinels.switches();
  }

  public boolean isCluster() {
    return clusterClient != null;
  }

  public boolean isSentinel() {
    return sentinels != null;
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
    if (poll != null) {
      poll.cancel(false);
    }
    if (sentinels != null) {
      sentinels.close();
    }
    if (promotions != null) {
      promotions.close();
    }
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
