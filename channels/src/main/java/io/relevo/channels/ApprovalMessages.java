package io.relevo.channels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.LuaScript;
import io.relevo.redis.Keyspace;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Where each approval message sent to an approver in a chat platform is, so that every message that
 * asked about a step can be updated once the step is decided or withdrawn, whichever instance sent
 * it. One Redis hash per step ({@link Keyspace#approvalMessages}, under the {@code {tickets}} hash
 * tag): a field per message, named by its reference ({@code slack:CHANNEL:TS},
 * {@code teams:CONVERSATION:ACTIVITY}), whose value is what the platform needs to update it and the
 * language it was written in, as JSON. Each write sets the key's TTL again (in the same script, so
 * the key never lives without one), so a step's references
 * last {@code ttl} after its latest message; they are deleted once the step's messages are updated.
 * The references hold the approvers' chat ids, never a requester's data.
 *
 * <p>Thread-safe: it holds no state, and uses the process's Redis connection, which it does not own
 * (nor close). Futures complete on the caller's Vert.x context.
 */
public final class ApprovalMessages {

  /**
   * One message: its reference and what updating it takes ({@code where}, with its language under
   * {@code lang}).
   */
  public record Sent(String ref, JsonObject where) {

    /** The language tag the message was written in; null when it does not say. */
    public String lang() {
      return where.getString("lang");
    }
  }

  /** One message remembered and the TTL set, at once: the key never lives without its TTL. */
  private static final LuaScript REMEMBER = LuaScript.of("""
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      return redis.call('PEXPIRE', KEYS[1], ARGV[3])
      """, ScriptOutputType.INTEGER);

  private final Vertx vertx;
  private final RedisConnector redis;
  private final long ttlMillis;

  /** @param ttl how long a step's references are kept after its latest message */
  public ApprovalMessages(Vertx vertx, RedisConnector redis, Duration ttl) {
    this.vertx = vertx;
    this.redis = redis;
    this.ttlMillis = ttl.toMillis();
  }

  /** Records that the message {@code ref} ({@code platform:...}) asked about the approval {@code approvalId}. */
  public Future<Void> remember(String approvalId, String ref, JsonObject where) {
    return call(REMEMBER.<Long>run(redis.commands(), new String[] {Keyspace.approvalMessages(approvalId)}, ref, where.encode(),
        Long.toString(ttlMillis))).mapEmpty();
  }

  /** The messages of {@code platform} ({@code slack}, {@code teams}) that asked about {@code approvalId}. */
  public Future<List<Sent>> of(String approvalId, String platform) {
    return call(redis.commands().hgetall(Keyspace.approvalMessages(approvalId))).map(all -> {
      List<Sent> mine = new ArrayList<>();
      for (Map.Entry<String, String> e : all.entrySet()) {
        if (e.getKey().startsWith(platform + ":")) {
          try {
            mine.add(new Sent(e.getKey(), new JsonObject(e.getValue())));
          } catch (RuntimeException unreadable) {
            // not ours to update: skipped, and deleted with the others
            mine.add(new Sent(e.getKey(), new JsonObject()));
          }
        }
      }
      return mine;
    });
  }

  /** Forgets the messages {@code refs} of {@code approvalId} (they were updated, or cannot be). */
  public Future<Void> forget(String approvalId, List<String> refs) {
    if (refs.isEmpty()) {
      return Future.succeededFuture();
    }
    return call(redis.commands().hdel(Keyspace.approvalMessages(approvalId), refs.toArray(String[]::new))).mapEmpty();
  }

  private <T> Future<T> call(java.util.concurrent.CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
