package io.relevo.handoff.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.dialogue.HandoffPort.Escalation;
import io.relevo.core.dialogue.HandoffPort.Outcome;
import io.relevo.handoff.agents.Agent;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Conversations going into and out of the queues for {@link HandoffService}: escalation and
 * withdrawal, the queues' sorted-set index, each waiting person's place in line, and the
 * announcements every instance's agents hear of. Thread-safe; futures complete on the caller's
 * context.
 */
final class Queueing {

  private final Vertx vertx;
  private final RedisConnector redis;
  private final ConversationService conversations;
  private final ConversationEvents events;
  private final Presence presence;
  private final BusinessHours hours;
  private final List<String> queueNames;
  private final Duration averageHandling = Duration.ofMinutes(4);

  Queueing(Vertx vertx, RedisConnector redis, ConversationService conversations, ConversationEvents events,
      Presence presence, BusinessHours hours, List<String> queueNames) {
    this.vertx = vertx;
    this.redis = redis;
    this.conversations = conversations;
    this.events = events;
    this.presence = presence;
    this.hours = hours;
    this.queueNames = queueNames;
  }

  static String key(String queue) {
    return io.relevo.redis.Keyspace.handoffQueue(queue);
  }

  Future<Escalation> escalate(Conversation conversation, String reason, String queue) {
    String q = queueNames.contains(queue) ? queue : HandoffService.DEFAULT_QUEUE;
    Instant now = Instant.now();
    if (conversation.state() == ConversationState.QUEUED || conversation.state() == ConversationState.AGENT) {
      return Future.succeededFuture(new Escalation(Outcome.ALREADY, 0, Duration.ZERO));
    }
    if (!hours.isOpen(q, now)) {
      return Future.succeededFuture(new Escalation(Outcome.UNAVAILABLE, 0, Duration.ZERO));
    }
    // nobody to wait for: say so at once rather than leave the person waiting
    return presence.anyoneFor(q).compose(anyone -> !anyone
        ? Future.succeededFuture(new Escalation(Outcome.UNAVAILABLE, 0, Duration.ZERO))
        : queue(conversation, q, reason, now));
  }

  private Future<Escalation> queue(Conversation conversation, String q, String reason, Instant now) {
    // the queue's index first (it may sit on another Cluster shard): a conversation in the index
    // that is not waiting is dropped when the queue is read, while a waiting conversation missing
    // from it would never be seen by an agent
    return call(redis.commands().zadd(key(q), io.lettuce.core.ZAddArgs.Builder.nx(), now.toEpochMilli(),
            conversation.id()))
        .compose(added -> conversations.transition(conversation.id(), Set.of(ConversationState.BOT),
            ConversationState.QUEUED, Map.of("queue", q, "reason", reason, "queuedAt", Long.toString(now.toEpochMilli()))))
        .compose(won -> {
          if (!won) {
            return Future.succeededFuture(new Escalation(Outcome.ALREADY, 0, Duration.ZERO));
          }
          return announce("queued", conversation.id(), null)
              .compose(v -> position(q, conversation.id()))
              .map(pos -> new Escalation(Outcome.QUEUED, pos, averageHandling.multipliedBy(Math.max(1, pos))));
        });
  }

  Future<Boolean> withdraw(Conversation conversation) {
    if (conversation.state() != ConversationState.QUEUED) {
      return Future.succeededFuture(false);
    }
    String q = conversation.fields().getOrDefault("queue", HandoffService.DEFAULT_QUEUE);
    return conversations.transition(conversation.id(), Set.of(ConversationState.QUEUED), ConversationState.BOT,
            Map.of("queue", "", "reason", "", "queuedAt", ""))
        .compose(won -> !won ? Future.succeededFuture(false)
            : call(redis.commands().zrem(key(q), conversation.id()))
                .compose(v -> announce("withdrawn", conversation.id(), null))
                .compose(v -> tellPositions(q))
                .map(true));
  }

  /** Puts a conversation back in {@code queue}, in line by {@code since} (when it first waited). */
  Future<Long> requeue(String queue, long since, String conversationId) {
    return call(redis.commands().zadd(key(queue), since, conversationId));
  }

  /** Takes a conversation out of {@code queue} and tells those behind it their new place. */
  Future<Void> leave(String queue, String conversationId) {
    return this.<Long>call(redis.commands().zrem(key(queue), conversationId)).compose(n -> tellPositions(queue));
  }

  /**
   * Tells everyone still waiting in {@code queue} their place in line and the wait (a transient
   * {@code queue} event; the transcript is not touched). Best effort: losing it only delays the news.
   */
  Future<Void> tellPositions(String queue) {
    return this.<List<String>>call(redis.commands().zrange(key(queue), 0, 199)).compose(ids -> {
      List<Future<Void>> sent = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        long position = i + 1;
        sent.add(conversations.publish(ids.get(i), new io.vertx.core.json.JsonObject().put("type", "queue")
            .put("position", position)
            .put("estimatedWaitMinutes", averageHandling.multipliedBy(position).toMinutes()).encode()));
      }
      return Future.join(sent).<Void>mapEmpty();
    }).recover(e -> Future.succeededFuture());
  }

  /** 1-based place in line, or 0 when not waiting. */
  Future<Long> position(String queue, String conversationId) {
    return this.<Long>call(redis.commands().zrank(key(queue), conversationId))
        .map(rank -> rank == null ? 0L : rank + 1);
  }

  /** Tells every instance's agents that something changed; losing this only delays their view. */
  Future<Void> announce(String type, String conversationId, String agentId) {
    return announce(type, conversationId, agentId, null);
  }

  /** As {@link #announce(String, String, String)}; {@code by} is the agent who gave the conversation to {@code agentId}. */
  Future<Void> announce(String type, String conversationId, String agentId, Agent by) {
    io.vertx.core.json.JsonObject e = new io.vertx.core.json.JsonObject().put("type", type)
        .put("conversationId", conversationId);
    if (agentId != null) {
      e.put("agentId", agentId);
    }
    if (by != null) {
      e.put("by", new io.vertx.core.json.JsonObject().put("id", by.id()).put("name", by.name()));
    }
    return events.publishTopic(HandoffService.TOPIC, e.encode()).recover(err -> Future.succeededFuture());
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return HandoffStore.call(vertx, stage);
  }
}
