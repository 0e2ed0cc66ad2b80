package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.testkit.Eventually;
import io.relevo.testkit.RedisClusterSet;
import io.relevo.testkit.RespClient;
import io.vertx.core.json.JsonObject;

/**
 * Live messages on a Redis Cluster (three masters with a replica each) when nothing is lost but
 * the cluster changes or slows: a slot map that changes (a planned replica takeover) causes no
 * catch-up while the pub/sub connection stays up, and a paused node holds a person's live replies
 * back no longer than the pause.
 */
class ClusterLiveEventsTest {

  static RedisClusterSet redis;
  static Relevo relevo;

  @BeforeAll
  static void start() {
    redis = RedisClusterSet.start(3, 1, Duration.ofMillis(1000), true);
    relevo = TestServers.start(Map.of("REDIS_URL", redis.url(), "RELEVO_REDIS_ACK_REPLICAS", "1",
        "RELEVO_HTTP_INSTANCES", "1"));
  }

  @AfterAll
  static void stop() {
    if (relevo != null) {
      relevo.stop();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static double metric(String name) {
    return new Api(relevo.port()).get("/metrics", null).body().lines()
        .filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst().orElseThrow();
  }

  @Test
  void aChangingSlotMapCausesNoCatchUpWhileThePubSubConnectionStaysUp() {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      ws.messages(1);
      double resyncsBefore = metric("relevo_redis_resyncs_total");
      double heldBefore = metric("relevo_ws_held_back_total"); // process-wide: other tests' count too

      // a planned takeover in every shard: every slot moves to another node, every instance's
      // topology is refreshed, connections to the new masters open
      for (int i = 0; i < 3; i++) {
        int slot = i * 5461 + 1;
        int master = redis.masterOf(slot);
        int replica = redis.replicasOf(master).get(0);
        RespClient.command(replica, "CLUSTER", "FAILOVER");
        redis.awaitNewMaster(slot, master, Duration.ofSeconds(30));
      }

      // the conversation goes on; its messages arrive once each, in order
      for (int i = 0; i < 3; i++) {
        String cmid = "after-" + i;
        Api.Response r = retryWhileUnavailable(() -> api.say(c, "how do I reset my password?", cmid));
        assertThat(r.status()).isEqualTo(200);
      }
      List<JsonObject> transcript = api.transcript(c);
      List<JsonObject> seen = ws.messages(transcript.size() - 1);
      assertThat(seen).extracting(m -> m.getString("id"))
          .containsExactlyElementsOf(transcript.subList(1, transcript.size()).stream().map(m -> m.getString("id")).toList());
      assertThat(metric("relevo_redis_resyncs_total")).as("catch-ups").isEqualTo(resyncsBefore);
      assertThat(metric("relevo_ws_held_back_total")).as("live messages held back").isEqualTo(heldBefore);
    }
  }

  @Test
  void aPausedNodeHoldsLiveRepliesBackNoLongerThanThePause() {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      ws.messages(1);
      int node = redis.masterOf(redis.slot("{conv:" + c.id() + "}"));
      long pauseMs = 3000;
      long paused = System.nanoTime();
      RespClient.command(node, "CLIENT", "PAUSE", Long.toString(pauseMs), "WRITE");
      ws.send(new JsonObject().put("type", "message").put("text", "how do I reset my password?")
          .put("clientMessageId", "paused-1"));
      JsonObject reply = ws.next(f -> "message".equals(f.getString("type"))
          && "bot".equals(f.getJsonObject("message").getString("role")));
      long late = (System.nanoTime() - paused) / 1_000_000 - pauseMs;
      System.out.printf("A node paused for %d ms: the bot's reply reached the person's socket %d ms after the pause ended%n",
          pauseMs, late);
      assertThat(reply.getJsonObject("message").getString("text")).isNotBlank();
      // a generous bound: the reply waits for the pause, not for a catch-up cycle (which held
      // replies back for up to 28 s before)
      assertThat(late).as("ms after the pause ended").isLessThan(5000);
    } finally {
      RespClient.command(redis.masterOf(redis.slot("{conv:" + c.id() + "}")), "CLIENT", "UNPAUSE");
    }
  }

  private static Api.Response retryWhileUnavailable(java.util.function.Supplier<Api.Response> send) {
    Api.Response[] last = new Api.Response[1];
    Eventually.until("a send that is not refused as unavailable", Duration.ofSeconds(30), () -> {
      last[0] = send.get();
      return last[0].status() != 503;
    });
    return last[0];
  }
}
