package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * Article feedback counts only for articles the bot showed in that conversation, and what people
 * write reaches the analytics CSV export as text a spreadsheet will not run.
 */
class FeedbackTest {

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

  private static Api.Response rate(Api.Conversation c, String payload) {
    return api.post("/api/v1/conversations/" + c.id() + "/messages",
        new JsonObject().put("text", "Yes").put("payload", payload).encode(), c.token());
  }

  @Test
  void feedbackForAnArticleNotShownIsRefusedAndCountsNothing() throws Exception {
    String supervisor = HandoffTest.login(api, "sam");
    Api.Conversation c = api.create("en");
    assertThat(api.say(c, "how do I connect to the VPN from home?", null).status()).isEqualTo(200);
    int messages = api.transcript(c).size();

    Api.Response madeUp = rate(c, "kb.helped:\t=cmd|' /C calc'!A0");
    assertThat(madeUp.status()).isEqualTo(404);
    assertThat(madeUp.errorCode()).isEqualTo("article_not_shown");
    Api.Response other = rate(c, "kb.not_helped:en-it-password-reset");
    assertThat(other.status()).isEqualTo(404);
    assertThat(api.transcript(c)).hasSize(messages);

    JsonObject totals = api.get("/api/v1/analytics", supervisor).json().getJsonObject("totals");
    assertThat(totals.getLong("resolvedByBot")).isZero();
    assertThat(totals.getLong("answersHelpful")).isZero();
    assertThat(totals.getLong("answersNotHelpful")).isZero();
    String metrics = api.get("/metrics", null).body();
    assertThat(metrics).doesNotContain("cmd").doesNotContain("en-it-password-reset");
    assertThat(api.get("/api/v1/analytics/export?table=articles", supervisor).body()).doesNotContain("cmd");

    // the article the bot did show can be rated
    assertThat(rate(c, "kb.helped:en-it-vpn-connect").status()).isEqualTo(200);
    Eventually.until("the shown article's feedback counts", () ->
        api.get("/api/v1/analytics", supervisor).json().getJsonObject("totals").getLong("resolvedByBot") == 1);
  }

  @Test
  void theBotIgnoresFeedbackForAnUnshownArticleOnEveryChannel() {
    String supervisor = HandoffTest.login(api, "sam");
    Api.Conversation c = api.create("en");
    long before = api.get("/api/v1/analytics", supervisor).json().getJsonObject("totals").getLong("answersHelpful");
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      ws.messages(1);
      ws.send(new JsonObject().put("type", "postback").put("payload", "kb.helped:made-up-over-ws")
          .put("clientMessageId", "f1"));
      List<JsonObject> next = ws.messages(2);
      assertThat(next.get(1).getString("text")).startsWith("That article is no longer available");
      // nor can a real article that was never offered be opened as a choice (and so counted as shown)
      ws.send(new JsonObject().put("type", "postback").put("payload", "kb.show:en-fac-parking")
          .put("clientMessageId", "f2"));
      assertThat(ws.messages(2).get(1).getString("text")).startsWith("That article is no longer available");
    }
    assertThat(api.get("/api/v1/analytics", supervisor).json().getJsonObject("totals").getLong("answersHelpful"))
        .isEqualTo(before);
    assertThat(api.get("/metrics", null).body()).doesNotContain("made-up-over-ws");
  }

  @Test
  void formulasInQuestionsAreEscapedInTheCsvExport() {
    String supervisor = HandoffTest.login(api, "sam");
    Api.Conversation c = api.create("en");
    api.say(c, "@SUM(1+1)*cmd|' /C calc'!A0 quantum flux capacitor", null);
    api.say(c, "=HYPERLINK(\"http://evil.example\",\"quantum flux\")", null);

    Eventually.until("both questions are in the export", () -> {
      String csv = api.get("/api/v1/analytics/export?table=unanswered", supervisor).body();
      return csv.contains("SUM(1+1)") && csv.contains("HYPERLINK");
    });
    String csv = api.get("/api/v1/analytics/export?table=unanswered", supervisor).body().replace("\uFEFF", "");
    assertThat(csv).contains("\r\n'@SUM(1+1)*cmd|' /C calc'!A0 quantum flux capacitor,")
        .contains("\r\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"quantum flux\"\")\",");
  }
}
