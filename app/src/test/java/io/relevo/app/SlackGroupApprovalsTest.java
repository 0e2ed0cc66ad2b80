package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.Keyspace;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A step a group of approvers decides, in Slack (the stand-in speaks the Web API, {@link SlackStandIn}):
 * each approver is asked in their language (the directory's, else their Slack locale, else the
 * default), and once the step is decided anywhere (the console's API, one approver's DM), withdrawn by
 * its requester or cancelled by an agent in the console, every approver's DM is updated to say so,
 * without buttons, the clicked one once, and a later click on one is refused; the messages' references
 * are kept in Redis with a TTL and forgotten once updated. The request is made in the web chat
 * ({@link ParkingRequests}).
 */
class SlackGroupApprovalsTest {

  static final String SECRET = "slack-group-approvals-signing-secret";
  static final String TEAM = "T0ACME002";
  static final String PASSWORD = "slack-group-approvals-password";
  /** Ana's Slack is in English but the directory says Spanish; Lucas's Slack is in Spanish; Jorge's in English. */
  static final SlackStandIn slack = new SlackStandIn(TEAM, SECRET, Map.of(
      "UJORGE001", new String[] {"jorge@acme.example", "Jorge Ruiz", "en-US"},
      "UANA00001", new String[] {"ana@acme.example", "Ana", "en-US"},
      "ULUCAS001", new String[] {"lucas@acme.example", "Lucas", "es-ES"}));
  static Vertx vertx;
  static EmbeddedRedis redis;
  static RedisConnector store;
  static RedisTicketSystem tickets;
  static Relevo relevo;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    String api = slack.start(vertx);
    Path dir = TestRedis.tempDir("slack-group-approvals");
    // Ana and Lucas are known by their Slack ids, Jorge found by his e-mail
    Path people = Files.writeString(dir.resolve("people.yaml"), """
        people:
          - {email: jorge@acme.example, name: Jorge, agent: jorge}
          - {email: ana@acme.example, name: Ana, locale: es, ids: ["slack:%1$s:UANA00001"]}
          - {email: lucas@acme.example, name: Lucas, ids: ["slack:%1$s:ULUCAS001"]}
        groups:
          parking: [jorge@acme.example, ana@acme.example, lucas@acme.example]
        """.formatted(TEAM));
    Path agents = Files.writeString(dir.resolve("agents.yaml"), """
        agents:
          - {id: jorge, name: Jorge, password: %1$s, roles: [approver]}
          - {id: desk, name: Dana, password: %1$s, roles: [agent]}
        """.formatted(io.relevo.handoff.agents.Passwords.hash(PASSWORD, 1000)));
    redis = TestRedis.dedicated();
    store = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, store, Clock.systemUTC(), false);
    relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_SLACK_SIGNING_SECRET", SECRET,
        "RELEVO_SLACK_BOT_TOKEN", SlackStandIn.TOKEN, "RELEVO_SLACK_API_URL", api,
        "RELEVO_APPROVALS_DIRECTORY_FILE", people.toString(), "RELEVO_AGENTS_FILE", agents.toString(),
        "RELEVO_FLOWS_DIR", ParkingRequests.flows(dir).toString()));
    slack.serves(relevo);
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    store.close();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The request {@code id} as the DM to {@code user} asked it. */
  private static JsonObject askedOf(String user, String id) {
    return slack.await("chat.postMessage", m -> user.equals(m.getString("channel")) && m.encode().contains(id + ".1"));
  }

  /** Waits until {@code n} messages of the request's first step are remembered in Redis (0: all updated and forgotten). */
  private static void awaitRemembered(String id, int n) {
    Eventually.until(n + " approval messages of " + id + " remembered", () -> store.commands()
        .hlen(Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get() == n);
  }

  private static Ticket ticket(String id) throws Exception {
    return tickets.find(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

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
    assertThat(slack.calls.all()).anyMatch(c -> "users.info".equals(c.getString("method"))
        && "ULUCAS001".equals(c.getString("user")) && "true".equals(c.getString("include_locale")));
    // the directory answered for Ana: Slack is not asked her language
    assertThat(slack.calls.all()).noneMatch(c -> "users.info".equals(c.getString("method")) && "UANA00001".equals(c.getString("user")));

    // what answers Lucas's click is in his message's language: the rejection's modal
    slack.interaction(slack.click("ULUCAS001", lucas, SlackStandIn.button(lucas, "approval.reject"), "trigger-es"));
    JsonObject modal = slack.await("views.open", m -> "trigger-es".equals(m.getString("trigger_id"))).getJsonObject("view");
    assertThat(modal.getJsonObject("title").getString("text")).isEqualTo("Rechazar la solicitud");
    assertThat(modal.encode()).contains("Motivo (opcional)");
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
    assertThat(store.commands().pttl(Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get())
        .isPositive();

    assertThat(ParkingRequests.decideInTheConsole(api, "jorge", PASSWORD, id, "approve")).isEqualTo("approved");

    JsonObject toJorge = slack.updateOf(jorge);
    assertThat(toJorge.getString("text")).startsWith("Approved by Jorge");
    assertThat(toJorge.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve");
    for (JsonObject spanish : List.of(slack.updateOf(ana), slack.updateOf(lucas))) {
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
    slack.interaction(slack.click("UANA00001", ana, SlackStandIn.button(ana, "approval.reject"), "trigger-ana"));
    JsonObject modal = slack.await("views.open", m -> "trigger-ana".equals(m.getString("trigger_id"))).getJsonObject("view");
    assertThat(modal.getJsonObject("title").getString("text")).isEqualTo("Rechazar la solicitud");
    JsonObject submission = slack.submission("UANA00001", "V0REJECTA", modal, "Sin plazas ese día");
    assertThat(slack.interaction(submission).status()).isEqualTo(200);

    assertThat(slack.updateOf(ana).getString("text")).startsWith("Rechazada por Ana").contains("Sin plazas ese día");
    assertThat(slack.updateOf(jorge).getString("text")).startsWith("Rejected by Ana").contains("Sin plazas ese día");
    assertThat(slack.updateOf(lucas).getString("text")).startsWith("Rechazada por Ana");
    assertThat(slack.updateOf(jorge).getJsonArray("blocks").encode()).doesNotContain("approval.reject");
    awaitRemembered(id, 0);
    assertThat(slack.updatesOf(anaTs)).hasSize(1); // her click's answer; the others' update left it alone
  }

  @Test
  void aWithdrawnRequestsMessagesSayItWasWithdrawnInEachApproversLanguageAndALaterClickIsRefused() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    String id = ParkingRequests.request(api, requester, "4567 DFG");
    JsonObject jorge = askedOf("UJORGE001", id);
    JsonObject ana = askedOf("UANA00001", id);
    JsonObject lucas = askedOf("ULUCAS001", id);
    awaitRemembered(id, 3);

    ParkingRequests.withdraw(api, requester, id);
    JsonObject toJorge = slack.updateOf(jorge);
    assertThat(toJorge.getString("text")).startsWith("The requester withdrew this request");
    assertThat(toJorge.getJsonArray("blocks").encode()).doesNotContain("approval.approve");
    assertThat(slack.updateOf(ana).getString("text")).startsWith("Quien la pidió ha retirado esta solicitud");
    assertThat(slack.updateOf(lucas).getString("text")).startsWith("Quien la pidió ha retirado esta solicitud");
    awaitRemembered(id, 0);

    // Lucas clicks Approve on his old message: told privately, in its language, and nothing changes
    slack.interaction(slack.click("ULUCAS001", lucas, SlackStandIn.button(lucas, "approval.approve"), "trigger-withdrawn"));
    slack.await("chat.postEphemeral", m -> "ULUCAS001".equals(m.getString("user"))
        && m.getString("text", "").startsWith("Quien la pidió ha retirado esta solicitud"));
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(ticket(id).approval().steps().get(0).decision()).isNull();
  }

  @Test
  void anAgentCancellingAPendingRequestInTheConsoleUpdatesEveryApproversMessageAndALaterClickIsRefused() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    String id = ParkingRequests.request(api, requester, "5678 FGH");
    JsonObject jorge = askedOf("UJORGE001", id);
    JsonObject ana = askedOf("UANA00001", id);
    JsonObject lucas = askedOf("ULUCAS001", id);
    awaitRemembered(id, 3);
    String jorgesToken = ParkingRequests.login(api, "jorge", PASSWORD);
    assertThat(ParkingRequests.pendingInTheConsole(api, jorgesToken)).contains(id + ".1");

    assertThat(ParkingRequests.cancelInTheConsole(api, "desk", PASSWORD, id)).isEqualTo("cancelled");

    // every approver's message says so, in their language, without buttons
    JsonObject toJorge = slack.updateOf(jorge);
    assertThat(toJorge.getString("text")).startsWith("The help desk cancelled this request");
    assertThat(toJorge.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve");
    for (JsonObject spanish : List.of(slack.updateOf(ana), slack.updateOf(lucas))) {
      assertThat(spanish.getString("text")).startsWith("El servicio de ayuda ha cancelado esta solicitud");
      assertThat(spanish.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve");
    }
    awaitRemembered(id, 0);
    Ticket cancelled = ticket(id);
    assertThat(cancelled.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(cancelled.approval().state()).isEqualTo(Approval.State.WITHDRAWN);
    assertThat(cancelled.approval().steps().get(0).state()).isEqualTo(Approval.State.WITHDRAWN);
    assertThat(ParkingRequests.pendingInTheConsole(api, jorgesToken)).doesNotContain(id + ".1");

    // Jorge clicks Approve on his old message: told privately, and the request stays cancelled
    slack.interaction(slack.click("UJORGE001", jorge, SlackStandIn.button(jorge, "approval.approve"), "trigger-cancelled"));
    slack.await("chat.postEphemeral", m -> "UJORGE001".equals(m.getString("user"))
        && m.getString("text", "").startsWith("The help desk cancelled this request; there is nothing to decide"));
    // and in the console, the same refusal as the API's error
    Api.Response late = ParkingRequests.decidingInTheConsole(api, jorgesToken, id, "approve");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().getJsonObject("error").getString("code")).isEqualTo("cancelled");
    assertThat(late.json().getJsonObject("error").getString("message")).contains("help desk cancelled");
    assertThat(ParkingRequests.decidingInTheConsole(api, jorgesToken, id, "maybe").json().getJsonObject("error")
        .getString("code")).isEqualTo("bad_request");
    Ticket after = ticket(id);
    assertThat(after.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(after.approval().steps().get(0).decision()).isNull();
    assertThat(after.version()).isEqualTo(cancelled.version());

    // the requester, asking, hears who cancelled it
    assertThat(ParkingRequests.ask(api, requester, "is my request approved yet?"))
        .contains("The help desk cancelled your request " + id);
  }

  @Test
  void aRequestWithdrawnInTheChatUpdatesTheApproversMessagesToo() {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    String id = ParkingRequests.request(api, requester, "8910 HJK");
    JsonObject jorge = askedOf("UJORGE001", id);
    awaitRemembered(id, 3);

    ParkingRequests.withdrawInTheChat(api, requester, id);
    assertThat(slack.updateOf(jorge).getString("text")).startsWith("The requester withdrew this request");
    awaitRemembered(id, 0);
  }
}
