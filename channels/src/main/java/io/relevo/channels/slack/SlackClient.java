package io.relevo.channels.slack;

import java.util.List;

import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Slack's Web API, for posting replies ({@code chat.postMessage}): the text, a Block Kit section,
 * quick replies as buttons, and article links. Thread-safe; one per process.
 */
public final class SlackClient {

  private final WebClient client;
  private final String apiUrl;
  private final String botToken;

  public SlackClient(Vertx vertx, String apiUrl, String botToken) {
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Relevo/1").setConnectTimeout(5000));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.botToken = botToken;
  }

  /** Posts {@code m} to {@code channel}, in the thread {@code threadTs} when not null. */
  public Future<Void> post(String channel, String threadTs, Message m) {
    JsonObject body = new JsonObject().put("channel", channel).put("text", text(m)).put("blocks", blocks(m));
    if (threadTs != null) {
      body.put("thread_ts", threadTs);
    }
    return client.postAbs(apiUrl + "/chat.postMessage").timeout(10_000)
        .putHeader("Authorization", "Bearer " + botToken)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .sendJsonObject(body)
        .compose(r -> {
          JsonObject answer = r.bodyAsJsonObject();
          if (r.statusCode() != 200 || answer == null || !answer.getBoolean("ok", false)) {
            return Future.failedFuture("chat.postMessage failed: HTTP " + r.statusCode() + " "
                + (answer == null ? "" : answer.getString("error", "")));
          }
          return Future.succeededFuture();
        });
  }

  static String text(Message m) {
    String who = m.author() != null && m.author().name() != null && m.role() != null
        && m.role().name().equals("AGENT") ? m.author().name() + ": " : "";
    return who + (m.text() == null ? "" : m.text());
  }

  static JsonArray blocks(Message m) {
    JsonArray blocks = new JsonArray().add(new JsonObject().put("type", "section")
        .put("text", new JsonObject().put("type", "mrkdwn").put("text", escape(text(m)))));
    for (var link : m.links() == null ? List.<io.relevo.core.conversation.Link>of() : m.links()) {
      blocks.add(new JsonObject().put("type", "context").put("elements", new JsonArray().add(
          new JsonObject().put("type", "mrkdwn").put("text", "<" + link.url() + "|" + escape(link.title()) + ">"))));
    }
    List<QuickReply> quick = m.quickReplies() == null ? List.of() : m.quickReplies();
    if (!quick.isEmpty()) {
      JsonArray buttons = new JsonArray();
      for (int i = 0; i < quick.size() && i < 25; i++) {
        QuickReply q = quick.get(i);
        String label = q.label().length() > 75 ? q.label().substring(0, 74) + "…" : q.label();
        buttons.add(new JsonObject().put("type", "button").put("action_id", "relevo_" + i)
            .put("text", new JsonObject().put("type", "plain_text").put("text", label))
            .put("value", q.payload()));
      }
      blocks.add(new JsonObject().put("type", "actions").put("elements", buttons));
    }
    return blocks;
  }

  /** Slack's mrkdwn control characters. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  public void close() {
    client.close();
  }
}
