package io.relevo.channels.slack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.relevo.core.catalogue.Catalogue;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The service catalogue in Block Kit: the bot's "what can I request?" answer (a message whose
 * buttons all start catalogue requests) becomes a list by department — a header per department,
 * a section per item with its description and a button that starts its request. The buttons carry
 * the same payloads as the chat's, bound to the person like every button ({@link SlackClient.Owner}).
 * Stateless.
 */
final class SlackCatalogue {

  /** Slack's limit of blocks per message. */
  private static final int MAX_BLOCKS = 50;

  private SlackCatalogue() {
  }

  /** The catalogue's blocks for {@code m}, or null when {@code m} is not the catalogue. */
  static JsonArray blocks(Message m, Catalogue catalogue, SlackClient.Owner owner) {
    List<QuickReply> quick = m.quickReplies() == null ? List.of() : m.quickReplies();
    if (quick.isEmpty() || !quick.stream().allMatch(q -> q.payload() != null && q.payload().startsWith(Catalogue.START))) {
      return null;
    }
    Lang lang = language(m);
    Map<String, Catalogue.Item> byPayload = new LinkedHashMap<>();
    catalogue.items().forEach(i -> byPayload.put(i.payload(), i));
    List<Catalogue.Item> shown = quick.stream().map(q -> byPayload.get(q.payload())).filter(java.util.Objects::nonNull).toList();
    if (shown.isEmpty()) {
      return null;
    }
    JsonArray blocks = new JsonArray().add(section(Texts.get(lang, "catalogue.intro")));
    int n = 0;
    for (Map.Entry<String, List<Catalogue.Item>> d : catalogue.byDepartment(shown).entrySet()) {
      if (blocks.size() + 2 > MAX_BLOCKS - 1) {
        break;
      }
      blocks.add(new JsonObject().put("type", "header").put("text", plain(Catalogue.departmentName(lang.tag(), d.getKey()))));
      for (Catalogue.Item item : d.getValue()) {
        if (blocks.size() >= MAX_BLOCKS - 1) {
          break;
        }
        String title = item.title().get(lang.tag());
        blocks.add(section("*" + SlackClient.escape(title) + "*\n" + SlackClient.escape(item.description().get(lang.tag())))
            .put("block_id", owner.blockId(n))
            .put("accessory", new JsonObject().put("type", "button").put("action_id", "relevo_" + n)
                .put("text", plain(cut(title))).put("value", item.payload())));
        n++;
      }
    }
    blocks.add(new JsonObject().put("type", "context").put("elements", new JsonArray().add(
        new JsonObject().put("type", "mrkdwn").put("text", SlackClient.escape(Texts.get(lang, "catalogue.outro"))))));
    return blocks;
  }

  /** The language the bot wrote the catalogue in: the one whose introduction it starts with. */
  static Lang language(Message m) {
    String text = m.text() == null ? "" : m.text();
    for (Lang l : Lang.values()) {
      if (text.startsWith(Texts.get(l, "catalogue.intro"))) {
        return l;
      }
    }
    return Lang.EN;
  }

  private static JsonObject section(String mrkdwn) {
    return new JsonObject().put("type", "section").put("text", new JsonObject().put("type", "mrkdwn").put("text", mrkdwn));
  }

  private static JsonObject plain(String text) {
    return new JsonObject().put("type", "plain_text").put("text", cut(text)).put("emoji", true);
  }

  /** A button's text is at most 75 characters. */
  private static String cut(String s) {
    return s.length() > 75 ? s.substring(0, 74) + "…" : s;
  }
}
