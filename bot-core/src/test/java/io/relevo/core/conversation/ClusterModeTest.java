package io.relevo.core.conversation;

import static io.relevo.core.conversation.ConversationServiceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;

/** The conversation store against Redis in Cluster mode: scripts, hash tags and pub/sub. */
class ClusterModeTest {

  @Test
  void storesAndAnswersMessagesOnARedisCluster() throws Exception {
    EmbeddedRedis node = TestRedis.cluster();
    Vertx vertx = Vertx.vertx();
    RedisConnector redis = RedisConnector.connect("redis-cluster://127.0.0.1:" + node.port(), Duration.ofSeconds(5));
    ConversationEvents events = new ConversationEvents(vertx, redis);
    try {
      assertThat(redis.isCluster()).isTrue();
      ConversationService s = new ConversationService(vertx, redis, events,
          new ConversationServiceTest.SlowEchoBot(vertx, new AtomicInteger(), new AtomicInteger()),
          new ConversationService.Options(Duration.ofHours(1), Duration.ofSeconds(20), Duration.ofSeconds(30)));
      ConversationService.Created created = await(s.create(new ConversationService.NewConversation("en", "web", null)));
      String id = created.conversation().id();

      List<CompletableFuture<List<Message>>> sends = java.util.stream.IntStream.range(0, 10)
          .mapToObj(i -> s.accept(id, "m" + i, "c" + i, null).compose(a -> s.replies(id, a.message().id()))
              .toCompletionStage().toCompletableFuture())
          .toList();
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      ConversationServiceTest.assertTranscriptOrdered(await(s.transcript(id, null, 100)), 10);
      assertThat(await(s.authorize(id, created.token())).attributes()).containsKey("last");
    } finally {
      events.close();
      redis.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.close();
    }
  }
}
