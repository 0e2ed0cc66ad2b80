package io.relevo.app;

import java.time.Duration;

import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

/**
 * The {@code redis} readiness check: UP while this instance can write the keys it needs (a master
 * that answers as one; with Cluster, every slot served), DOWN once that has been untrue for longer
 * than the grace, so a blip that every instance sees at once (a failover, a Sentinel restart) does
 * not take them all out of the load balancer together. Thread-safe.
 */
final class RedisReadiness implements Handler<Promise<Status>> {

  private final Vertx vertx;
  private final RedisConnector redis;
  private final long graceNanos;
  /** When the current run of failed checks began; 0 while the last check passed. */
  private volatile long failingSince;

  RedisReadiness(Vertx vertx, RedisConnector redis, Duration grace) {
    this.vertx = vertx;
    this.redis = redis;
    this.graceNanos = grace.toNanos();
  }

  @Override
  public void handle(Promise<Status> promise) {
    Future.fromCompletionStage(redis.writable(), vertx.getOrCreateContext()).onComplete(ar -> {
      String problem = ar.succeeded() ? ar.result() : "Redis does not answer";
      if (problem == null) {
        failingSince = 0;
        promise.complete(Status.OK());
        return;
      }
      long now = System.nanoTime();
      if (failingSince == 0) {
        failingSince = now;
      }
      JsonObject data = new JsonObject().put("error", problem);
      promise.complete(now - failingSince >= graceNanos ? Status.KO(data) : Status.OK(data.put("grace", true)));
    });
  }
}
