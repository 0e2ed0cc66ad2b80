package io.relevo.handoff.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.SetArgs;
import io.relevo.core.conversation.Tokens;
import io.relevo.handoff.agents.Agent;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Assigns waiting conversations automatically: queues in priority order, in each the longest waiting first, to the
 * online agent with the queue's skill who has the fewest conversations, below their capacity.
 * One instance assigns at a time (a short Redis lease), and each assignment is the same atomic
 * claim an agent makes by hand, so no conversation ever goes to two agents and no agent gets
 * more than their capacity, with any number of instances. Runs every second and right after a
 * change; thread-safe.
 */
public final class AutoAssigner {

  private static final Logger LOG = LoggerFactory.getLogger(AutoAssigner.class);
  static final String LEASE = io.relevo.redis.Keyspace.ASSIGNER_LEASE_KEY;

  private final Vertx vertx;
  private final RedisConnector redis;
  private final HandoffService handoff;
  private final String me = Tokens.random(8);
  private long timer = -1;
  private boolean running;

  public AutoAssigner(Vertx vertx, RedisConnector redis, HandoffService handoff) {
    this.vertx = vertx;
    this.redis = redis;
    this.handoff = handoff;
  }

  public void start() {
    timer = vertx.setPeriodic(1000, t -> assign());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** One round: assigns what it can now. */
  public Future<Integer> assign() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    return Future.fromCompletionStage(redis.commands().set(LEASE, me, SetArgs.Builder.nx().px(Duration.ofSeconds(5).toMillis())),
            vertx.getOrCreateContext())
        .compose(ok -> "OK".equals(ok) ? round() : Future.succeededFuture(0))
        .eventually(() -> Future.fromCompletionStage(redis.commands().get(LEASE), vertx.getOrCreateContext())
            .compose(owner -> me.equals(owner)
                ? Future.fromCompletionStage(redis.commands().del(LEASE), vertx.getOrCreateContext()).mapEmpty()
                : Future.succeededFuture()))
        .onComplete(ar -> {
          running = false;
          if (ar.failed()) {
            LOG.debug("Assignment round failed: {}", ar.cause().getMessage());
          }
        });
  }

  private Future<Integer> round() {
    return handoff.presence().online().compose(online -> {
      if (online.isEmpty()) {
        return Future.succeededFuture(0);
      }
      List<Future<Map.Entry<Agent, Integer>>> loads = new ArrayList<>();
      for (Agent a : online.values()) {
        loads.add(handoff.heldBy(a).map(held -> Map.entry(a, held.size())));
      }
      return Future.all(loads).compose(all -> {
        Map<Agent, Integer> load = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
          Map.Entry<Agent, Integer> e = all.resultAt(i);
          load.put(e.getKey(), e.getValue());
        }
        return handoff.queues().compose(queues -> {
          // every waiting conversation: higher-priority queues first, then longest waiting first
          List<HandoffService.Waiting> waiting = new ArrayList<>();
          queues.values().forEach(waiting::addAll);
          List<String> priority = handoff.queueNames();
          waiting.sort(Comparator.comparing((HandoffService.Waiting w) -> priority.indexOf(w.queue()))
              .thenComparing(HandoffService.Waiting::since));
          Future<Integer> chain = Future.succeededFuture(0);
          for (HandoffService.Waiting w : waiting) {
            chain = chain.compose(n -> {
              Agent best = load.entrySet().stream()
                  .filter(e -> Presence.serves(e.getKey(), w.queue()) && e.getValue() < e.getKey().capacity())
                  .min(Comparator.comparing((Map.Entry<Agent, Integer> e) -> e.getValue())
                      .thenComparing(e -> e.getKey().id()))
                  .map(Map.Entry::getKey).orElse(null);
              if (best == null) {
                return Future.succeededFuture(n);
              }
              return handoff.claim(w.conversationId(), best)
                  .map(c -> {
                    load.merge(best, 1, Integer::sum);
                    return n + 1;
                  })
                  .recover(e -> Future.succeededFuture(n)); // taken meanwhile
            });
          }
          return chain;
        });
      });
    });
  }
}
