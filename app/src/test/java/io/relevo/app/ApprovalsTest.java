package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.channels.web.IdentityTokens;
import io.relevo.handoff.agents.Passwords;
import io.relevo.testkit.Arrivals;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * Catalogue requests with approvals over the public APIs of a real Relevo: made in the chat,
 * decided through the approvers' REST API, told to the requester, sent through the ticket webhook
 * (a local HTTP server), escalated after a shortened timeout, withdrawn; strangers and repeats
 * change nothing.
 */
class ApprovalsTest {

  static final String IDENTITY = "approvals-identity-secret-for-tests";
  static final String PASSWORD = "approvals-password";
  static Relevo relevo;
  static io.relevo.redis.EmbeddedRedis redis;
  static Vertx vertx;
  static HttpServer hook;
  static final Arrivals<JsonObject> deliveries = new Arrivals<>();
  static Api api;
  static IdentityTokens host;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    hook = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      deliveries.add(new JsonObject(body).put("header", req.getHeader("X-Relevo-Event")));
      req.response().setStatusCode(204).end();
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Path dir = TestRedis.tempDir("approvals");
    String hash = Passwords.hash(PASSWORD, 1000);
    Path agents = Files.writeString(dir.resolve("agents.yaml"), """
        agents:
          - {id: marta, name: Marta, password: %1$s, roles: [approver]}
          - {id: jorge, name: Jorge, password: %1$s, roles: [approver]}
          - {id: elena, name: Elena, password: %1$s, roles: [approver]}
          - {id: pablo, name: Pablo, password: %1$s, roles: [approver]}
          - {id: root, name: Root, password: %1$s, roles: [admin]}
        """.formatted(hash));
    Path people = Files.writeString(dir.resolve("people.yaml"), """
        people:
          - {email: marta@acme.example, name: Marta, manager: jorge@acme.example, agent: marta}
          - {email: jorge@acme.example, name: Jorge, agent: jorge}
          - {email: elena@acme.example, name: Elena, agent: elena, manager: jorge@acme.example}
          - {email: pablo@acme.example, name: Pablo, agent: pablo}
          - {email: luis@acme.example, name: Luis, manager: elena@acme.example, ids: [web:luis]}
          - {email: rosa@acme.example, name: Rosa, manager: elena@acme.example}
          - {email: tomas@acme.example, name: Tomas, manager: elena@acme.example}
          - {email: nuria@acme.example, name: Nuria, manager: elena@acme.example}
        groups:
          finance: [jorge@acme.example]
        """);
    Path flows = Files.createDirectories(dir.resolve("flows"));
    Files.writeString(flows.resolve("request_parking.yaml"), """
        id: request_parking
        intent: request_parking
        department: facilities
        catalogue:
          title: { en: Parking space, es: Plaza de aparcamiento }
          description: { en: "A parking space for a day.", es: "Una plaza de aparcamiento para un día." }
        approval:
          - approver: manager
            escalateAfter: 1s
            remindBefore: 700ms
            escalateTo: manager
        ticket: { kind: request, title: "Parking: {plate}", category: parking }
        slots:
          - name: plate
            type: text
            min: 4
            max: 12
            ask: { en: "Your car's plate?", es: "¿La matrícula?" }
        confirm: { en: "Parking for {plate}. Shall I send it?", es: "Aparcamiento para {plate}. ¿Lo envío?" }
        done: { en: "Sent: request {ticket}.", es: "Enviado: solicitud {ticket}." }
        """);
    relevo = TestServers.start(Map.of(
        "REDIS_URL", (redis = TestRedis.dedicated()).uri(),
        "RELEVO_WIDGET_IDENTITY_SECRET", IDENTITY,
        "RELEVO_AGENTS_FILE", agents.toString(),
        "RELEVO_APPROVALS_DIRECTORY_FILE", people.toString(),
        "RELEVO_FLOWS_DIR", flows.toString(),
        "RELEVO_APPROVALS_CHECK_EVERY", "100ms",
        "RELEVO_TICKETS_WEBHOOK_URL", "http://127.0.0.1:" + hook.actualPort() + "/hook",
        "RELEVO_TICKETS_WEBHOOK_SECRET", "approvals-webhook-secret-0123456789"));
    api = new Api(relevo.port());
    host = new IdentityTokens(IDENTITY, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static String login(String user) {
    Api.Response r = api.post("/api/v1/agents/login", new JsonObject().put("username", user).put("password", PASSWORD).encode(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getString("token");
  }

  /** A verified person's conversation: {@code sub} with an e-mail and, when given, a manager claim. */
  static Api.Conversation person(String locale, String sub, String email, String manager) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", sub).put("name", sub).put("email", email).put("iat", now).put("exp", now + 600);
    if (manager != null) {
      claims.put("manager", manager);
    }
    Api.Response r = api.post("/api/v1/conversations", new JsonObject().put("locale", locale)
        .put("identityToken", host.issue(claims)).encode(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new Api.Conversation(r.json().getString("conversationId"), r.json().getString("token"), r);
  }

  static List<JsonObject> choose(Api.Conversation c, String payload) {
    Api.Response r = api.post("/api/v1/conversations/" + c.id() + "/messages",
        new JsonObject().put("text", payload).put("payload", payload).encode(), c.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.messages();
  }

  static List<JsonObject> say(Api.Conversation c, String text) {
    Api.Response r = api.say(c, text, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.messages();
  }

  static String last(List<JsonObject> replies) {
    return replies.get(replies.size() - 1).getString("text");
  }

  static String ticketIn(List<JsonObject> replies) {
    Matcher m = Pattern.compile("REQ-\\d{6}").matcher(String.join("\n", replies.stream().map(j -> j.getString("text")).toList()));
    assertThat(m.find()).as("a request id in %s", replies).isTrue();
    return m.group();
  }

  /** An equipment request made in the chat, in English. */
  static String equipment(Api.Conversation c) {
    assertThat(last(choose(c, "form.start:request_equipment"))).contains("What do you need?");
    assertThat(last(say(c, "Laptop"))).contains("Why do you need it?");
    assertThat(last(say(c, "My laptop is six years old and too slow for builds"))).contains("Shall I send it?");
    List<JsonObject> done = choose(c, "form.yes");
    assertThat(String.join(" ", done.stream().map(j -> j.getString("text")).toList())).contains("Your manager approves it");
    return ticketIn(done);
  }

  static Api.Response decide(String token, String approvalId, String decision, String reason, String key) {
    JsonObject body = new JsonObject().put("decision", decision);
    if (reason != null) {
      body.put("reason", reason);
    }
    Map<String, String> headers = new java.util.HashMap<>(Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
    if (key != null) {
      headers.put("Idempotency-Key", key);
    }
    return api.send("POST", "/api/v1/agent/approvals/" + approvalId + "/decision",
        body.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
  }

  static JsonObject ticket(Api.Conversation c, String id) {
    return api.get("/api/v1/tickets/" + id + "?conversation=" + c.id(), c.token()).json();
  }

  static void awaitDelivery(String event, String ticket) {
    deliveries.await(d -> event.equals(d.getString("header")) && ticket.equals(d.getJsonObject("ticket").getString("id")),
        event + " of " + ticket);
  }

  @Test
  void anEquipmentRequestMadeInTheChatIsApprovedByTheManagerAndTheRequesterIsTold() {
    Api.Conversation luis = person("en", "luis", "luis@acme.example", null); // manager from the directory: elena
    String id = equipment(luis);
    assertThat(ticket(luis, id).getString("status")).isEqualTo("pending_approval");
    awaitDelivery("ticket.created", id);

    String elena = login("elena");
    Api.Response mine = api.get("/api/v1/agent/approvals", elena);
    assertThat(mine.status()).isEqualTo(200);
    JsonObject pending = mine.json().getJsonArray("approvals").stream().map(o -> (JsonObject) o)
        .filter(a -> a.getString("ticketId").equals(id)).findFirst().orElseThrow();
    assertThat(pending.getString("id")).isEqualTo(id + ".1");
    assertThat(pending.getJsonObject("requester").getString("email")).isEqualTo("luis@acme.example");
    assertThat(pending.getJsonObject("fields").getString("item")).isEqualTo("laptop");

    Api.Response approved = decide(elena, id + ".1", "approve", null, "click-1");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().getString("ticketStatus")).isEqualTo("approved");
    assertThat(approved.json().getBoolean("replayed")).isFalse();
    assertThat(ticket(luis, id).getString("status")).isEqualTo("approved");
    assertThat(last(api.transcript(luis).stream().toList())).contains("Good news: your request " + id).contains("approved by Elena");
    awaitDelivery("ticket.approval.approved", id);

    // the person asks, in their own words
    assertThat(last(say(luis, "has my equipment request been approved?"))).contains("Yes").contains(id);

    // the audit log records who decided what
    String root = login("root");
    io.relevo.testkit.Eventually.until("the decision in the audit log", () -> api.get("/api/v1/admin/audit?actor=elena", root)
        .body().contains("approval.decided") && api.get("/api/v1/admin/audit?actor=elena", root).body().contains(id));
  }

  @Test
  void aStrangersApproveIsRefusedAndChangesNothingAndADoubleApproveDecidesOnce() {
    Api.Conversation c = person("en", "ines", "ines@acme.example", "marta@acme.example"); // manager from the token's claim
    String id = equipment(c);
    String pablo = login("pablo");
    assertThat(api.get("/api/v1/agent/approvals", pablo).json().getJsonArray("approvals").encode()).doesNotContain(id);
    Api.Response refused = decide(pablo, id + ".1", "approve", null, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.errorCode()).isEqualTo("not_your_approval");
    assertThat(api.get("/api/v1/agent/approvals/" + id + ".1", pablo).status()).isEqualTo(404);
    assertThat(ticket(c, id).getString("status")).isEqualTo("pending_approval");

    String marta = login("marta");
    int before = api.transcript(c).size();
    Api.Response first = decide(marta, id + ".1", "approve", null, "k-1");
    Api.Response retried = decide(marta, id + ".1", "approve", null, "k-1");
    Api.Response clickedAgain = decide(marta, id + ".1", "approve", null, "k-2");
    assertThat(first.status()).isEqualTo(200);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.json().getBoolean("replayed")).isTrue();
    assertThat(clickedAgain.status()).isEqualTo(200);
    assertThat(clickedAgain.json().getBoolean("replayed")).isTrue();
    Api.Response changedMind = decide(marta, id + ".1", "reject", "no", "k-3");
    assertThat(changedMind.status()).isEqualTo(409);
    assertThat(changedMind.errorCode()).isEqualTo("already_decided");
    // decided once: one message to the requester, one approval in the history
    List<JsonObject> told = api.transcript(c).subList(before, api.transcript(c).size());
    assertThat(told.stream().filter(m -> m.getString("text").contains("Good news"))).hasSize(1);
    assertThat(ticket(c, id).getJsonObject("approval").getString("state")).isEqualTo("approved");
    awaitDelivery("ticket.approval.approved", id);
    assertThat(deliveries.all().stream().filter(d -> "ticket.approval.approved".equals(d.getString("header"))
        && id.equals(d.getJsonObject("ticket").getString("id")))).hasSize(1);
  }

  @Test
  void aVacationRequestIsRejectedWithAReasonAndTheRequesterIsToldInSpanish() {
    Api.Conversation c = person("es", "rosa", "rosa@acme.example", null);
    assertThat(last(choose(c, "form.start:request_vacation"))).contains("¿Qué días?");
    say(c, "del 3 al 7 de agosto");
    assertThat(last(say(c, "vacaciones"))).contains("¿Algo que deba saber tu responsable?");
    assertThat(last(choose(c, "form.skip"))).contains("¿Lo envío?");
    String id = ticketIn(choose(c, "form.yes"));

    assertThat(last(say(c, "¿me han aprobado las vacaciones?"))).contains("pendiente de aprobación").contains(id);

    String elena = login("elena");
    Api.Response rejected = decide(elena, id + ".1", "reject", "Esa semana cerramos el trimestre", null);
    assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
    assertThat(rejected.json().getString("ticketStatus")).isEqualTo("rejected");
    assertThat(last(api.transcript(c))).contains("Elena ha rechazado tu solicitud " + id)
        .contains("Motivo: Esa semana cerramos el trimestre");
    awaitDelivery("ticket.approval.rejected", id);
    assertThat(last(say(c, "¿me han aprobado las vacaciones?"))).startsWith("No:").contains("Motivo:");
    // a decision on a decided request is refused, and so is its withdrawal
    assertThat(decide(elena, id + ".1", "approve", null, null).errorCode()).isEqualTo("already_decided");
    Api.Response late = api.post("/api/v1/tickets/" + id + "/withdraw?conversation=" + c.id(), "{}", c.token());
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.errorCode()).isEqualTo("already_decided");
  }

  @Test
  void aPendingRequestWithdrawnBeforeADecisionCannotBeDecided() {
    Api.Conversation c = person("en", "tomas", "tomas@acme.example", null);
    String viaApi = equipment(c);
    Api.Response withdrawn = api.post("/api/v1/tickets/" + viaApi + "/withdraw?conversation=" + c.id(),
        "{\"reason\":\"Found a spare one\"}", c.token());
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(withdrawn.json().getString("status")).isEqualTo("cancelled");
    assertThat(withdrawn.json().getJsonObject("approval").getString("state")).isEqualTo("withdrawn");
    awaitDelivery("ticket.approval.withdrawn", viaApi);
    String elena = login("elena");
    Api.Response tooLate = decide(elena, viaApi + ".1", "approve", null, null);
    assertThat(tooLate.status()).isEqualTo(409);
    assertThat(tooLate.errorCode()).isEqualTo("withdrawn");

    // and in the chat
    String viaChat = equipment(c);
    List<JsonObject> asked = say(c, "I want to withdraw my equipment request");
    assertThat(last(asked)).contains("withdraw your request " + viaChat);
    choose(c, "ticket.cancel.yes:" + viaChat);
    assertThat(ticket(c, viaChat).getJsonObject("approval").getString("state")).isEqualTo("withdrawn");
    Api.Conversation other = person("en", "eva", "eva@acme.example", null);
    assertThat(api.post("/api/v1/tickets/" + viaChat + "/withdraw?conversation=" + other.id(), "{}", other.token()).status())
        .isEqualTo(404);
  }

  @Test
  void aStepNobodyDecidesEscalatesToTheApproversManagerAfterItsTimeout() {
    Api.Conversation c = person("en", "nuria", "nuria@acme.example", null); // manager: elena, whose manager is jorge
    assertThat(last(choose(c, "form.start:request_parking"))).contains("plate");
    say(c, "1234 ABC");
    String id = ticketIn(choose(c, "form.yes"));
    awaitDelivery("ticket.approval.reminded", id);
    awaitDelivery("ticket.approval.escalated", id);
    String jorge = login("jorge");
    JsonObject escalated = api.get("/api/v1/agent/approvals/" + id + ".1", jorge).json();
    assertThat(escalated.getJsonObject("approver").getJsonArray("escalatedTo").getList()).containsExactly("jorge@acme.example");
    Api.Response approved = decide(jorge, id + ".1", "approve", null, null);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().getString("ticketStatus")).isEqualTo("approved");
    assertThat(approved.json().getJsonObject("decision").getString("by")).isEqualTo("jorge@acme.example");
  }

  @Test
  void theCatalogueInBothLanguagesFromTheApiAndTheChat() {
    JsonObject es = api.get("/api/v1/catalogue?lang=es", null).json();
    assertThat(es.getString("lang")).isEqualTo("es");
    assertThat(es.encode()).contains("Vacaciones o permisos").contains("Recursos humanos").contains("Plaza de aparcamiento")
        .contains("form.start:request_business_trip");
    JsonObject en = api.get("/api/v1/catalogue?lang=en&q=trip", null).json();
    assertThat(en.getJsonArray("departments")).hasSize(1);
    assertThat(en.encode()).contains("Business trip").doesNotContain("Equipment");
    assertThat(api.get("/api/v1/catalogue?lang=fr", null).status()).isEqualTo(400);

    Api.Conversation c = api.create("es");
    List<JsonObject> catalogue = say(c, "¿Qué puedo pedir?");
    JsonObject shown = catalogue.get(catalogue.size() - 1);
    assertThat(shown.getString("text")).contains("Esto es lo que puedes pedir").contains("Recursos humanos:")
        .contains("Viaje de trabajo");
    assertThat(shown.getJsonArray("quickReplies").encode()).contains("form.start:request_vacation");
    Api.Conversation e = api.create("en");
    assertThat(last(say(e, "What can I request?"))).contains("Here is what you can request").contains("Office supplies");
  }
}
