package io.relevo.handoff.audit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.XAddArgs;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Writes audit entries to their stream, keeping in order the ones Redis did not take (its node is
 * down, a failover is under way) and writing them again every second until it does. An entry is
 * given up only when it has waited longer than the retry limit or the outbox is full; each one
 * given up is logged at ERROR and counted in {@code relevo_audit_dropped_total}, so an audit gap
 * is never silent.
 *
 * <p>Entries carry the time of the action ({@code at}), so one written late keeps its time. The
 * outbox lives in this process: entries still waiting when it stops are logged at ERROR and
 * counted. Thread-safe; owned by its {@link AuditLog}.
 */
final class AuditOutbox {

  private static final Logger LOG = LoggerFactory.getLogger(AuditOutbox.class);

  private record Pending(String stream, Map<String, String> fields, long since) {
  }

  private final Vertx vertx;
  private final RedisConnector redis;
  private final int capacity;
  private final long giveUpNanos;
  private final Deque<Pending> waiting = new ArrayDeque<>();
  private final AtomicLong dropped = new AtomicLong();
  private boolean draining;
  private long timer = -1;

  AuditOutbox(Vertx vertx, RedisConnector redis, int capacity, Duration giveUpAfter) {
    this.vertx = vertx;
    this.redis = redis;
    this.capacity = capacity;
    this.giveUpNanos = giveUpAfter.toNanos();
  }

  /** Writes {@code fields} to {@code stream}, now or, when Redis does not take it, later. */
  Future<Void> write(String stream, Map<String, String> fields) {
    synchronized (this) {
      if (!waiting.isEmpty()) {
        // keep the order: behind the ones already waiting
        enqueue(new Pending(stream, fields, System.nanoTime()));
        return Future.succeededFuture();
      }
    }
    return xadd(stream, fields).recover(e -> {
      synchronized (this) {
        enqueue(new Pending(stream, fields, System.nanoTime()));
      }
      LOG.warn("An audit entry waits to be written: {}", e.toString());
      return Future.succeededFuture();
    });
  }

  private Future<Void> xadd(String stream, Map<String, String> fields) {
    try {
      return Future.fromCompletionStage(redis.commands().xadd(stream,
          XAddArgs.Builder.maxlen(1_000_000).approximateTrimming(), fields), vertx.getOrCreateContext()).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void enqueue(Pending p) {
    if (waiting.size() >= capacity) {
      drop(waiting.pollFirst(), "the audit outbox is full");
    }
    waiting.addLast(p);
    if (timer < 0) {
      timer = vertx.setPeriodic(1000, t -> drain());
    }
  }

  /** Writes the waiting entries in order until one fails; gives up the ones too old. */
  private void drain() {
    Pending next;
    synchronized (this) {
      if (draining) {
        return;
      }
      while (!waiting.isEmpty() && System.nanoTime() - waiting.peekFirst().since() > giveUpNanos) {
        drop(waiting.pollFirst(), "Redis did not take it in time");
      }
      next = waiting.peekFirst();
      if (next == null) {
        vertx.cancelTimer(timer);
        timer = -1;
        return;
      }
      draining = true;
    }
    xadd(next.stream(), next.fields()).onComplete(ar -> {
      synchronized (this) {
        draining = false;
        if (ar.succeeded() && waiting.peekFirst() == next) {
          waiting.pollFirst();
        }
      }
      if (ar.succeeded()) {
        drain();
      }
    });
  }

  private void drop(Pending p, String why) {
    dropped.incrementAndGet();
    // the action and the actor's id name no person (targets are pseudonymised)
    LOG.error("An audit entry was given up ({}): {} by {} at {}", why, p.fields().get("action"),
        p.fields().get("actor"), p.fields().get("at"));
  }

  /** Entries waiting to be written. */
  synchronized int waiting() {
    return waiting.size();
  }

  /** Entries given up since start. */
  long dropped() {
    return dropped.get();
  }

  /** At stop: what still waits is given up, loudly. */
  synchronized void close() {
    while (!waiting.isEmpty()) {
      drop(waiting.pollFirst(), "the instance stopped");
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
