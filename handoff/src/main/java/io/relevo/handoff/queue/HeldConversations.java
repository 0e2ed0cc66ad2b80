package io.relevo.handoff.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.ConversationException;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.LuaScript;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.handoff.agents.Agent;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The conversations each agent holds, and their capacity: a Redis set per agent whose size a
 * conversation can join only inside one script ({@code reserve.lua}) that checks it against the
 * agent's capacity, so parallel claims and transfers on any number of instances never give an
 * agent more than their capacity. The script touches only the agent's key, so it works on Redis
 * Cluster; a place is taken before the conversation's own compare-and-set and given back when
 * that is lost. Places left behind (a conversation that expired or was erased while held, a
 * crash between the two steps) are dropped when the agent is found full.
 *
 * <p>Thread-safe; futures complete on the caller's context.
 */
final class HeldConversations {

  private static final LuaScript RESERVE = LuaScript.load(HeldConversations.class, "reserve.lua", ScriptOutputType.INTEGER);

  /** What {@link #reserve} did. */
  enum Place {
    /** Taken now: give it back with {@link #release} if the conversation is not had after all. */
    TAKEN,
    /** The conversation already counted for this agent. */
    ALREADY
  }

  private final Vertx vertx;
  private final RedisConnector redis;
  private final ConversationService conversations;

  HeldConversations(Vertx vertx, RedisConnector redis, ConversationService conversations) {
    this.vertx = vertx;
    this.redis = redis;
    this.conversations = conversations;
  }

  static String key(String agentId) {
    return io.relevo.redis.Keyspace.agentConversations(agentId);
  }

  /** Takes a place of {@code agent}'s for {@code conversationId}; fails with 409 {@code at_capacity} when all are held. */
  Future<Place> reserve(Agent agent, String conversationId) {
    return tryReserve(agent, conversationId).compose(place -> place != null ? Future.succeededFuture(place)
        : prune(agent).compose(dropped -> dropped == 0 ? Future.succeededFuture((Place) null) : tryReserve(agent, conversationId)))
        .compose(place -> place != null ? Future.succeededFuture(place)
            : Future.failedFuture(new ApiException(409, "at_capacity", agent.name() + " already holds "
                + agent.capacity() + " conversations, their capacity.")));
  }

  private Future<Place> tryReserve(Agent agent, String conversationId) {
    return this.<Long>call(RESERVE.run(redis.commands(), new String[] {key(agent.id())}, conversationId,
        Integer.toString(agent.capacity())))
        .map(r -> r == 1 ? Place.TAKEN : r == 2 ? Place.ALREADY : null);
  }

  /**
   * Drops the places of conversations the agent no longer has: gone, back with the bot, closed, or
   * with someone else. A waiting conversation keeps its place: it may be a claim in progress.
   */
  private Future<Integer> prune(Agent agent) {
    return heldBy(agent.id()).compose(ids -> {
      List<Future<String>> stale = new ArrayList<>();
      for (String id : ids) {
        stale.add(conversations.find(id)
            .map(c -> c.state() == ConversationState.QUEUED
                || c.state() == ConversationState.AGENT && agent.id().equals(c.fields().get("agentId")) ? null : id)
            .recover(e -> e instanceof ConversationException ce && ce.reason() == ConversationException.Reason.NOT_FOUND
                ? Future.succeededFuture(id) : Future.failedFuture(e)));
      }
      return Future.all(stale).compose(all -> {
        List<String> drop = new ArrayList<>();
        for (int i = 0; i < stale.size(); i++) {
          if (all.resultAt(i) != null) {
            drop.add(all.resultAt(i));
          }
        }
        return drop.isEmpty() ? Future.succeededFuture(0)
            : call(redis.commands().srem(key(agent.id()), drop.toArray(String[]::new))).map(Long::intValue);
      });
    });
  }

  /** Gives back {@code agentId}'s place for {@code conversationId}. */
  Future<Void> release(String agentId, String conversationId) {
    return call(redis.commands().srem(key(agentId), conversationId)).mapEmpty();
  }

  Future<Set<String>> heldBy(String agentId) {
    return call(redis.commands().smembers(key(agentId)));
  }

  Future<Long> count(String agentId) {
    return call(redis.commands().scard(key(agentId)));
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(e instanceof ApiException || e instanceof ConversationException ? e
            : new ConversationException(ConversationException.Reason.UNAVAILABLE, "the handoff store is unavailable", e)));
  }
}
