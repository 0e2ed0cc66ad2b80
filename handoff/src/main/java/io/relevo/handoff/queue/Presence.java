package io.relevo.handoff.queue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.relevo.core.conversation.ConversationException;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentDirectory;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Which agents are online, kept alive by their console sockets' heartbeats: one entry per open
 * socket (so several tabs work), gone when the socket closes or when heartbeats stop (a crashed
 * instance). Thread-safe.
 */
public final class Presence {

  static final String KEY = io.relevo.redis.Keyspace.PRESENCE_KEY;
  /** How often a socket renews its entry. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(10);
  private static final Duration STALE = HEARTBEAT.multipliedBy(3);

  /** An agent's availability. */
  public enum Status {
    ONLINE, AWAY
  }

  private final Vertx vertx;
  private final RedisConnector redis;
  private final AgentDirectory directory;

  public Presence(Vertx vertx, RedisConnector redis, AgentDirectory directory) {
    this.vertx = vertx;
    this.redis = redis;
    this.directory = directory;
  }

  /** Records that {@code socketId} of {@code agent} is alive with {@code status}. */
  public Future<Void> beat(String socketId, Agent agent, Status status) {
    String value = new JsonObject().put("agentId", agent.id()).put("status", status.name().toLowerCase())
        .put("ts", System.currentTimeMillis()).encode();
    return call(redis.commands().hset(KEY, socketId, value)).mapEmpty();
  }

  public Future<Void> gone(String socketId) {
    return call(redis.commands().hdel(KEY, socketId)).mapEmpty();
  }

  /** Whether an agent who serves {@code queue} is online (the general queue: any agent). */
  public Future<Boolean> anyoneFor(String queue) {
    return online().map(agents -> agents.values().stream().anyMatch(a -> serves(a, queue)));
  }

  static boolean serves(Agent agent, String queue) {
    return HandoffService.DEFAULT_QUEUE.equals(queue) || agent.skills().contains(queue);
  }

  /** Agents online now, by id. */
  public Future<Map<String, Agent>> online() {
    long fresh = System.currentTimeMillis() - STALE.toMillis();
    return this.<Map<String, String>>call(redis.commands().hgetall(KEY)).map(entries -> {
      Map<String, Agent> out = new java.util.HashMap<>();
      entries.forEach((socket, json) -> {
        JsonObject e = new JsonObject(json);
        if (e.getLong("ts", 0L) >= fresh && "online".equals(e.getString("status"))) {
          directory.find(e.getString("agentId")).ifPresent(a -> out.put(a.id(), a));
        } else if (e.getLong("ts", 0L) < fresh) {
          redis.commands().hdel(KEY, socket); // a socket of a crashed instance
        }
      });
      return out;
    });
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(new ConversationException(ConversationException.Reason.UNAVAILABLE,
            "presence is unavailable", e)));
  }
}
