package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.channels.slack.SlackSignature;
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
 * Approvals and the catalogue in Slack, against a local server speaking the Web API methods they
 * use ({@code chat.postMessage}, {@code chat.postEphemeral}, {@code chat.update}, {@code views.open},
 * {@code users.lookupByEmail}, {@code users.info}) with Slack's documented payload shapes: a vacation
 * requested in a DM from the catalogue, asked of the manager in a DM, decided with the buttons and
 * the rejection modal, the requester told; a stranger refused; a repeated click deciding once.
 */
class SlackApprovalsTest {

  static final String SECRET = "slack-approvals-signing-secret-0001";
  static final String TEAM = "T0ACME001";
  static Vertx vertx;
  static HttpServer slack;
  /** Every Web API call, its method under "method". */
  static final Arrivals<JsonObject> calls = new Arrivals<>();
  static EmbeddedRedis redis;
  static RedisConnector store;
  static RedisTicketSystem tickets;
  static Relevo relevo;

  /** The people Slack knows: user id, e-mail, name, locale (Slack's, given with include_locale=true). */
  static final Map<String, String[]> USERS = Map.of(
      "UMARTA001", new String[] {"marta@acme.example", "Marta", "en-US"},
      "UJORGE001", new String[] {"jorge@acme.example", "Jorge Ruiz", "en-US"},
      "UPABLO001", new String[] {"pablo@acme.example", "Pablo", "en-GB"},
      "URAQUEL01", new String[] {"raquel@acme.example", "Raquel", "en-US"},
      "UANA00001", new String[] {"ana@acme.example", "Ana", "en-US"},
      "ULUCAS001", new String[] {"lucas@acme.example", "Lucas", "es-ES"});
  static final String PASSWORD = "slack-approvals-password";

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    slack = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String method = req.path().substring(req.path().lastIndexOf('/') + 1);
      JsonObject answer = new JsonObject().put("ok", true);
      if (!"Bearer xoxb-approvals".equals(req.getHeader("Authorization"))) {
        answer = new JsonObject().put("ok", false).put("error", "invalid_auth");
      } else if (method.equals("users.lookupByEmail") || method.equals("users.info")) {
        String email = req.getParam("email");
        String id = req.getParam("user");
        var found = USERS.entrySet().stream().filter(e -> e.getKey().equals(id) || e.getValue()[0].equals(email)).findFirst();
        answer = found.isEmpty() ? new JsonObject().put("ok", false).put("error", "users_not_found")
            : answer.put("user", new JsonObject().put("id", found.get().getKey()).put("team_id", TEAM)
                .put("name", found.get().getValue()[1].toLowerCase()).put("real_name", found.get().getValue()[1])
                .put("profile", new JsonObject().put("email", found.get().getValue()[0]).put("real_name", found.get().getValue()[1])));
        if (!found.isEmpty() && "true".equals(req.getParam("include_locale"))) {
          answer.getJsonObject("user").put("locale", found.get().getValue()[2]);
        }
        calls.add(new JsonObject().put("method", method).put("email", email).put("user", id)
            .put("include_locale", req.getParam("include_locale")));
      } else {
        JsonObject body = b.toJsonObject();
        String channel = body.getString("channel", "");
        // a DM to a user id lands in the DM channel Slack keeps with them
        answer.put("channel", channel.startsWith("U") ? "D" + channel.substring(1) : channel)
            .put("ts", body.getString("ts", System.nanoTime() + ".0001"));
        // recorded with where Slack keeps it: a click on the message names that channel and ts
        calls.add(body.copy().put("method", method).put("answered", new JsonObject().put("channel", answer.getString("channel"))
            .put("ts", answer.getString("ts"))));
      }
      req.response().putHeader("Content-Type", "application/json").end(answer.encode());
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Path dir = TestRedis.tempDir("slack-approvals");
    // the requesters, Pablo, Ana and Lucas are known by their Slack ids; Jorge is found by his e-mail.
    // Ana reads Spanish by the directory (her Slack is in English); Lucas by his Slack locale
    Path people = Files.writeString(dir.resolve("people.yaml"), """
        people:
          - {email: marta@acme.example, name: Marta, manager: jorge@acme.example, ids: ["slack:%1$s:UMARTA001"]}
          - {email: raquel@acme.example, name: Raquel, manager: jorge@acme.example, ids: ["slack:%1$s:URAQUEL01"]}
          - {email: jorge@acme.example, name: Jorge, agent: jorge}
          - {email: pablo@acme.example, name: Pablo, ids: ["slack:%1$s:UPABLO001"]}
          - {email: ana@acme.example, name: Ana, locale: es, ids: ["slack:%1$s:UANA00001"]}
          - {email: lucas@acme.example, name: Lucas, ids: ["slack:%1$s:ULUCAS001"]}
        groups:
          hr-approvers: [pablo@acme.example]
          parking: [jorge@acme.example, ana@acme.example, lucas@acme.example]
        """.formatted(TEAM));
    Path agents = Files.writeString(dir.resolve("agents.yaml"), """
        agents:
          - {id: jorge, name: Jorge, password: %s, roles: [approver]}
        """.formatted(io.relevo.handoff.agents.Passwords.hash(PASSWORD, 1000)));
    Path flows = ParkingRequests.flows(dir); // a request a group approves, made in the web chat
    redis = TestRedis.dedicated();
    store = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, store, Clock.systemUTC(), false);
    relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_SLACK_SIGNING_SECRET", SECRET,
        "RELEVO_SLACK_BOT_TOKEN", "xoxb-approvals", "RELEVO_SLACK_API_URL", "http://127.0.0.1:" + slack.actualPort() + "/api",
        "RELEVO_APPROVALS_DIRECTORY_FILE", people.toString(), "RELEVO_AGENTS_FILE", agents.toString(),
        "RELEVO_FLOWS_DIR", flows.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    store.close();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  // ---- speaking Slack ----

  private static Api.Response signed(String path, String body, String contentType) {
    long now = System.currentTimeMillis() / 1000;
    String signature = "v0=" + SlackSignature.sign(SECRET, "v0:" + now + ":" + body);
    return new Api(relevo.port()).send("POST", path, body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", contentType,
        "X-Slack-Request-Timestamp", Long.toString(now), "X-Slack-Signature", signature));
  }

  private static void dm(String user, String channel, String text) {
    String ts = System.nanoTime() / 1000 + ".000100";
    JsonObject event = new JsonObject().put("type", "message").put("channel", channel).put("user", user).put("text", text)
        .put("ts", ts).put("event_ts", ts).put("channel_type", "im");
    JsonObject body = new JsonObject().put("token", "x").put("team_id", TEAM).put("api_app_id", "A0RELEVO1").put("event", event)
        .put("type", "event_callback").put("event_id", "Ev" + System.nanoTime()).put("event_time", 1355517523);
    assertThat(signed("/api/v1/slack/events", body.encode(), "application/json").status()).isEqualTo(200);
  }

  private static Api.Response interaction(JsonObject payload) {
    return signed("/api/v1/slack/interactions", "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8),
        "application/x-www-form-urlencoded");
  }

  /** A click on {@code button} of the message {@code message} (as chat.postMessage sent it and Slack stored it at {@code ts}). */
  private static JsonObject click(String user, String channel, String ts, JsonObject button, String triggerId) {
    JsonObject action = new JsonObject().put("action_id", button.getString("action_id")).put("block_id", button.getString("block_id"))
        .put("text", button.getJsonObject("text")).put("value", button.getString("value")).put("type", "button")
        .put("action_ts", System.nanoTime() / 1000 + ".2");
    return new JsonObject().put("type", "block_actions").put("user", new JsonObject().put("id", user).put("team_id", TEAM))
        .put("api_app_id", "A0RELEVO1").put("token", "x").put("trigger_id", triggerId)
        .put("team", new JsonObject().put("id", TEAM))
        .put("container", new JsonObject().put("type", "message").put("message_ts", ts).put("channel_id", channel).put("is_ephemeral", false))
        .put("channel", new JsonObject().put("id", channel))
        .put("message", new JsonObject().put("type", "message").put("ts", ts).put("text", "..."))
        .put("actions", new JsonArray().add(action));
  }

  private static JsonObject await(String method, Predicate<JsonObject> which) {
    return calls.await(c -> method.equals(c.getString("method")) && which.test(c), method);
  }

  /** Every button of a message's blocks (an actions block's elements, a section's accessory), with its block id. */
  private static java.util.List<JsonObject> buttons(JsonObject message) {
    java.util.List<JsonObject> out = new java.util.ArrayList<>();
    for (Object o : message.getJsonArray("blocks")) {
      JsonObject block = (JsonObject) o;
      if (block.getJsonObject("accessory") != null) {
        out.add(block.getJsonObject("accessory").copy().put("block_id", block.getString("block_id")));
      }
      for (Object e : block.getJsonArray("elements", new JsonArray())) {
        if ("button".equals(((JsonObject) e).getString("type"))) {
          out.add(((JsonObject) e).copy().put("block_id", block.getString("block_id")));
        }
      }
    }
    return out;
  }

  private static JsonObject button(JsonObject message, String value) {
    return buttons(message).stream().filter(b -> value.equals(b.getString("value")) || value.equals(b.getString("action_id")))
        .findFirst().orElseThrow(() -> new AssertionError("no button " + value + " in " + message.encode()));
  }

  private static Ticket ticket(String id) throws Exception {
    return tickets.find(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  /** The person asks for vacation from the catalogue in their DM and sends it; returns the request's id. */
  private static String vacation(String user, String channel) {
    dm(user, channel, "what can I request?");
    JsonObject catalogue = await("chat.postMessage", m -> channel.equals(m.getString("channel"))
        && m.encode().contains("form.start:request_vacation"));
    long before = System.nanoTime();
    assertThat(interaction(click(user, channel, "1.0", button(catalogue, "form.start:request_vacation"), "t1")).status()).isEqualTo(200);
    await("chat.postMessage", m -> channel.equals(m.getString("channel")) && m.getString("text", "").contains("Which days?"));
    dm(user, channel, "from August 3 to 7");
    await("chat.postMessage", m -> channel.equals(m.getString("channel")) && m.getString("text", "").contains("What kind of leave"));
    dm(user, channel, "vacation");
    await("chat.postMessage", m -> channel.equals(m.getString("channel")) && m.getString("text", "").contains("Anything your manager"));
    dm(user, channel, "skip");
    JsonObject confirm = await("chat.postMessage", m -> channel.equals(m.getString("channel"))
        && m.getString("text", "").contains("Shall I send it?"));
    interaction(click(user, channel, "2.0", button(confirm, "form.yes"), "t2"));
    JsonObject sent = await("chat.postMessage", m -> channel.equals(m.getString("channel")) && m.getString("text", "").contains("Sent: request"));
    var m = java.util.regex.Pattern.compile("REQ-\\d{6}").matcher(sent.getString("text"));
    assertThat(m.find()).isTrue();
    return m.group();
  }

  /** The chat.update calls on the message at {@code ts}. */
  private static java.util.List<JsonObject> updatesOf(String ts) {
    return calls.all().stream().filter(c -> "chat.update".equals(c.getString("method")) && ts.equals(c.getString("ts"))).toList();
  }

  /** Waits until {@code n} messages of the request's first step are remembered in Redis (0: all updated and forgotten). */
  private static void awaitRemembered(String id, int n) {
    io.relevo.testkit.Eventually.until(n + " approval messages of " + id + " remembered", () -> store.commands()
        .hlen(io.relevo.redis.Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get() == n);
  }

  /** The update of the message {@code asked} (as chat.postMessage sent it), once it arrives. */
  private static JsonObject updateOf(JsonObject asked) {
    JsonObject at = asked.getJsonObject("answered");
    return await("chat.update", m -> at.getString("channel").equals(m.getString("channel")) && at.getString("ts").equals(m.getString("ts")));
  }

  /** The request {@code id} as the DM to {@code user} asked it. */
  private static JsonObject askedOf(String user, String id) {
    return await("chat.postMessage", m -> user.equals(m.getString("channel")) && m.encode().contains(id + ".1"));
  }

  // ---- the behaviour ----

  @Test
  void eachApproverReadsTheRequestInTheirLanguageTheDirectorysElseSlacksElseTheDefault() {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "1234 ABC");

    // Jorge: neither the directory nor Slack (en-US) says Spanish, so the default, English
    JsonObject jorge = askedOf("UJORGE001", id);
    assertThat(jorge.getString("text")).contains("asks for your approval");
    assertThat(jorge.getJsonArray("blocks").encode()).contains("Approve").contains("Reject").contains("approval step 1 of 1")
        .doesNotContain("Aprobar");
    // Ana: the directory says es, whatever her Slack says
    JsonObject ana = askedOf("UANA00001", id);
    assertThat(ana.getString("text")).contains("te pide una aprobación").doesNotContain("asks for");
    assertThat(ana.getJsonArray("blocks").encode()).contains("Aprobar").contains("Rechazar").contains("paso de aprobación 1 de 1")
        .doesNotContain("Approve");
    // Lucas: the directory does not say; his Slack locale is es-ES
    JsonObject lucas = askedOf("ULUCAS001", id);
    assertThat(lucas.getString("text")).contains("te pide una aprobación");
    assertThat(lucas.getJsonArray("blocks").encode()).contains("Aprobar").doesNotContain("Approve");
    assertThat(calls.all()).anyMatch(c -> "users.info".equals(c.getString("method"))
        && "ULUCAS001".equals(c.getString("user")) && "true".equals(c.getString("include_locale")));
    // the directory answered for Ana: Slack is not asked her language
    assertThat(calls.all()).noneMatch(c -> "users.info".equals(c.getString("method")) && "UANA00001".equals(c.getString("user")));

    // what answers Lucas's click is in his message's language: the rejection's modal
    interaction(click("ULUCAS001", "DLUCAS001", "1900.0001", button(lucas, "approval.reject"), "trigger-es"));
    JsonObject modal = await("views.open", m -> "trigger-es".equals(m.getString("trigger_id"))).getJsonObject("view");
    assertThat(modal.getJsonObject("title").getString("text")).isEqualTo("Rechazar la solicitud");
    assertThat(modal.encode()).contains("Motivo (opcional)");
  }

  @Test
  void aVacationRequestedInSlackIsApprovedByTheManagerInSlackAndTheRequesterIsTold() throws Exception {
    String id = vacation("UMARTA001", "DMARTA001");
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.PENDING_APPROVAL);

    // Jorge, not in the directory's Slack ids, is found by e-mail and asked in a DM with buttons
    JsonObject asked = await("chat.postMessage", m -> "UJORGE001".equals(m.getString("channel")) && m.encode().contains(id + ".1"));
    assertThat(asked.getString("text")).contains("Marta asks for your approval");
    assertThat(asked.getJsonArray("blocks").encode()).contains("dates").contains("Approve").contains("Reject");
    JsonObject approve = button(asked, "approval.approve");
    assertThat(approve.getString("value")).isEqualTo(id + ".1");
    String ts = asked.getJsonObject("answered").getString("ts");
    awaitRemembered(id, 1);

    // a stranger's click is refused privately and changes nothing
    assertThat(interaction(click("UPABLO001", "DJORGE001", ts, approve, "t3")).status()).isEqualTo(200);
    await("chat.postEphemeral", m -> "UPABLO001".equals(m.getString("user")) && m.getString("text").contains("Only the approvers"));
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.PENDING_APPROVAL);
    assertThat(updatesOf(ts)).isEmpty();

    // the manager clicks Approve; Slack delivers the click twice (a retry), and he clicks again
    JsonObject click = click("UJORGE001", "DJORGE001", ts, approve, "t4");
    assertThat(interaction(click).status()).isEqualTo(200);
    assertThat(interaction(click).status()).isEqualTo(200);
    assertThat(interaction(click("UJORGE001", "DJORGE001", ts, approve, "t5")).status()).isEqualTo(200);
    JsonObject updated = await("chat.update", m -> ts.equals(m.getString("ts")));
    assertThat(updated.getString("channel")).isEqualTo("DJORGE001");
    assertThat(updated.getString("text")).contains("Approved by Jorge");
    assertThat(updated.getJsonArray("blocks").encode()).doesNotContain("approval.approve");

    // the requester is told in her DM, once
    await("chat.postMessage", m -> "DMARTA001".equals(m.getString("channel")) && m.getString("text", "").contains("Good news"));
    // each click answered by an update of the clicked message, and no other update of it
    io.relevo.testkit.Eventually.until("every click answered", () -> updatesOf(ts).size() == 3);
    awaitRemembered(id, 0);
    assertThat(updatesOf(ts)).hasSize(3);
    Ticket approved = ticket(id);
    assertThat(approved.status()).isEqualTo(Ticket.Status.APPROVED);
    assertThat(approved.approval().steps().get(0).decision().by()).isEqualTo("jorge@acme.example");
    assertThat(approved.approval().steps().get(0).decision().via()).isEqualTo("slack");
    assertThat(calls.all().stream().filter(c -> "DMARTA001".equals(c.getString("channel"))
        && c.getString("text", "").contains("Good news"))).hasSize(1);
  }

  @Test
  void aRejectionOpensAModalAndItsReasonReachesTheRequester() throws Exception {
    String id = vacation("URAQUEL01", "DRAQUEL01");
    JsonObject asked = await("chat.postMessage", m -> "UJORGE001".equals(m.getString("channel")) && m.encode().contains(id + ".1"));
    String ts = asked.getJsonObject("answered").getString("ts");
    assertThat(interaction(click("UJORGE001", "DJORGE001", ts, button(asked, "approval.reject"), "trigger-9")).status())
        .isEqualTo(200);
    JsonObject opened = await("views.open", m -> "trigger-9".equals(m.getString("trigger_id")));
    JsonObject modal = opened.getJsonObject("view");
    assertThat(modal.getString("type")).isEqualTo("modal");
    assertThat(modal.getString("callback_id")).isEqualTo("approval.reject");
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.PENDING_APPROVAL); // nothing decided yet

    JsonObject submission = new JsonObject().put("type", "view_submission").put("team", new JsonObject().put("id", TEAM))
        .put("user", new JsonObject().put("id", "UJORGE001").put("team_id", TEAM)).put("api_app_id", "A0RELEVO1")
        .put("view", new JsonObject().put("id", "V0REJECT1").put("type", "modal").put("callback_id", modal.getString("callback_id"))
            .put("private_metadata", modal.getString("private_metadata"))
            .put("state", new JsonObject().put("values", new JsonObject().put("reason", new JsonObject()
                .put("reason", new JsonObject().put("type", "plain_text_input").put("value", "We close the quarter that week"))))));
    assertThat(interaction(submission).status()).isEqualTo(200);
    JsonObject updated = await("chat.update", m -> ts.equals(m.getString("ts")));
    assertThat(updated.getString("text")).contains("Rejected by Jorge").contains("We close the quarter that week");
    await("chat.postMessage", m -> "DRAQUEL01".equals(m.getString("channel"))
        && m.getString("text", "").contains("was rejected by Jorge") && m.getString("text").contains("Reason: We close the quarter"));
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.REJECTED);

    // Approve clicked afterwards on the same message: refused, the message says what happened
    interaction(click("UJORGE001", "DJORGE001", ts, button(asked, "approval.approve"), "trigger-10"));
    await("chat.postEphemeral", m -> "UJORGE001".equals(m.getString("user")) && m.getString("text").contains("already decided"));
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.REJECTED);
  }

  @Test
  void aDecisionInTheConsoleUpdatesEveryApproversMessageInTheirLanguageWithoutButtons() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "2345 BCD");
    JsonObject jorge = askedOf("UJORGE001", id);
    JsonObject ana = askedOf("UANA00001", id);
    JsonObject lucas = askedOf("ULUCAS001", id);
    awaitRemembered(id, 3);
    // the TTL is set on the messages' references
    assertThat(store.commands().pttl(io.relevo.redis.Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get())
        .isPositive();

    Api.Response login = api.post("/api/v1/agents/login", new JsonObject().put("username", "jorge").put("password", PASSWORD)
        .encode(), null);
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    Api.Response decided = api.send("POST", "/api/v1/agent/approvals/" + id + ".1/decision",
        new JsonObject().put("decision", "approve").encode().getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + login.json().getString("token")));
    assertThat(decided.status()).as(decided.body()).isEqualTo(200);

    JsonObject toJorge = updateOf(jorge);
    assertThat(toJorge.getString("text")).startsWith("Approved by Jorge");
    assertThat(toJorge.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve");
    for (JsonObject spanish : java.util.List.of(updateOf(ana), updateOf(lucas))) {
      assertThat(spanish.getString("text")).startsWith("Aprobada por Jorge");
      assertThat(spanish.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve")
          .contains("paso de aprobación");
    }
    awaitRemembered(id, 0); // updated, then forgotten
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.APPROVED);
  }

  @Test
  void aRejectionInOneApproversMessageUpdatesTheOthersAndTheClickedOneOnce() {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "3456 CDF");
    JsonObject jorge = askedOf("UJORGE001", id);
    JsonObject ana = askedOf("UANA00001", id);
    JsonObject lucas = askedOf("ULUCAS001", id);
    awaitRemembered(id, 3);

    String anaTs = ana.getJsonObject("answered").getString("ts");
    interaction(click("UANA00001", "DANA00001", anaTs, button(ana, "approval.reject"), "trigger-ana"));
    JsonObject modal = await("views.open", m -> "trigger-ana".equals(m.getString("trigger_id"))).getJsonObject("view");
    assertThat(modal.getJsonObject("title").getString("text")).isEqualTo("Rechazar la solicitud");
    JsonObject submission = new JsonObject().put("type", "view_submission").put("team", new JsonObject().put("id", TEAM))
        .put("user", new JsonObject().put("id", "UANA00001").put("team_id", TEAM)).put("api_app_id", "A0RELEVO1")
        .put("view", new JsonObject().put("id", "V0REJECTA").put("type", "modal").put("callback_id", modal.getString("callback_id"))
            .put("private_metadata", modal.getString("private_metadata"))
            .put("state", new JsonObject().put("values", new JsonObject().put("reason", new JsonObject()
                .put("reason", new JsonObject().put("type", "plain_text_input").put("value", "Sin plazas ese día"))))));
    assertThat(interaction(submission).status()).isEqualTo(200);

    assertThat(updateOf(ana).getString("text")).startsWith("Rechazada por Ana").contains("Sin plazas ese día");
    assertThat(updateOf(jorge).getString("text")).startsWith("Rejected by Ana").contains("Sin plazas ese día");
    assertThat(updateOf(lucas).getString("text")).startsWith("Rechazada por Ana");
    assertThat(updateOf(jorge).getJsonArray("blocks").encode()).doesNotContain("approval.reject");
    awaitRemembered(id, 0);
    assertThat(updatesOf(anaTs)).hasSize(1); // her click's answer; the others' update left it alone
  }

  @Test
  void aWithdrawnRequestsMessagesSayItWasWithdrawnInEachApproversLanguage() {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    String id = ParkingRequests.request(api, requester, "4567 DFG");
    JsonObject jorge = askedOf("UJORGE001", id);
    JsonObject ana = askedOf("UANA00001", id);
    JsonObject lucas = askedOf("ULUCAS001", id);
    awaitRemembered(id, 3);

    ParkingRequests.withdraw(api, requester, id);
    JsonObject toJorge = updateOf(jorge);
    assertThat(toJorge.getString("text")).startsWith("The requester withdrew this request");
    assertThat(toJorge.getJsonArray("blocks").encode()).doesNotContain("approval.approve");
    assertThat(updateOf(ana).getString("text")).startsWith("Quien la pidió ha retirado esta solicitud");
    assertThat(updateOf(lucas).getString("text")).startsWith("Quien la pidió ha retirado esta solicitud");
    awaitRemembered(id, 0);
  }

  @Test
  void theCatalogueIsAListByDepartmentWithAButtonPerItemInBothLanguages() {
    dm("UPABLO001", "DPABLO001", "what can I request?");
    JsonObject en = await("chat.postMessage", m -> "DPABLO001".equals(m.getString("channel"))
        && m.encode().contains("form.start:request_vacation"));
    String blocks = en.getJsonArray("blocks").encode();
    assertThat(blocks).contains("\"type\":\"header\"").contains("Human resources").contains("Vacation or time off")
        .contains("\"accessory\"");
    assertThat(buttons(en)).allSatisfy(b -> assertThat(b.getString("value")).startsWith("form.start:"));
    assertThat(buttons(en).stream().map(b -> b.getString("block_id")).distinct()).hasSize(buttons(en).size());

    dm("UPABLO001", "DPABLO002", "Hola, ¿qué cosas puedo pedir a la empresa?");
    JsonObject es = await("chat.postMessage", m -> "DPABLO002".equals(m.getString("channel"))
        && m.encode().contains("form.start:request_vacation"));
    assertThat(es.getJsonArray("blocks").encode()).contains("Recursos humanos").contains("Vacaciones o permisos")
        .contains("Esto es lo que puedes pedir");
  }
}
