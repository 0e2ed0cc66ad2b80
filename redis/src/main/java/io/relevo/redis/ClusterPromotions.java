package io.relevo.redis;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;

/**
 * Watches a Cluster client's topology refreshes for a node that became a master (a replica
 * promoted after its master failed, or a manual {@code CLUSTER FAILOVER}) and tells listeners. A
 * crashed master may have published events for writes that its replica never received: owners of
 * live views check what they delivered against the store then. Refreshes that change nothing
 * else (every periodic one) are ignored.
 *
 * <p>Thread-safe. Listeners run on the client's event executor, never on an I/O thread.
 */
final class ClusterPromotions implements AutoCloseable {

  private final ClientResources resources;
  private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final reactor.core.Disposable subscription;
  private final java.util.concurrent.atomic.AtomicLong promotions = new java.util.concurrent.atomic.AtomicLong();

  ClusterPromotions(ClientResources resources) {
    this.resources = resources;
    this.subscription = resources.eventBus().get()
        .filter(ClusterTopologyChangedEvent.class::isInstance)
        .map(ClusterTopologyChangedEvent.class::cast)
        .subscribe(this::changed);
  }

  void add(Runnable listener) {
    listeners.add(listener);
  }

  long promotions() {
    return promotions.get();
  }

  private void changed(ClusterTopologyChangedEvent event) {
    if (event.before().isEmpty() || !promoted(event.before(), event.after())) {
      return;
    }
    promotions.incrementAndGet();
    org.slf4j.LoggerFactory.getLogger(ClusterPromotions.class)
        .info("A Redis Cluster replica became a master: live views check what they delivered");
    resources.eventExecutorGroup().execute(() -> {
      for (Runnable l : listeners) {
        try {
          l.run();
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(ClusterPromotions.class).warn("A promotion listener failed", e);
        }
      }
    });
  }

  /** Whether a node is a master after that was not one before. */
  static boolean promoted(List<RedisClusterNode> before, List<RedisClusterNode> after) {
    Set<String> masters = masters(before);
    return masters(after).stream().anyMatch(id -> !masters.contains(id));
  }

  private static Set<String> masters(List<RedisClusterNode> nodes) {
    return nodes.stream()
        .filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.is(RedisClusterNode.NodeFlag.FAIL))
        .map(RedisClusterNode::getNodeId)
        .collect(Collectors.toSet());
  }

  @Override
  public void close() {
    subscription.dispose();
  }
}
