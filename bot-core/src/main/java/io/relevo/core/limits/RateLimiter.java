package io.relevo.core.limits;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.LuaScript;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Fixed-window request counters in Redis, shared by every instance: at most {@code limit} hits
 * per key per window.
 *
 * <p>A limit protects the service; it must not be what takes it down. When the counter's node does
 * not answer within {@link #UNANSWERED} (with Cluster, a client address's counter may sit on a shard
 * that is down while the conversation's own shard is fine), the hit is allowed and counted in
 * {@code relevo_rate_limiter_unavailable_total}.
 *
 * <p>Thread-safe; futures complete on the caller's context.
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

  /** How long a hit waits for its counter before it is allowed uncounted. */
  static final Duration UNANSWERED = Duration.ofMillis(500);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RateLimiter.class);

  private final Vertx vertx;
  private final RedisConnector redis;
  private final Duration unanswered;
  private final java.util.concurrent.atomic.AtomicLong unavailable = new java.util.concurrent.atomic.AtomicLong();

  /** The outcome of one hit; {@code retryAfter} is when the window ends, when refused. */
  public record Decision(boolean allowed, Duration retryAfter) {
  }

  public RateLimiter(Vertx vertx, RedisConnector redis) {
    this(vertx, redis, UNANSWERED);
  }

  /** @param unanswered how long a hit waits for its counter before it is allowed uncounted */
  RateLimiter(Vertx vertx, RedisConnector redis, Duration unanswered) {
    this.vertx = vertx;
    this.redis = redis;
    this.unanswered = unanswered;
  }

  /** Exports {@code relevo_rate_limiter_unavailable_total}; call while wiring. */
  public RateLimiter metrics(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.FunctionCounter.builder("relevo_rate_limiter_unavailable", unavailable,
        java.util.concurrent.atomic.AtomicLong::get)
        .description("Requests allowed without being counted because the rate limiter's Redis node did not answer")
        .register(registry);
    return this;
  }

  /** Hits allowed uncounted since start. */
  public long unavailable() {
    return unavailable.get();
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
        .timeout(unanswered.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .recover(e -> {
          if (unavailable.getAndIncrement() % 1000 == 0) {
            LOG.warn("The rate limiter's Redis node does not answer: requests are allowed uncounted ({})", e.toString());
          }
          return Future.succeededFuture(new Decision(true, Duration.ZERO));
        });
  }
}
