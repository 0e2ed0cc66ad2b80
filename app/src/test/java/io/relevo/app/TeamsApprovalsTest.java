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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Approvals and the catalogue in Microsoft Teams, against a local server speaking the OpenID
 * metadata, the token endpoint and the Bot Connector API ({@link TeamsStandIn}): a vacation requested
 * in the personal chat, its Adaptive Card sent to the manager, rejected with a reason through an
 * {@code adaptiveCard/action} invoke answered with the updated card, the card's activity updated, the
 * requester told; a stranger refused; a retried invoke deciding once; an approval submitted as a
 * message; the catalogue as a card in both languages. A group step is {@link TeamsGroupApprovalsTest}'s.
 */
class TeamsApprovalsTest {

  /** Marta, the requester, as Teams names her. */
  static final JsonObject MARTA = new JsonObject().put("id", "29:1Abc").put("name", "Marta Ruiz").put("aadObjectId", "a9b8c7");
  static final TeamsStandIn teams = new TeamsStandIn();
  static ApprovalsRig rig;
  static Relevo relevo;

  @BeforeAll
  static void start() throws Exception {
    rig = new ApprovalsRig("approval cards");
    teams.start(rig.vertx);
    Path dir = TestRedis.tempDir("teams-approvals");
    Path people = Files.writeString(dir.resolve("people.yaml"), """
        people:
          - {email: marta@acme.example, name: Marta, manager: jorge@acme.example, ids: ["teams:a9b8c7"]}
          - {email: jorge@acme.example, name: Jorge, ids: ["teams:a-jorge"]}
          - {email: pablo@acme.example, name: Pablo}
        groups:
          hr-approvers: [pablo@acme.example]
        """);
    Map<String, String> settings = new HashMap<>(teams.settings());
    settings.put("RELEVO_APPROVALS_DIRECTORY_FILE", people.toString());
    relevo = rig.start(settings);
    teams.serves(relevo);
  }

  @AfterAll
  static void stop() throws Exception {
    rig.close();
  }

  /** Marta says {@code text} (with a button's {@code payload}, if any) in the Teams chat {@code conversation}. */
  private static JsonObject say(String id, String conversation, String text, String payload, String locale) throws Exception {
    JsonObject m = teams.message(id, conversation, MARTA, text).put("locale", locale);
    if (payload != null) {
      m.put("value", new JsonObject().put("payload", payload));
    }
    teams.post(m);
    return m;
  }

  /** Marta requests a vacation in the Teams chat {@code chat} ({@code enc} URL-encoded); the request's id. */
  private static String vacation(String chat, String enc, String prefix) throws Exception {
    say(prefix + "-1", chat, "Vacation or time off", "form.start:request_vacation", "en-US");
    teams.sentTo(enc, "Which days?");
    say(prefix + "-2", chat, "from August 3 to 7", null, "en-US");
    teams.sentTo(enc, "What kind of leave");
    say(prefix + "-3", chat, "vacation", null, "en-US");
    teams.sentTo(enc, "Anything your manager");
    say(prefix + "-4", chat, "skip", null, "en-US");
    teams.sentTo(enc, "Shall I send it?");
    say(prefix + "-5", chat, "Yes", "form.yes", "en-US");
    JsonObject sent = teams.sentTo(enc, "Sent: request");
    var matcher = java.util.regex.Pattern.compile("REQ-\\d{6}").matcher(sent.encode());
    assertThat(matcher.find()).isTrue();
    return matcher.group();
  }

  @Test
  void anApprovalSubmittedAsAMessageWithAValueIsDecidedAndItsCardUpdated() throws Exception {
    String id = vacation("a:marta-chat-2", "a%3Amarta-chat-2", "s");
    String card = teams.sentTo("a%3Apersonal-a-jorge", id + ".1").getString("answered");
    JsonObject submit = teams.message("sub-1", "a:personal-a-jorge", MARTA, null).put("replyToId", card)
        .put("from", new JsonObject().put("id", "29:jorge").put("name", "Jorge").put("aadObjectId", "a-jorge"))
        .put("value", new JsonObject().put("approval", id + ".1").put("verb", "approve"));
    submit.remove("text");
    teams.post(submit);
    JsonObject update = teams.await(c -> "PUT".equals(c.getString("method"))
        && c.getString("path").endsWith("/a%3Apersonal-a-jorge/activities/" + card), "updateActivity of the card");
    assertThat(update.encode()).contains("Approved by Jorge");
    teams.sentTo("a%3Amarta-chat-2", "Good news");
    rig.awaitRemembered(id, 0);
    assertThat(teams.updatesOf("a%3Apersonal-a-jorge", card)).hasSize(1); // once: the others' update leaves the clicked card alone
    assertThat(rig.ticket(id).status()).isEqualTo(Ticket.Status.APPROVED);
  }

