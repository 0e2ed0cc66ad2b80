package io.relevo.channels.teams;

import java.time.Clock;
import java.util.List;

import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * The Bot Connector API: sends activities to a conversation's {@code serviceUrl} with a bearer
 * token from the OAuth client-credentials flow, cached until shortly before it expires. Quick
 * replies become suggested actions ({@code messageBack}, carrying the payload). Thread-safe.
 */
public final class TeamsClient {

  private final WebClient client;
  private final String tokenUrl;
  private final String appId;
  private final String appPassword;
  private final Clock clock;
  private volatile String token;
  private volatile long tokenExpires;

  public TeamsClient(WebClient client, String tokenUrl, String appId, String appPassword, Clock clock) {
    this.client = client;
    this.tokenUrl = tokenUrl;
    this.appId = appId;
    this.appPassword = appPassword;
    this.clock = clock;
  }

  private Future<String> token() {
    if (token != null && clock.millis() < tokenExpires) {
      return Future.succeededFuture(token);
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials").add("client_id", appId)
        .add("client_secret", appPassword).add("scope", "https://api.botframework.com/.default");
    return client.postAbs(tokenUrl).timeout(10_000).sendForm(form).compose(r -> {
      JsonObject body = r.bodyAsJsonObject();
      if (r.statusCode() != 200 || body == null || body.getString("access_token") == null) {
        return Future.failedFuture("token request failed: HTTP " + r.statusCode());
      }
      token = body.getString("access_token");
      tokenExpires = clock.millis() + Math.max(60, body.getLong("expires_in", 3600L) - 60) * 1000;
      return Future.succeededFuture(token);
    });
  }

  /**
   * Sends {@code m} into the conversation; as a reply to {@code replyToId} when given, else as a
   * proactive message.
   */
  public Future<Void> send(String serviceUrl, String conversationId, String replyToId, JsonObject botAccount, Message m) {
    String base = serviceUrl.endsWith("/") ? serviceUrl : serviceUrl + "/";
    String url = base + "v3/conversations/" + encode(conversationId) + "/activities"
        + (replyToId == null ? "" : "/" + encode(replyToId));
    JsonObject activity = activity(m).put("conversation", new JsonObject().put("id", conversationId));
    if (botAccount != null) {
      activity.put("from", botAccount);
    }
    if (replyToId != null) {
      activity.put("replyToId", replyToId);
    }
    return token().compose(t -> client.postAbs(url).timeout(10_000).putHeader("Authorization", "Bearer " + t)
        .sendJsonObject(activity)).compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture()
            : Future.failedFuture("Bot Connector answered HTTP " + r.statusCode()));
  }

  static JsonObject activity(Message m) {
    String who = m.role() == Role.AGENT && m.author() != null && m.author().name() != null ? m.author().name() + ": " : "";
    StringBuilder text = new StringBuilder(who).append(m.text() == null ? "" : m.text());
    for (var link : m.links() == null ? List.<io.relevo.core.conversation.Link>of() : m.links()) {
      if (link.url().startsWith("https://")) {
        text.append("\n\n[").append(link.title()).append("](").append(link.url()).append(')');
      }
    }
    JsonObject a = new JsonObject().put("type", "message").put("text", text.toString()).put("textFormat", "markdown");
    List<QuickReply> quick = m.quickReplies() == null ? List.of() : m.quickReplies();
    if (!quick.isEmpty()) {
      JsonArray actions = new JsonArray();
      for (QuickReply q : quick) {
        actions.add(new JsonObject().put("type", "messageBack").put("title", q.label()).put("text", q.label())
            .put("displayText", q.label()).put("value", new JsonObject().put("payload", q.payload())));
      }
      a.put("suggestedActions", new JsonObject().put("actions", actions));
    }
    return a;
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
