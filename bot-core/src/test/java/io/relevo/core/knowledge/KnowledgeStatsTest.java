package io.relevo.core.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The knowledge-gap report keeps every question, redacted, whatever its shape. */
class KnowledgeStatsTest {

  private Vertx vertx;
  private RedisConnector redis;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() throws Exception {
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void keepsALongDottedAddressQuestionRedactedInTheGapReport() throws Exception {
    KnowledgeStats stats = new KnowledgeStats(vertx, redis);
    await(stats.gap("a@" + "a.".repeat(2000), "en", "no_answer"));

    var gaps = await(stats.gaps(100, 10));
    assertThat(gaps).extracting(KnowledgeStats.Gap::question).containsExactly("[email].");
  }

  @Test
  void redactedReplacesPersonalDataAndKeepsNull() {
    assertThat(KnowledgeStats.redacted("call 612 345 678")).isEqualTo("call [phone]");
    assertThat(KnowledgeStats.redacted(null)).isNull();
  }
}