  @Test
  void aVacationRequestedInTeamsIsRejectedWithAReasonOnTheCardWhichIsUpdatedAndTheRequesterIsTold() throws Exception {
    String chat = "a:marta-chat";
    String enc = "a%3Amarta-chat";
    String id = vacation(chat, enc, "m");

    // the manager's personal chat is opened in the tenant and the card sent there
    JsonObject opened = teams.await(c -> c.getString("path").equals("/connector/v3/conversations")
        && c.encode().contains("a-jorge"), "the manager's chat opened");
    assertThat(opened.getJsonObject("body").getString("tenantId")).isEqualTo("tenant-1");
    JsonObject card = teams.sentTo("a%3Apersonal-a-jorge", id + ".1");
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
    Api.Response stranger = teams.post(teams.invoke("inv-0", null, "29:pablo", "a:personal-a-jorge", cardId, "reject", data));
    assertThat(stranger.json().getString("type")).isEqualTo("application/vnd.microsoft.activity.message");
    assertThat(stranger.json().getString("value")).contains("Only the approvers");
    assertThat(rig.ticket(id).status()).isEqualTo(Ticket.Status.PENDING_APPROVAL);

    // the manager rejects with a reason; Teams delivers the invoke twice
    JsonObject reject = teams.invoke("inv-1", "a-jorge", "29:jorge", "a:personal-a-jorge", cardId, "reject", data);
    Api.Response answered = teams.post(reject);
    assertThat(answered.json().getInteger("statusCode")).isEqualTo(200);
    assertThat(answered.json().getString("type")).isEqualTo("application/vnd.microsoft.card.adaptive");
    String updatedCard = answered.json().getJsonObject("value").encode();
    assertThat(updatedCard).contains("Rejected by Jorge").contains("Audit week").doesNotContain("Action.Execute");
    Api.Response retried = teams.post(reject);
    assertThat(retried.json().getJsonObject("value").encode()).contains("Rejected by Jorge");

    JsonObject update = teams.await(c -> "PUT".equals(c.getString("method"))
        && c.getString("path").endsWith("/a%3Apersonal-a-jorge/activities/" + cardId), "updateActivity of the card");
    assertThat(update.encode()).contains("Rejected by Jorge");

    teams.sentTo(enc, "was rejected by Jorge");
    Ticket rejected = rig.ticket(id);
    assertThat(rejected.status()).isEqualTo(Ticket.Status.REJECTED);
    assertThat(rejected.approval().steps().get(0).decision().reason()).isEqualTo("Audit week: everybody is needed");
    assertThat(rejected.approval().steps().get(0).decision().via()).isEqualTo("teams");
    assertThat(teams.calls.all().stream().filter(c -> c.getString("path").contains("/conversations/" + enc + "/")
        && c.encode().contains("was rejected by Jorge"))).hasSize(1);
  }

  @Test
  void theCatalogueIsACardByDepartmentInBothLanguages() throws Exception {
    say("c-1", "a:cat-en", "what can I request?", null, "en-US");
    JsonObject en = teams.sentTo("a%3Acat-en", "form.start:request_vacation");
    String card = en.getJsonObject("body").getJsonArray("attachments").getJsonObject(0).getJsonObject("content").encode();
    assertThat(card).contains("What you can request").contains("Human resources").contains("Vacation or time off")
        .contains("Action.Submit").contains("messageBack");

    say("c-2", "a:cat-es", "¿Qué puedo pedir?", null, "es-ES");
    JsonObject es = teams.sentTo("a%3Acat-es", "form.start:request_vacation");
    assertThat(es.encode()).contains("Lo que puedes pedir").contains("Recursos humanos").contains("Vacaciones o permisos");
  }
}
