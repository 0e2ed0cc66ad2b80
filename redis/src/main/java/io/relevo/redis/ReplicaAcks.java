package io.relevo.redis;

import java.time.Duration;

import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/**
 * How many replicas a write must reach before it is acknowledged, now.
 *
 * <p>Normally {@code wanted}. Fewer when fewer are there to ask: right after a failover (the new
 * master starts with none: the old one is down or not yet following it), or when a master has had
 * fewer than {@code wanted} replicas online for longer than the grace (a replica is down) — then
 * writes are acknowledged on fewer copies rather than refused, and {@link #degraded()} says so. None
 * while a Sentinel failover is under way: a write to the old master then may be lost, so none is
 * acknowledged until the connection follows the new master ({@link #holding()}).
 *
 * <p>Thread-safe.
 */
final class ReplicaAcks {

  private final int wanted;
  private final long graceNanos;
  private final long holdNanos;
  private volatile int online;
  private volatile long shortSince;
  private volatile long holdUntil;
  private volatile boolean holding;
  private volatile long switchedAt;

  ReplicaAcks(int wanted, Duration grace, Duration maxHold) {
    this.wanted = wanted;
    this.online = wanted;
    this.graceNanos = grace.toNanos();
    this.holdNanos = maxHold.toNanos();
  }

  int wanted() {
    return wanted;
  }

  /** The master's replicas online at the last count. */
  int online() {
    return online;
  }

  /** The master's replicas online, from its {@code INFO replication} (standalone and Sentinel). */
  void observed(int replicasOnline) {
    if (replicasOnline >= wanted) {
      shortSince = 0;
    } else if (online >= wanted || shortSince == 0) {
      shortSince = System.nanoTime();
    }
    online = replicasOnline;
  }

  /** Replicas to wait for on the (single) master. */
  int required() {
    if (wanted == 0 || online >= wanted) {
      return wanted;
    }
    long now = System.nanoTime();
    boolean afterSwitch = switchedAt != 0 && now - switchedAt < graceNanos * 4;
    return afterSwitch || shortSince != 0 && now - shortSince >= graceNanos ? online : wanted;
  }

  /** Replicas to wait for on a Cluster master: its replicas the topology does not mark failing. */
  int required(Partitions partitions, RedisClusterNode master) {
    if (wanted == 0) {
      return 0;
    }
    int healthy = 0;
    for (RedisClusterNode n : partitions) {
      if (master.getNodeId().equals(n.getSlaveOf()) && !n.is(RedisClusterNode.NodeFlag.FAIL)
          && !n.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
        healthy++;
      }
    }
    return Math.min(wanted, healthy);
  }

  /** Whether writes are now acknowledged on fewer copies than wanted. */
  boolean degraded() {
    return wanted > 0 && required() < wanted;
  }

  void failoverStarted() {
    holdUntil = System.nanoTime() + holdNanos;
    holding = true;
  }

  /** The connection now talks to the new master; {@code settle} lets writes sent to the old one finish. */
  void followed(Duration settle) {
    switchedAt = System.nanoTime();
    holdUntil = switchedAt + settle.toNanos();
    holding = true;
  }

  /** Whether no write may be acknowledged now (a Sentinel failover is under way). */
  boolean holding() {
    if (holding && System.nanoTime() - holdUntil > 0) {
      holding = false;
    }
    return holding;
  }
}
