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
          .contains("relevo_kb_article_shown{article=\"en-it-vpn-connect\"} 1.0")
          .contains("relevo_kb_article_helpful{article=\"en-it-vpn-connect\"} 1.0")
          .contains("relevo_conversation_outcomes{outcome=\"resolved_by_bot\"} 1.0")
          .contains("relevo_satisfaction_answers{score=\"5\"} 1.0");
    } finally {
      relevo.stop();
      own.close();
    }
  }
}
