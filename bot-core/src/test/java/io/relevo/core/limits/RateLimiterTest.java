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
      RateLimiter limiter = new RateLimiter(vertx, redis);
      assertThat(hit(limiter).allowed()).isTrue();
      assertThat(hit(limiter).allowed()).isFalse(); // limit 1 per window

      // the node stops answering writes (a slow or failing Cluster shard)
      RespClient.command(node.port(), "CLIENT", "PAUSE", "3000", "WRITE");
      RateLimiter.Decision during = hit(limiter);
      assertThat(during.allowed()).isTrue();
      assertThat(limiter.unavailable()).isEqualTo(1);
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
