package io.relevo.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/** {@link RedisConnector#writable}: whether the Redis behind a connection can take every write now. Stateless. */
final class RedisHealth {

  private RedisHealth() {
  }

  /**
   * Null when writable (Cluster: every slot has a master that answers; otherwise the server
   * answers as a master), else what is wrong. Never fails.
   */
  static CompletionStage<String> writable(StatefulRedisClusterConnection<String, String> clusterConnection,
      StatefulRedisConnection<String, String> connection) {
    CompletionStage<String> problem;
    try {
      if (clusterConnection != null) {
        problem = clusterConnection.async().clusterInfo().thenApply(info -> {
          if (!info.contains("cluster_state:ok")) {
            return "the cluster reports a state other than ok";
          }
          int covered = 0;
          for (RedisClusterNode n : clusterConnection.getPartitions()) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.is(RedisClusterNode.NodeFlag.FAIL)) {
              covered += n.getSlots().size();
            }
          }
          return covered < SlotHash.SLOT_COUNT ? (SlotHash.SLOT_COUNT - covered) + " slots have no master" : null;
        });
      } else {
        problem = connection.async().role().thenApply(role ->
            !role.isEmpty() && "master".equals(String.valueOf(role.get(0))) ? null : "the server is not a master");
      }
    } catch (RuntimeException e) {
      problem = CompletableFuture.failedFuture(e);
    }
    return problem.exceptionally(e -> "Redis does not answer");
  }
}
