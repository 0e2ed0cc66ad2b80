package io.relevo.channels.teams;

import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.channels.ChannelRelay;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The Microsoft Teams channel: the Bot Framework messaging endpoint
 * {@code POST /api/v1/teams/messages}. The Bot Connector's token is verified first, and it must
 * have been issued for the activity's {@code serviceUrl} (its {@code serviceurl} claim), which
 * must be one of the allowed Bot Framework services ({@code teams.serviceUrls}); otherwise 401 or
 * 403 and nothing is stored or sent. The activity is acknowledged, then handled.
 *
 * <p>A Relevo conversation belongs to one person: the Teams user who sent the activity (their
 * {@code aadObjectId}, else their id) is its person and the requester of their tickets, and every
 * activity is taken as its sender's. In a personal chat the conversation is that chat and that
 * user; replies go there. In a group chat or a channel, which others read, the person is answered
 * in their personal chat with the bot (made with the Bot Connector's create-conversation call),
 * which is the same Relevo conversation as their own 1:1 messages; the shared place only gets a
 * short notice without any of the person's data (or, when Teams does not let the bot open that
 * chat, a request to write to it there; the message is then not processed). A {@code conversationUpdate} that adds someone
 * to a personal chat gets the welcome. An agent's messages and ticket news are sent proactively to
 * the person's place. One instance per HTTP verticle over shared, thread-safe parts.
 */
public final class TeamsChannel {

  private static final Logger LOG = LoggerFactory.getLogger(TeamsChannel.class);

  private final ConversationService conversations;
  private final BotConnectorAuth auth;
  private final TeamsClient client;
  private final ChannelRelay relay;
  private final String defaultLocale;
  private TeamsApprovals approvals;

  public TeamsChannel(Vertx vertx, ConversationService conversations, RedisConnector redis, BotConnectorAuth auth,
      TeamsClient client, String publicUrl, String defaultLocale) {
    this.conversations = conversations;
    this.auth = auth;
    this.client = client;
    this.relay = new ChannelRelay(vertx, conversations, redis, "teams", publicUrl);
    this.defaultLocale = defaultLocale;
  }

  /** Hands approval cards' actions to {@code approvals} (one per process); call before {@link #mount}. */
  public TeamsChannel approvals(TeamsApprovals approvals) {
    this.approvals = approvals;
    return this;
  }

  public void mount(Router router) {
    router.post("/api/v1/teams/messages").handler(BodyHandler.create(false).setBodyLimit(256 * 1024)).handler(this::messages);
  }

