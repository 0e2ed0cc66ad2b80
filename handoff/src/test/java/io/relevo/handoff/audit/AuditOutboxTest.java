package io.relevo.handoff.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.RespClient;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;

/** Audit entries Redis did not take are written later, in order, or given up loudly. */
class AuditOutboxTest {

  @Test
  void entriesWrittenWhileRedisIsDownAreWrittenInOrderOnceItIsBack() throws Exception {
    EmbeddedRedis node = TestRedis.dedicated();
    Vertx vertx = Vertx.vertx();
    RedisConnector redis = RedisConnector.connect(node.uri(), Duration.ofSeconds(1));
    try {
      AuditOutbox outbox = new AuditOutbox(vertx, redis, 100, Duration.ofMinutes(5));
      node.stop();
      for (int i = 0; i < 3; i++) {
        outbox.write("{audit}:log", Map.of("action", "POST /x/" + i, "actor", "ana"))
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      assertThat(outbox.waiting()).isEqualTo(3);
      node.start();
      Eventually.until("the outbox is written", Duration.ofSeconds(30), () -> outbox.waiting() == 0);
      String stream = RespClient.command(node.port(), "XRANGE", "{audit}:log", "-", "+");
      assertThat(stream.indexOf("POST /x/0")).isLessThan(stream.indexOf("POST /x/1"));
      assertThat(stream.indexOf("POST /x/1")).isLessThan(stream.indexOf("POST /x/2"));
      assertThat(outbox.dropped()).isZero();
    } finally {
      redis.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.close();
    }
  }

  @Test
  void anEntryRedisNeverTakesIsGivenUpAndCounted() throws Exception {
    EmbeddedRedis node = TestRedis.dedicated();
    Vertx vertx = Vertx.vertx();
    RedisConnector redis = RedisConnector.connect(node.uri(), Duration.ofSeconds(1));
    try {
      AuditOutbox outbox = new AuditOutbox(vertx, redis, 100, Duration.ofMillis(100));
      node.stop();
      outbox.write("{audit}:log", Map.of("action", "POST /x", "actor", "ana"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Eventually.until("the entry is given up", Duration.ofSeconds(30), () -> outbox.dropped() == 1);
      assertThat(outbox.waiting()).isZero();
    } finally {
      redis.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.close();
    }
  }
}
