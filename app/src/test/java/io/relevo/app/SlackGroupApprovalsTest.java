package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.Keyspace;
import io.relevo.testkit.TestRedis;
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
  static ApprovalsRig rig;
  static Relevo relevo;

  @BeforeAll
  static void start() throws Exception {
    rig = new ApprovalsRig("approval messages");
    String api = slack.start(rig.vertx);
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
    relevo = rig.start(Map.of("RELEVO_SLACK_SIGNING_SECRET", SECRET,
        "RELEVO_SLACK_BOT_TOKEN", SlackStandIn.TOKEN, "RELEVO_SLACK_API_URL", api,
        "RELEVO_APPROVALS_DIRECTORY_FILE", people.toString(), "RELEVO_AGENTS_FILE", agents.toString(),
        "RELEVO_FLOWS_DIR", ParkingRequests.flows(dir).toString()));
    slack.serves(relevo);
  }

  @AfterAll
  static void stop() throws Exception {
    rig.close();
  }

  /** The request {@code id} as the DM to {@code user} asked it. */
  private static JsonObject askedOf(String user, String id) {
    return slack.await("chat.postMessage", m -> user.equals(m.getString("channel")) && m.encode().contains(id + ".1"));
  }

  /** A request's id and the DMs that asked Jorge, Ana and Lucas. */
  private record Asked(String id, JsonObject jorge, JsonObject ana, JsonObject lucas) {
  }

  /** {@code requester} requests a parking space for {@code plate}; its DMs to the three, once all are remembered. */
  private static Asked requested(Api api, Api.Conversation requester, String plate) {
    String id = ParkingRequests.request(api, requester, plate);
    Asked asked = new Asked(id, askedOf("UJORGE001", id), askedOf("UANA00001", id),
        askedOf("ULUCAS001", id));
    rig.awaitRemembered(id, 3);
    return asked;
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
    Asked asked = requested(api, api.create("en"), "2345 BCD");
    String id = asked.id();
    // the TTL is set on the messages' references
    assertThat(rig.store.commands().pttl(Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get())
        .isPositive();

    assertThat(ParkingRequests.decideInTheConsole(api, "jorge", PASSWORD, id, "approve")).isEqualTo("approved");

    JsonObject toJorge = slack.updateOf(asked.jorge());
    assertThat(toJorge.getString("text")).startsWith("Approved by Jorge");
    assertThat(toJorge.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve");
    for (JsonObject spanish : List.of(slack.updateOf(asked.ana()), slack.updateOf(asked.lucas()))) {
      assertThat(spanish.getString("text")).startsWith("Aprobada por Jorge");
      assertThat(spanish.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve")
          .contains("paso de aprobación");
    }
    rig.awaitRemembered(id, 0); // updated, then forgotten
    assertThat(rig.ticket(id).status()).isEqualTo(Ticket.Status.APPROVED);
  }

  @Test
  void aRejectionInOneApproversMessageUpdatesTheOthersAndTheClickedOneOnce() {
    Api api = new Api(relevo.port());
    Asked asked = requested(api, api.create("en"), "3456 CDF");
    String id = asked.id();

    String anaTs = asked.ana().getJsonObject("answered").getString("ts");
    slack.interaction(slack.click("UANA00001", asked.ana(), SlackStandIn.button(asked.ana(), "approval.reject"), "trigger-ana"));
    JsonObject modal = slack.await("views.open", m -> "trigger-ana".equals(m.getString("trigger_id"))).getJsonObject("view");
    assertThat(modal.getJsonObject("title").getString("text")).isEqualTo("Rechazar la solicitud");
    JsonObject submission = slack.submission("UANA00001", "V0REJECTA", modal, "Sin plazas ese día");
    assertThat(slack.interaction(submission).status()).isEqualTo(200);

    assertThat(slack.updateOf(asked.ana()).getString("text")).startsWith("Rechazada por Ana").contains("Sin plazas ese día");
    assertThat(slack.updateOf(asked.jorge()).getString("text")).startsWith("Rejected by Ana").contains("Sin plazas ese día");
    assertThat(slack.updateOf(asked.lucas()).getString("text")).startsWith("Rechazada por Ana");
    assertThat(slack.updateOf(asked.jorge()).getJsonArray("blocks").encode()).doesNotContain("approval.reject");
    rig.awaitRemembered(id, 0);
    assertThat(slack.updatesOf(anaTs)).hasSize(1); // her click's answer; the others' update left it alone
  }

  @Test
  void aWithdrawnRequestsMessagesSayItWasWithdrawnInEachApproversLanguageAndALaterClickIsRefused() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    Asked asked = requested(api, requester, "4567 DFG");
    String id = asked.id();

    ParkingRequests.withdraw(api, requester, id);
    JsonObject toJorge = slack.updateOf(asked.jorge());
    assertThat(toJorge.getString("text")).startsWith("The requester withdrew this request");
    assertThat(toJorge.getJsonArray("blocks").encode()).doesNotContain("approval.approve");
    assertThat(slack.updateOf(asked.ana()).getString("text")).startsWith("Quien la pidió ha retirado esta solicitud");
    assertThat(slack.updateOf(asked.lucas()).getString("text")).startsWith("Quien la pidió ha retirado esta solicitud");
    rig.awaitRemembered(id, 0);

    // Lucas clicks Approve on his old message: told privately, in its language, and nothing changes
    slack.interaction(slack.click("ULUCAS001", asked.lucas(), SlackStandIn.button(asked.lucas(), "approval.approve"),
        "trigger-withdrawn"));
    slack.await("chat.postEphemeral", m -> "ULUCAS001".equals(m.getString("user"))
        && m.getString("text", "").startsWith("Quien la pidió ha retirado esta solicitud"));
    assertThat(rig.ticket(id).status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(rig.ticket(id).approval().steps().get(0).decision()).isNull();
  }

  @Test
  void anAgentCancellingAPendingRequestInTheConsoleUpdatesEveryApproversMessageAndALaterClickIsRefused() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    Asked asked = requested(api, requester, "5678 FGH");
    String id = asked.id();
    String jorgesToken = ParkingRequests.login(api, "jorge", PASSWORD);
    assertThat(ParkingRequests.pendingInTheConsole(api, jorgesToken)).contains(id + ".1");

    assertThat(ParkingRequests.cancelInTheConsole(api, "desk", PASSWORD, id)).isEqualTo("cancelled");

    // every approver's message says so, in their language, without buttons
    JsonObject toJorge = slack.updateOf(asked.jorge());
    assertThat(toJorge.getString("text")).startsWith("The help desk cancelled this request");
    assertThat(toJorge.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve");
    for (JsonObject spanish : List.of(slack.updateOf(asked.ana()), slack.updateOf(asked.lucas()))) {
      assertThat(spanish.getString("text")).startsWith("El servicio de ayuda ha cancelado esta solicitud");
      assertThat(spanish.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain("approval.approve");
    }
    rig.awaitRemembered(id, 0);
    Ticket cancelled = rig.ticket(id);
    assertThat(cancelled.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(cancelled.approval().state()).isEqualTo(Approval.State.WITHDRAWN);
    assertThat(cancelled.approval().steps().get(0).state()).isEqualTo(Approval.State.WITHDRAWN);
    assertThat(ParkingRequests.pendingInTheConsole(api, jorgesToken)).doesNotContain(id + ".1");

    // Jorge clicks Approve on his old message: told privately, and the request stays cancelled
    slack.interaction(slack.click("UJORGE001", asked.jorge(), SlackStandIn.button(asked.jorge(), "approval.approve"),
        "trigger-cancelled"));
    slack.await("chat.postEphemeral", m -> "UJORGE001".equals(m.getString("user"))
        && m.getString("text", "").startsWith("The help desk cancelled this request; there is nothing to decide"));
    // and in the console, the same refusal as the API's error
    Api.Response late = ParkingRequests.decidingInTheConsole(api, jorgesToken, id, "approve");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.json().getJsonObject("error").getString("code")).isEqualTo("cancelled");
    assertThat(late.json().getJsonObject("error").getString("message")).contains("help desk cancelled");
    assertThat(ParkingRequests.decidingInTheConsole(api, jorgesToken, id, "maybe").json().getJsonObject("error")
        .getString("code")).isEqualTo("bad_request");
    Ticket after = rig.ticket(id);
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
    rig.awaitRemembered(id, 3);

    ParkingRequests.withdrawInTheChat(api, requester, id);
    assertThat(slack.updateOf(jorge).getString("text")).startsWith("The requester withdrew this request");
    rig.awaitRemembered(id, 0);
  }
}
