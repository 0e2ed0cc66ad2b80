package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.core.tickets.Ticket;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * A step a group of approvers decides, in Microsoft Teams (the stand-in speaks the Bot Connector,
 * {@link TeamsStandIn}): each approver is asked in their language (the directory's, else the default),
 * and once the step is decided in the console or on one approver's card, withdrawn by its requester,
 * or cancelled by an agent in the console or by the company's ticket system, every approver's card is
 * replaced (the acted-on one once) and the cards' references in Redis are forgotten; an action on a
 * cancelled request's old card is refused. The request is made in the web chat ({@link ParkingRequests}).
 */
class TeamsGroupApprovalsTest {

  static final String PASSWORD = "teams-group-approvals-password";
  static final String INBOUND = "teams-group-approvals-inbound-token-0123456789";
  static final TeamsStandIn teams = new TeamsStandIn();
  static ApprovalsRig rig;
  static Relevo relevo;

  @BeforeAll
  static void start() throws Exception {
    rig = new ApprovalsRig("approval cards");
    teams.start(rig.vertx);
    Path dir = TestRedis.tempDir("teams-group-approvals");
    // Ana reads Spanish by the directory; Jorge the default language, English
    Path people = Files.writeString(dir.resolve("people.yaml"), """
        people:
          - {email: jorge@acme.example, name: Jorge, agent: jorge, ids: ["teams:a-jorge"]}
          - {email: ana@acme.example, name: Ana, locale: es-ES, ids: ["teams:a-ana"]}
        groups:
          parking: [jorge@acme.example, ana@acme.example]
        """);
    Path agents = Files.writeString(dir.resolve("agents.yaml"), """
        agents:
          - {id: jorge, name: Jorge, password: %1$s, roles: [approver]}
          - {id: desk, name: Dana, password: %1$s, roles: [agent]}
        """.formatted(io.relevo.handoff.agents.Passwords.hash(PASSWORD, 1000)));
    Map<String, String> settings = new HashMap<>(teams.settings());
    settings.put("RELEVO_APPROVALS_DIRECTORY_FILE", people.toString());
    settings.put("RELEVO_AGENTS_FILE", agents.toString());
    settings.put("RELEVO_TICKETS_INBOUND_TOKEN", INBOUND);
    settings.put("RELEVO_FLOWS_DIR", ParkingRequests.flows(dir).toString());
    relevo = rig.start(settings);
    teams.serves(relevo);
  }

  @AfterAll
  static void stop() throws Exception {
    rig.close();
  }

  /** A request's id and the cards it sent Jorge and Ana. */
  private record Asked(String id, JsonObject jorge, JsonObject ana) {
  }

  /** {@code requester} requests a parking space for {@code plate}; its cards to Jorge and Ana, once both are remembered. */
  private static Asked requested(Api api, Api.Conversation requester, String plate) {
    String id = ParkingRequests.request(api, requester, plate);
    Asked asked = new Asked(id, teams.sentTo("a%3Apersonal-a-jorge", id + ".1"), teams.sentTo("a%3Apersonal-a-ana", id + ".1"));
    rig.awaitRemembered(id, 2);
    return asked;
  }

  @Test
  void eachApproverReadsTheCardInTheirLanguageTheDirectorysElseTheDefault() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "5678 XYZ");

    String jorge = TeamsStandIn.content(teams.sentTo("a%3Apersonal-a-jorge", id + ".1")).encode();
    assertThat(jorge).contains("asks for your approval").contains("Approve").contains("Reason (optional)")
        .contains("approval step 1 of 1").doesNotContain("Aprobar");
    JsonObject ana = TeamsStandIn.content(teams.sentTo("a%3Apersonal-a-ana", id + ".1"));
    assertThat(ana.encode()).contains("te pide una aprobación").contains("Aprobar").contains("Rechazar")
        .contains("Motivo (opcional)").contains("paso de aprobación 1 de 1").doesNotContain("Approve");

    // a refusal on Ana's card is answered in its language
    JsonObject data = ana.getJsonArray("actions").getJsonObject(0).getJsonObject("data");
    Api.Response refused = teams.post(teams.invoke("es-0", null, "29:pablo", "a:personal-a-ana", "card-es", "approve", data));
    assertThat(refused.json().getString("value")).isEqualTo(io.relevo.texts.Texts.get(io.relevo.texts.Lang.ES,
        "approval.card.notYours"));
  }

  @Test
  void aDecisionInTheConsoleUpdatesEveryApproversCardInTheirLanguageWithoutActions() throws Exception {
    Api api = new Api(relevo.port());
    Asked asked = requested(api, api.create("en"), "6789 YZA");
    String id = asked.id();

    assertThat(ParkingRequests.decideInTheConsole(api, "jorge", PASSWORD, id, "approve")).isEqualTo("approved");
    String toJorge = teams.updateOf(asked.jorge()).getJsonObject("body").encode();
    assertThat(toJorge).contains("Approved by Jorge").doesNotContain("Action.Execute").doesNotContain("Input.Text");
    String toAna = teams.updateOf(asked.ana()).getJsonObject("body").encode();
    assertThat(toAna).contains("Aprobada por Jorge").contains("paso de aprobación").doesNotContain("Action.Execute");
    rig.awaitRemembered(id, 0);
  }

  @Test
  void anApprovalOnOneApproversCardUpdatesTheOthersAndTheActedOnCardOnce() throws Exception {
    Api api = new Api(relevo.port());
    Asked asked = requested(api, api.create("en"), "7890 ZAB");
    String id = asked.id();

    JsonObject data = TeamsStandIn.content(asked.ana()).getJsonArray("actions").getJsonObject(0).getJsonObject("data");
    Api.Response answered = teams.post(teams.invoke("ana-1", "a-ana", "29:ana", "a:personal-a-ana", asked.ana().getString("answered"),
        "approve", data));
    assertThat(answered.json().getJsonObject("value").encode()).contains("Aprobada por Ana").doesNotContain("Action.Execute");
    assertThat(teams.updateOf(asked.jorge()).getJsonObject("body").encode()).contains("Approved by Ana")
        .doesNotContain("Action.Execute");
    assertThat(teams.updateOf(asked.ana()).getJsonObject("body").encode()).contains("Aprobada por Ana");
    rig.awaitRemembered(id, 0);
    assertThat(teams.updatesOf("a%3Apersonal-a-ana", asked.ana().getString("answered"))).hasSize(1);
    assertThat(rig.ticket(id).status()).isEqualTo(Ticket.Status.APPROVED);
  }

  @Test
  void aWithdrawnRequestsCardsSayItWasWithdrawnInEachApproversLanguage() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    Asked asked = requested(api, requester, "8901 ABC");
    String id = asked.id();

    ParkingRequests.withdraw(api, requester, id);
    assertThat(teams.updateOf(asked.jorge()).getJsonObject("body").encode()).contains("The requester withdrew this request")
        .doesNotContain("Action.Execute");
    assertThat(teams.updateOf(asked.ana()).getJsonObject("body").encode()).contains("Quien la pidió ha retirado esta solicitud")
        .doesNotContain("Action.Execute");
    rig.awaitRemembered(id, 0);
  }

  @Test
  void anAgentCancellingAPendingRequestInTheConsoleReplacesEveryApproversCardAndALaterActionIsRefused() throws Exception {
    Api api = new Api(relevo.port());
    Asked asked = requested(api, api.create("en"), "9012 BCD");
    String id = asked.id();

    assertThat(ParkingRequests.cancelInTheConsole(api, "desk", PASSWORD, id)).isEqualTo("cancelled");
    assertThat(teams.updateOf(asked.jorge()).getJsonObject("body").encode()).contains("The help desk cancelled this request")
        .doesNotContain("Action.Execute").doesNotContain("Input.Text");
    assertThat(teams.updateOf(asked.ana()).getJsonObject("body").encode()).contains("El servicio de ayuda ha cancelado esta solicitud")
        .doesNotContain("Action.Execute").doesNotContain("Input.Text");
    rig.awaitRemembered(id, 0);
    Ticket cancelled = rig.ticket(id);
    assertThat(cancelled.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(cancelled.approval().state()).isEqualTo(io.relevo.core.tickets.Approval.State.WITHDRAWN);

    // Ana approves on her old card: told why nothing happened, in its language; the request stays cancelled
    JsonObject data = TeamsStandIn.content(asked.ana()).getJsonArray("actions").getJsonObject(0).getJsonObject("data");
    Api.Response late = teams.post(teams.invoke("late-ana", "a-ana", "29:ana", "a:personal-a-ana", asked.ana().getString("answered"),
        "approve", data));
    assertThat(late.json().getString("type")).isEqualTo("application/vnd.microsoft.activity.message");
    assertThat(late.json().getString("value")).isEqualTo(io.relevo.texts.Texts.get(io.relevo.texts.Lang.ES,
        "approval.card.cancelled"));
    Ticket after = rig.ticket(id);
    assertThat(after.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(after.approval().steps().get(0).decision()).isNull();
    assertThat(after.version()).isEqualTo(cancelled.version());
  }

  @Test
  void aRequestCancelledByTheCompanysTicketSystemReplacesEveryApproversCardToo() throws Exception {
    Api api = new Api(relevo.port());
    Asked asked = requested(api, api.create("en"), "0123 CDF");
    String id = asked.id();
    String path = "/api/v1/integrations/tickets/" + id;

    // only its approvers approve it, and a status must be one the desk may set
    Api.Response approving = api.post(path, "{\"status\":\"approved\"}", INBOUND);
    assertThat(approving.status()).isEqualTo(409);
    assertThat(approving.errorCode()).isEqualTo("ticket_conflict");
    Api.Response unknown = api.post(path, "{\"status\":\"gone\"}", INBOUND);
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorCode()).isEqualTo("bad_request");
    assertThat(unknown.json().getJsonObject("error").getString("message")).contains("status");
    assertThat(rig.ticket(id).status()).isEqualTo(Ticket.Status.PENDING_APPROVAL);

    Api.Response cancelled = api.post(path, "{\"status\":\"cancelled\",\"comment\":\"Closed in the desk's tool\"}", INBOUND);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(teams.updateOf(asked.jorge()).getJsonObject("body").encode()).contains("The help desk cancelled this request")
        .doesNotContain("Action.Execute");
    assertThat(teams.updateOf(asked.ana()).getJsonObject("body").encode()).contains("El servicio de ayuda ha cancelado esta solicitud")
        .doesNotContain("Action.Execute");
    rig.awaitRemembered(id, 0);
    assertThat(rig.ticket(id).approval().state()).isEqualTo(io.relevo.core.tickets.Approval.State.WITHDRAWN);
  }
}
