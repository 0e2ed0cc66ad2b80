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
 * Slack's Web API, for posting replies: {@code chat.postMessage} where only the person reads (a
 * DM), {@code chat.postEphemeral} to the person alone in a shared place. A reply carries the text,
 * a Block Kit section, quick replies as buttons bound to the person (their {@code block_id} names
 * the person and the thread, see {@link Owner}), and article links. Thread-safe; one per process.
 */
public final class SlackClient {

  /**
   * Where a message goes: a channel, a thread in it ({@code threadTs}, may be null), the person it
   * is for ({@code user}) and whether only they may see it ({@code privately}: an ephemeral message).
   */
  public record Target(String channel, String threadTs, String user, boolean privately) {
  }

  /**
   * The person a message's buttons were shown to, and its thread, as written in the buttons'
   * {@code block_id}: a click names its block, so a click by someone else is recognised.
   */
  public record Owner(String user, String threadTs) {

    private static final String PREFIX = "relevo|";

    String blockId() {
      return PREFIX + user + "|" + (threadTs == null ? "" : threadTs);
    }

    /** The block id of the {@code n}th of several blocks of one message (block ids are unique in a message). */
    String blockId(int n) {
      return blockId() + "|" + n;
    }

    /** The owner written in {@code blockId}, or null for a block that is not ours. */
    public static Owner parse(String blockId) {
      if (blockId == null || !blockId.startsWith(PREFIX)) {
        return null;
      }
      String[] parts = blockId.substring(PREFIX.length()).split("\\|", -1);
      return parts.length < 2 || parts.length > 3 || parts[0].isEmpty() ? null : new Owner(parts[0], parts[1].isEmpty() ? null : parts[1]);
    }
  }

  private final WebClient client;
  private final String apiUrl;
  private final String botToken;
  private final io.relevo.core.catalogue.Catalogue catalogue;

  public SlackClient(Vertx vertx, String apiUrl, String botToken) {
    this(vertx, apiUrl, botToken, null);
  }

  /** @param catalogue the service catalogue, shown as a list with a button per item; may be null */
  public SlackClient(Vertx vertx, String apiUrl, String botToken, io.relevo.core.catalogue.Catalogue catalogue) {
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Relevo/1").setConnectTimeout(5000));
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.botToken = botToken;
    this.catalogue = catalogue;
  }

  /**
   * Calls the Web API method {@code method} with a JSON body; its answer when {@code ok}, else a
   * failed future naming Slack's error code (never the token).
   */
  public Future<JsonObject> call(String method, JsonObject body) {
    return client.postAbs(apiUrl + "/" + method).timeout(10_000)
        .putHeader("Authorization", "Bearer " + botToken)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .sendJsonObject(body)
        .compose(r -> answer(method, r));
  }

  /** Calls a read method ({@code users.info}, {@code users.lookupByEmail}) with query arguments. */
  public Future<JsonObject> read(String method, java.util.Map<String, String> args) {
    var request = client.getAbs(apiUrl + "/" + method).timeout(10_000).putHeader("Authorization", "Bearer " + botToken);
    args.forEach(request::addQueryParam);
    return request.send().compose(r -> answer(method, r));
  }

  private static Future<JsonObject> answer(String method, io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> r) {
    JsonObject answer;
    try {
      answer = r.bodyAsJsonObject();
    } catch (RuntimeException e) {
      answer = null;
    }
    if (r.statusCode() != 200 || answer == null || !answer.getBoolean("ok", false)) {
      return Future.failedFuture(new SlackException(method, answer == null ? "HTTP " + r.statusCode()
          : answer.getString("error", "HTTP " + r.statusCode())));
    }
    return Future.succeededFuture(answer);
  }

  /** A Web API method answered without {@code ok}: {@code error} is Slack's code ({@code users_not_found}...). */
  public static final class SlackException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;

    SlackException(String method, String error) {
      super(method + " failed: " + error, null, false, false);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }

  /** Posts {@code m} to {@code to}: as an ephemeral message to the person when it is private. */
  public Future<Void> post(Target to, Message m) {
    String method = to.privately() ? "chat.postEphemeral" : "chat.postMessage";
    Owner owner = new Owner(to.user(), to.threadTs());
    JsonArray listed = catalogue == null ? null : SlackCatalogue.blocks(m, catalogue, owner);
    JsonObject body = new JsonObject().put("channel", to.channel()).put("text", text(m))
        .put("blocks", listed != null ? listed : blocks(m, owner));
    if (to.privately()) {
      body.put("user", to.user());
    }
    if (to.threadTs() != null) {
      body.put("thread_ts", to.threadTs());
    }
    return client.postAbs(apiUrl + "/" + method).timeout(10_000)
        .putHeader("Authorization", "Bearer " + botToken)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .sendJsonObject(body)
        .compose(r -> {
          JsonObject answer = r.bodyAsJsonObject();
          if (r.statusCode() != 200 || answer == null || !answer.getBoolean("ok", false)) {
            return Future.failedFuture(method + " failed: HTTP " + r.statusCode() + " "
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

  static JsonArray blocks(Message m, Owner owner) {
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
      blocks.add(new JsonObject().put("type", "actions").put("block_id", owner.blockId()).put("elements", buttons));
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
