package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/** Prometheus metrics: Vert.x's own and the business ones, fresh at each scrape. */
class MetricsTest {

  @Test
  void exposesHttpAndBusinessMetricsForPrometheus() {
    EmbeddedRedis own = TestRedis.dedicated();
    Relevo relevo = TestServers.start(Map.of("REDIS_URL", own.uri()));
    try {
      Api api = new Api(relevo.port());
      Api.Conversation c = api.create("en");
      api.say(c, "how do I connect to the VPN from home?", null);
      api.post("/api/v1/conversations/" + c.id() + "/messages",
          new JsonObject().put("text", "Yes, it helped").put("payload", "kb.helped:en-it-vpn-connect").encode(), c.token());
      api.post("/api/v1/conversations/" + c.id() + "/messages",
          new JsonObject().put("text", "5").put("payload", "csat:5").encode(), c.token());
      Api.Response metrics = api.get("/metrics", null);
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("vertx_http_server_requests_total")
          .contains("relevo_knowledge_article_shown_total{article=\"en-it-vpn-connect\"} 1.0")
          .contains("relevo_knowledge_article_helpful_total{article=\"en-it-vpn-connect\"} 1.0")
          .contains("relevo_conversation_outcomes{outcome=\"resolved_by_bot\"} 1.0")
          .contains("relevo_satisfaction_scores{score=\"5\"} 1.0")
          .contains("relevo_understanding_hurried_total 0.0");
    } finally {
      relevo.stop();
      own.close();
    }
  }

  /**
   * With intents.hurryAfter=1ms, turns that queue behind others for the understanding threads are understood hurried
   * (greetings: no ticket action at stake), and every one is still answered.
   */
  @Test
  void countsHurriedAnalyses() throws Exception {
    EmbeddedRedis own = TestRedis.dedicated();
    Relevo relevo = TestServers.start(Map.of("REDIS_URL", own.uri(), "RELEVO_INTENTS_HURRY_AFTER", "1ms"));
    try {
      Api api = new Api(relevo.port());
      int n = 4 * Runtime.getRuntime().availableProcessors() + 4;
      java.util.List<Api.Conversation> conversations = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        conversations.add(api.create("en"));
      }
      // all at once: more turns than understanding threads, so most wait for one longer than 1 ms
      java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(n);
      try {
        java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
        for (Api.Conversation c : conversations) {
          statuses.add(senders.submit(() -> api.say(c, "hello!", null).status()));
        }
        for (java.util.concurrent.Future<Integer> status : statuses) {
          assertThat(status.get(60, java.util.concurrent.TimeUnit.SECONDS) / 100).isEqualTo(2);
        }
      } finally {
        senders.shutdownNow();
      }
      String hurried = api.get("/metrics", null).body().lines()
          .filter(line -> line.startsWith("relevo_understanding_hurried_total ")).findFirst().orElseThrow();
      assertThat(Double.parseDouble(hurried.substring(hurried.indexOf(' ') + 1))).isBetween(1.0, (double) n);
      for (Api.Conversation c : conversations) {
        assertThat(api.transcript(c)).filteredOn(m -> "bot".equals(m.getString("role"))).hasSizeGreaterThanOrEqualTo(2);
      }
    } finally {
      relevo.stop();
      own.close();
    }
  }
}
