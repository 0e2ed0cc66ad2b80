package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.time.Clock;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.channels.slack.SlackSignature;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.Eventually;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Slack, against a local server speaking the Web API, with Slack's documented payload shapes. */
class SlackTest {

  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static Vertx vertx;
  static HttpServer slack;
  static final io.relevo.testkit.Arrivals<JsonObject> posted = new io.relevo.testkit.Arrivals<>();
  static EmbeddedRedis redis;
  static Relevo relevo;
  static RedisConnector store;
  static RedisTicketSystem tickets;
  static final String TEAM = "T123ABC456";

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    slack = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      boolean method = req.path().equals("/api/chat.postMessage") || req.path().equals("/api/chat.postEphemeral");
      if (method && "Bearer xoxb-test-token".equals(req.getHeader("Authorization"))) {
        // an ephemeral message is told apart by its "user", whom alone Slack shows it to
        posted.add(b.toJsonObject());
        req.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("ok", true).put("ts", System.nanoTime() + ".0001").encode());
      } else {
        req.response().setStatusCode(200).end("{\"ok\":false,\"error\":\"invalid_auth\"}");
      }
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    redis = TestRedis.dedicated();
    store = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, store, Clock.systemUTC(), false);
    relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_SLACK_SIGNING_SECRET", SECRET,
        "RELEVO_SLACK_BOT_TOKEN", "xoxb-test-token", "RELEVO_SLACK_API_URL", "http://127.0.0.1:" + slack.actualPort() + "/api",
        "RELEVO_HTTP_PUBLIC_URL", "https://help.nubentia.example"));
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    store.close();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Api.Response signed(String path, String body, String contentType, long timestamp, String secret,
      Map<String, String> extra) {
    String signature = "v0=" + SlackSignature.sign(secret, "v0:" + timestamp + ":" + body);
    Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Type", contentType,
        "X-Slack-Request-Timestamp", Long.toString(timestamp), "X-Slack-Signature", signature));
    headers.putAll(extra);
    return new Api(relevo.port()).send("POST", path, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static Api.Response event(JsonObject event, String eventId, Map<String, String> extra) {
    JsonObject body = new JsonObject().put("token", "XXYYZZ").put("team_id", "T123ABC456").put("api_app_id", "A123ABC456")
        .put("event", event).put("type", "event_callback").put("event_id", eventId).put("event_time", 1355517523);
    return signed("/api/v1/slack/events", body.encode(), "application/json", System.currentTimeMillis() / 1000, SECRET, extra);
  }

  private static JsonObject dm(String channel, String text, String ts) {
    return new JsonObject().put("type", "message").put("channel", channel).put("user", "U123ABC456").put("text", text)
        .put("ts", ts).put("event_ts", ts).put("channel_type", "im");
  }

  private static Api.Response click(String channel, String threadTs, String label, String value) {
    JsonObject payload = new JsonObject().put("type", "block_actions")
        .put("user", new JsonObject().put("id", "U123ABC456").put("username", "marta"))
        .put("team", new JsonObject().put("id", "T123ABC456")).put("channel", new JsonObject().put("id", channel))
        .put("message", threadTs == null ? new JsonObject().put("ts", "1.0") : new JsonObject().put("ts", "1.0").put("thread_ts", threadTs))
        .put("trigger_id", "13345224609.738474920.8088930838d88f008e0")
        .put("actions", new JsonArray().add(new JsonObject().put("action_id", "relevo_0").put("block_id", "b1")
            .put("text", new JsonObject().put("type", "plain_text").put("text", label)).put("value", value)
            .put("type", "button").put("action_ts", System.nanoTime() + ".1")));
    String form = "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8);
    return signed("/api/v1/slack/interactions", form, "application/x-www-form-urlencoded", System.currentTimeMillis() / 1000,
        SECRET, Map.of());
  }

  private static JsonObject awaitPost(Predicate<JsonObject> which) {
    return posted.await(which, "a chat.postMessage");
  }

  @Test
  void answersTheUrlVerificationChallenge() {
    JsonObject body = new JsonObject().put("token", "x").put("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
        .put("type", "url_verification");
    Api.Response r = signed("/api/v1/slack/events", body.encode(), "application/json", System.currentTimeMillis() / 1000, SECRET, Map.of());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getString("challenge")).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  }

  @Test
  void aSignedDirectMessageGetsAnAnswerOnceEvenWhenSlackRetries() throws Exception {
    Api.Response first = event(dm("D0001", "how do I connect to the VPN from home?", "1700000000.000100"), "Ev0001", Map.of());
    assertThat(first.status()).isEqualTo(200);
    JsonObject answer = awaitPost(p -> "D0001".equals(p.getString("channel")) && p.encode().contains("/kb/en-it-vpn-connect"));
    assertThat(answer.getString("thread_ts")).isEqualTo("1700000000.000100"); // a threaded reply
    assertThat(answer.getJsonArray("blocks").encode()).contains("https://help.nubentia.example/kb/en-it-vpn-connect");
    JsonObject ask = awaitPost(p -> "D0001".equals(p.getString("channel")) && p.getString("text", "").equals("Did this help?"));
    assertThat(ask.getJsonArray("blocks").encode()).contains("\"value\":\"kb.helped:en-it-vpn-connect\"");

    Api.Response retry = event(dm("D0001", "how do I connect to the VPN from home?", "1700000000.000100"), "Ev0001",
        Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"));
    assertThat(retry.status()).isEqualTo(200);
    // a later message of the same conversation is answered after anything the retry could have caused
    assertThat(event(dm("D0001", "where do I find my payslip?", "1700000000.000300"), "Ev0001b", Map.of()).status()).isEqualTo(200);
    awaitPost(p -> "D0001".equals(p.getString("channel")) && p.encode().contains("/kb/en-hr-payslip"));
    assertThat(posted.all().stream().filter(p -> "D0001".equals(p.getString("channel"))
        && p.encode().contains("kb.helped:en-it-vpn-connect"))).hasSize(1);
  }

  @Test
  void aBadOrStaleSignatureGets401AndNothingIsStored() throws Exception {
    JsonObject body = new JsonObject().put("type", "event_callback").put("team_id", "T123ABC456").put("event_id", "Ev0666")
        .put("event", dm("D0666", "hello", "1700000000.000200"));
    long now = System.currentTimeMillis() / 1000;
    assertThat(signed("/api/v1/slack/events", body.encode(), "application/json", now, "wrong-secret", Map.of()).status()).isEqualTo(401);
    assertThat(signed("/api/v1/slack/events", body.encode(), "application/json", now - 600, SECRET, Map.of()).status()).isEqualTo(401);
    assertThat(new Api(relevo.port()).send("POST", "/api/v1/slack/events", body.encode().getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json")).status()).isEqualTo(401);
    var keys = redis.uri(); // the dedicated Redis holds nothing of this channel
    try (var client = io.relevo.redis.RedisConnector.connect(keys, java.time.Duration.ofSeconds(5))) {
      assertThat(client.commands().keys("slack:*D0666*").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
      assertThat(client.commands().exists("slack:event:Ev0666").toCompletableFuture().get(5, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void aButtonClickContinuesTheForm() throws Exception {
    event(dm("D0002", "please open a ticket: the printer on floor 3 jams on every page and prints nothing", "1700000001.000100"), "Ev0002", Map.of());
    JsonObject asked = awaitPost(p -> "D0002".equals(p.getString("channel")) && p.getString("text", "").contains("Who is affected?"));
    assertThat(asked.getJsonArray("blocks").encode()).contains("form.choice:low");
    assertThat(click("D0002", null, "Only me", "form.choice:low").status()).isEqualTo(200);
    awaitPost(p -> "D0002".equals(p.getString("channel")) && p.getString("text", "").contains("How much does it stop you?"));
  }

  /**
   * A mention in {@code channel} asking for a person, claimed by the agent of {@code token} once
   * her console shows it waiting; returns the conversation's id.
   */
  private static String claimedMention(Api api, String token, WsClient console, String channel, String ts, String eventId) {
    JsonObject mention = new JsonObject().put("type", "app_mention").put("user", "U123ABC456")
        .put("text", "<@U0LAN0Z89> I want to talk to a person").put("ts", ts).put("channel", channel).put("event_ts", ts);
    event(mention, eventId, Map.of());
    JsonObject queued = console.next(f -> "queues".equals(f.getString("type")) && f.encode().contains("asked_for_person"));
    String conversationId = queued.getJsonArray("queues").stream().map(q -> (JsonObject) q)
        .flatMap(q -> q.getJsonArray("waiting").stream()).map(w -> ((JsonObject) w).getString("conversationId"))
        .findFirst().orElseThrow();
    assertThat(api.post("/api/v1/handoffs/" + conversationId + "/claim", null, token).status()).isEqualTo(200);
    return conversationId;
  }

  @Test
  void anAgentsReplyReachesTheThreadOfAMention() throws Exception {
    Api api = new Api(relevo.port());
    String token = HandoffTest.login(api, "ana");
    try (WsClient console = HandoffTest.online(relevo, token)) {
      String conversationId = claimedMention(api, token, console, "C0LAN2Q65", "1700000002.000100", "Ev0003");
      awaitPost(p -> "C0LAN2Q65".equals(p.getString("channel")) && "1700000002.000100".equals(p.getString("thread_ts")));
      assertThat(api.post("/api/v1/handoffs/" + conversationId + "/messages", "{\"text\":\"Hi, Ana from IT here.\"}", token)
          .status()).isEqualTo(200);
      JsonObject relayed = awaitPost(p -> p.getString("text", "").equals("Ana: Hi, Ana from IT here."));
      assertThat(relayed.getString("channel")).isEqualTo("C0LAN2Q65");
      assertThat(relayed.getString("thread_ts")).isEqualTo("1700000002.000100");
    }
  }

  @Test
  void agentsRepliesReachSlackWhenRelevosPubSubConnectionDropsBeforeEach() throws Exception {
    Api api = new Api(relevo.port());
    String token = HandoffTest.login(api, "ana");
    try (WsClient console = HandoffTest.online(relevo, token)) {
      String conversationId = claimedMention(api, token, console, "C0LAN2Q66", "1700000003.000100", "Ev0004");
      // the event of each reply is published while the connection may be down: lost to pub/sub,
      // the reply still reaches Slack once the relay has read the transcript after the reconnect
      for (int i = 0; i < 8; i++) {
        io.relevo.testkit.RespClient.command(redis.port(), "CLIENT", "KILL", "TYPE", "pubsub");
        assertThat(api.post("/api/v1/handoffs/" + conversationId + "/messages", "{\"text\":\"Step " + i + "\"}", token)
            .status()).isEqualTo(200);
      }
      for (int i = 0; i < 8; i++) {
        String text = "Ana: Step " + i;
        JsonObject relayed = awaitPost(p -> p.getString("text", "").equals(text));
        assertThat(relayed.getString("thread_ts")).isEqualTo("1700000003.000100");
      }
      assertThat(posted.all().stream().filter(p -> p.getString("text", "").startsWith("Ana: Step ")).count())
          .as("each reply posted once").isEqualTo(8);
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject mentionBy(String user, String channel, String threadTs, String ts, String text) {
    return new JsonObject().put("type", "app_mention").put("user", user).put("text", "<@U0LAN0Z89> " + text)
        .put("ts", ts).put("thread_ts", threadTs).put("channel", channel).put("event_ts", ts);
  }

  /** A click on a button of an ephemeral message (Slack sends no "message" for those, only the container). */
  private static Api.Response clickAs(String user, String channel, String threadTs, String blockId, String label, String value) {
    JsonObject payload = new JsonObject().put("type", "block_actions")
        .put("user", new JsonObject().put("id", user).put("team_id", TEAM))
        .put("team", new JsonObject().put("id", TEAM)).put("channel", new JsonObject().put("id", channel))
        .put("container", new JsonObject().put("type", "message").put("message_ts", "1.0").put("channel_id", channel)
            .put("is_ephemeral", true).put("thread_ts", threadTs))
        .put("trigger_id", System.nanoTime() + ".738474920.8088930838d88f008e0")
        .put("actions", new JsonArray().add(new JsonObject().put("action_id", "relevo_0").put("block_id", blockId)
            .put("text", new JsonObject().put("type", "plain_text").put("text", label)).put("value", value)
            .put("type", "button").put("action_ts", System.nanoTime() + ".1")));
    String form = "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8);
    return signed("/api/v1/slack/interactions", form, "application/x-www-form-urlencoded", System.currentTimeMillis() / 1000,
        SECRET, Map.of());
  }

  /** The reply shown to {@code user} alone (an ephemeral message) in {@code channel} that {@code which} picks. */
  private static JsonObject awaitPrivate(String user, String channel, Predicate<JsonObject> which) {
    return awaitPost(p -> channel.equals(p.getString("channel")) && user.equals(p.getString("user")) && which.test(p));
  }

  private static Ticket ticketFor(String user, String title) throws Exception {
    return await(tickets.create(new NewTicket(Ticket.Kind.INCIDENT, new Ticket.Requester("user:slack:" + TEAM + ":" + user, null, null),
        title, "details", "laptop", null, null, Map.of(), "slack-test", "en")));
  }

  @Test
  void twoPeopleInOneThreadEachSeeOnlyTheirOwnTicketsAndCannotUseTheOthersButtons() throws Exception {
    String channel = "C0SHARED1";
    String thread = "1700000100.000100";
    Ticket anas = ticketFor("UANA00001", "Ana's laptop does not boot");

    event(mentionBy("UANA00001", channel, thread, "1700000100.000200", "show my tickets"), "EvShare1", Map.of());
    JsonObject toAna = awaitPrivate("UANA00001", channel, p -> p.getString("text", "").contains(anas.id()));
    assertThat(toAna.getString("thread_ts")).isEqualTo(thread);
    assertThat(toAna.getString("text")).contains("Ana's laptop does not boot");

    event(mentionBy("UBEA00002", channel, thread, "1700000100.000300", "show my tickets"), "EvShare2", Map.of());
    JsonObject toBea = awaitPrivate("UBEA00002", channel, p -> p.getString("text", "").contains("no tickets"));
    assertThat(toBea.encode()).doesNotContain(anas.id()).doesNotContain("Ana's laptop");

    // Ana asks to cancel: the buttons are hers
    event(mentionBy("UANA00001", channel, thread, "1700000100.000400", "please cancel ticket " + anas.id()), "EvShare3", Map.of());
    JsonObject confirm = awaitPrivate("UANA00001", channel, p -> p.encode().contains("ticket.cancel.yes:" + anas.id()));
    JsonObject actions = confirm.getJsonArray("blocks").stream().map(b -> (JsonObject) b)
        .filter(b -> "actions".equals(b.getString("type"))).findFirst().orElseThrow();
    String blockId = actions.getString("block_id");

    // Bea clicks Ana's button (say it was shown to her somehow): refused, told so privately
    clickAs("UBEA00002", channel, thread, blockId, "Yes, cancel it", "ticket.cancel.yes:" + anas.id());
    awaitPrivate("UBEA00002", channel, p -> p.getString("text", "").contains("meant for someone else"));
    // a click with the payload but none of Ana's block is Bea's own: she has no such ticket
    clickAs("UBEA00002", channel, thread, "b1", "Yes, cancel it", "ticket.cancel.yes:" + anas.id());
    awaitPrivate("UBEA00002", channel, p -> p.getString("text", "").contains("I can't find a ticket"));
    Ticket untouched = await(tickets.find(anas.id())).orElseThrow();
    assertThat(untouched.status()).isEqualTo(Ticket.Status.NEW);

    // Ana's own click cancels it, in her name
    clickAs("UANA00001", channel, thread, blockId, "Yes, cancel it", "ticket.cancel.yes:" + anas.id());
    awaitPrivate("UANA00001", channel, p -> p.getString("text", "").contains("cancelled"));
    Ticket cancelled = await(tickets.find(anas.id())).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(Ticket.Status.CANCELLED);
    // only Ana's conversation could cancel it: the change is the requester's, and the requester is Ana
    assertThat(cancelled.requester().key()).isEqualTo("user:slack:" + TEAM + ":UANA00001");
    assertThat(cancelled.history()).filteredOn(c -> "cancelled".equals(c.to())).singleElement()
        .satisfies(c -> assertThat(c.by().kind()).isEqualTo("requester"));

    // nothing of either person was posted where the channel reads it
    assertThat(posted.all()).filteredOn(p -> channel.equals(p.getString("channel"))).allMatch(p -> p.containsKey("user"));
  }

  @Test
  void afterAnErasureThePersonsNextMessageIsAnsweredAndTheMappingIsGone() throws Exception {
    String channel = "D0ERASE01";
    String user = "UERASE001";
    event(dm(channel, "where do I find my payslip?", "1700000200.000100").put("user", user), "EvErase1", Map.of());
    awaitPost(p -> channel.equals(p.getString("channel")) && p.encode().contains("/kb/en-hr-payslip"));
    String key = "slack:conv:" + TEAM + ":" + channel + "::" + user;
    long ttl = await(io.vertx.core.Future.fromCompletionStage(store.commands().pttl(key)));
    assertThat(ttl).as("the mapping lives no longer than the conversation").isPositive()
        .isLessThanOrEqualTo(Duration.ofDays(30).toMillis());

    Api api = new Api(relevo.port());
    String admin = HandoffTest.login(api, "sam");
    Api.Response erased = api.send("DELETE", "/api/v1/admin/people/slack:" + TEAM + ":" + user, null,
        Map.of("Authorization", "Bearer " + admin));
    assertThat(erased.status()).isEqualTo(200);
    assertThat(erased.json().getInteger("conversations")).isEqualTo(1);
    assertThat(await(io.vertx.core.Future.fromCompletionStage(store.commands().keys("slack:*" + user + "*")))).isEmpty();

    event(dm(channel, "how do I connect to the VPN from home?", "1700000200.000300").put("user", user), "EvErase2", Map.of());
    awaitPost(p -> channel.equals(p.getString("channel")) && p.encode().contains("/kb/en-it-vpn-connect"));
  }

  @Test
  void aMappingToAConversationThatIsGoneIsReplacedByANewOne() throws Exception {
    String channel = "D0STALE01";
    String user = "USTALE001";
    String key = "slack:conv:" + TEAM + ":" + channel + "::" + user;
    await(io.vertx.core.Future.fromCompletionStage(store.commands().set(key, "c-expired-long-ago")));
    event(dm(channel, "where do I find my payslip?", "1700000300.000100").put("user", user), "EvStale1", Map.of());
    awaitPost(p -> channel.equals(p.getString("channel")) && p.encode().contains("/kb/en-hr-payslip"));
    assertThat(await(io.vertx.core.Future.fromCompletionStage(store.commands().get(key)))).isNotEqualTo("c-expired-long-ago");
  }

  @Test
  void theRelayLetsGoOfAClosedConversationAndFollowsItAgainAtTheNextMessage() throws Exception {
    Api api = new Api(relevo.port());
    String token = HandoffTest.login(api, "ana");
    String conversationId;
    try (WsClient console = HandoffTest.online(relevo, token)) {
      conversationId = claimedMention(api, token, console, "C0RELAY01", "1700000400.000100", "EvRelay1");
      assertThat(api.post("/api/v1/handoffs/" + conversationId + "/messages", "{\"text\":\"First answer.\"}", token)
          .status()).isEqualTo(200);
      awaitPost(p -> p.getString("text", "").equals("Ana: First answer."));
    }
    String channelName = "relevo:conv:" + conversationId;
    Eventually.until("the relay's subscription alone, once the console left", () ->
        io.relevo.testkit.RespClient.command(redis.port(), "PUBSUB", "NUMSUB", channelName).endsWith(":1"));
    assertThat(api.post("/api/v1/handoffs/" + conversationId + "/close", "{}", token).status() / 100).isEqualTo(2);
    Eventually.until("no subscription to the closed conversation", () ->
        io.relevo.testkit.RespClient.command(redis.port(), "PUBSUB", "NUMSUB", channelName).endsWith(":0"));

    try (WsClient console = HandoffTest.online(relevo, token)) {
      // the closed conversation takes no more messages: the thread's next one starts a new conversation
      String again = claimedMention(api, token, console, "C0RELAY01", "1700000400.000100", "EvRelay2");
      assertThat(again).isNotEqualTo(conversationId);
      assertThat(api.post("/api/v1/handoffs/" + again + "/messages", "{\"text\":\"Second answer.\"}", token)
          .status()).isEqualTo(200);
      JsonObject relayed = awaitPost(p -> p.getString("text", "").equals("Ana: Second answer."));
      assertThat(relayed.getString("thread_ts")).isEqualTo("1700000400.000100");
    }
  }
}
