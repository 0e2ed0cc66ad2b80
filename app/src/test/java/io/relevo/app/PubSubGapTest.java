package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.RespClient;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * Redis drops Relevo's pub/sub connection (CLIENT KILL) just before a message is stored, over and
 * over: the events published before the subscriptions are back are lost, yet the person's socket
 * still delivers the whole transcript, each message once and in order (it holds live messages
 * back until it has read the transcript past the gap).
 */
class PubSubGapTest {

  private static final int ROUNDS = 30;

  @Test
  @Timeout(120)
  void theSocketDeliversEveryMessageInOrderAcrossLostPubSubConnections() throws Exception {
    try (EmbeddedRedis redis = TestRedis.dedicated()) {
      Relevo relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_HTTP_INSTANCES", "1"));
      try {
        Api api = new Api(relevo.port());
        Api.Conversation c = api.create("en");
        WsClient ws = WsClient.connect(relevo.port(), c, null);
        try {
          for (int i = 0; i < ROUNDS; i++) {
            RespClient.command(redis.port(), "CLIENT", "KILL", "TYPE", "pubsub");
            Api.Response r = api.say(c, i % 2 == 0 ? "hello" : "thanks", "m-" + i);
            assertThat(r.status()).as("message %d", i).isEqualTo(200);
          }
          List<String> transcript = api.transcript(c).stream().map(m -> m.getString("id")).toList();
          List<String> received = new ArrayList<>();
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (received.size() < transcript.size() && System.nanoTime() < deadline) {
            JsonObject f = ws.poll(Duration.ofMillis(200));
            if (f != null && "message".equals(f.getString("type"))) {
              received.add(f.getJsonObject("message").getString("id"));
            }
          }
          assertThat(received).as("message ids received over the socket").containsExactlyElementsOf(transcript);
        } finally {
          ws.close();
        }
      } finally {
        relevo.stop();
      }
    }
  }
}
