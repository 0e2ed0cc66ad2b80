package io.relevo.core.tickets;

import static io.relevo.core.tickets.RedisTicketSystem.ALL;
import static io.relevo.core.tickets.RedisTicketSystem.PENDING;
import static io.relevo.core.tickets.RedisTicketSystem.byRequester;
import static io.relevo.core.tickets.RedisTicketSystem.key;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * How {@link RedisTicketSystem} deletes tickets: the retention of closed ones, and a person's
 * erasure with the webhook deliveries that carry copies of theirs. Deletions are no versions, so
 * {@link TicketListener}s are not told of them. Thread-safe: no state; the Redis connection is the
 * store's.
 */
final class TicketDeletions {

  private final Vertx vertx;
  private final RedisConnector redis;
  private final WebhookStore webhookStore;

  TicketDeletions(Vertx vertx, RedisConnector redis, WebhookStore webhookStore) {
    this.vertx = vertx;
    this.redis = redis;
    this.webhookStore = webhookStore;
  }

  /** See {@link RedisTicketSystem#purgeClosedBefore}. */
  Future<RedisTicketSystem.Purge> purgeClosedBefore(Instant cutoff, int skip, int max) {
    var c = redis.commands();
    return call(c.zrangebyscore(ALL, io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) cutoff.toEpochMilli()),
        io.lettuce.core.Limit.create(skip, max))).compose(ids -> {
          List<Future<Integer>> done = new ArrayList<>();
          for (String id : ids) {
            done.add(call(c.hget(key(id), "json")).compose(json -> {
              if (json == null) {
                return call(c.zrem(ALL, id)).map(0);
              }
              Ticket t = RedisTicketSystem.parse(json);
              if (!t.status().isFinal() && t.status() != Ticket.Status.RESOLVED) {
                return Future.succeededFuture(0);
              }
              return call(c.del(key(id))).compose(n -> call(c.zrem(ALL, id))).compose(n -> call(c.zrem(PENDING, id)))
                  .compose(n -> call(c.zrem(byRequester(t.requester().key()), id))).map(1);
            }));
          }
          return Future.all(done).map(v -> new RedisTicketSystem.Purge(ids.size(),
              done.stream().mapToInt(Future::result).sum()));
        });
  }

  /** See {@link RedisTicketSystem#erase}. */
  Future<Integer> erase(Ticket.Requester requester) {
    String index = byRequester(requester.key());
    var c = redis.commands();
    return call(c.zrange(index, 0, -1)).compose(ids -> {
      List<Future<?>> done = new ArrayList<>();
      for (String id : ids) {
        done.add(call(c.del(key(id))));
        done.add(call(c.zrem(ALL, id)));
        done.add(call(c.zrem(PENDING, id)));
      }
      return Future.all(done).compose(v -> call(c.del(index)))
          .compose(v -> webhookStore.erase(requester.key()).recover(e -> Future.failedFuture(
              new TicketException(TicketException.Reason.UNAVAILABLE, "the ticket store is unavailable: " + e.getMessage()))))
          .map(v -> ids.size());
    });
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(e instanceof TicketException ? e
            : new TicketException(TicketException.Reason.UNAVAILABLE, "the ticket store is unavailable: " + e.getMessage())));
  }
}
