package io.relevo.handoff.queue;

import java.util.List;

import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Agents' internal notes on a conversation for {@link HandoffService}: a Redis list that expires
 * with the conversation's record. Whether an agent may write one is the caller's business.
 * Thread-safe; futures complete on the caller's context.
 */
final class Notes {

  /** Appends a note that expires with its conversation's record (never outlives the transcript). */
  private static final String ADD_NOTE = """
      local n = redis.call('RPUSH', KEYS[1], ARGV[1])
      local ttl = redis.call('PTTL', KEYS[2])
      if ttl > 0 then
        redis.call('PEXPIRE', KEYS[1], ttl)
      elseif ttl == -2 then
        redis.call('DEL', KEYS[1])
      end
      return n
      """;

  private final Vertx vertx;
  private final RedisConnector redis;

  Notes(Vertx vertx, RedisConnector redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  static String key(String conversationId) {
    return io.relevo.redis.Keyspace.notes(conversationId);
  }

  /** Appends {@code note} (its JSON) to the conversation's notes. */
  Future<Long> add(String conversationId, String note) {
    return HandoffStore.call(vertx, redis.commands().<Long>eval(ADD_NOTE,
        io.lettuce.core.ScriptOutputType.INTEGER, new String[] {key(conversationId),
        io.relevo.redis.Keyspace.conversation(conversationId)}, note));
  }

  /** The notes, oldest first. */
  Future<List<String>> list(String conversationId) {
    return HandoffStore.call(vertx, redis.commands().lrange(key(conversationId), 0, -1));
  }
}
