package io.relevo.core.conversation;

import static io.relevo.core.conversation.ConversationServiceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.RespClient;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;

/** Listeners catch up after their pub/sub connection's own loss, and only then. */
class PubSubLossTest {

  @Test
  void anotherConnectionsLossCausesNoResyncButThePubSubConnectionsOwnLossDoes() throws Exception {
    EmbeddedRedis node = TestRedis.dedicated();
    Vertx vertx = Vertx.vertx();
    RedisConnector redis = RedisConnector.connect(node.uri(), Duration.ofSeconds(2));
    ConversationEvents events = new ConversationEvents(vertx, redis);
    try {
      List<String> types = new CopyOnWriteArrayList<>();
      await(events.subscribe("c1", e -> types.add(e.type())));
      await(events.publish("c1", "{\"type\":\"typing\"}"));
      Eventually.until("the first event", () -> types.contains("typing"));

      // the shared command connection breaks and comes back: no event was lost, so no catch-up
      RespClient.command(node.port(), "CLIENT", "KILL", "TYPE", "normal");
      Eventually.until("the command connection is back", () -> {
        try {
          return "PONG".equals(redis.ping().toCompletableFuture().get(1, TimeUnit.SECONDS));
        } catch (Exception e) {
          return false;
        }
      });
      await(events.publish("c1", "{\"type\":\"typing\"}"));
      Eventually.until("the second event", () -> types.stream().filter("typing"::equals).count() == 2);
      assertThat(types).doesNotContain(ConversationEvents.DISCONNECTED, ConversationEvents.RESYNC);
      assertThat(events.resyncs()).isZero();

      // the pub/sub connection itself breaks: listeners hold back, then catch up once
      RespClient.command(node.port(), "CLIENT", "KILL", "TYPE", "pubsub");
      Eventually.until("a resync", () -> types.contains(ConversationEvents.RESYNC));
      assertThat(types.indexOf(ConversationEvents.DISCONNECTED)).isLessThan(types.indexOf(ConversationEvents.RESYNC));
      assertThat(events.resyncs()).isEqualTo(1);
    } finally {
      events.close();
      redis.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      node.close();
    }
  }
}
