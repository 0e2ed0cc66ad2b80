package io.relevo.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.api.StatefulRedisConnection;

/**
 * One connection's {@code WAIT}s, one at a time. Redis blocks a connection while it runs a
 * {@code WAIT}, so every command pipelined behind it waits too: many callers each sending their
 * own would queue up one timeout after another when a replica is slow or gone. Here a caller joins
 * the next {@code WAIT}, which covers every write the connection made before it was sent; at most
 * one runs, and the one after it is sent when it returns.
 *
 * <p>Thread-safe; owned by the {@link RedisConnector}, one per connection that writes.
 */
final class WaitBarrier {

  private final StatefulRedisConnection<String, String> connection;
  /** The replicas the latest caller needs; the next WAIT asks for them. */
  private int replicas;
  private final long timeoutMs;
  private List<CompletableFuture<Long>> next = new ArrayList<>();
  private boolean inFlight;

  WaitBarrier(StatefulRedisConnection<String, String> connection, long timeoutMs) {
    this.connection = connection;
    this.timeoutMs = timeoutMs;
  }

  /** The number of replicas (asked for {@code needed}) that confirmed every write the connection made before this call. */
  CompletionStage<Long> await(int needed) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    synchronized (this) {
      replicas = needed;
      next.add(f);
      if (!inFlight) {
        fire();
      }
    }
    return f;
  }

  /** Sends one WAIT for everyone waiting now; called holding the lock. */
  private void fire() {
    List<CompletableFuture<Long>> batch = next;
    next = new ArrayList<>();
    inFlight = true;
    CompletionStage<Long> acked;
    try {
      acked = connection.async().waitForReplication(Math.max(1, replicas), timeoutMs);
    } catch (RuntimeException e) {
      acked = CompletableFuture.failedFuture(e);
    }
    acked.whenComplete((n, error) -> {
      for (CompletableFuture<Long> f : batch) {
        if (error != null) {
          f.completeExceptionally(error);
        } else {
          f.complete(n);
        }
      }
      synchronized (this) {
        inFlight = false;
        if (!next.isEmpty()) {
          fire();
        }
      }
    });
  }
}
