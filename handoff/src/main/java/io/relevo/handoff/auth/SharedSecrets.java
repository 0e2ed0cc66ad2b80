package io.relevo.handoff.auth;

import java.util.concurrent.TimeUnit;

import io.lettuce.core.SetArgs;
import io.relevo.core.conversation.Tokens;
import io.relevo.redis.RedisConnector;

/**
 * Random secrets every instance must agree on, created once and kept in Redis: the first
 * instance to start creates them, the others read them. Blocking: call at start-up, not on an
 * event loop.
 */
public final class SharedSecrets {

  private SharedSecrets() {
  }

  /** The value under {@code key}, created with {@code bytes} random bytes when absent. */
  public static String getOrCreate(RedisConnector redis, String key, int bytes) {
    try {
      redis.commands().set(key, Tokens.random(bytes), SetArgs.Builder.nx())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      String value = redis.commands().get(key).toCompletableFuture().get(10, TimeUnit.SECONDS);
      if (value == null) {
        throw new IllegalStateException("Redis lost the secret " + key);
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read the shared secret " + key + " from Redis: " + e.getMessage(), e);
    }
  }

}
