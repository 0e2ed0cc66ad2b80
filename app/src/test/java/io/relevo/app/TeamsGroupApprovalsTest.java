package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
  static Vertx vertx;
  static EmbeddedRedis redis;
  static RedisConnector store;
  static RedisTicketSystem tickets;
  static Relevo relevo;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    teams.start(vertx);
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
    redis = TestRedis.dedicated();
    store = RedisConnector.connect(redis.uri(), java.time.Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, store, java.time.Clock.systemUTC(), false);
    Map<String, String> settings = new HashMap<>(teams.settings());
    settings.put("REDIS_URL", redis.uri());
    settings.put("RELEVO_APPROVALS_DIRECTORY_FILE", people.toString());
    settings.put("RELEVO_AGENTS_FILE", agents.toString());
    settings.put("RELEVO_TICKETS_INBOUND_TOKEN", INBOUND);
    settings.put("RELEVO_FLOWS_DIR", ParkingRequests.flows(dir).toString());
    relevo = TestServers.start(settings);
    teams.serves(relevo);
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    store.close();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Ticket ticket(String id) throws Exception {
    return tickets.find(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  /** Waits until {@code n} cards of the request's first step are remembered in Redis (0: all updated and forgotten). */
  private static void awaitRemembered(String id, int n) {
    io.relevo.testkit.Eventually.until(n + " approval cards of " + id + " remembered", () -> store.commands()
        .hlen(io.relevo.redis.Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get() == n);
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
    String id = ParkingRequests.request(api, api.create("en"), "6789 YZA");
    JsonObject jorge = teams.sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = teams.sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);

    assertThat(ParkingRequests.decideInTheConsole(api, "jorge", PASSWORD, id, "approve")).isEqualTo("approved");
    String toJorge = teams.updateOf(jorge).getJsonObject("body").encode();
    assertThat(toJorge).contains("Approved by Jorge").doesNotContain("Action.Execute").doesNotContain("Input.Text");
    String toAna = teams.updateOf(ana).getJsonObject("body").encode();
    assertThat(toAna).contains("Aprobada por Jorge").contains("paso de aprobación").doesNotContain("Action.Execute");
    awaitRemembered(id, 0);
  }

  @Test
  void anApprovalOnOneApproversCardUpdatesTheOthersAndTheActedOnCardOnce() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "7890 ZAB");
    JsonObject jorge = teams.sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = teams.sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);

    JsonObject data = TeamsStandIn.content(ana).getJsonArray("actions").getJsonObject(0).getJsonObject("data");
    Api.Response answered = teams.post(teams.invoke("ana-1", "a-ana", "29:ana", "a:personal-a-ana", ana.getString("answered"),
        "approve", data));
    assertThat(answered.json().getJsonObject("value").encode()).contains("Aprobada por Ana").doesNotContain("Action.Execute");
    assertThat(teams.updateOf(jorge).getJsonObject("body").encode()).contains("Approved by Ana").doesNotContain("Action.Execute");
    assertThat(teams.updateOf(ana).getJsonObject("body").encode()).contains("Aprobada por Ana");
    awaitRemembered(id, 0);
    assertThat(teams.updatesOf("a%3Apersonal-a-ana", ana.getString("answered"))).hasSize(1);
    assertThat(ticket(id).status()).isEqualTo(Ticket.Status.APPROVED);
  }

  @Test
  void aWithdrawnRequestsCardsSayItWasWithdrawnInEachApproversLanguage() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation requester = api.create("en");
    String id = ParkingRequests.request(api, requester, "8901 ABC");
    JsonObject jorge = teams.sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = teams.sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);

    ParkingRequests.withdraw(api, requester, id);
    assertThat(teams.updateOf(jorge).getJsonObject("body").encode()).contains("The requester withdrew this request")
        .doesNotContain("Action.Execute");
    assertThat(teams.updateOf(ana).getJsonObject("body").encode()).contains("Quien la pidió ha retirado esta solicitud")
        .doesNotContain("Action.Execute");
    awaitRemembered(id, 0);
  }

  @Test
  void anAgentCancellingAPendingRequestInTheConsoleReplacesEveryApproversCardAndALaterActionIsRefused() throws Exception {
    Api api = new Api(relevo.port());
    String id = ParkingRequests.request(api, api.create("en"), "9012 BCD");
    JsonObject jorge = teams.sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = teams.sentTo("a%3Apersonal-a-ana", id + ".1");
    awaitRemembered(id, 2);

    assertThat(ParkingRequests.cancelInTheConsole(api, "desk", PASSWORD, id)).isEqualTo("cancelled");
    assertThat(teams.updateOf(jorge).getJsonObject("body").encode()).contains("The help desk cancelled this request")
        .doesNotContain("Action.Execute").doesNotContain("Input.Text");
    assertThat(teams.updateOf(ana).getJsonObject("body").encode()).contains("El servicio de ayuda ha cancelado esta solicitud")
        .doesNotContain("Action.Execute").doesNotContain("Input.Text");
    awaitRemembered(id, 0);
    Ticket cancelled = ticket(id);
    assertThat(cancelled.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(cancelled.approval().state()).isEqualTo(io.relevo.core.tickets.Approval.State.WITHDRAWN);

    // Ana approves on her old card: told why nothing happened, in its language; the request stays cancelled
    JsonObject data = TeamsStandIn.content(ana).getJsonArray("actions").getJsonObject(0).getJsonObject("data");
    Api.Response late = teams.post(teams.invoke("late-ana", "a-ana", "29:ana", "a:personal-a-ana", ana.getString("answered"),
        "approve", data));
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
    JsonObject jorge = teams.sentTo("a%3Apersonal-a-jorge", id + ".1");
    JsonObject ana = teams.sentTo("a%3Apersonal-a-ana", id + ".1");
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
    assertThat(teams.updateOf(jorge).getJsonObject("body").encode()).contains("The help desk cancelled this request")
        .doesNotContain("Action.Execute");
    assertThat(teams.updateOf(ana).getJsonObject("body").encode()).contains("El servicio de ayuda ha cancelado esta solicitud")
        .doesNotContain("Action.Execute");
    awaitRemembered(id, 0);
    assertThat(ticket(id).approval().state()).isEqualTo(io.relevo.core.tickets.Approval.State.WITHDRAWN);
  }
}
