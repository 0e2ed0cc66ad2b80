package io.relevo.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.RespClient;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;

/** The limiter counts in Redis, and lets requests through uncounted when its node does not answer. */
class RateLimiterTest {

  @Test
  void countsWhileRedisAnswersAndAllowsUncountedWhileItsNodeIsPaused() throws Exception {
    EmbeddedRedis node = TestRedis.dedicated();
    Vertx vertx = Vertx.vertx();
    RedisConnector redis = RedisConnector.connect(node.uri(), Duration.ofSeconds(5));
    try {
      // a generous wait, so that a slow first call on a busy machine is not taken for a silent node
      RateLimiter limiter = new RateLimiter(vertx, redis, Duration.ofSeconds(2));
      assertThat(hit(limiter).allowed()).isTrue();
      assertThat(hit(limiter).allowed()).isFalse(); // limit 1 per window

      // the node stops answering writes (a slow or failing Cluster shard)
      long before = limiter.unavailable();
      RespClient.command(node.port(), "CLIENT", "PAUSE", "6000", "WRITE");
      RateLimiter.Decision during = hit(limiter);
      assertThat(during.allowed()).isTrue();
      assertThat(limiter.unavailable()).isEqualTo(before + 1);
    } finally {
      RespClient.command(node.port(), "CLIENT", "UNPAUSE");
      redis.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.close();
    }
  }

  private static RateLimiter.Decision hit(RateLimiter limiter) throws Exception {
    return limiter.hit("rate:test", 1, Duration.ofMinutes(1)).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }
}
