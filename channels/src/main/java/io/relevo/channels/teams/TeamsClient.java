package io.relevo.channels.teams;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

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
 * token from the OAuth client-credentials flow, cached until shortly before it expires, and opens
 * a person's personal chat with the bot. Only service URLs under one of the allowed prefixes
 * ({@code teams.serviceUrls}) are ever called: the token is not fetched nor sent anywhere else.
 * Quick replies become suggested actions ({@code messageBack}, carrying the payload). Thread-safe.
 */
public final class TeamsClient {

  private final WebClient client;
  private final String tokenUrl;
  private final String appId;
  private final String appPassword;
  private final Clock clock;
  private final List<String> allowedServiceUrls;
  private volatile String token;
  private volatile long tokenExpires;
  private volatile io.relevo.core.catalogue.Catalogue catalogue;

  /**
   * @param allowedServiceUrls prefixes (scheme, host and optional path) of the Bot Framework
   *     services that may be called, such as {@code https://smba.trafficmanager.net/}
   */
  public TeamsClient(WebClient client, String tokenUrl, String appId, String appPassword, Clock clock,
      List<String> allowedServiceUrls) {
    this.client = client;
    this.tokenUrl = tokenUrl;
    this.appId = appId;
    this.appPassword = appPassword;
    this.clock = clock;
    this.allowedServiceUrls = allowedServiceUrls.stream().map(String::strip).filter(u -> !u.isEmpty())
        .map(u -> (u.endsWith("/") ? u : u + "/").toLowerCase(Locale.ROOT)).toList();
  }

  /** Shows {@code catalogue} as a card with a button per item when the bot lists it; call while wiring. */
  public TeamsClient catalogue(io.relevo.core.catalogue.Catalogue catalogue) {
    this.catalogue = catalogue;
    return this;
  }

  /** Sends {@code activity} (a card...) into the conversation as a new message; its activity id. */
  public Future<String> post(String serviceUrl, String conversationId, JsonObject activity) {
    if (!allows(serviceUrl)) {
      return Future.failedFuture("the serviceUrl is not an allowed Bot Framework service");
    }
    String url = base(serviceUrl) + "v3/conversations/" + encode(conversationId) + "/activities";
    return token().compose(t -> client.postAbs(url).timeout(10_000).putHeader("Authorization", "Bearer " + t)
        .sendJsonObject(activity.copy().put("conversation", new JsonObject().put("id", conversationId))))
        .compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture(idOf(r))
            : Future.failedFuture("Bot Connector answered HTTP " + r.statusCode()));
  }

  /** Replaces the activity {@code activityId} (a card, once decided) with {@code activity}: the Bot Connector's updateActivity. */
  public Future<Void> update(String serviceUrl, String conversationId, String activityId, JsonObject activity) {
    if (!allows(serviceUrl)) {
      return Future.failedFuture("the serviceUrl is not an allowed Bot Framework service");
    }
    String url = base(serviceUrl) + "v3/conversations/" + encode(conversationId) + "/activities/" + encode(activityId);
    return token().compose(t -> client.putAbs(url).timeout(10_000).putHeader("Authorization", "Bearer " + t)
        .sendJsonObject(activity.copy().put("id", activityId).put("conversation", new JsonObject().put("id", conversationId))))
        .compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture()
            : Future.failedFuture("Bot Connector answered HTTP " + r.statusCode()));
  }

  /** One member of a conversation (with their {@code email} and {@code userPrincipalName}): the Bot Connector's GetConversationMember. */
  public Future<JsonObject> member(String serviceUrl, String conversationId, String memberId) {
    if (!allows(serviceUrl)) {
      return Future.failedFuture("the serviceUrl is not an allowed Bot Framework service");
    }
    String url = base(serviceUrl) + "v3/conversations/" + encode(conversationId) + "/members/" + encode(memberId);
    return token().compose(t -> client.getAbs(url).timeout(10_000).putHeader("Authorization", "Bearer " + t).send())
        .compose(r -> {
          JsonObject body = r.statusCode() == 200 ? r.bodyAsJsonObject() : null;
          return body == null ? Future.failedFuture("Bot Connector answered HTTP " + r.statusCode()) : Future.succeededFuture(body);
        });
  }

  private static String base(String serviceUrl) {
    return serviceUrl.endsWith("/") ? serviceUrl : serviceUrl + "/";
  }

  private static String idOf(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> r) {
    try {
      JsonObject body = r.bodyAsJsonObject();
      return body == null ? null : body.getString("id");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether {@code serviceUrl} is under one of the allowed Bot Framework service prefixes. */
  public boolean allows(String serviceUrl) {
    if (serviceUrl == null) {
      return false;
    }
    String url = (serviceUrl.endsWith("/") ? serviceUrl : serviceUrl + "/").toLowerCase(Locale.ROOT);
    return !url.contains("/../") && !url.contains("@") && allowedServiceUrls.stream().anyMatch(url::startsWith);
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
    if (!allows(serviceUrl)) {
      return Future.failedFuture("the serviceUrl is not an allowed Bot Framework service");
    }
    String base = serviceUrl.endsWith("/") ? serviceUrl : serviceUrl + "/";
    String url = base + "v3/conversations/" + encode(conversationId) + "/activities"
        + (replyToId == null ? "" : "/" + encode(replyToId));
    JsonObject card = catalogue == null ? null : TeamsCards.catalogue(m, catalogue);
    JsonObject activity = (card != null ? TeamsCards.message(card, m.text()) : activity(m))
        .put("conversation", new JsonObject().put("id", conversationId));
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

  /**
   * The id of the personal (1:1) chat between the bot and {@code user} (a Teams channel account),
   * made if needed with the Bot Connector's create-conversation call, which returns the existing
   * chat when there is one.
   */
  public Future<String> personalConversation(String serviceUrl, JsonObject botAccount, JsonObject user, String tenantId) {
    if (!allows(serviceUrl)) {
      return Future.failedFuture("the serviceUrl is not an allowed Bot Framework service");
    }
    String base = serviceUrl.endsWith("/") ? serviceUrl : serviceUrl + "/";
    JsonObject request = new JsonObject().put("bot", botAccount).put("isGroup", false)
        .put("members", new JsonArray().add(new JsonObject().put("id", user.getString("id"))));
    if (tenantId != null) {
      request.put("tenantId", tenantId).put("channelData", new JsonObject().put("tenant", new JsonObject().put("id", tenantId)));
    }
    return token().compose(t -> client.postAbs(base + "v3/conversations").timeout(10_000)
        .putHeader("Authorization", "Bearer " + t).sendJsonObject(request))
        .compose(r -> {
          JsonObject body = r.statusCode() / 100 == 2 ? r.bodyAsJsonObject() : null;
          return body == null || body.getString("id") == null
              ? Future.failedFuture("Bot Connector could not open a personal chat: HTTP " + r.statusCode())
              : Future.succeededFuture(body.getString("id"));
        });
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
