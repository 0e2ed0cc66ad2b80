package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

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

import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
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
  static EmbeddedRedis redis;
  static RedisConnector store;
  static RedisTicketSystem tickets;
  static Relevo relevo;

  /** The people Slack knows: user id, e-mail, name, locale. */
  static final SlackStandIn slack = new SlackStandIn(TEAM, SECRET, Map.of(
      "UMARTA001", new String[] {"marta@acme.example", "Marta", "en-US"},
      "UJORGE001", new String[] {"jorge@acme.example", "Jorge Ruiz", "en-US"},
      "UPABLO001", new String[] {"pablo@acme.example", "Pablo", "en-GB"},
      "URAQUEL01", new String[] {"raquel@acme.example", "Raquel", "en-US"}));

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    String api = slack.start(vertx);
    Path dir = TestRedis.tempDir("slack-approvals");
    // the requesters and Pablo are known by their Slack ids; Jorge is found by his e-mail
    Path people = Files.writeString(dir.resolve("people.yaml"), """
        people:
          - {email: marta@acme.example, name: Marta, manager: jorge@acme.example, ids: ["slack:%1$s:UMARTA001"]}
          - {email: raquel@acme.example, name: Raquel, manager: jorge@acme.example, ids: ["slack:%1$s:URAQUEL01"]}
          - {email: jorge@acme.example, name: Jorge}
          - {email: pablo@acme.example, name: Pablo, ids: ["slack:%1$s:UPABLO001"]}
        groups:
          hr-approvers: [pablo@acme.example]
        """.formatted(TEAM));
    redis = TestRedis.dedicated();
    store = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, store, Clock.systemUTC(), false);
    relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_SLACK_SIGNING_SECRET", SECRET,
        "RELEVO_SLACK_BOT_TOKEN", SlackStandIn.TOKEN, "RELEVO_SLACK_API_URL", api,
        "RELEVO_APPROVALS_DIRECTORY_FILE", people.toString()));
    slack.serves(relevo);
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    store.close();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  // ---- speaking Slack ----

  private static void dm(String user, String channel, String text) {
    slack.dm(user, channel, text);
  }

  private static Api.Response interaction(JsonObject payload) {
    return slack.interaction(payload);
  }

  private static JsonObject click(String user, String channel, String ts, JsonObject button, String triggerId) {
    return slack.click(user, channel, ts, button, triggerId);
  }

  private static JsonObject await(String method, Predicate<JsonObject> which) {
    return slack.await(method, which);
  }

  private static java.util.List<JsonObject> buttons(JsonObject message) {
    return SlackStandIn.buttons(message);
  }

  private static JsonObject button(JsonObject message, String value) {
    return SlackStandIn.button(message, value);
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

  private static java.util.List<JsonObject> updatesOf(String ts) {
    return slack.updatesOf(ts);
  }

  /** Waits until {@code n} messages of the request's first step are remembered in Redis (0: all updated and forgotten). */
  private static void awaitRemembered(String id, int n) {
    io.relevo.testkit.Eventually.until(n + " approval messages of " + id + " remembered", () -> store.commands()
        .hlen(io.relevo.redis.Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get() == n);
  }

  // ---- the behaviour ----

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
    assertThat(slack.calls.all().stream().filter(c -> "DMARTA001".equals(c.getString("channel"))
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
