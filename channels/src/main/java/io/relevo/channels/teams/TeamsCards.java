package io.relevo.channels.teams;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.relevo.channels.ApprovalWords;
import io.relevo.channels.ApprovalWords.Asked;
import io.relevo.core.catalogue.Catalogue;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Adaptive Cards (version 1.4) for Teams: an approval asked of an approver, with the request's
 * facts, an optional reason ({@code Input.Text} {@value #REASON}) and two Universal Actions
 * ({@code Action.Execute} with the verbs {@value #APPROVE} and {@value #REJECT}, the approval's id and
 * the card's language ({@value #LANG}) in their {@code data}); the same card once decided; and the service catalogue by department with an
 * {@code Action.Submit} per item that sends the item's start payload (as {@code messageBack}, so
 * the person's choice shows in the chat). Stateless.
 */
final class TeamsCards {

  static final String APPROVE = "approve";
  static final String REJECT = "reject";
  static final String REASON = "reason";
  /** The action data's field naming the language the card is written in. */
  static final String LANG = "lang";
  static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

  private TeamsCards() {
  }

  /** A message activity carrying {@code card}; {@code text} is what notifications show. */
  static JsonObject message(JsonObject card, String text) {
    return new JsonObject().put("type", "message").put("summary", text == null ? "" : text)
        .put("attachments", new JsonArray().add(new JsonObject().put("contentType", CONTENT_TYPE).put("content", card)));
  }

  /** The card asking an approver to decide {@code view} (an approval as {@code ApprovalViews} shows it). */
  static JsonObject request(JsonObject view, Asked why, Lang lang) {
    JsonArray body = about(view, why.intro(view, lang), lang);
    body.add(new JsonObject().put("type", "Input.Text").put("id", REASON).put("isMultiline", true).put("maxLength", 500)
        .put("label", Texts.get(lang, "approval.card.reasonLabel")).put("placeholder", Texts.get(lang, "approval.card.reasonHint")));
    JsonObject data = new JsonObject().put("approval", view.getString("id")).put(LANG, lang.tag());
    return card(body).put("actions", new JsonArray()
        .add(new JsonObject().put("type", "Action.Execute").put("verb", APPROVE).put("title", Texts.get(lang, "approval.card.approve"))
            .put("style", "positive").put("data", data.copy()))
        .add(new JsonObject().put("type", "Action.Execute").put("verb", REJECT).put("title", Texts.get(lang, "approval.card.reject"))
            .put("style", "destructive").put("data", data.copy())));
  }

  /** The card once decided or withdrawn: what happened instead of the input and the buttons. */
  static JsonObject decided(JsonObject view, Lang lang) {
    JsonArray body = about(view, Texts.get(lang, "approval.card.asked", ApprovalWords.requester(view, lang)), lang);
    body.add(text(outcome(view, lang)).put("weight", "bolder")
        .put("color", view.getJsonObject("decision") != null && "approved".equals(view.getJsonObject("decision").getString("outcome"))
            ? "good" : "attention"));
    return card(body);
  }

  /** What happened to the step, in a sentence (the rejection's reason in a paragraph of its own). */
  static String outcome(JsonObject view, Lang lang) {
    return ApprovalWords.outcome(view, lang, "\n\n");
  }

  /** The catalogue's card for {@code m} (the bot's list of what can be requested), or null when {@code m} is not it. */
  static JsonObject catalogue(Message m, Catalogue catalogue) {
    List<QuickReply> quick = m.quickReplies() == null ? List.of() : m.quickReplies();
    if (quick.isEmpty() || !quick.stream().allMatch(q -> q.payload() != null && q.payload().startsWith(Catalogue.START))) {
      return null;
    }
    Lang lang = Lang.EN;
    for (Lang l : Lang.values()) {
      if (m.text() != null && m.text().startsWith(Texts.get(l, "catalogue.intro"))) {
        lang = l;
      }
    }
    Map<String, Catalogue.Item> byPayload = new LinkedHashMap<>();
    catalogue.items().forEach(i -> byPayload.put(i.payload(), i));
    List<Catalogue.Item> shown = quick.stream().map(q -> byPayload.get(q.payload())).filter(java.util.Objects::nonNull).toList();
    if (shown.isEmpty()) {
      return null;
    }
    JsonArray body = new JsonArray().add(text(Texts.get(lang, "teams.catalogue.title")).put("size", "large").put("weight", "bolder"))
        .add(text(Texts.get(lang, "catalogue.intro")));
    for (Map.Entry<String, List<Catalogue.Item>> d : catalogue.byDepartment(shown).entrySet()) {
      body.add(text(Catalogue.departmentName(lang.tag(), d.getKey())).put("size", "medium").put("weight", "bolder")
          .put("separator", true));
      for (Catalogue.Item item : d.getValue()) {
        String title = item.title().get(lang.tag());
        body.add(new JsonObject().put("type", "Container").put("items", new JsonArray()
            .add(text(title).put("weight", "bolder"))
            .add(text(item.description().get(lang.tag())).put("isSubtle", true))
            .add(new JsonObject().put("type", "ActionSet").put("actions", new JsonArray().add(new JsonObject()
                .put("type", "Action.Submit").put("title", title).put("data", new JsonObject().put("payload", item.payload())
                    .put("msteams", new JsonObject().put("type", "messageBack").put("text", title).put("displayText", title))))))));
      }
    }
    body.add(text(Texts.get(lang, "catalogue.outro")).put("isSubtle", true));
    return card(body);
  }

  private static JsonArray about(JsonObject view, String intro, Lang lang) {
    JsonArray facts = new JsonArray();
    view.getJsonObject("fields", new JsonObject()).forEach(f -> {
      if (f.getValue() != null) {
        facts.add(new JsonObject().put("title", f.getKey()).put("value", String.valueOf(f.getValue())));
      }
    });
    JsonArray body = new JsonArray().add(text(intro)).add(text(view.getString("title", "")).put("size", "medium").put("weight", "bolder"));
    if (!facts.isEmpty()) {
      body.add(new JsonObject().put("type", "FactSet").put("facts", facts));
    }
    if (view.getString("description") != null) {
      body.add(text(view.getString("description")));
    }
    body.add(text(Texts.get(lang, "approval.card.step", view.getString("ticketId"), view.getInteger("step"), view.getInteger("steps")))
        .put("isSubtle", true).put("size", "small"));
    return body;
  }

  private static JsonObject card(JsonArray body) {
    return new JsonObject().put("type", "AdaptiveCard").put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
        .put("version", "1.4").put("body", body);
  }

  private static JsonObject text(String text) {
    return new JsonObject().put("type", "TextBlock").put("text", text).put("wrap", true);
  }
}
