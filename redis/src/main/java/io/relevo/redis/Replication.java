package io.relevo.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.relevo.redis.RedisConnector.NotReplicatedException;

/**
 * {@link RedisConnector#replicated}: waits ({@code WAIT}) until the writes made so far to a key's
 * node reached the replicas {@link ReplicaAcks} asks for now, and counts a standalone or Sentinel
 * master's replicas online. Thread-safe; the connections stay the connector's.
 */
final class Replication {

  private final ReplicaAcks acks;
  private final ConnectionCounters counters;
  private final Duration ackTimeout;
  /** The shared standalone or Sentinel connection of the moment (null with Cluster). */
  private final Supplier<StatefulRedisConnection<String, String>> connection;
  private final StatefulRedisClusterConnection<String, String> clusterConnection;
  /** One WAIT at a time per connection that writes (weakly held: a replaced connection goes). */
  private final java.util.Map<StatefulRedisConnection<String, String>, WaitBarrier> barriers =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  Replication(ReplicaAcks acks, ConnectionCounters counters, Duration ackTimeout,
      Supplier<StatefulRedisConnection<String, String>> connection,
      StatefulRedisClusterConnection<String, String> clusterConnection) {
    this.acks = acks;
    this.counters = counters;
    this.ackTimeout = ackTimeout;
    this.connection = connection;
    this.clusterConnection = clusterConnection;
  }

  /** Tells {@link ReplicaAcks} how many replicas the master has online now; a Redis away is skipped. */
  void countReplicas() {
    try {
      connection.get().async().info("replication").thenAccept(info -> {
        int online = 0;
        for (String line : info.split("\r?\n")) {
          if (line.startsWith("slave") && line.contains("state=online")) {
            online++;
          }
        }
        acks.observed(online);
      });
    } catch (RuntimeException e) {
      // Redis is away; the next round counts again
    }
  }

  CompletionStage<Void> replicated(String key) {
    if (acks.wanted() <= 0) {
      return CompletableFuture.completedFuture(null);
    }
    if (acks.holding()) {
      return notReplicated("a Sentinel failover is under way");
    }
    int needed;
    CompletionStage<StatefulRedisConnection<String, String>> nodeConnection;
    try {
      if (clusterConnection == null) {
        needed = acks.required();
        if (needed > acks.online()) {
          // the master has fewer replicas online than a write must reach: a WAIT would only block
          return notReplicated("the master has " + acks.online() + " of " + needed + " replicas online");
        }
        nodeConnection = CompletableFuture.completedFuture(connection.get());
      } else {
        // slot-routed writes use the node connection keyed by the master's host and port
        io.lettuce.core.cluster.models.partitions.Partitions partitions = clusterConnection.getPartitions();
        RedisClusterNode master = partitions.getMasterBySlot(SlotHash.getSlot(key));
        if (master == null) {
          return notReplicated("no master serves the key's slot");
        }
        needed = acks.required(partitions, master);
        nodeConnection = clusterConnection.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (needed == 0) {
      return CompletableFuture.completedFuture(null);
    }
    // WAIT counts the writes of the connection that made them: the shared one, or the slot's node's
    return nodeConnection.thenCompose(c -> barriers.computeIfAbsent(c,
            k -> new WaitBarrier(k, ackTimeout.toMillis())).await(needed))
        .thenCompose(n -> n != null && n >= needed ? CompletableFuture.<Void>completedFuture(null)
            : notReplicated("the write reached " + n + " of " + needed + " replicas in "
                + ackTimeout.toMillis() + " ms"));
  }

  private CompletableFuture<Void> notReplicated(String why) {
    counters.notReplicated();
    return CompletableFuture.failedFuture(new NotReplicatedException(why));
  }
}
