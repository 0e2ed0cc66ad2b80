package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.relevo.channels.slack.SlackSignature;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.RedisConnector;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Calls every operation of the served OpenAPI document on a real Relevo, over real HTTP, with a
 * success and an error each where practical, and checks each answer against the document
 * ({@link ContractClient}). The last test fails if an operation was never called, or lacks a
 * success or an error without a reason given in {@link #NO_SUCCESS} or {@link #NO_ERROR}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiContractTest {

  /** Operations whose success this test cannot bring about, and why. */
  static final Map<String, String> NO_SUCCESS = Map.of(
      "receiveTeamsActivity", "needs a token signed by the Bot Connector's OpenID keys: TeamsTest serves them");

  /** Operations with no error a client can cause, and why. */
  static final Map<String, String> NO_ERROR = Map.of(
      "getOpenApiYaml", "a fixed document: only the server-wide 405/414/431",
      "getOpenApiJson", "a fixed document: only the server-wide 405/414/431",
      "getMetrics", "public, no parameters: only the server-wide 405/414/431",
      "getLiveness", "public, no parameters: only the server-wide 405/414/431",
      "getReadiness", "its 503 needs Redis down: RedisFaultTest and OperationsTest stop it");

  static final String ARTICLE = new JsonObject().put("lang", "en").put("title", "Contract test")
      .put("body", "A summary.\n\nMore.").put("tags", List.of("test")).put("updated", "2025-01-31").encode();
  static final String SLACK_SECRET = "contract-slack-signing-secret";
  static final String INBOUND = "contract-inbound-token-0123456789";

  static EmbeddedRedis redis;
  static Relevo relevo;
  static ContractClient client;
  static Vertx vertx;
  static RedisConnector connector;
  static String ana;
  static String sam;

  @BeforeAll
  static void start() throws Exception {
    redis = TestRedis.dedicated(); // queues, audit and analytics of this test alone
    Path knowledge = Files.createDirectories(TestRedis.tempDir("contract-kb").resolve("knowledge"));
    relevo = TestServers.start(Map.ofEntries(
        Map.entry("REDIS_URL", redis.uri()),
        Map.entry("RELEVO_KNOWLEDGE_DIR", knowledge.toString()),
        Map.entry("RELEVO_SLACK_SIGNING_SECRET", SLACK_SECRET),
        Map.entry("RELEVO_SLACK_BOT_TOKEN", "xoxb-contract"),
        Map.entry("RELEVO_SLACK_API_URL", "http://127.0.0.1:9/api"),
        Map.entry("RELEVO_TEAMS_APP_ID", "contract-app"),
        Map.entry("RELEVO_TEAMS_APP_PASSWORD", "contract"),
        Map.entry("RELEVO_TEAMS_OPEN_ID_URL", "http://127.0.0.1:9/openid"),
        Map.entry("RELEVO_TEAMS_TOKEN_URL", "http://127.0.0.1:9/token"),
        Map.entry("RELEVO_TICKETS_INBOUND_TOKEN", INBOUND),
        Map.entry("RELEVO_TICKETS_WEBHOOK_URL", "http://127.0.0.1:9/hook"),
        Map.entry("RELEVO_TICKETS_WEBHOOK_SECRET", "contract-webhook-secret-0123456789abcdef")));
    client = ContractClient.of(relevo.port());
    vertx = Vertx.vertx();
    connector = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5));
    ana = HandoffTest.login(client.api, "ana"); // agent
    sam = HandoffTest.login(client.api, "sam"); // supervisor and admin
  }

  @AfterAll
  static void stop() {
    client.close();
    relevo.stop();
    connector.close();
    vertx.close();
    redis.close();
  }

  private static Api.Conversation conversation(String locale) {
    Api.Response r = client.post("createConversation", "/api/v1/conversations", new JsonObject().put("locale", locale).encode(), null);
    return new Api.Conversation(r.json().getString("conversationId"), r.json().getString("token"), r);
  }

  private static String messages(Api.Conversation c) {
    return "/api/v1/conversations/" + c.id() + "/messages";
  }

  @Test
  @Order(1)
  void aPersonsSide() {
    Api.Conversation c = conversation("en");
    Api.Conversation other = conversation("es");
    assertThat(client.post("createConversation", "/api/v1/conversations", "{\"locale\":\"fr\"}", null).status()).isEqualTo(400);

    String say = new JsonObject().put("text", "how do I reset my password?").put("clientMessageId", "m-1").encode();
    assertThat(client.post("sendMessage", messages(c), say, c.token()).status()).isEqualTo(200);
    assertThat(client.post("sendMessage", messages(c), say, null).status()).isEqualTo(401);
    assertThat(client.post("sendMessage", messages(c), "{}", c.token()).status()).isEqualTo(400);
    assertThat(client.post("sendMessage", messages(c), say, other.token()).status()).isEqualTo(403);
    assertThat(client.post("sendMessage", "/api/v1/conversations/no-such-one/messages", say, c.token()).status()).isEqualTo(404);

    assertThat(client.get("getTranscript", messages(c) + "?limit=10", c.token()).status()).isEqualTo(200);
    assertThat(client.get("getTranscript", messages(c) + "?after=bogus", c.token()).status()).isEqualTo(400);

    String describe = "/api/v1/conversations/" + c.id();
    assertThat(client.get("getConversation", describe, c.token()).status()).isEqualTo(200);
    assertThat(client.get("getConversation", describe, other.token()).status()).isEqualTo(403);

    String socket = "/api/v1/conversations/" + c.id() + "/ws";
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      ws.messages(3);
      client.upgraded("openConversationSocket", socket);
    }
    assertThat(client.get("openConversationSocket", socket, null).status()).isEqualTo(401);

    String rating = "/api/v1/conversations/" + c.id() + "/rating";
    assertThat(client.post("rateConversation", rating, "{\"score\":9}", c.token()).status()).isEqualTo(400);
    assertThat(client.post("endConversation", "/api/v1/conversations/" + c.id() + "/end", null, other.token()).status()).isEqualTo(403);
    assertThat(client.post("endConversation", "/api/v1/conversations/" + c.id() + "/end", null, c.token()).status()).isEqualTo(200);
    assertThat(client.post("rateConversation", rating, "{\"score\":5,\"comment\":\"fast\"}", c.token()).status()).isEqualTo(204);
    assertThat(client.post("rateConversation", rating, "{\"score\":4}", c.token()).status()).isEqualTo(409);
  }

  @Test
  @Order(2)
  void anAgentsAccount() {
    String login = "/api/v1/agents/login";
    String right = new JsonObject().put("username", "ana").put("password", TestServers.DEMO_PASSWORD).encode();
    Api.Response signedIn = client.post("agentLogin", login, right, null);
    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(client.post("agentLogin", login, new JsonObject().put("username", "ana").put("password", "wrong").encode(), null)
        .status()).isEqualTo(401);
    assertThat(client.post("agentLogin", login, "{}", null).status()).isEqualTo(400);

    assertThat(client.get("getCurrentAgent", "/api/v1/agents/me", ana).status()).isEqualTo(200);
    assertThat(client.get("getCurrentAgent", "/api/v1/agents/me", "not-a-token").status()).isEqualTo(401);

    String once = signedIn.json().getString("token");
    assertThat(client.post("agentLogout", "/api/v1/agents/logout", "{\"everywhere\":\"yes\"}", once).status()).isEqualTo(400);
    assertThat(client.post("agentLogout", "/api/v1/agents/logout", null, once).status()).isEqualTo(204);
    assertThat(client.get("getCurrentAgent", "/api/v1/agents/me", once).status()).isEqualTo(401);

    try (WsClient console = WsClient.agent(relevo.port(), ana)) {
      console.nextOfType("hello");
      client.upgraded("openAgentSocket", "/api/v1/agents/ws");
    }
    assertThat(client.get("openAgentSocket", "/api/v1/agents/ws", null).status()).isEqualTo(401);
  }

  /** A conversation waiting for a person, with ana online so that it queues. */
  private static Api.Conversation waiting() {
    Api.Conversation c = conversation("en");
    String ask = new JsonObject().put("text", "Talk to a person").put("payload", "handoff.request").encode();
    assertThat(client.post("sendMessage", messages(c), ask, c.token()).status()).isEqualTo(200);
    return c;
  }

  private static String handoff(Api.Conversation c, String action) {
    return "/api/v1/handoffs/" + c.id() + "/" + action;
  }

  @Test
  @Order(3)
  void aHandoffFromQueueToClose() {
    try (WsClient console = WsClient.agent(relevo.port(), ana)) {
      console.nextOfType("hello");
      Api.Conversation c = waiting();
      assertThat(client.get("listQueues", "/api/v1/queues", ana).status()).isEqualTo(200);
      assertThat(client.get("listQueues", "/api/v1/queues", null).status()).isEqualTo(401);

      assertThat(client.post("claimHandoff", handoff(c, "claim"), null, ana).status()).isEqualTo(200);
      assertThat(client.post("claimHandoff", handoff(c, "claim"), null, sam).status()).isEqualTo(409);
      assertThat(client.post("claimHandoff", "/api/v1/handoffs/no-such-one/claim", null, ana).status()).isEqualTo(404);
      assertThat(client.get("getConversation", "/api/v1/conversations/" + c.id(), ana).status()).isEqualTo(200);

      assertThat(client.get("getHandoffContext", handoff(c, "context"), ana).status()).isEqualTo(200);
      assertThat(client.get("getHandoffContext", handoff(c, "context"), null).status()).isEqualTo(401);
      assertThat(client.get("getTransferTargets", handoff(c, "transfer-targets"), ana).status()).isEqualTo(200);
      assertThat(client.get("getTransferTargets", handoff(c, "transfer-targets"), sam).status()).isEqualTo(409);

      String text = new JsonObject().put("text", "Hello, I am Ana.").encode();
      assertThat(client.post("replyToPerson", handoff(c, "messages"), text, ana).status()).isEqualTo(200);
      assertThat(client.post("replyToPerson", handoff(c, "messages"), text, sam).status()).isEqualTo(409);
      assertThat(client.post("addNote", handoff(c, "notes"), text, ana).status()).isEqualTo(204);
      assertThat(client.post("addNote", handoff(c, "notes"), "{}", ana).status()).isEqualTo(400);

      assertThat(client.post("transferHandoff", handoff(c, "transfer"), "{}", ana).status()).isEqualTo(400);
      assertThat(client.post("transferHandoff", handoff(c, "transfer"), "{\"queue\":\"it\"}", ana).status()).isEqualTo(204);
      assertThat(client.post("claimHandoff", handoff(c, "claim"), null, ana).status()).isEqualTo(200);
      assertThat(client.post("returnToBot", handoff(c, "return-to-bot"), null, ana).status()).isEqualTo(204);
      assertThat(client.post("returnToBot", handoff(c, "return-to-bot"), null, ana).status()).isEqualTo(409);

      Api.Conversation d = waiting();
      assertThat(client.post("claimHandoff", handoff(d, "claim"), null, ana).status()).isEqualTo(200);
      assertThat(client.post("closeHandoff", handoff(d, "close"), "{\"resolution\":\"solved\"}", ana).status()).isEqualTo(204);
      assertThat(client.post("closeHandoff", handoff(d, "close"), null, ana).status()).isEqualTo(409);
      String late = new JsonObject().put("text", "one more thing").encode();
      assertThat(client.post("sendMessage", messages(d), late, d.token()).status()).isEqualTo(409);
    }
    assertThat(client.get("searchCannedResponses", "/api/v1/canned?q=password&lang=en", ana).status()).isEqualTo(200);
    assertThat(client.get("searchCannedResponses", "/api/v1/canned?lang=fr", ana).status()).isEqualTo(400);
    assertThat(client.get("getSupervisorOverview", "/api/v1/supervisor/overview", sam).status()).isEqualTo(200);
    assertThat(client.get("getSupervisorOverview", "/api/v1/supervisor/overview", ana).status()).isEqualTo(403);
  }

  private static Ticket ticketOf(Api.Conversation c) throws Exception {
    RedisTicketSystem store = new RedisTicketSystem(vertx, connector, Clock.systemUTC(), false);
    return store.create(new NewTicket(Ticket.Kind.INCIDENT, new Ticket.Requester("conv:" + c.id(), null, null),
        "VPN drops every hour", "details", "vpn", "medium", "high", Map.of(), c.id(), "en"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @Order(4)
  void tickets() throws Exception {
    Api.Conversation c = conversation("en");
    Ticket t = ticketOf(c);
    assertThat(client.get("listOwnTickets", "/api/v1/tickets?conversation=" + c.id(), c.token()).status()).isEqualTo(200);
    assertThat(client.get("listOwnTickets", "/api/v1/tickets", c.token()).status()).isEqualTo(400);
    String own = "/api/v1/tickets/" + t.id() + "?conversation=" + c.id();
    assertThat(client.get("getOwnTicket", own, c.token()).status()).isEqualTo(200);
    assertThat(client.get("getOwnTicket", "/api/v1/tickets/INC-999999?conversation=" + c.id(), c.token()).status()).isEqualTo(404);

    assertThat(client.get("searchTickets", "/api/v1/agent/tickets?q=vpn", ana).status()).isEqualTo(200);
    assertThat(client.get("searchTickets", "/api/v1/agent/tickets?status=bogus", ana).status()).isEqualTo(400);
    String desk = "/api/v1/agent/tickets/" + t.id();
    assertThat(client.get("getTicket", desk, ana).status()).isEqualTo(200);
    assertThat(client.get("getTicket", "/api/v1/agent/tickets/INC-999999", ana).status()).isEqualTo(404);
    assertThat(client.post("changeTicketStatus", desk + "/status", "{\"status\":\"in_progress\",\"note\":\"On it\"}", ana).status())
        .isEqualTo(200);
    assertThat(client.post("changeTicketStatus", desk + "/status", "{\"status\":\"done\"}", ana).status()).isEqualTo(400);
    assertThat(client.post("commentOnTicket", desk + "/comments", "{\"text\":\"Which VPN client?\"}", ana).status()).isEqualTo(200);
    assertThat(client.post("commentOnTicket", "/api/v1/agent/tickets/INC-999999/comments", "{\"text\":\"x\"}", ana).status())
        .isEqualTo(404);

    String inbound = "/api/v1/integrations/tickets/" + t.id();
    assertThat(client.post("updateTicketFromIntegration", inbound, "{\"status\":\"resolved\",\"externalId\":\"JSM-1\"}", INBOUND)
        .status()).isEqualTo(200);
    assertThat(client.post("updateTicketFromIntegration", inbound, "{\"status\":\"resolved\"}", "wrong").status()).isEqualTo(401);

    assertThat(client.get("listWebhookDeadLetters", "/api/v1/admin/webhooks/dead-letters", sam).status()).isEqualTo(200);
    assertThat(client.get("listWebhookDeadLetters", "/api/v1/admin/webhooks/dead-letters", ana).status()).isEqualTo(403);
    assertThat(client.post("replayWebhookDeadLetters", "/api/v1/admin/webhooks/dead-letters/replay", null, sam).status())
        .isEqualTo(200);
    assertThat(client.post("replayWebhookDeadLetters", "/api/v1/admin/webhooks/dead-letters/replay", null, ana).status())
        .isEqualTo(403);
  }

  @Test
  @Order(5)
  void administration() {
    Api.Response list = client.get("listArticles", "/api/v1/admin/articles", sam);
    assertThat(list.status()).isEqualTo(200);
    assertThat(client.get("listArticles", "/api/v1/admin/articles", ana).status()).isEqualTo(403);
    String path = "/api/v1/admin/articles/contract-test-article";
    assertThat(client.send("putArticle", "PUT", path, ARTICLE, sam, "application/json").status()).isEqualTo(201);
    assertThat(client.send("putArticle", "PUT", path, ARTICLE, sam, "application/json").status()).isEqualTo(200);
    assertThat(client.get("getArticle", path, sam).status()).isEqualTo(200);
    assertThat(client.get("getArticle", "/api/v1/admin/articles/no-such-article", sam).status()).isEqualTo(404);
    assertThat(client.send("putArticle", "PUT", path, "{\"lang\":\"fr\"}", sam, "application/json").status()).isEqualTo(400);
    assertThat(client.send("deleteArticle", "DELETE", path, null, sam, null).status()).isEqualTo(204);
    assertThat(client.send("deleteArticle", "DELETE", path, null, sam, null).status()).isEqualTo(404);

    assertThat(client.get("exportPersonData", "/api/v1/admin/people/someone/export", sam).status()).isEqualTo(200);
    assertThat(client.get("exportPersonData", "/api/v1/admin/people/someone/export", ana).status()).isEqualTo(403);
    assertThat(client.send("erasePersonData", "DELETE", "/api/v1/admin/people/someone", null, sam, null).status()).isEqualTo(200);
    assertThat(client.send("erasePersonData", "DELETE", "/api/v1/admin/people/someone", null, ana, null).status()).isEqualTo(403);

    assertThat(client.get("getAnalytics", "/api/v1/analytics?channel=web", sam).status()).isEqualTo(200);
    assertThat(client.get("getAnalytics", "/api/v1/analytics?from=yesterday", sam).status()).isEqualTo(400);
    assertThat(client.get("exportAnalytics", "/api/v1/analytics/export?table=intents", sam).status()).isEqualTo(200);
    assertThat(client.get("exportAnalytics", "/api/v1/analytics/export?table=bogus", sam).status()).isEqualTo(400);
    assertThat(client.get("listAuditEntries", "/api/v1/admin/audit?limit=5", sam).status()).isEqualTo(200);
    assertThat(client.get("listAuditEntries", "/api/v1/admin/audit?limit=many", sam).status()).isEqualTo(400);
    assertThat(client.get("listSignInFailures", "/api/v1/admin/audit/sign-in-failures", sam).status()).isEqualTo(200);
    assertThat(client.get("listSignInFailures", "/api/v1/admin/audit/sign-in-failures", ana).status()).isEqualTo(403);
    assertThat(client.get("getKnowledgeReport", "/api/v1/admin/knowledge/report", sam).status()).isEqualTo(200);
    assertThat(client.get("getKnowledgeReport", "/api/v1/admin/knowledge/report", ana).status()).isEqualTo(403);
    assertThat(client.post("retrainIntents", "/api/v1/admin/intents/retrain", null, ana).status()).isEqualTo(403);
    assertThat(client.post("retrainIntents", "/api/v1/admin/intents/retrain", null, sam).status()).isEqualTo(200);
  }

  @Test
  @Order(6)
  void pagesDocumentsAndHealth() {
    assertThat(client.api.send("PUT", "/api/v1/admin/articles/contract-page", ARTICLE.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + sam)).status()).isEqualTo(201);
    assertThat(client.get("getArticlePage", "/kb/contract-page", null).status()).isEqualTo(200);
    assertThat(client.get("getArticlePage", "/kb/no-such-article", null).status()).isEqualTo(404);
    assertThat(client.get("getOpenApiYaml", "/api/v1/openapi.yaml", null).status()).isEqualTo(200);
    assertThat(client.get("getOpenApiJson", "/api/v1/openapi.json", null).status()).isEqualTo(200);
    assertThat(client.get("getMetrics", "/metrics", null).status()).isEqualTo(200);
    assertThat(client.get("getLiveness", "/health/live", null).status()).isEqualTo(200);
    assertThat(client.get("getReadiness", "/health/ready", null).status()).isEqualTo(200);
  }

  private static Map<String, String> slackSigned(String body, String contentType) {
    long ts = System.currentTimeMillis() / 1000;
    return Map.of("Content-Type", contentType, "X-Slack-Request-Timestamp", Long.toString(ts),
        "X-Slack-Signature", "v0=" + SlackSignature.sign(SLACK_SECRET, "v0:" + ts + ":" + body));
  }

  @Test
  @Order(7)
  void slackAndTeams() {
    String challenge = new JsonObject().put("type", "url_verification").put("challenge", "abc").encode();
    assertThat(client.send("receiveSlackEvent", "POST", "/api/v1/slack/events", challenge,
        slackSigned(challenge, "application/json")).status()).isEqualTo(200);
    assertThat(client.send("receiveSlackEvent", "POST", "/api/v1/slack/events", challenge,
        Map.of("Content-Type", "application/json", "X-Slack-Signature", "v0=00")).status()).isEqualTo(401);
    String form = "payload=" + java.net.URLEncoder.encode("{\"type\":\"view_closed\"}", java.nio.charset.StandardCharsets.UTF_8);
    String formType = "application/x-www-form-urlencoded";
    assertThat(client.send("receiveSlackInteraction", "POST", "/api/v1/slack/interactions", form, slackSigned(form, formType))
        .status()).isEqualTo(200);
    assertThat(client.send("receiveSlackInteraction", "POST", "/api/v1/slack/interactions", "x=1", slackSigned("x=1", formType))
        .status()).isEqualTo(400);
    assertThat(client.send("receiveTeamsActivity", "POST", "/api/v1/teams/messages", "{\"type\":\"message\"}", null,
        "application/json").status()).isEqualTo(401);
  }

  /** A request of the owner of {@code c} waiting for the approval of the demo agent Ana (her directory e-mail). */
  private static Ticket pendingRequestOf(Api.Conversation c) throws Exception {
    RedisTicketSystem store = new RedisTicketSystem(vertx, connector, Clock.systemUTC(), false);
    var flow = io.relevo.core.dialogue.flows.Flows.load(null).get("request_equipment");
    var machine = new io.relevo.core.approvals.ApprovalMachine(io.relevo.core.approvals.Directory.load(null),
        new io.relevo.core.approvals.ApprovalMachine.Defaults(Duration.ofDays(3), Duration.ofDays(1), "role:supervisor"));
    return store.create(new NewTicket(Ticket.Kind.REQUEST, new Ticket.Requester("conv:" + c.id(), null, null), "Laptop",
        "details", "equipment", null, null, Map.of("item", "laptop"), c.id(), "en")
        .withApproval(machine.start(flow, "ana@nubentia.example", java.time.Instant.now())))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @Order(8)
  void catalogueAndApprovals() throws Exception {
    assertThat(client.get("getCatalogue", "/api/v1/catalogue?lang=es&q=viaje", null).status()).isEqualTo(200);
    assertThat(client.get("getCatalogue", "/api/v1/catalogue?lang=fr", null).status()).isEqualTo(400);

    Api.Conversation c = conversation("en");
    Ticket decided = pendingRequestOf(c);
    Ticket withdrawn = pendingRequestOf(c);
    String step = "/api/v1/agent/approvals/" + decided.id() + ".1";
    assertThat(client.get("listMyApprovals", "/api/v1/agent/approvals", ana).status()).isEqualTo(200);
    assertThat(client.get("listMyApprovals", "/api/v1/agent/approvals", null).status()).isEqualTo(401);
    assertThat(client.get("getApproval", step, ana).status()).isEqualTo(200);
    assertThat(client.get("getApproval", step, null).status()).isEqualTo(401);
    assertThat(client.get("getApproval", "/api/v1/agent/approvals/REQ-999999.1", ana).status()).isEqualTo(404);
    String approve = "{\"decision\":\"approve\"}";
    assertThat(client.post("decideApproval", step + "/decision", "{\"decision\":\"maybe\"}", ana).status()).isEqualTo(400);
    assertThat(client.post("decideApproval", step + "/decision", approve, null).status()).isEqualTo(401);
    assertThat(client.post("decideApproval", step + "/decision", approve, sam).status()).isEqualTo(403);
    assertThat(client.post("decideApproval", "/api/v1/agent/approvals/REQ-999999.1/decision", approve, ana).status())
        .isEqualTo(404);
    assertThat(client.post("decideApproval", step + "/decision", approve, ana).status()).isEqualTo(200);
    assertThat(client.post("decideApproval", step + "/decision", "{\"decision\":\"reject\",\"reason\":\"no\"}", ana)
        .status()).isEqualTo(409);

    String withdraw = "/api/v1/tickets/" + withdrawn.id() + "/withdraw?conversation=" + c.id();
    assertThat(client.post("withdrawOwnRequest", withdraw, "{\"reason\":\"not needed\"}", c.token()).status()).isEqualTo(200);
    assertThat(client.post("withdrawOwnRequest", withdraw, "{}", c.token()).status()).isEqualTo(409);
    assertThat(client.post("withdrawOwnRequest", withdraw, "{}", null).status()).isEqualTo(401);
    assertThat(client.post("withdrawOwnRequest", "/api/v1/tickets/" + withdrawn.id() + "/withdraw", "{}", c.token()).status())
        .isEqualTo(400);
    assertThat(client.post("withdrawOwnRequest", "/api/v1/tickets/REQ-999999/withdraw?conversation=" + c.id(), "{}",
        c.token()).status()).isEqualTo(404);
    Api.Conversation other = conversation("es");
    assertThat(client.post("withdrawOwnRequest", withdraw, "{}", other.token()).status()).isEqualTo(403);
  }

  @Test
  @Order(100)
  void everyDocumentedOperationWasCalled() {
    Map<String, Set<Integer>> seen = client.seen();
    List<String> missing = new ArrayList<>();
    client.contract.operations().forEach(op -> {
      String id = op.getOperationId();
      Set<Integer> statuses = seen.getOrDefault(id, Set.of());
      if (statuses.isEmpty()) {
        missing.add(id + ": never called");
        return;
      }
      if (statuses.stream().noneMatch(s -> s < 400) && !NO_SUCCESS.containsKey(id)) {
        missing.add(id + ": no success");
      }
      if (statuses.stream().noneMatch(s -> s >= 400) && !NO_ERROR.containsKey(id)) {
        missing.add(id + ": no error");
      }
    });
    NO_SUCCESS.forEach((id, why) -> System.out.println("OpenApiContractTest: no success case for " + id + ": " + why));
    NO_ERROR.forEach((id, why) -> System.out.println("OpenApiContractTest: no error case for " + id + ": " + why));
    assertThat(missing).as("operations of the document this test did not exercise").isEmpty();
    assertThat(seen.keySet()).as("operations called that the document lacks").isSubsetOf(
        client.contract.operations().stream().map(op -> op.getOperationId()).toList());
  }
}
