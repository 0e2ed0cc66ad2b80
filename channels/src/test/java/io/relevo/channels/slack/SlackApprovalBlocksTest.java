package io.relevo.channels.slack;

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
import io.relevo.texts.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The Block Kit of approvals and of the catalogue, built from an approval's view and the bot's message. */
class SlackApprovalBlocksTest {

  static JsonObject view() {
    return new JsonObject().put("id", "REQ-000012.1").put("ticketId", "REQ-000012").put("step", 1).put("steps", 2)
        .put("state", "pending").put("approvalState", "pending").put("title", "Vacation: Aug 3-7 <all>")
        .put("requester", new JsonObject().put("name", "Marta").put("email", "marta@acme.example"))
        .put("fields", new JsonObject().put("dates", "2027-08-03/2027-08-07").put("type", "vacation"));
  }

  @Test
  void theRequestNamesWhoAndWhatWithItsFieldsAndTwoButtonsCarryingTheApprovalsId() {
    JsonObject m = SlackApprovalBlocks.request(view(), ApprovalWords.Asked.ASKED, Lang.EN);
    assertThat(m.getString("text")).isEqualTo("Marta asks for your approval: Vacation: Aug 3-7 <all>");
    JsonArray blocks = m.getJsonArray("blocks");
    assertThat(blocks.getJsonObject(0).getJsonObject("text").getString("text")).contains("*Vacation: Aug 3-7 &lt;all&gt;*");
    assertThat(blocks.getJsonObject(1).getJsonArray("fields").encode()).contains("*dates*\\n2027-08-03/2027-08-07");
    JsonObject actions = blocks.getJsonObject(blocks.size() - 1);
    assertThat(actions.getString("type")).isEqualTo("actions");
    JsonArray buttons = actions.getJsonArray("elements");
    assertThat(buttons.getJsonObject(0).getString("action_id")).isEqualTo(SlackApprovalBlocks.APPROVE);
    assertThat(buttons.getJsonObject(0).getString("style")).isEqualTo("primary");
    assertThat(buttons.getJsonObject(1).getString("action_id")).isEqualTo(SlackApprovalBlocks.REJECT);
    assertThat(buttons.getJsonObject(1).getString("style")).isEqualTo("danger");
    assertThat(buttons.stream().map(b -> ((JsonObject) b).getString("value"))).containsOnly("REQ-000012.1");
    // the buttons' block names the approval and the message's language, which a click is answered in
    assertThat(actions.getString("block_id")).isEqualTo("approval|REQ-000012.1|en");
    assertThat(SlackApprovalBlocks.langTag(actions.getString("block_id"))).isEqualTo("en");
    assertThat(SlackApprovalBlocks.langTag("approval|REQ-000012.1")).isNull(); // a message sent before languages
    assertThat(SlackApprovalBlocks.request(view(), ApprovalWords.Asked.ESCALATED, Lang.ES).getString("text"))
        .startsWith("Escalada a ti: Marta");
  }

  @Test
  void aDecidedRequestSaysWhoDecidedWhatAndWhyWithoutButtons() {
    JsonObject decided = view().put("state", "rejected").put("decision", new JsonObject().put("outcome", "rejected")
        .put("by", "jorge@acme.example").put("name", "Jorge").put("reason", "Quarter close"));
    JsonObject m = SlackApprovalBlocks.decided(decided, Lang.ES);
    assertThat(m.getString("text")).startsWith("Rechazada por Jorge\nMotivo: Quarter close");
    assertThat(m.getJsonArray("blocks").encode()).doesNotContain("\"actions\"").doesNotContain(SlackApprovalBlocks.APPROVE);
    assertThat(SlackApprovalBlocks.outcome(view().put("approvalState", "withdrawn"), Lang.EN))
        .isEqualTo(Texts.get(Lang.EN, "approval.card.withdrawn"));
  }

  @Test
  void theRejectModalAsksForAnOptionalReasonAndCarriesItsMetadata() {
    JsonObject modal = SlackApprovalBlocks.rejectModal(view(), "{\"approval\":\"REQ-000012.1\"}", Lang.EN);
    assertThat(modal.getString("type")).isEqualTo("modal");
    assertThat(modal.getString("callback_id")).isEqualTo(SlackApprovalBlocks.REJECT_VIEW);
    assertThat(modal.getString("private_metadata")).isEqualTo("{\"approval\":\"REQ-000012.1\"}");
    assertThat(modal.getJsonObject("title").getString("text").length()).isLessThanOrEqualTo(24);
    JsonObject input = modal.getJsonArray("blocks").getJsonObject(1);
    assertThat(input.getString("type")).isEqualTo("input");
    assertThat(input.getBoolean("optional")).isTrue();
    assertThat(input.getString("block_id")).isEqualTo("reason");
    assertThat(input.getJsonObject("element").getString("action_id")).isEqualTo("reason");
  }

  @Test
  void anApprovalsInteractionIsRecognisedAndAMappingKeyNamesWhereToWrite() {
    assertThat(SlackApprovals.handles(new JsonObject().put("type", "block_actions").put("actions",
        new JsonArray().add(new JsonObject().put("action_id", SlackApprovalBlocks.APPROVE))))).isTrue();
    assertThat(SlackApprovals.handles(new JsonObject().put("type", "block_actions").put("actions",
        new JsonArray().add(new JsonObject().put("action_id", "relevo_0"))))).isFalse();
    assertThat(SlackApprovals.handles(new JsonObject().put("type", "view_submission")
        .put("view", new JsonObject().put("callback_id", SlackApprovalBlocks.REJECT_VIEW)))).isTrue();
    assertThat(SlackApprovals.target("slack:conv:T1:D123::U9")).isEqualTo(new SlackClient.Target("D123", null, "U9", false));
    assertThat(SlackApprovals.target("slack:conv:T1:C77:1700.1:U9")).isEqualTo(new SlackClient.Target("C77", "1700.1", "U9", true));
    assertThat(SlackApprovals.target("slack:conv:broken")).isNull();
  }

  @Test
  void onlyTheBotsCatalogueMessageIsListedAndItsLanguageIsTheIntroductions() {
    Catalogue catalogue = new Catalogue(List.of());
    Message plain = Message.draft(Role.BOT, "hello", Participant.BOT).withQuickReplies(List.of(new QuickReply("Yes", "form.yes")));
    assertThat(SlackCatalogue.blocks(plain, catalogue, new SlackClient.Owner("U1", null))).isNull();
    Message unknownItem = Message.draft(Role.BOT, "x", Participant.BOT)
        .withQuickReplies(List.of(new QuickReply("Gone", Catalogue.START + "gone")));
    assertThat(SlackCatalogue.blocks(unknownItem, catalogue, new SlackClient.Owner("U1", null))).isNull();
    assertThat(SlackCatalogue.language(Message.draft(Role.BOT, Texts.get(Lang.ES, "catalogue.intro") + "\n...", Participant.BOT)))
        .isEqualTo(Lang.ES);
    assertThat(SlackCatalogue.language(Message.draft(Role.BOT, Texts.get(Lang.EN, "catalogue.intro"), Participant.BOT)))
        .isEqualTo(Lang.EN);
    // each item's block has its own id naming the person, as a click's owner
    assertThat(SlackClient.Owner.parse(new SlackClient.Owner("U1", "1.2").blockId(3))).isEqualTo(new SlackClient.Owner("U1", "1.2"));
  }
}
