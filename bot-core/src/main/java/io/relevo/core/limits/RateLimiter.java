package io.relevo.core.limits;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.ConversationException;
import io.relevo.core.conversation.LuaScript;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Fixed-window request counters in Redis, shared by every instance: at most {@code limit} hits
 * per key per window. Thread-safe; futures complete on the caller's context.
 */
public final class RateLimiter {

  private static final LuaScript HIT = LuaScript.of("""
      local c = redis.call('INCR', KEYS[1])
      local ttl = redis.call('PTTL', KEYS[1])
      if ttl < 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        ttl = tonumber(ARGV[1])
      end
      return {c, ttl}
      """, ScriptOutputType.MULTI);

  private static final LuaScript CHECK = LuaScript.of("""
      local c = tonumber(redis.call('GET', KEYS[1]) or '0')
      return {c, redis.call('PTTL', KEYS[1])}
      """, ScriptOutputType.MULTI);

  private final Vertx vertx;
  private final RedisConnector redis;

  /** The outcome of one hit; {@code retryAfter} is when the window ends, when refused. */
  public record Decision(boolean allowed, Duration retryAfter) {
  }

  public RateLimiter(Vertx vertx, RedisConnector redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** Counts one hit on {@code key} (which should carry a Cluster hash tag where it matters). */
  public Future<Decision> hit(String key, int limit, Duration window) {
    return run(HIT, key, limit, window, true);
  }

  /**
   * Whether one more hit on {@code key} would still be allowed, without counting it; for limits
   * that count only failures (sign-in attempts).
   */
  public Future<Decision> check(String key, int limit) {
    return run(CHECK, key, limit, Duration.ZERO, false);
  }

  private Future<Decision> run(LuaScript script, String key, int limit, Duration window, boolean counting) {
    Future<List<Object>> counted;
    try {
      counted = Future.fromCompletionStage(script.<List<Object>>run(redis.commands(),
          new String[] {key}, Long.toString(window.toMillis())), vertx.getOrCreateContext());
    } catch (RuntimeException e) {
      counted = Future.failedFuture(e);
    }
    return counted
        .map(r -> {
          long count = (Long) r.get(0);
          long ttl = (Long) r.get(1);
          return new Decision(counting ? count <= limit : count < limit, Duration.ofMillis(Math.max(ttl, 1)));
        })
        .recover(e -> Future.failedFuture(new ConversationException(
            ConversationException.Reason.UNAVAILABLE, "the rate limiter is unavailable", e)));
  }
}
