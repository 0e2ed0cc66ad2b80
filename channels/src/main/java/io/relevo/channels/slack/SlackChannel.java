package io.relevo.channels.slack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

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
 * The Slack channel: {@code POST /api/v1/slack/events} (Events API) and
 * {@code POST /api/v1/slack/interactions} (button clicks). Every request's signature is verified
 * first; a bad or stale one gets 401 and nothing is stored. Events are acknowledged at once and
 * handled afterwards; a retried event (same {@code event_id}) is handled once. A direct message or
 * an app mention becomes a Relevo conversation (one per DM channel, one per thread of a mention)
 * whose person is the Slack user; the bot's replies go back with {@code chat.postMessage}, in the
 * thread, with quick replies as buttons; messages from an agent during a handoff, and news about
 * tickets, reach the same place. One instance per HTTP verticle over shared, thread-safe parts.
 */
public final class SlackChannel {

  private static final Logger LOG = LoggerFactory.getLogger(SlackChannel.class);

  /** Where a Slack conversation lives. */
  record Place(String conversationId, String channel, String threadTs) {
  }

  private final Vertx vertx;
  private final ConversationService conversations;
  private final RedisConnector redis;
  private final SlackClient client;
  private final String signingSecret;
  private final ChannelRelay relay;
  private final String defaultLocale;
  private final Clock clock;

  public SlackChannel(Vertx vertx, ConversationService conversations, RedisConnector redis, SlackClient client,
      String signingSecret, String publicUrl, String defaultLocale, Clock clock) {
    this.vertx = vertx;
    this.conversations = conversations;
    this.redis = redis;
    this.client = client;
    this.signingSecret = signingSecret;
    this.relay = new ChannelRelay(vertx, conversations, redis, "slack", publicUrl);
    this.defaultLocale = defaultLocale;
    this.clock = clock;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(256 * 1024);
    router.post("/api/v1/slack/events").handler(body).handler(this::events);
    router.post("/api/v1/slack/interactions").handler(body).handler(this::interactions);
  }

  private String verified(RoutingContext ctx) {
    String raw = ctx.body().asString(StandardCharsets.UTF_8.name());
    if (raw == null) {
      raw = "";
    }
    if (!SlackSignature.verify(signingSecret, ctx.request().getHeader("X-Slack-Request-Timestamp"), raw,
        ctx.request().getHeader("X-Slack-Signature"), clock.millis() / 1000)) {
      throw new ApiException(401, "unauthorized", "The request is not signed by Slack, or is too old.");
    }
    return raw;
  }

