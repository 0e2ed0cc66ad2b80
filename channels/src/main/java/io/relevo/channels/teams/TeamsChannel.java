package io.relevo.channels.teams;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.SetArgs;
import io.relevo.channels.ChannelRelay;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The Microsoft Teams channel: the Bot Framework messaging endpoint
 * {@code POST /api/v1/teams/messages}. The Bot Connector's token is verified first (401
 * otherwise, nothing stored); the activity is acknowledged, then handled: a message becomes a
 * message of the Relevo conversation tied to the Teams conversation (made on first contact; the
 * Teams user is the person and the requester of their tickets), a {@code conversationUpdate} that
 * adds the user gets the welcome. Replies go to the activity's {@code serviceUrl}; an agent's
 * messages and ticket news are sent there proactively. One instance per HTTP verticle over shared,
 * thread-safe parts.
 */
public final class TeamsChannel {

  private static final Logger LOG = LoggerFactory.getLogger(TeamsChannel.class);

  private final Vertx vertx;
  private final ConversationService conversations;
  private final RedisConnector redis;
  private final BotConnectorAuth auth;
  private final TeamsClient client;
  private final ChannelRelay relay;
  private final String defaultLocale;

  public TeamsChannel(Vertx vertx, ConversationService conversations, RedisConnector redis, BotConnectorAuth auth,
      TeamsClient client, String publicUrl, String defaultLocale) {
    this.vertx = vertx;
    this.conversations = conversations;
    this.redis = redis;
    this.auth = auth;
    this.client = client;
    this.relay = new ChannelRelay(vertx, conversations, redis, "teams", publicUrl);
    this.defaultLocale = defaultLocale;
  }

  public void mount(Router router) {
    router.post("/api/v1/teams/messages").handler(BodyHandler.create(false).setBodyLimit(256 * 1024)).handler(this::messages);
  }

  /** Where a Teams conversation lives. */
  record Place(String conversationId, String serviceUrl, String teamsConversation, JsonObject bot) {
  }

  private void messages(RoutingContext ctx) {
    auth.verify(ctx.request().getHeader("Authorization")).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(new ApiException(401, "unauthorized", "A valid Bot Connector token is required."));
        return;
      }
      JsonObject activity;
      try {
        activity = ctx.body().asJsonObject();
      } catch (RuntimeException e) {
        activity = null;
      }
      if (activity == null || activity.getString("serviceUrl") == null
          || activity.getJsonObject("conversation", new JsonObject()).getString("id") == null) {
        ctx.fail(new ApiException(400, "bad_request", "An activity with serviceUrl and conversation.id is required."));
        return;
      }
      // a token is issued for one service URL: an activity naming another is not the connector's
      String claimed = ar.result().getString("serviceurl");
      if (claimed != null && !sameUrl(claimed, activity.getString("serviceUrl"))) {
        ctx.fail(new ApiException(401, "unauthorized", "The token was not issued for this serviceUrl."));
        return;
      }
      JsonObject a = activity;
      ctx.response().setStatusCode(200).end();
      handle(a).onFailure(e -> LOG.warn("Teams activity failed: {}", e.getMessage()));
    });
  }

  private static boolean sameUrl(String a, String b) {
    String x = a.endsWith("/") ? a : a + "/";
    String y = b.endsWith("/") ? b : b + "/";
    return x.equalsIgnoreCase(y);
  }

  private Future<Void> handle(JsonObject activity) {
    String type = activity.getString("type", "");
    String id = activity.getString("id", "");
    return relay.firstTime("activity:" + activity.getJsonObject("conversation").getString("id") + ":" + id)
        .compose(first -> {
          if (!first) {
            return Future.succeededFuture();
          }
          if (type.equals("conversationUpdate")) {
            return welcome(activity);
          }
          if (!type.equals("message")) {
            return Future.succeededFuture();
          }
          JsonObject value = activity.getJsonObject("value");
          String payload = value == null ? null : value.getString("payload");
          String text = activity.getString("text", "").replaceAll("<at>[^<]*</at>", "").strip();
          if (text.isEmpty() && payload == null) {
            return Future.succeededFuture();
          }
          return place(activity).compose(p -> converse(p, activity.getString("id"),
              text.isEmpty() ? payload : text, "teams:" + id, payload));
        });
  }

  private Future<Void> welcome(JsonObject activity) {
    String botId = activity.getJsonObject("recipient", new JsonObject()).getString("id", "");
    boolean someoneElse = activity.getJsonArray("membersAdded", new io.vertx.core.json.JsonArray()).stream()
        .anyMatch(m -> !botId.equals(((JsonObject) m).getString("id")));
    if (!someoneElse) {
      return Future.succeededFuture();
    }
    return place(activity).compose(p -> conversations.transcript(p.conversationId(), null, 5)
        .compose(greeting -> {
          Future<Void> chain = Future.succeededFuture();
          for (Message m : greeting) {
            chain = chain.compose(v -> client.send(p.serviceUrl(), p.teamsConversation(), null, p.bot(), relay.absolute(m)));
          }
          return chain;
        }));
  }

  /** The Relevo conversation of this Teams conversation, made on first contact. */
  private Future<Place> place(JsonObject activity) {
    String teamsConversation = activity.getJsonObject("conversation").getString("id");
    String serviceUrl = activity.getString("serviceUrl");
    JsonObject bot = activity.getJsonObject("recipient");
    JsonObject from = activity.getJsonObject("from", new JsonObject());
    String key = "teams:conv:" + teamsConversation;
    var c = redis.commands();
    return Future.fromCompletionStage(c.get(key), vertx.getOrCreateContext()).compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture(existing);
      }
      String user = from.getString("aadObjectId", from.getString("id", "unknown"));
      String locale = activity.getString("locale", defaultLocale).toLowerCase(java.util.Locale.ROOT).startsWith("es") ? "es" : "en";
      Participant person = new Participant("teams:" + user, Role.CUSTOMER, from.getString("name"));
      return conversations.create(new ConversationService.NewConversation(locale, "teams", person))
          .compose(created -> Future.fromCompletionStage(c.set(key, created.conversation().id(),
              SetArgs.Builder.nx().ex(90L * 86_400)), vertx.getOrCreateContext())
              .compose(ok -> "OK".equals(ok) ? Future.succeededFuture(created.conversation().id())
                  : Future.fromCompletionStage(c.get(key), vertx.getOrCreateContext())));
    }).map(id -> new Place(id, serviceUrl, teamsConversation, bot));
  }

  private Future<Void> converse(Place p, String replyTo, String text, String clientMessageId, String payload) {
    relay.follow(p.conversationId(), m -> client.send(p.serviceUrl(), p.teamsConversation(), null, p.bot(), m));
    return conversations.accept(p.conversationId(), text, clientMessageId, payload)
        .compose(accepted -> accepted.duplicate() ? Future.succeededFuture(List.<Message>of())
            : conversations.replies(p.conversationId(), accepted.message().id()))
        .compose(replies -> {
          Future<Void> chain = Future.succeededFuture();
          for (Message m : replies) {
            chain = chain.compose(v -> client.send(p.serviceUrl(), p.teamsConversation(), replyTo, p.bot(), relay.absolute(m)));
          }
          return chain;
        });
  }
}
