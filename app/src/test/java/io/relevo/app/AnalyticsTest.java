package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What operators see: the analytics API and its CSV export after real conversations (an answer that
 * helped, a handoff claimed and closed by an agent, an unanswered question, satisfaction), the
 * metrics those conversations move, and the audit log of what the agent did.
 */
class AnalyticsTest {

  private static EmbeddedRedis redis;
  private static Relevo relevo;
  private static Api api;

  @BeforeAll
  static void start() {
    redis = TestRedis.dedicated();
    relevo = TestServers.start(Map.of("REDIS_URL", redis.uri()));
    api = new Api(relevo.port());
  }

  @AfterAll
  static void stop() {
    relevo.stop();
    redis.close();
  }

  @Test
  void conversationsBecomeContainmentDeflectionHandoffReasonsSatisfactionAndTimeToAgent() throws Exception {
    String supervisor = HandoffTest.login(api, "sam");
    String agent = HandoffTest.login(api, "ana");

    // 1. an answer that helped, then 5 stars
    Api.Conversation helped = api.create("en");
    api.say(helped, "how do I connect to the VPN from home?", null);
    api.post("/api/v1/conversations/" + helped.id() + "/messages",
        new JsonObject().put("text", "Yes").put("payload", "kb.helped:en-it-vpn-connect").encode(), helped.token());
    api.post("/api/v1/conversations/" + helped.id() + "/messages",
        new JsonObject().put("text", "5").put("payload", "csat:5").encode(), helped.token());

    // 2. a question without an answer (with an email address in it)
    Api.Conversation unanswered = api.create("en");
    api.say(unanswered, "how do I configure the quantum flux capacitor, write to me at jo@example.com", null);

    // 3. a person asks for an agent, who takes it and closes it
    Api.Conversation handed = api.create("es");
    try (WsClient console = HandoffTest.online(relevo, agent)) {
      assertThat(HandoffTest.askForAPerson(api, handed, "Hablar con una persona").status()).isEqualTo(200);
      assertThat(api.post("/api/v1/handoffs/" + handed.id() + "/claim", null, agent).status()).isEqualTo(200);
      assertThat(api.post("/api/v1/handoffs/" + handed.id() + "/close",
          new JsonObject().put("resolution", "solved").encode(), agent).status()).isEqualTo(204);
    }

    String today = LocalDate.now(ZoneOffset.UTC).toString();
    Eventually.until("the analytics count the three conversations", () -> {
      JsonObject t = api.get("/api/v1/analytics", supervisor).json().getJsonObject("totals");
      return t.getLong("conversations") == 3 && t.getLong("unanswered") >= 1 && t.getLong("timeToAgentCount") == 1
          && t.getLong("handlingCount") == 1 && t.getLong("answersShown") >= 1;
    });
    Api.Response r = api.get("/api/v1/analytics?from=" + today + "&to=" + today + "&channel=all", supervisor);
    assertThat(r.status()).isEqualTo(200);
    JsonObject report = r.json();
    JsonObject totals = report.getJsonObject("totals");
    assertThat(totals.getLong("resolvedByBot")).isEqualTo(1);
    assertThat(totals.getLong("handedOff")).isEqualTo(1);
    assertThat(totals.getLong("abandoned")).isEqualTo(1);
    assertThat(totals.getDouble("containmentRate")).isEqualTo(0.3333);
    assertThat(totals.getLong("answersHelpful")).isEqualTo(1);
    assertThat(totals.getDouble("selfServiceSuccessRate")).isEqualTo(1.0);
    assertThat(totals.getLong("satisfactionAnswers")).isEqualTo(1);
    assertThat(totals.getDouble("satisfactionAverage")).isEqualTo(5.0);
    assertThat(totals.getLong("handoffs")).isEqualTo(1);
    assertThat(report.getJsonArray("days")).hasSize(1);
    assertThat(report.getJsonArray("channels").getList()).contains("web");

    JsonObject vpn = find(report.getJsonArray("articles"), "articleId", "en-it-vpn-connect");
    assertThat(vpn.getLong("shown")).isEqualTo(1);
    assertThat(vpn.getLong("helpful")).isEqualTo(1);
    assertThat(vpn.getLong("deflected")).isEqualTo(1);
    assertThat(vpn.getString("title")).isNotBlank();
    assertThat(find(report.getJsonArray("handoffReasons"), "reason", "asked_for_person").getLong("count")).isEqualTo(1);
    assertThat(report.getJsonArray("intents").stream().map(o -> ((JsonObject) o).getString("intent")))
        .isNotEmpty();
    JsonArray gaps = report.getJsonArray("unanswered");
    assertThat(gaps).isNotEmpty();
    assertThat(gaps.encode()).contains("quantum flux capacitor").doesNotContain("jo@example.com");

    // the channel filter: nothing happened on Slack
    JsonObject slack = api.get("/api/v1/analytics?channel=slack", supervisor).json().getJsonObject("totals");
    assertThat(slack.getLong("conversations")).isZero();
    assertThat(slack.getValue("containmentRate")).isNull();

    // CSV export of the daily rows and of the articles
    Api.Response days = api.get("/api/v1/analytics/export?table=days&from=" + today + "&to=" + today, supervisor);
    assertThat(days.status()).isEqualTo(200);
    assertThat(days.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    List<String> lines = days.body().replace("\uFEFF", "").lines().toList();
    assertThat(lines.get(0)).startsWith("date,conversations,resolved_by_bot,handed_off,containment_rate");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith(today + ",3,1,1,0.3333");
    Api.Response articles = api.get("/api/v1/analytics/export?table=articles", supervisor);
    assertThat(articles.body()).contains("en-it-vpn-connect");

    // only supervisors, and bad filters are clear errors
    assertThat(api.get("/api/v1/analytics", agent).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/analytics", null).status()).isEqualTo(401);
    Api.Response reversed = api.get("/api/v1/analytics?from=2026-02-01&to=2026-01-01", supervisor);
    assertThat(reversed.status()).isEqualTo(400);
    assertThat(reversed.errorCode()).isEqualTo("bad_request");
    assertThat(api.get("/api/v1/analytics?from=yesterday", supervisor).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/analytics?to=1900-01-01", supervisor).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/analytics?from=2020-01-01&to=2026-01-01", supervisor).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/analytics/export?table=secrets", supervisor).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/analytics?channel=%3Cscript%3E", supervisor).status()).isEqualTo(400);

    // Prometheus: handoffs by reason, conversations, and the latency histograms
    String metrics = api.get("/metrics", null).body();
    assertThat(metrics)
        .contains("relevo_handoffs_total{reason=\"asked_for_person\"} 1.0")
        .contains("relevo_conversations_started_total 3.0")
        .contains("relevo_turn_latency_seconds_bucket")
        .contains("relevo_queue_wait_seconds_count 1")
        .contains("relevo_agent_handling_seconds_count 1")
        .contains("relevo_event_loop_delay_seconds_bucket")
        .contains("lettuce_command_completion_seconds");

    // the audit log: the agent's claim and close, the supervisor's export and reading of a conversation; admins only
    assertThat(api.get("/api/v1/handoffs/" + handed.id() + "/context", supervisor).status()).isEqualTo(200);
    Api.Response audit = api.get("/api/v1/admin/audit?actor=ana", supervisor);
    assertThat(audit.status()).isEqualTo(200);
    List<String> actions = audit.json().getJsonArray("entries").stream()
        .map(o -> ((JsonObject) o).getString("action")).toList();
    assertThat(actions).contains("POST /api/v1/handoffs/:id/claim", "POST /api/v1/handoffs/:id/close",
        "POST /api/v1/agents/login");
    JsonObject close = audit.json().getJsonArray("entries").stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("action").endsWith("/close")).findFirst().orElseThrow();
    assertThat(close.getJsonObject("target").getString("id")).isEqualTo(handed.id());
    assertThat(close.getInteger("status")).isEqualTo(204);
    assertThat(close.getString("actorName")).isEqualTo("Ana");
    assertThat(api.get("/api/v1/admin/audit?actor=sam", supervisor).json().getJsonArray("entries").stream()
        .map(o -> ((JsonObject) o).getString("action"))).contains("GET /api/v1/analytics/export");
    assertThat(api.get("/api/v1/admin/audit?actor=sam", supervisor).json().getJsonArray("entries").stream()
        .map(o -> (JsonObject) o).filter(e -> e.getString("action").equals("GET /api/v1/handoffs/:id/context")))
        .as("reading a conversation's transcript and tickets is audited")
        .anySatisfy(e -> assertThat(e.getJsonObject("target").getString("id")).isEqualTo(handed.id()));
    assertThat(api.get("/api/v1/analytics", agent).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/admin/audit?actor=ana", supervisor).json().getJsonArray("entries").stream()
        .map(o -> (JsonObject) o).filter(e -> e.getString("action").equals("GET /api/v1/analytics")))
        .as("a denied attempt is audited").anySatisfy(e -> assertThat(e.getInteger("status")).isEqualTo(403));
    assertThat(api.get("/api/v1/admin/audit", agent).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/admin/audit?limit=lots", supervisor).status()).isEqualTo(400);
  }

  private static JsonObject find(JsonArray rows, String key, String value) {
    return rows.stream().map(o -> (JsonObject) o).filter(o -> value.equals(o.getString(key))).findFirst()
        .orElseThrow(() -> new AssertionError(value + " not in " + rows.encode()));
  }
}