  /** Where a person's Relevo conversation is answered on Teams. */
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
      // a token is issued for one service URL: one without the claim, or naming another, is not the connector's
      String claimed = ar.result().getString("serviceurl");
      if (claimed == null || !sameUrl(claimed, activity.getString("serviceUrl"))) {
        ctx.fail(new ApiException(401, "unauthorized", "The token was not issued for this serviceUrl."));
        return;
      }
      if (!client.allows(activity.getString("serviceUrl"))) {
        ctx.fail(new ApiException(403, "forbidden", "The serviceUrl is not an allowed Bot Framework service."));
        return;
      }
      JsonObject a = activity;
      if (approvals != null && TeamsApprovals.handles(a)) {
        // an invoke is answered with its result (the updated card); a submit is acknowledged, then decided
        boolean invoke = "invoke".equals(a.getString("type"));
        if (!invoke) {
          ctx.response().setStatusCode(200).end();
        }
        approvals.act(a).onComplete(done -> {
          if (invoke && !ctx.response().ended()) {
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                .end(done.succeeded() ? done.result().encode() : new JsonObject().put("statusCode", 500).encode());
          }
        });
        return;
      }
      ctx.response().setStatusCode(200).end();
      handle(a).onFailure(e -> LOG.warn("Teams activity failed: {}", e.getMessage()));
    });
  }

  private static boolean sameUrl(String a, String b) {
    String x = a.endsWith("/") ? a : a + "/";
    String y = b.endsWith("/") ? b : b + "/";
    return x.equalsIgnoreCase(y);
  }

  /** Whether others than the sender read the activity's conversation (a group chat or a channel). */
  private static boolean shared(JsonObject activity) {
    JsonObject conversation = activity.getJsonObject("conversation");
    String type = conversation.getString("conversationType", "");
    return conversation.getBoolean("isGroup", false) || type.equals("groupChat") || type.equals("channel");
  }

  private String locale(JsonObject activity) {
    return Lang.of(activity.getString("locale", defaultLocale)).tag();
  }

  private Future<Void> handle(JsonObject activity) {
    String type = activity.getString("type", "");
    String id = activity.getString("id", "");
    return relay.firstTime(io.relevo.redis.Keyspace.ONCE_ACTIVITY + activity.getJsonObject("conversation").getString("id") + ":" + id)
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
          if (!shared(activity)) {
            return place(activity, activity.getJsonObject("conversation").getString("id"))
                .compose(p -> converse(p, id, text.isEmpty() ? payload : text, "teams:" + id, payload));
          }
          // the answer may hold the person's data: it goes to their personal chat, the group gets a notice;
          // without one (Teams lets a bot open it only where the app is installed for the person) they are asked to write there
          return client.personalConversation(activity.getString("serviceUrl"), activity.getJsonObject("recipient"),
                  activity.getJsonObject("from", new JsonObject()), tenant(activity))
              .compose(personal -> place(activity, personal)
                  .compose(p -> converse(p, null, text.isEmpty() ? payload : text, "teams:" + id, payload))
                  .compose(v -> notice(activity, "teams.answeredPrivately")),
                  e -> {
                    LOG.info("Could not open a personal Teams chat: {}", e.getMessage());
                    return notice(activity, "teams.writePrivately");
                  });
        });
  }

  /** Replies to the shared place's activity with the text {@code key}, which holds nothing of the person's. */
  private Future<Void> notice(JsonObject activity, String key) {
    return client.send(activity.getString("serviceUrl"), activity.getJsonObject("conversation").getString("id"),
        activity.getString("id"), activity.getJsonObject("recipient"),
        Message.draft(Role.SYSTEM, Texts.get(locale(activity), key), null));
  }

  private static String tenant(JsonObject activity) {
    JsonObject channelData = activity.getJsonObject("channelData", new JsonObject());
    return channelData.getJsonObject("tenant", new JsonObject()).getString("id",
        activity.getJsonObject("conversation").getString("tenantId"));
  }

  private Future<Void> welcome(JsonObject activity) {
    String botId = activity.getJsonObject("recipient", new JsonObject()).getString("id", "");
    boolean someoneElse = activity.getJsonArray("membersAdded", new JsonArray()).stream()
        .anyMatch(m -> !botId.equals(((JsonObject) m).getString("id")));
    if (!someoneElse || shared(activity)) { // a group is not greeted on behalf of whoever added someone
      return Future.succeededFuture();
    }
    return place(activity, activity.getJsonObject("conversation").getString("id"))
        .compose(p -> conversations.transcript(p.conversationId(), null, 5)
        .compose(greeting -> {
          Future<Void> chain = Future.succeededFuture();
          for (Message m : greeting) {
            chain = chain.compose(v -> client.send(p.serviceUrl(), p.teamsConversation(), null, p.bot(), relay.absolute(m)));
          }
          return chain;
        }));
  }

  /** The sender's Relevo conversation in the Teams conversation {@code teamsConversation}, made on first contact. */
  private Future<Place> place(JsonObject activity, String teamsConversation) {
    String serviceUrl = activity.getString("serviceUrl");
    JsonObject bot = activity.getJsonObject("recipient");
    JsonObject from = activity.getJsonObject("from", new JsonObject());
    String user = from.getString("aadObjectId", from.getString("id", "unknown"));
    String key = io.relevo.redis.Keyspace.teamsConversation(teamsConversation, user);
    return relay.conversation(key, () -> new ConversationService.NewConversation(locale(activity), "teams",
            new Participant("teams:" + user, Role.CUSTOMER, from.getString("name"))))
        .map(id -> new Place(id, serviceUrl, teamsConversation, bot));
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
