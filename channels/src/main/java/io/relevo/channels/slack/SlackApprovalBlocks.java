package io.relevo.channels.slack;

import io.relevo.channels.ApprovalWords;
import io.relevo.channels.ApprovalWords.Asked;
import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Block Kit for approvals, from an approval's view ({@code io.relevo.core.approvals.ApprovalViews}):
 * the direct message asking an approver (who asks, what, the request's fields, Approve and Reject
 * buttons), the same message once decided (who decided what, no buttons), and the modal asking
 * for a rejection's optional reason. The buttons' {@code action_id}s are {@link #APPROVE} and
 * {@link #REJECT}, their {@code value} the approval's id, and their block's id names the approval
 * and the language the message is written in ({@code approval|REQ-000012.1|es}); the modal's
 * {@code callback_id} is {@link #REJECT_VIEW} and its {@code private_metadata} names the approval,
 * the message to update and its language. Stateless.
 */
final class SlackApprovalBlocks {

  static final String APPROVE = "approval.approve";
  static final String REJECT = "approval.reject";
  static final String REJECT_VIEW = "approval.reject";
  static final String REASON = "reason";

  private SlackApprovalBlocks() {
  }

  /** The message asking an approver to decide {@code view}. */
  static JsonObject request(JsonObject view, Asked why, Lang lang) {
    String intro = why.intro(view, lang);
    JsonArray blocks = about(view, intro, lang);
    String id = view.getString("id");
    blocks.add(new JsonObject().put("type", "actions").put("block_id", "approval|" + id + "|" + lang.tag()).put("elements", new JsonArray()
        .add(button(Texts.get(lang, "approval.card.approve"), APPROVE, id, "primary"))
        .add(button(Texts.get(lang, "approval.card.reject"), REJECT, id, "danger"))));
    return new JsonObject().put("text", intro + ": " + view.getString("title", "")).put("blocks", blocks);
  }

  /** The language tag an approval's block id names ({@code approval|ID|es}); null for a block of an older message. */
  static String langTag(String blockId) {
    String[] parts = blockId == null ? new String[0] : blockId.split("\\|", -1);
    return parts.length == 3 && parts[0].equals("approval") ? parts[2] : null;
  }

  /** The same request once decided (or withdrawn): what happened instead of the buttons. */
  static JsonObject decided(JsonObject view, Lang lang) {
    String outcome = outcome(view, lang);
    JsonArray blocks = about(view, Texts.get(lang, "approval.card.asked", ApprovalWords.requester(view, lang)), lang);
    blocks.add(section(mrkdwn("*" + SlackClient.escape(outcome) + "*")));
    return new JsonObject().put("text", outcome + ": " + view.getString("title", "")).put("blocks", blocks);
  }

  /** What happened to the step, in a sentence (the rejection's reason on a line of its own). */
  static String outcome(JsonObject view, Lang lang) {
    return ApprovalWords.outcome(view, lang, "\n");
  }

  /** The modal asking for a rejection's optional reason; {@code metadata} names the approval and the message. */
  static JsonObject rejectModal(JsonObject view, String metadata, Lang lang) {
    JsonObject input = new JsonObject().put("type", "plain_text_input").put("action_id", REASON).put("multiline", true)
        .put("max_length", 500);
    return new JsonObject().put("type", "modal").put("callback_id", REJECT_VIEW).put("private_metadata", metadata)
        .put("title", plain(Texts.get(lang, "approval.card.rejectTitle")))
        .put("submit", plain(Texts.get(lang, "approval.card.reject")))
        .put("close", plain(Texts.get(lang, "approval.card.cancel")))
        .put("blocks", new JsonArray()
            .add(section(mrkdwn(SlackClient.escape(view.getString("title", "")))))
            .add(new JsonObject().put("type", "input").put("block_id", REASON).put("optional", true)
                .put("label", plain(Texts.get(lang, "approval.card.reasonLabel"))).put("element", input)
                .put("hint", plain(Texts.get(lang, "approval.card.reasonHint")))));
  }

  private static JsonArray about(JsonObject view, String intro, Lang lang) {
    JsonArray blocks = new JsonArray().add(section(mrkdwn(SlackClient.escape(intro) + "\n*"
        + SlackClient.escape(view.getString("title", "")) + "*")));
    JsonArray fields = new JsonArray();
    view.getJsonObject("fields", new JsonObject()).forEach(f -> {
      if (fields.size() < 10 && f.getValue() != null) { // a section holds at most ten fields
        fields.add(mrkdwn("*" + SlackClient.escape(f.getKey()) + "*\n" + SlackClient.escape(cut(String.valueOf(f.getValue()), 1900))));
      }
    });
    if (!fields.isEmpty()) {
      blocks.add(new JsonObject().put("type", "section").put("fields", fields));
    }
    if (view.getString("description") != null) {
      blocks.add(section(mrkdwn(SlackClient.escape(cut(view.getString("description"), 2900)))));
    }
    blocks.add(new JsonObject().put("type", "context").put("elements", new JsonArray().add(mrkdwn(SlackClient.escape(
        Texts.get(lang, "approval.card.step", view.getString("ticketId"), view.getInteger("step"), view.getInteger("steps")))))));
    return blocks;
  }

  private static JsonObject button(String text, String actionId, String value, String style) {
    return new JsonObject().put("type", "button").put("action_id", actionId).put("text", plain(text)).put("value", value)
        .put("style", style);
  }

  private static JsonObject section(JsonObject text) {
    return new JsonObject().put("type", "section").put("text", text);
  }

  private static JsonObject mrkdwn(String text) {
    return new JsonObject().put("type", "mrkdwn").put("text", text);
  }

  private static JsonObject plain(String text) {
    return new JsonObject().put("type", "plain_text").put("text", text);
  }

  private static String cut(String s, int max) {
    return s.length() > max ? s.substring(0, max - 1) + "…" : s;
  }
}
