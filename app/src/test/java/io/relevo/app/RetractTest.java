package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.Keyspace;
import io.relevo.testkit.RespClient;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * A master crash takes away writes its replica had not received, after their events reached the
 * sockets. Stood in for here by deleting the last two messages from the stored transcript (what
 * the promoted replica lacks) and dropping the pub/sub connection (what the failover does): the
 * person's socket takes them back with a {@code retract} frame and goes on from the last stored
 * message, and a socket that reconnects from a vanished message is told so first.
 */
class RetractTest {

  @Test
  @Timeout(60)
  void messagesAMasterCrashLostAreTakenBackFromTheSocket() throws Exception {
    try (EmbeddedRedis redis = TestRedis.dedicated()) {
      Relevo relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_HTTP_INSTANCES", "1"));
      try {
        Api api = new Api(relevo.port());
        Api.Conversation c = api.create("en");
        WsClient ws = WsClient.connect(relevo.port(), c, null);
        try {
          List<String> received = new ArrayList<>();
          assertThat(api.say(c, "hello", "m-1").status()).isEqualTo(200);
          List<String> kept = ids(api.transcript(c));
          receive(ws, received, kept.size());
          assertThat(api.say(c, "thanks", "m-2").status()).isEqualTo(200);
          List<String> all = ids(api.transcript(c));
          receive(ws, received, all.size());
          assertThat(received).containsExactlyElementsOf(all);

          // the promoted replica never had the second exchange
          List<String> lost = all.subList(kept.size(), all.size());
          for (String id : lost) {
            RespClient.command(redis.port(), "XDEL", Keyspace.transcript(c.id()), id);
          }
          RespClient.command(redis.port(), "CLIENT", "KILL", "TYPE", "pubsub");

          JsonObject retract = frame(ws, "retract");
          assertThat(retract.getString("after")).as("the last stored message").isEqualTo(kept.get(kept.size() - 1));
          received.removeIf(id -> lost.contains(id));

          // the person sends again what was not acknowledged: stored anew, delivered after the
          // survivor (a new client id: this stand-in keeps the id index the crash would lose too)
          assertThat(api.say(c, "thanks", "m-2b").status()).isEqualTo(200);
          List<String> now = ids(api.transcript(c));
          receive(ws, received, now.size());
          assertThat(received).as("what the socket shows").containsExactlyElementsOf(now);
          assertThat(now).doesNotContainAnyElementsOf(lost);
        } finally {
          ws.close();
        }

        // a page that reconnects from a message that vanished hears of it before anything else
        List<String> stored = ids(api.transcript(c));
        RespClient.command(redis.port(), "XDEL", Keyspace.transcript(c.id()), stored.get(stored.size() - 1));
        WsClient again = WsClient.connect(relevo.port(), c, stored.get(stored.size() - 1));
        try {
          JsonObject first = again.poll(Duration.ofSeconds(10));
          assertThat(first).isNotNull();
          assertThat(first.getString("type")).isEqualTo("retract");
          assertThat(first.getString("after")).isEqualTo(stored.get(stored.size() - 2));
        } finally {
          again.close();
        }
      } finally {
        relevo.stop();
      }
    }
  }

  private static List<String> ids(List<JsonObject> transcript) {
    return transcript.stream().map(m -> m.getString("id")).toList();
  }

  private static void receive(WsClient ws, List<String> received, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (received.size() < n && System.nanoTime() < deadline) {
      JsonObject f = ws.poll(Duration.ofMillis(200));
      if (f != null && "message".equals(f.getString("type"))) {
        received.add(f.getJsonObject("message").getString("id"));
      }
    }
  }

  private static JsonObject frame(WsClient ws, String type) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject f = ws.poll(Duration.ofMillis(200));
      if (f != null && type.equals(f.getString("type"))) {
        return f;
      }
      assertThat(f == null || !"message".equals(f.getString("type"))).as("no message before the " + type + ": " + f).isTrue();
    }
    throw new AssertionError("no " + type + " frame");
  }
}