  private void events(RoutingContext ctx) {
    String raw = verified(ctx);
    JsonObject body;
    try {
      body = new JsonObject(raw);
    } catch (RuntimeException e) { // not JSON, or JSON but not an object
      throw new ApiException(400, "bad_request", "The body is not a JSON object.");
    }
    if ("url_verification".equals(body.getString("type"))) {
      ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("challenge", body.getString("challenge", "")).encode());
      return;
    }
    ctx.response().setStatusCode(200).end(); // Slack wants an answer within 3 seconds; the work follows
    if (!"event_callback".equals(body.getString("type")) || !(body.getValue("event") instanceof JsonObject event)) {
      return;
    }
    String eventId = body.getString("event_id", "");
    relay.firstTime("event:" + eventId).compose(first -> first ? handle(body.getString("team_id", ""), event, eventId)
        : Future.succeededFuture()).onFailure(e -> LOG.warn("Slack event {} failed: {}", eventId, e.getMessage()));
  }

  private Future<Void> handle(String team, JsonObject event, String eventId) {
    String type = event.getString("type", "");
    boolean dm = type.equals("message") && "im".equals(event.getString("channel_type"));
    boolean mention = type.equals("app_mention");
    // the bot's own posts, edits and joins come back as events too: only people's new messages count
    if ((!dm && !mention) || event.containsKey("bot_id") || event.containsKey("subtype")) {
      return Future.succeededFuture();
    }
    String user = event.getString("user", "");
    String channel = event.getString("channel", "");
    // replies go in the message's thread; a DM channel is one conversation, a mention's thread another
    String thread = event.getString("thread_ts", event.getString("ts"));
    String text = event.getString("text", "").replaceAll("<@[A-Z0-9]+>", "").strip();
    if (text.isEmpty()) {
      return Future.succeededFuture();
    }
    return place(team, user, channel, mention ? thread : null)
        .map(p -> new Place(p.conversationId(), p.channel(), thread))
        .compose(p -> converse(p, text, "slack:" + eventId, null));
  }

  private void interactions(RoutingContext ctx) {
    String raw = verified(ctx);
    JsonObject payload = null;
    try {
      for (String pair : raw.split("&")) {
        if (pair.startsWith("payload=")) {
          payload = new JsonObject(URLDecoder.decode(pair.substring(8), StandardCharsets.UTF_8));
        }
      }
    } catch (RuntimeException e) { // a bad %-escape, not JSON, or JSON but not an object
      throw new ApiException(400, "bad_request", "The 'payload' form field is not a JSON object.");
    }
    if (payload == null) {
      throw new ApiException(400, "bad_request", "A 'payload' form field is required.");
    }
    ctx.response().setStatusCode(200).end();
    try {
      act(payload);
    } catch (ClassCastException | IndexOutOfBoundsException e) { // fields of the wrong shape
      LOG.warn("Ignoring a Slack action of an unexpected shape: {}", e.toString());
    }
  }

  private void act(JsonObject payload) {
    if (!"block_actions".equals(payload.getString("type"))) {
      return;
    }
    io.vertx.core.json.JsonArray actions = payload.getJsonArray("actions", new io.vertx.core.json.JsonArray());
    JsonObject action = actions.isEmpty() ? null : actions.getJsonObject(0);
    if (action == null) {
      return;
    }
    String team = payload.getJsonObject("team", new JsonObject()).getString("id", "");
    String user = payload.getJsonObject("user", new JsonObject()).getString("id", "");
    String channel = payload.getJsonObject("channel", new JsonObject()).getString("id", "");
    JsonObject message = payload.getJsonObject("message", new JsonObject());
    String thread = message.getString("thread_ts");
    boolean dmChannel = channel.startsWith("D");
    String label = action.getJsonObject("text", new JsonObject()).getString("text", action.getString("value", ""));
    String actionId = "slack:" + action.getString("action_ts", payload.getString("trigger_id", ""));
    place(team, user, channel, dmChannel ? null : thread)
        .map(p -> new Place(p.conversationId(), p.channel(), thread))
        .compose(p -> converse(p, label, actionId, action.getString("value")))
        .onFailure(e -> LOG.warn("Slack action failed: {}", e.getMessage()));
  }

  /** The conversation of this DM channel or thread, made on first contact. */
  private Future<Place> place(String team, String user, String channel, String thread) {
    String key = "slack:conv:" + team + ":" + channel + ":" + (thread == null ? "" : thread);
    var c = redis.commands();
    return Future.fromCompletionStage(c.get(key), vertx.getOrCreateContext()).compose(existing -> {
      if (existing != null) {
        return Future.succeededFuture(new Place(existing, channel, thread));
      }
      Participant person = new Participant("slack:" + team + ":" + user, Role.CUSTOMER, null);
      return conversations.create(new ConversationService.NewConversation(defaultLocale, "slack", person))
          .compose(created -> Future.fromCompletionStage(c.set(key, created.conversation().id(),
              SetArgs.Builder.nx().ex(90L * 86_400)), vertx.getOrCreateContext())
              .compose(ok -> "OK".equals(ok) ? Future.succeededFuture(created.conversation().id())
                  : Future.fromCompletionStage(c.get(key), vertx.getOrCreateContext()))) // another instance won
          .compose(id -> Future.fromCompletionStage(c.hset("slack:place:" + id,
              Map.of("channel", channel, "thread", thread == null ? "" : thread)), vertx.getOrCreateContext()).map(id))
          .map(id -> new Place(id, channel, thread));
    });
  }

  /** Stores the person's message, then posts the bot's replies to the place. */
  private Future<Void> converse(Place p, String text, String clientMessageId, String payload) {
    relay.follow(p.conversationId(), m -> client.post(p.channel(), p.threadTs(), m));
    return conversations.accept(p.conversationId(), text, clientMessageId, payload)
        .compose(accepted -> accepted.duplicate() ? Future.succeededFuture(List.<Message>of())
            : conversations.replies(p.conversationId(), accepted.message().id()))
        .compose(replies -> {
          Future<Void> chain = Future.succeededFuture();
          for (Message m : replies) {
            chain = chain.compose(v -> client.post(p.channel(), p.threadTs(), relay.absolute(m)));
          }
          return chain;
        });
  }
}
