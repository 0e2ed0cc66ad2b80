package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.Arrivals;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Approvals and the catalogue in Microsoft Teams, against a local server speaking the OpenID
 * metadata, the token endpoint and the Bot Connector API (create conversation, send, update and
 * get member): a vacation requested in the personal chat, its Adaptive Card sent to the manager,
 * rejected with a reason through an {@code adaptiveCard/action} invoke answered with the updated
 * card, the card's activity updated, the requester told; a stranger refused; a retried invoke
 * deciding once; the catalogue as a card in both languages. A group step ({@link ParkingRequests})
 * asks each approver in their language (the directory's, else the default), and once decided in the
 * console, on one approver's card, withdrawn, or cancelled by an agent in the console or by the
 * company's ticket system, every approver's card is replaced (the acted-on one once) and the cards'
 * references in Redis are forgotten; an action on a cancelled request's old card is refused.
 */
class TeamsApprovalsTest {

  static final String PASSWORD = "teams-approvals-password";
  static final String INBOUND = "teams-approvals-inbound-token-0123456789";
  static Vertx vertx;
  static HttpServer botFramework;
  /** Every call to the Bot Connector: method, path and body. */
  static final Arrivals<JsonObject> calls = new Arrivals<>();
  static EmbeddedRedis redis;
  static RedisConnector store;
  static RedisTicketSystem tickets;
  static Relevo relevo;
  static java.security.KeyPair keys;
  static String base;

  private static String b64(java.math.BigInteger n) {
    byte[] bytes = n.toByteArray();
    if (bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A Bot Connector token for the activity's service URL, signed with the stand-in's key. */
  private static String token() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    return TeamsTest.jwt(new JsonObject().put("alg", "RS256").put("kid", "key-1").put("typ", "JWT"),
        new JsonObject().put("iss", TeamsTest.ISSUER).put("aud", TeamsTest.APP_ID).put("nbf", now - 10).put("exp", now + 3600)
            .put("serviceurl", base + "/connector/"), keys);
  }

  /** A message activity of Marta's in {@code conversation}, as the Bot Connector sends it. */
  private static JsonObject message(String id, String conversation, String text) {
    return new JsonObject().put("type", "message").put("id", id).put("timestamp", "2026-11-23T10:00:00.000Z")
        .put("serviceUrl", base + "/connector/").put("channelId", "msteams").put("locale", "en-US")
        .put("from", new JsonObject().put("id", "29:1Abc").put("name", "Marta Ruiz").put("aadObjectId", "a9b8c7"))
        .put("conversation", new JsonObject().put("id", conversation).put("conversationType", "personal"))
        .put("recipient", new JsonObject().put("id", "28:" + TeamsTest.APP_ID).put("name", "Relevo"))
        .put("text", text);
  }

  @BeforeAll
  static void start() throws Exception {
    java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
    vertx = Vertx.vertx();
    botFramework = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String path = req.path();
      String method = req.method().name();
      if (path.equals("/openid")) {
        req.response().end(new JsonObject().put("issuer", TeamsTest.ISSUER).put("jwks_uri", base + "/keys").encode());
        return;
      } else if (path.equals("/keys")) {
        java.security.interfaces.RSAPublicKey pub = (java.security.interfaces.RSAPublicKey) keys.getPublic();
        req.response().end(new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "RSA")
            .put("kid", "key-1").put("use", "sig").put("n", b64(pub.getModulus())).put("e", b64(pub.getPublicExponent())))).encode());
        return;
      } else if (path.equals("/token")) {
        req.response().end(new JsonObject().put("token_type", "Bearer").put("expires_in", 3600)
            .put("access_token", "test-access-token").encode());
        return;
      }
      JsonObject call = new JsonObject().put("method", method).put("path", path).put("auth", req.getHeader("Authorization"));
      if (b.length() > 0) {
        call.put("body", b.toJsonObject());
      }
      // an activity sent is recorded with the id the Bot Connector gives it (which an invoke's replyToId names)
      String activity = "activity-" + System.nanoTime();
      if (path.startsWith("/connector/v3/conversations/") && path.endsWith("/activities") && method.equals("POST")) {
        call.put("answered", activity);
      }
      calls.add(call);
      if (path.equals("/connector/v3/conversations") && method.equals("POST")) {
        String member = b.toJsonObject().getJsonArray("members").getJsonObject(0).getString("id");
        req.response().setStatusCode(201).end(new JsonObject().put("id", "a:personal-" + member).encode());
      } else if (path.contains("/members/") && method.equals("GET")) {
        String member = path.substring(path.lastIndexOf('/') + 1);
        req.response().end(new JsonObject().put("id", member).put("name", "Pablo").put("aadObjectId", "b-pablo")
            .put("email", "pablo@acme.example").put("userPrincipalName", "pablo@acme.example").encode());
      } else if (path.startsWith("/connector/v3/conversations/")) {
        req.response().setStatusCode(method.equals("PUT") ? 200 : 201).end(new JsonObject().put("id", activity).encode());
      } else {
        req.response().setStatusCode(404).end();
      }
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + botFramework.actualPort();
    Path dir = TestRedis.tempDir("teams-approvals");
    // Ana reads Spanish by the directory; Jorge the default language, English
    Path people = Files.writeString(dir.resolve("people.yaml"), """
        people:
          - {email: marta@acme.example, name: Marta, manager: jorge@acme.example, ids: ["teams:a9b8c7"]}
          - {email: jorge@acme.example, name: Jorge, agent: jorge, ids: ["teams:a-jorge"]}
          - {email: pablo@acme.example, name: Pablo}
          - {email: ana@acme.example, name: Ana, locale: es-ES, ids: ["teams:a-ana"]}
        groups:
          hr-approvers: [pablo@acme.example]
          parking: [jorge@acme.example, ana@acme.example]
        """);
    Path agents = Files.writeString(dir.resolve("agents.yaml"), """
        agents:
          - {id: jorge, name: Jorge, password: %1$s, roles: [approver]}
          - {id: desk, name: Dana, password: %1$s, roles: [agent]}
        """.formatted(io.relevo.handoff.agents.Passwords.hash(PASSWORD, 1000)));
    redis = TestRedis.dedicated();
    store = RedisConnector.connect(redis.uri(), java.time.Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, store, java.time.Clock.systemUTC(), false);
    relevo = TestServers.start(Map.ofEntries(Map.entry("REDIS_URL", redis.uri()),
        Map.entry("RELEVO_TEAMS_APP_ID", TeamsTest.APP_ID),
        Map.entry("RELEVO_TEAMS_APP_PASSWORD", "s3cret"),
        Map.entry("RELEVO_TEAMS_OPEN_ID_URL", base + "/openid"),
        Map.entry("RELEVO_TEAMS_TOKEN_URL", base + "/token"),
        Map.entry("RELEVO_TEAMS_SERVICE_URLS", base + "/connector/"),
        Map.entry("RELEVO_TEAMS_APPROVALS_SERVICE_URL", base + "/connector/"),
        Map.entry("RELEVO_TEAMS_TENANT_ID", "tenant-1"),
        Map.entry("RELEVO_APPROVALS_DIRECTORY_FILE", people.toString()),
        Map.entry("RELEVO_AGENTS_FILE", agents.toString()),
        Map.entry("RELEVO_TICKETS_INBOUND_TOKEN", INBOUND),
        Map.entry("RELEVO_FLOWS_DIR", ParkingRequests.flows(dir).toString())));
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    store.close();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static JsonObject await(Predicate<JsonObject> which, String what) {
    return calls.await(which, what);
  }

  private static JsonObject sentTo(String conversation, String text) {
    return await(c -> "POST".equals(c.getString("method")) && c.getString("path").contains("/conversations/" + conversation + "/")
        && c.encode().contains(text), text);
  }

  private static Api.Response post(JsonObject activity) throws Exception {
    Api.Response r = new Api(relevo.port()).send("POST", "/api/v1/teams/messages",
        activity.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  private static JsonObject say(String id, String conversation, String text, String payload, String locale) throws Exception {
    JsonObject m = message(id, conversation, text).put("locale", locale);
    if (payload != null) {
      m.put("value", new JsonObject().put("payload", payload));
    }
    post(m);
    return m;
  }

  private static JsonObject invoke(String id, String aad, String userId, String conversation, String cardActivity, String verb,
      JsonObject data) {
    JsonObject activity = message(id, conversation, null).put("type", "invoke").put("name", "adaptiveCard/action")
        .put("replyToId", cardActivity)
        .put("from", new JsonObject().put("id", userId).put("name", "someone").put("aadObjectId", aad))
        .put("value", new JsonObject().put("action", new JsonObject().put("type", "Action.Execute").put("verb", verb)
            .put("data", data)).put("trigger", "manual"));
    activity.remove("text");
    return activity;
  }

  private static Ticket ticket(String id) throws Exception {
    return tickets.find(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  /** Marta requests a vacation in the Teams chat {@code chat} ({@code enc} URL-encoded); the request's id. */
  private static String vacation(String chat, String enc, String prefix) throws Exception {
    say(prefix + "-1", chat, "Vacation or time off", "form.start:request_vacation", "en-US");
    sentTo(enc, "Which days?");
    say(prefix + "-2", chat, "from August 3 to 7", null, "en-US");
    sentTo(enc, "What kind of leave");
    say(prefix + "-3", chat, "vacation", null, "en-US");
    sentTo(enc, "Anything your manager");
    say(prefix + "-4", chat, "skip", null, "en-US");
    sentTo(enc, "Shall I send it?");
    say(prefix + "-5", chat, "Yes", "form.yes", "en-US");
    JsonObject sent = sentTo(enc, "Sent: request");
    var matcher = java.util.regex.Pattern.compile("REQ-\\d{6}").matcher(sent.encode());
    assertThat(matcher.find()).isTrue();
    return matcher.group();
  }

  @Test
  void anApprovalSubmittedAsAMessageWithAValueIsDecidedAndItsCardUpdated() throws Exception {
    String id = vacation("a:marta-chat-2", "a%3Amarta-chat-2", "s");
    String card = sentTo("a%3Apersonal-a-jorge", id + ".1").getString("answered");
    JsonObject submit = message("sub-1", "a:personal-a-jorge", null).put("replyToId", card)
        .put("from", new JsonObject().put("id", "29:jorge").put("name", "Jorge").put("aadObjectId", "a-jorge"))
        .put("value", new JsonObject().put("approval", id + ".1").put("verb", "approve"));
    submit.remove("text");
    post(submit);
    JsonObject update = await(c -> "PUT".equals(c.getString("method"))
        && c.getString("path").endsWith("/a%3Apersonal-a-jorge/activities/" + card), "updateActivity of the card");
    assertThat(update.encode()).contains("Approved by Jorge");
    sentTo("a%3Amarta-chat-2", "Good news");
    awaitRemembered(id, 0);
    assertThat(updatesOf("a%3Apersonal-a-jorge", card)).hasSize(1); // once: the others' update leaves the clicked card alone
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.APPROVED);
  }

  @Test
  void aVacationRequestedInTeamsIsRejectedWithAReasonOnTheCardWhichIsUpdatedAndTheRequesterIsTold() throws Exception {
    String chat = "a:marta-chat";
    String enc = "a%3Amarta-chat";
    String id = vacation(chat, enc, "m");

    // the manager's personal chat is opened in the tenant and the card sent there
    JsonObject opened = await(c -> c.getString("path").equals("/connector/v3/conversations")
        && c.encode().contains("a-jorge"), "the manager's chat opened");
    assertThat(opened.getJsonObject("body").getString("tenantId")).isEqualTo("tenant-1");
    JsonObject card = sentTo("a%3Apersonal-a-jorge", id + ".1");
    String cardId = card.getString("answered");
    JsonObject content = card.getJsonObject("body").getJsonArray("attachments").getJsonObject(0).getJsonObject("content");
    assertThat(card.getJsonObject("body").getJsonArray("attachments").getJsonObject(0).getString("contentType"))
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(content.encode()).contains("Marta Ruiz asks for your approval").contains("Input.Text");
    JsonArray actions = content.getJsonArray("actions");
    assertThat(actions.getJsonObject(0).getString("type")).isEqualTo("Action.Execute");
    assertThat(actions.stream().map(a -> ((JsonObject) a).getString("verb"))).containsExactly("approve", "reject");
    JsonObject data = actions.getJsonObject(1).getJsonObject("data").copy().put("reason", "Audit week: everybody is needed");

    // a stranger (known by the e-mail the Bot Connector gives for him) is refused; the card stays
    Api.Response stranger = post(invoke("inv-0", null, "29:pablo", "a:personal-a-jorge", cardId, "reject", data));
    assertThat(stranger.json().getString("type")).isEqualTo("application/vnd.microsoft.activity.message");
    assertThat(stranger.json().getString("value")).contains("Only the approvers");
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.PENDING_APPROVAL);

    // the manager rejects with a reason; Teams delivers the invoke twice
    JsonObject reject = invoke("inv-1", "a-jorge", "29:jorge", "a:personal-a-jorge", cardId, "reject", data);
    Api.Response answered = post(reject);
    assertThat(answered.json().getInteger("statusCode")).isEqualTo(200);
    assertThat(answered.json().getString("type")).isEqualTo("application/vnd.microsoft.card.adaptive");
    String updatedCard = answered.json().getJsonObject("value").encode();
    assertThat(updatedCard).contains("Rejected by Jorge").contains("Audit week").doesNotContain("Action.Execute");
    Api.Response retried = post(reject);
    assertThat(retried.json().getJsonObject("value").encode()).contains("Rejected by Jorge");

    JsonObject update = await(c -> "PUT".equals(c.getString("method"))
        && c.getString("path").endsWith("/a%3Apersonal-a-jorge/activities/" + cardId), "updateActivity of the card");
    assertThat(update.encode()).contains("Rejected by Jorge");

    sentTo(enc, "was rejected by Jorge");
    Ticket rejected = ticket(id);
    assertThat(rejected.status()).isEqualTo(Ticket.Status.REJECTED);
    assertThat(rejected.approval().steps().get(0).decision().reason()).isEqualTo("Audit week: everybody is needed");
    assertThat(rejected.approval().steps().get(0).decision().via()).isEqualTo("teams");
    assertThat(calls.all().stream().filter(c -> c.getString("path").contains("/conversations/" + enc + "/")
        && c.encode().contains("was rejected by Jorge"))).hasSize(1);
  }

  /** The updateActivity calls on the activity {@code activity} of the (URL-encoded) conversation {@code chat}. */
  private static java.util.List<JsonObject> updatesOf(String chat, String activity) {
    return calls.all().stream().filter(c -> "PUT".equals(c.getString("method"))
        && c.getString("path").endsWith("/" + chat + "/activities/" + activity)).toList();
  }

  /** The update of the card {@code sent} (as the Bot Connector received it), once it arrives. */
  private static JsonObject updateOf(JsonObject sent) {
    String path = sent.getString("path") + "/" + sent.getString("answered");
    return await(c -> "PUT".equals(c.getString("method")) && path.equals(c.getString("path")), "the update of " + path);
  }

  /** Waits until {@code n} cards of the request's first step are remembered in Redis (0: all updated and forgotten). */
  private static void awaitRemembered(String id, int n) {
    io.relevo.testkit.Eventually.until(n + " approval cards of " + id + " remembered", () -> store.commands()
        .hlen(io.relevo.redis.Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get() == n);
  }

  private static JsonObject content(JsonObject call) {
    return call.getJsonObject("body").getJsonArray("attachments").getJsonObject(0).getJsonObject("content");
  }

  @Test
  void eachApproverReadsTheCardInTheirLanguageTheDirectorysElseTheDefault() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "5678 XYZ");

    String jorge = content(sentTo("a%3Apersonal-a-jorge", id + ".1")).encode();
    assertThat(jorge).contains("asks for your approval").contains("Approve").contains("Reason (optional)")
        .contains("approval step 1 of 1").doesNotContain("Aprobar");
    JsonObject ana = content(sentTo("a%3Apersonal-a-ana", id + ".1"));
    assertThat(ana.encode()).contains("te pide una aprobación").contains("Aprobar").contains("Rechazar")
        .contains("Motivo (opcional)").contains("paso de aprobación 1 de 1").doesNotContain("Approve");

    // a refusal on Ana's card is answered in its language
    JsonObject data = ana.getJsonArray("actions").getJsonObject(0).getJsonObject("data");
    Api.Response refused = post(invoke("es-0", null, "29:pablo", "a:personal-a-ana", "card-es", "approve", data));
    assertThat(refused.json().getString("value")).isEqualTo(io.relevo.texts.Texts.get(io.relevo.texts.Lang.ES,
        "approval.card.notYours"));
  }

  @Test
  void aDecisionInTheConsoleUpdatesEveryApproversCardInTheirLanguageWithoutActions() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "6789 YZA");
    JsonObject jorge = sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);

    assertThat(ParkingRequests.decideInTheConsole(api, "jorge", PASSWORD, id, "approve")).isEqualTo("approved");
    String toJorge = updateOf(jorge).getJsonObject("body").encode();
    assertThat(toJorge).contains("Approved by Jorge").doesNotContain("Action.Execute").doesNotContain("Input.Text");
    String toAna = updateOf(ana).getJsonObject("body").encode();
    assertThat(toAna).contains("Aprobada por Jorge").contains("paso de aprobación").doesNotContain("Action.Execute");
    awaitRemembered(id, 0);
  }

  @Test
  void anApprovalOnOneApproversCardUpdatesTheOthersAndTheActedOnCardOnce() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "7890 ZAB");
    JsonObject jorge = sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);

    JsonObject data = content(ana).getJsonArray("actions").getJsonObject(0).getJsonObject("data");
    Api.Response answered = post(invoke("ana-1", "a-ana", "29:ana", "a:personal-a-ana", ana.getString("answered"), "approve", data));
    assertThat(answered.json().getJsonObject("value").encode()).contains("Aprobada por Ana").doesNotContain("Action.Execute");
    assertThat(updateOf(jorge).getJsonObject("body").encode()).contains("Approved by Ana").doesNotContain("Action.Execute");
    assertThat(updateOf(ana).getJsonObject("body").encode()).contains("Aprobada por Ana");
    awaitRemembered(id, 0);
    assertThat(updatesOf("a%3Apersonal-a-ana", ana.getString("answered"))).hasSize(1);
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.APPROVED);
  }

  @Test
  void aWithdrawnRequestsCardsSayItWasWithdrawnInEachApproversLanguage() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    String id = ParkingRequests.request(api, requester, "8901 ABC");
    JsonObject jorge = sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);

    ParkingRequests.withdraw(api, requester, id);
    assertThat(updateOf(jorge).getJsonObject("body").encode()).contains("The requester withdrew this request")
        .doesNotContain("Action.Execute");
    assertThat(updateOf(ana).getJsonObject("body").encode()).contains("Quien la pidió ha retirado esta solicitud")
        .doesNotContain("Action.Execute");
    awaitRemembered(id, 0);
  }

  @Test
  void anAgentCancellingAPendingRequestInTheConsoleReplacesEveryApproversCardAndALaterActionIsRefused() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "9012 BCD");
    JsonObject jorge = sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);

    assertThat(ParkingRequests.cancelInTheConsole(api, "desk", PASSWORD, id)).isEqualTo("cancelled");
    assertThat(updateOf(jorge).getJsonObject("body").encode()).contains("The help desk cancelled this request")
        .doesNotContain("Action.Execute").doesNotContain("Input.Text");
    assertThat(updateOf(ana).getJsonObject("body").encode()).contains("El servicio de ayuda ha cancelado esta solicitud")
        .doesNotContain("Action.Execute").doesNotContain("Input.Text");
    awaitRemembered(id, 0);
    Ticket cancelled = ticket(id);
    assertThat(cancelled.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(cancelled.approval().state()).isEqualTo(io.relevo.core.tickets.Approval.State.WITHDRAWN);

    // Ana approves on her old card: told why nothing happened, in its language; the request stays cancelled
    JsonObject data = content(ana).getJsonArray("actions").getJsonObject(0).getJsonObject("data");
    Api.Response late = post(invoke("late-ana", "a-ana", "29:ana", "a:personal-a-ana", ana.getString("answered"), "approve", data));
    assertThat(late.json().getString("type")).isEqualTo("application/vnd.microsoft.activity.message");
    assertThat(late.json().getString("value")).isEqualTo(io.relevo.texts.Texts.get(io.relevo.texts.Lang.ES,
        "approval.card.cancelled"));
    Ticket after = ticket(id);
    assertThat(after.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(after.approval().steps().get(0).decision()).isNull();
    assertThat(after.version()).isEqualTo(cancelled.version());
  }

  @Test
  void aRequestCancelledByTheCompanysTicketSystemReplacesEveryApproversCardToo() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "0123 CDF");
    JsonObject jorge = sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);
    String path = "/api/v1/integrations/tickets/" + id;

    // only its approvers approve it, and a status must be one the desk may set
    Api.Response approving = api.post(path, "{\"status\":\"approved\"}", INBOUND);
    assertThat(approving.status()).isEqualTo(409);
    assertThat(approving.errorCode()).isEqualTo("ticket_conflict");
    Api.Response unknown = api.post(path, "{\"status\":\"gone\"}", INBOUND);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorCode()).isEqualTo("bad_request");
    assertThat(unknown.json().getJsonObject("error").getString("message")).contains("status");
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.PENDING_APPROVAL);

    Api.Response cancelled = api.post(path, "{\"status\":\"cancelled\",\"comment\":\"Closed in the desk's tool\"}", INBOUND);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(updateOf(jorge).getJsonObject("body").encode()).contains("The help desk cancelled this request")
        .doesNotContain("Action.Execute");
    assertThat(updateOf(ana).getJsonObject("body").encode()).contains("El servicio de ayuda ha cancelado esta solicitud")
        .doesNotContain("Action.Execute");
    awaitRemembered(id, 0);
    assertThat(ticket(id).approval().state()).isEqualTo(io.relevo.core.tickets.Approval.State.WITHDRAWN);
  }

  @Test
  void theCatalogueIsACardByDepartmentInBothLanguages() throws Exception {
    say("c-1", "a:cat-en", "what can I request?", null, "en-US");
    JsonObject en = sentTo("a%3Acat-en", "form.start:request_vacation");
    String card = en.getJsonObject("body").getJsonArray("attachments").getJsonObject(0).getJsonObject("content").encode();
    assertThat(card).contains("What you can request").contains("Human resources").contains("Vacation or time off")
        .contains("Action.Submit").contains("messageBack");

    say("c-2", "a:cat-es", "¿Qué puedo pedir?", null, "es-ES");
    JsonObject es = sentTo("a%3Acat-es", "form.start:request_vacation");
    assertThat(es.encode()).contains("Lo que puedes pedir").contains("Recursos humanos").contains("Vacaciones o permisos");
  }
}
