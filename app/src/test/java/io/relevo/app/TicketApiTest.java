package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Tickets over REST: a person's own, the desk's, and the ticket system's status updates. */
class TicketApiTest {

  static final String INBOUND = "inbound-token-for-the-ticket-system";
  static final String IDENTITY = "host-site-identity-secret-for-tests";
  static Relevo relevo;
  static Vertx vertx;
  static RedisConnector redis;
  static RedisTicketSystem store;

  @BeforeAll
  static void start() {
    relevo = TestServers.start(Map.of("RELEVO_TICKETS_INBOUND_TOKEN", INBOUND, "RELEVO_WIDGET_IDENTITY_SECRET", IDENTITY,
        "RELEVO_KNOWLEDGE_PUBLIC_ONLY_FOR_ANONYMOUS", "true"));
    vertx = Vertx.vertx();
    redis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
    store = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false);
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A ticket opened for the owner of {@code c}, as the bot opens them. */
  static Ticket ticketOf(Api.Conversation c, String title, String locale) throws Exception {
    return store.create(new NewTicket(Ticket.Kind.INCIDENT, new Ticket.Requester("conv:" + c.id(), null, null), title,
        "details", "vpn", "medium", "high", Map.of(), c.id(), locale))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aPersonSeesOnlyTheirOwnTickets() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation ana = api.create("en");
    Api.Conversation luis = api.create("es");
    Ticket anas = ticketOf(ana, "VPN drops every hour", "en");

    Api.Response list = api.get("/api/v1/tickets?conversation=" + ana.id(), ana.token());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getJsonArray("tickets").getJsonObject(0).getString("id")).isEqualTo(anas.id());
    Api.Response one = api.get("/api/v1/tickets/" + anas.id() + "?conversation=" + ana.id(), ana.token());
    assertThat(one.json().getString("status")).isEqualTo("new");
    assertThat(one.json().getString("priority")).isEqualTo("high");
    assertThat(one.json().containsKey("requester")).isFalse();

