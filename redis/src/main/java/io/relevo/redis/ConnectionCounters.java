package io.relevo.redis;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the Redis client's connection events for the operators' metrics: connections open,
 * disconnects, writes that did not reach their replicas, master switches. Thread-safe.
 */
final class ConnectionCounters implements RedisConnectionStateListener {

  private final AtomicLong open = new AtomicLong();
  private final AtomicLong disconnects = new AtomicLong();
  private final AtomicLong notReplicated = new AtomicLong();

  @Override
  public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
    open.incrementAndGet();
  }

  @Override
  public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
    open.decrementAndGet();
    disconnects.incrementAndGet();
  }

  void notReplicated() {
    notReplicated.incrementAndGet();
  }

  void register(MeterRegistry registry, RedisConnector connector) {
    Gauge.builder("relevo_redis_connections", open, AtomicLong::get)
        .description("Connections of this instance to Redis nodes that are open now").register(registry);
    FunctionCounter.builder("relevo_redis_disconnects", disconnects, AtomicLong::get)
        .description("Connections to a Redis node that broke (each is reconnected by itself)").register(registry);
    FunctionCounter.builder("relevo_redis_not_replicated", notReplicated, AtomicLong::get)
        .description("Writes not acknowledged because they did not reach redis.ackReplicas replicas in time")
        .register(registry);
    Gauge.builder("relevo_redis_replication_degraded", connector, c -> c.replicationDegraded() ? 1 : 0)
        .description("1 while writes are acknowledged on fewer replicas than redis.ackReplicas (one is down, or after a failover)")
        .register(registry);
    FunctionCounter.builder("relevo_redis_master_switches", connector, RedisConnector::masterSwitches)
        .description("Master switches announced by the Redis Sentinels since start").register(registry);
  }
}
