package io.relevo.handoff.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.relevo.core.conversation.ConversationException;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Role;
import io.relevo.handoff.queue.HandoffService.Waiting;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The queues as agents see them: each waiting conversation with its reason and a preview of the
 * person's last message, reading the queue's sorted set and dropping entries that no longer wait
 * there. Which queues an agent may see is the caller's business ({@link QueueAccess}).
 * Thread-safe; futures complete on the caller's context.
 */
final class WaitingView {

  private final Vertx vertx;
  private final RedisConnector redis;
  private final ConversationService conversations;

  WaitingView(Vertx vertx, RedisConnector redis, ConversationService conversations) {
    this.vertx = vertx;
    this.redis = redis;
    this.conversations = conversations;
  }

  /** What waits in each of {@code names}, longest waiting first. */
  Future<Map<String, List<Waiting>>> queues(List<String> names) {
    List<Future<List<Waiting>>> all = new ArrayList<>();
    for (String q : names) {
      all.add(waiting(q));
    }
    return Future.all(all).map(cf -> {
      Map<String, List<Waiting>> out = new java.util.LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        out.put(names.get(i), cf.resultAt(i));
      }
      return out;
    });
  }

  /** Age after which an index entry of a conversation still with the bot is stale. */
  private static final long STALE_AFTER_MS = 30_000;

  private Future<List<Waiting>> waiting(String queue) {
    return this.<List<io.lettuce.core.ScoredValue<String>>>call(
        redis.commands().zrangeWithScores(Queueing.key(queue), 0, 199)).compose(entries -> {
      List<Future<Waiting>> items = new ArrayList<>();
      long now = System.currentTimeMillis();
      for (io.lettuce.core.ScoredValue<String> entry : entries) {
        String id = entry.getValue();
        // a conversation is put in the index just before it starts waiting: a young entry of one
        // still with the bot may be a handoff under way
        boolean young = now - (long) entry.getScore() < STALE_AFTER_MS;
        items.add(conversations.find(id)
            .compose(c -> {
              if (c.state() == ConversationState.BOT && young) {
                return Future.succeededFuture((Waiting) null);
              }
              if (c.state() != ConversationState.QUEUED || !queue.equals(c.fields().get("queue"))) {
                // claimed or moved elsewhere meanwhile: drop the stale index entry
                return call(redis.commands().zrem(Queueing.key(queue), id)).map(v -> (Waiting) null);
              }
              return conversations.transcript(id, null, 1000).map(msgs -> new Waiting(id, queue,
                  c.fields().getOrDefault("reason", ""),
                  Instant.ofEpochMilli(Long.parseLong(c.fields().getOrDefault("queuedAt", "0"))), c.locale(),
                  preview(msgs), question(msgs), c.customer() == null ? null : c.customer().name()));
            })
            .recover(e -> e instanceof ConversationException ce && ce.reason() == ConversationException.Reason.NOT_FOUND
                ? call(redis.commands().zrem(Queueing.key(queue), id)).map(v -> (Waiting) null)
                // its Cluster shard does not answer now: left out of this view, not the whole queue
                : Future.succeededFuture((Waiting) null)));
      }
      return Future.all(items).map(cf -> {
        List<Waiting> list = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          if (cf.resultAt(i) != null) {
            list.add(cf.resultAt(i));
          }
        }
        list.sort(Comparator.comparing(Waiting::since));
        return list;
      });
    });
  }

  private static String preview(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (m.role() == Role.CUSTOMER && m.text() != null) {
        return m.text().length() > 140 ? m.text().substring(0, 140) + "…" : m.text();
      }
    }
    return "";
  }

  /** The person's first message typed rather than chosen from a button, cut to 140 characters. */
  private static String question(List<Message> messages) {
    for (Message m : messages) {
      if (m.role() == Role.CUSTOMER && m.payload() == null && m.text() != null && !m.text().isBlank()) {
        return m.text().length() > 140 ? m.text().substring(0, 140) + "…" : m.text();
      }
    }
    return "";
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return HandoffStore.call(vertx, stage);
  }
}