    assertThat(api.get("/api/v1/tickets?conversation=" + luis.id(), luis.token()).json().getJsonArray("tickets")).isEmpty();
    Api.Response stolen = api.get("/api/v1/tickets/" + anas.id() + "?conversation=" + luis.id(), luis.token());
    assertThat(stolen.status()).isEqualTo(404);
    assertThat(stolen.body()).doesNotContain("VPN");
    assertThat(api.get("/api/v1/tickets?conversation=" + ana.id(), luis.token()).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/tickets", ana.token()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/tickets?conversation=" + ana.id(), null).status()).isEqualTo(401);
  }

  @Test
  void theTicketSystemUpdatesAStatusAndTheRequesterIsToldInTheirLanguage() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("es");
    Ticket t = ticketOf(c, "La impresora no imprime", "es");
    String path = "/api/v1/integrations/tickets/" + t.id();

    assertThat(api.post(path, "{\"status\":\"resolved\"}", "wrong-token").status()).isEqualTo(401);
    assertThat(api.post(path, "{\"status\":\"done\"}", INBOUND).status()).isEqualTo(400);
    assertThat(api.post(path, "{\"status\":", INBOUND).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/tickets/" + t.id() + "?conversation=" + c.id(), c.token()).json().getString("status"))
        .isEqualTo("new");

    Api.Response ok = api.post(path, "{\"status\":\"resolved\",\"comment\":\"Cambiamos el tóner.\",\"externalId\":\"JSM-42\"}", INBOUND);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().getString("status")).isEqualTo("resolved");
    assertThat(ok.json().getString("externalId")).isEqualTo("JSM-42");
    List<JsonObject> transcript = api.transcript(c);
    assertThat(transcript.get(transcript.size() - 1).getString("text"))
        .startsWith("Novedades de tu ticket " + t.id() + " (La impresora no imprime): su estado ahora es «resuelto».")
        .contains("Cambiamos el tóner.");
  }

  @Test
  void agentsSearchCommentAndChangeStatusButPeopleCannot() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    Ticket t = ticketOf(c, "Outlook crashes on start", "en");
    String token = HandoffTest.login(api, "ana");

    Api.Response found = api.get("/api/v1/agent/tickets?q=outlook", token);
    assertThat(found.json().getJsonArray("tickets").stream().map(o -> ((JsonObject) o).getString("id"))).contains(t.id());
    assertThat(api.get("/api/v1/agent/tickets?status=nope", token).status()).isEqualTo(400);
    Api.Response commented = api.post("/api/v1/agent/tickets/" + t.id() + "/comments", "{\"text\":\"Can you send a screenshot?\"}", token);
    assertThat(commented.status()).isEqualTo(200);
    Api.Response waiting = api.post("/api/v1/agent/tickets/" + t.id() + "/status", "{\"status\":\"waiting_on_user\"}", token);
    assertThat(waiting.json().getString("status")).isEqualTo("waiting_on_user");
    List<JsonObject> transcript = api.transcript(c);
    assertThat(transcript.stream().map(m -> m.getString("text")))
        .anyMatch(text -> text.contains("Can you send a screenshot?"))
        .anyMatch(text -> text.contains("it is now waiting for your answer"));

    assertThat(api.get("/api/v1/agent/tickets", c.token()).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/admin/webhooks/dead-letters", token).status()).isEqualTo(403);
    assertThat(api.post("/api/v1/agent/tickets/INC-999999/status", "{\"status\":\"resolved\"}", token).status()).isEqualTo(404);
  }

  /** A ticket of the owner of {@code c} in {@code category}, which decides the queue whose agents see it. */
  static Ticket ticketIn(Api.Conversation c, String category, String title) throws Exception {
    return store.create(new NewTicket(Ticket.Kind.REQUEST, new Ticket.Requester("conv:" + c.id(), null, null), title,
        "details", category, "medium", "medium", Map.of(), c.id(), "en"))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static List<String> ids(Api.Response list) {
    return list.json().getJsonArray("tickets").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void anAgentReadsFindsAndChangesOnlyTheTicketsOfTheQueuesTheyServeASupervisorAll() throws Exception {
    Api api = new Api(relevo.port());
    String mark = "mark" + System.nanoTime();
    Api.Conversation c = api.create("en");
    Ticket vpn = ticketIn(c, "vpn", "VPN drops " + mark);
    Ticket vacation = ticketIn(c, "vacation", "Holidays in May " + mark);
    Ticket chair = ticketIn(c, "facilities", "Broken chair " + mark);
    String ana = HandoffTest.login(api, "ana"); // skills it and hr
    String sam = HandoffTest.login(api, "sam"); // supervisor

    String base = "/api/v1/agent/tickets/";
    assertThat(api.get(base + vpn.id(), ana).status()).isEqualTo(200);
    assertThat(api.get(base + vacation.id(), ana).status()).isEqualTo(200);
    Api.Response hidden = api.get(base + chair.id(), ana);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.body()).as("the same answer as for a missing ticket")
        .isEqualTo(api.get(base + "REQ-999999", ana).body()).doesNotContain("chair");
    assertThat(ids(api.get("/api/v1/agent/tickets?q=" + mark, ana))).containsExactlyInAnyOrder(vpn.id(), vacation.id());

    Api.Response status = api.post(base + chair.id() + "/status", "{\"status\":\"resolved\"}", ana);
    assertThat(status.status()).isEqualTo(404);
    assertThat(api.post(base + chair.id() + "/comments", "{\"text\":\"on my way\"}", ana).status()).isEqualTo(404);
    Ticket untouched = store.find(chair.id()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(untouched.status()).isEqualTo(Ticket.Status.NEW);
    assertThat(untouched.comments()).isEmpty();

    assertThat(api.get(base + chair.id(), sam).json().getString("title")).isEqualTo("Broken chair " + mark);
    assertThat(ids(api.get("/api/v1/agent/tickets?q=" + mark, sam))).containsExactlyInAnyOrder(vpn.id(), vacation.id(), chair.id());
    assertThat(api.post(base + chair.id() + "/comments", "{\"text\":\"on my way\"}", sam).status()).isEqualTo(200);
  }

  @Test
  void anAgentsTicketReadsAndSearchesGoToTheAuditLogWithoutTheSearchText() throws Exception {
    Api api = new Api(relevo.port());
    String mark = "audited" + System.nanoTime();
    Api.Conversation c = api.create("en");
    Ticket first = ticketIn(c, "vpn", "VPN " + mark);
    Ticket second = ticketIn(c, "printer", "Printer " + mark);
    Ticket chair = ticketIn(c, "facilities", "Chair " + mark);
    String ana = HandoffTest.login(api, "ana");
    String sam = HandoffTest.login(api, "sam");

    assertThat(api.get("/api/v1/agent/tickets/" + first.id(), ana).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/agent/tickets/" + chair.id(), ana).status()).isEqualTo(404);
    assertThat(ids(api.get("/api/v1/agent/tickets?q=" + mark, ana))).containsExactlyInAnyOrder(first.id(), second.id());

    io.relevo.testkit.Eventually.until("ana's reads and search in the audit log", () -> {
      List<JsonObject> entries = api.get("/api/v1/admin/audit?actor=ana&limit=20", sam).json().getJsonArray("entries")
          .stream().map(o -> (JsonObject) o).toList();
      boolean read = entries.stream().anyMatch(e -> e.getString("action").equals("GET /api/v1/agent/tickets/:id")
          && first.id().equals(e.getJsonObject("target").getString("id")) && e.getInteger("status") == 200);
      boolean refused = entries.stream().anyMatch(e -> e.getString("action").equals("GET /api/v1/agent/tickets/:id")
          && chair.id().equals(e.getJsonObject("target").getString("id")) && e.getInteger("status") == 404);
      JsonObject search = entries.stream().filter(e -> e.getString("action").equals("GET /api/v1/agent/tickets"))
          .findFirst().orElse(null);
      return read && refused && search != null && "2".equals(search.getJsonObject("target").getString("results"))
          && "text".equals(search.getJsonObject("target").getString("search"));
    });
    assertThat(api.get("/api/v1/admin/audit?actor=ana&limit=1000", sam).body()).doesNotContain(mark);
  }

  @Test
  void inTheChatNobodyReachesSomebodyElsesTicket() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation ana = api.create("en");
    Api.Conversation luis = api.create("en");
    Ticket anas = ticketOf(ana, "Monitor flickers", "en");
    for (String ask : List.of("what's the status of " + anas.id() + "?", "please cancel ticket " + anas.id(),
        "I want to add a comment to " + anas.id())) {
      List<JsonObject> replies = api.say(luis, ask, null).messages();
      String all = replies.stream().map(m -> m.getString("text")).reduce("", String::concat);
      assertThat(all).as(ask).contains("I can't find a ticket").doesNotContain("Monitor flickers");
    }
    Ticket untouched = store.find(anas.id()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(untouched.status()).isEqualTo(Ticket.Status.NEW);
    assertThat(untouched.comments()).isEmpty();
    // its owner does reach it
    assertThat(api.say(ana, "what's the status of " + anas.id() + "?", null).messages().get(0).getString("text"))
        .contains("Monitor flickers");
  }

  @Test
  void aVerifiedUserSeesTheirTicketsFromEveryConversation() throws Exception {
    Api api = new Api(relevo.port());
    io.relevo.channels.web.IdentityTokens host = new io.relevo.channels.web.IdentityTokens(IDENTITY, Clock.systemUTC());
    long exp = System.currentTimeMillis() / 1000 + 600;
    long iat = exp - 600;
    String marta = host.issue(new JsonObject().put("sub", "emp-1042").put("name", "Marta").put("iat", iat).put("exp", exp));
    Api.Response first = api.post("/api/v1/conversations", new JsonObject().put("locale", "es").put("identityToken", marta).encode(), null);
    assertThat(first.status()).isEqualTo(201);
    String c1 = first.json().getString("conversationId");
    Ticket t = store.create(new NewTicket(Ticket.Kind.REQUEST, new Ticket.Requester("user:web:emp-1042", "Marta", null),
        "Monitor", null, "equipment", null, null, Map.of(), c1, "es")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    Api.Response second = api.post("/api/v1/conversations", new JsonObject().put("locale", "es").put("identityToken", marta).encode(), null);
    String c2 = second.json().getString("conversationId");
    Api.Response list = api.get("/api/v1/tickets?conversation=" + c2, second.json().getString("token"));
    assertThat(list.json().getJsonArray("tickets").getJsonObject(0).getString("id")).isEqualTo(t.id());

    String forged = new io.relevo.channels.web.IdentityTokens("another-secret-entirely", Clock.systemUTC())
        .issue(new JsonObject().put("sub", "emp-1042").put("iat", iat).put("exp", exp));
    String expired = host.issue(new JsonObject().put("sub", "emp-1042").put("iat", 500).put("exp", 1000));
    String in2100 = host.issue(new JsonObject().put("sub", "emp-1042").put("iat", iat).put("exp", 4_102_444_800L));
    String noIat = host.issue(new JsonObject().put("sub", "emp-1042").put("exp", exp));
    for (String bad : List.of(forged, expired, in2100, noIat, "not.a.token", marta + "x")) {
      Api.Response r = api.post("/api/v1/conversations", new JsonObject().put("identityToken", bad).encode(), null);
      assertThat(r.status()).as(bad).isEqualTo(401);
      assertThat(r.json().getJsonObject("error").getString("code")).isEqualTo("invalid_identity");
    }
    // an anonymous conversation of the same browser does not see them
    Api.Conversation anonymous = api.create("es");
    assertThat(api.get("/api/v1/tickets?conversation=" + anonymous.id(), anonymous.token()).json().getJsonArray("tickets")).isEmpty();
  }

  @Test
  void aHostSiteIdShapedLikeATeamsIdDoesNotSeeThatTeamsUsersTickets() throws Exception {
    Api api = new Api(relevo.port());
    Ticket teams = store.create(new NewTicket(Ticket.Kind.INCIDENT, new Ticket.Requester("user:teams:alice-aad", "Alice", null),
        "VPN down", null, "network", null, null, Map.of(), null, "en")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    long now = System.currentTimeMillis() / 1000;
    String token = new io.relevo.channels.web.IdentityTokens(IDENTITY, Clock.systemUTC())
        .issue(new JsonObject().put("sub", "teams:alice-aad").put("iat", now).put("exp", now + 600));
    Api.Response created = api.post("/api/v1/conversations", new JsonObject().put("locale", "en").put("identityToken", token).encode(), null);
    assertThat(created.status()).isEqualTo(201);
    String c = created.json().getString("conversationId");
    String bearer = created.json().getString("token");
    assertThat(api.get("/api/v1/tickets?conversation=" + c, bearer).json().getJsonArray("tickets")).isEmpty();
    assertThat(api.get("/api/v1/tickets/" + teams.id() + "?conversation=" + c, bearer).status()).isEqualTo(404);
  }

  @Test
  void anInvalidFlowFileStopsStartUpNamingTheFileAndTheProblem() throws Exception {
    java.nio.file.Path dir = TestRedis.tempDir("flows");
    java.nio.file.Files.writeString(dir.resolve("request_parking.yaml"), "id: request_parking\nintent: request_parking\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServers.start(Map.of("RELEVO_FLOWS_DIR", dir.toString())))
        .hasMessageContaining("request_parking.yaml").hasMessageContaining("'ticket'");
  }

  @Test
  void employeeOnlyArticlesAreForVerifiedUsersWhenConfigured() {
    Api api = new Api(relevo.port());
    io.relevo.channels.web.IdentityTokens host = new io.relevo.channels.web.IdentityTokens(IDENTITY, Clock.systemUTC());
    long now = System.currentTimeMillis() / 1000;
    String token = host.issue(new JsonObject().put("sub", "emp-7").put("iat", now).put("exp", now + 600));
    Api.Response created = api.post("/api/v1/conversations", new JsonObject().put("locale", "en").put("identityToken", token).encode(), null);
    Api.Conversation verified = new Api.Conversation(created.json().getString("conversationId"), created.json().getString("token"), created);
    Api.Conversation anonymous = api.create("en");
    String question = "where can I see my payslip?";
    assertThat(links(api.say(verified, question, null).messages())).contains("en-hr-payslip");
    assertThat(links(api.say(anonymous, question, null).messages())).doesNotContain("en-hr-payslip");
  }

  private static List<String> links(List<JsonObject> replies) {
    return replies.stream().flatMap(m -> m.getJsonArray("links", new io.vertx.core.json.JsonArray()).stream())
        .map(l -> ((JsonObject) l).getString("articleId")).toList();
  }
}
