package io.relevo.channels.teams;

import io.relevo.channels.ApprovalWords;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.relevo.core.catalogue.Catalogue;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;
import io.relevo.texts.Lang;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The Adaptive Cards of approvals, built from an approval's view. */
class TeamsCardsTest {

  static JsonObject view() {
    return new JsonObject().put("id", "REQ-000012.1").put("ticketId", "REQ-000012").put("step", 1).put("steps", 1)
        .put("state", "pending").put("approvalState", "pending").put("title", "Vacation: Aug 3-7")
        .put("requester", new JsonObject().put("name", "Marta"))
        .put("fields", new JsonObject().put("dates", "2027-08-03/2027-08-07"));
  }

  @Test
  void theRequestCardHasTheFactsAnOptionalReasonAndTwoUniversalActions() {
    JsonObject card = TeamsCards.request(view(), ApprovalWords.Asked.REMINDED, Lang.EN);
    assertThat(card.getString("type")).isEqualTo("AdaptiveCard");
    assertThat(card.getString("version")).isEqualTo("1.4");
    JsonArray body = card.getJsonArray("body");
    assertThat(body.getJsonObject(0).getString("text")).isEqualTo("Reminder: Marta is still waiting for your approval");
    assertThat(body.encode()).contains("\"type\":\"FactSet\"").contains("\"title\":\"dates\"");
    JsonObject input = body.getJsonObject(body.size() - 1);
    assertThat(input.getString("type")).isEqualTo("Input.Text");
    assertThat(input.getString("id")).isEqualTo(TeamsCards.REASON);
    JsonArray actions = card.getJsonArray("actions");
    assertThat(actions.stream().map(a -> ((JsonObject) a).getString("type"))).containsOnly("Action.Execute");
    assertThat(actions.stream().map(a -> ((JsonObject) a).getString("verb"))).containsExactly("approve", "reject");
    assertThat(actions.stream().map(a -> ((JsonObject) a).getJsonObject("data").getString("approval"))).containsOnly("REQ-000012.1");
    // the card names its language, so the answer to an action on it is written in the same one
    assertThat(actions.stream().map(a -> ((JsonObject) a).getJsonObject("data").getString(TeamsCards.LANG))).containsOnly("en");
    assertThat(TeamsCards.request(view(), ApprovalWords.Asked.ASKED, Lang.ES).getJsonArray("actions").getJsonObject(0)
        .getJsonObject("data").getString(TeamsCards.LANG)).isEqualTo("es");
  }

  @Test
  void theDecidedCardSaysWhoDecidedWhatAndHasNoActions() {
    JsonObject decided = view().put("decision", new JsonObject().put("outcome", "approved").put("name", "Jorge"));
    JsonObject card = TeamsCards.decided(decided, Lang.ES);
    assertThat(card.containsKey("actions")).isFalse();
    assertThat(card.encode()).contains("Aprobada por Jorge").doesNotContain("Input.Text");
    JsonObject activity = TeamsCards.message(card, "x");
    assertThat(activity.getJsonArray("attachments").getJsonObject(0).getString("contentType"))
        .isEqualTo("application/vnd.microsoft.card.adaptive");
  }

  @Test
  void aMessageThatIsNotTheCatalogueGetsNoCatalogueCard() {
    Message plain = Message.draft(Role.BOT, "hello", Participant.BOT).withQuickReplies(List.of(new QuickReply("Yes", "form.yes")));
    assertThat(TeamsCards.catalogue(plain, new Catalogue(List.of()))).isNull();
    assertThat(TeamsCards.catalogue(Message.draft(Role.BOT, "hello", Participant.BOT), new Catalogue(List.of()))).isNull();
  }

  @Test
  void aRequestersMappingKeyNamesTheirTeamsChat() {
    assertThat(TeamsApprovals.chat("teams:conv:a:1xyz-personal:a9b8c7")).isEqualTo("a:1xyz-personal");
    assertThat(TeamsApprovals.chat("teams:conv:19:abc@thread.v2:a9b8c7")).isEqualTo("19:abc@thread.v2");
    assertThat(TeamsApprovals.chat("teams:conv:a:chat:29:1Abc")).isNull();
    assertThat(TeamsApprovals.chat("slack:conv:T:D::U")).isNull();
  }
}
