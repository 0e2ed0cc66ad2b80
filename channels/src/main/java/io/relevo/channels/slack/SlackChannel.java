package io.relevo.channels.slack;

import io.relevo.texts.Texts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

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
 * The Slack channel: {@code POST /api/v1/slack/events} (Events API) and
 * {@code POST /api/v1/slack/interactions} (button clicks). Every request's signature is verified
 * first; a bad or stale one gets 401 and nothing is stored. Events are acknowledged at once and
 * handled afterwards; a retried event (same {@code event_id}) is handled once.
 *
 * <p>A Relevo conversation belongs to one person: it is the pair of a place (a DM channel, or the
 * thread of a mention) and the Slack user who wrote, so two people in one thread have two
 * conversations, each with its own identity and tickets. Every event and every button click is
 * taken as its sender's: a button carries the id of the person it was shown to and the thread it
 * belongs to (its {@code block_id}), and a click by anyone else is refused with a private notice.
 * In a DM the bot's replies are ordinary threaded messages ({@code chat.postMessage}); in a shared
 * place (a channel or a group DM) they are ephemeral messages to the person in the thread
 * ({@code chat.postEphemeral}), seen by nobody else, since they may hold the person's tickets and
 * details. Messages from an agent during a handoff, and news about tickets, reach the same place
 * the same way. One instance per HTTP verticle over shared, thread-safe parts.
 */
public final class SlackChannel {

  private static final Logger LOG = LoggerFactory.getLogger(SlackChannel.class);

  /**
   * Where a Slack conversation lives: its person ({@code user}) and place; {@code shared} when
   * others can read the place (replies then go to the person alone).
   */
  record Place(String conversationId, String channel, String threadTs, String user, boolean shared) {
  }

  private final ConversationService conversations;
  private final SlackClient client;
  private final String signingSecret;
  private final ChannelRelay relay;
  private final String defaultLocale;
  private final Clock clock;
  private SlackApprovals approvals;

  public SlackChannel(Vertx vertx, ConversationService conversations, RedisConnector redis, SlackClient client,
      String signingSecret, String publicUrl, String defaultLocale, Clock clock) {
    this.conversations = conversations;
    this.client = client;
    this.signingSecret = signingSecret;
    this.relay = new ChannelRelay(vertx, conversations, redis, "slack", publicUrl);
    this.defaultLocale = defaultLocale;
    this.clock = clock;
  }

  /** Hands approvals' buttons and modals to {@code approvals} (one per process); call before {@link #mount}. */
  public SlackChannel approvals(SlackApprovals approvals) {
    this.approvals = approvals;
    return this;
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
    relay.firstTime(io.relevo.redis.Keyspace.ONCE_EVENT + eventId).compose(first -> first ? handle(body.getString("team_id", ""), event, eventId)
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
    if (text.isEmpty() || user.isEmpty()) {
      return Future.succeededFuture();
    }
    boolean shared = !dm && !isDirect(channel);
    return place(team, user, channel, shared ? thread : null)
        .map(id -> new Place(id, channel, thread, user, shared))
        .compose(p -> converse(p, text, "slack:" + eventId, null));
  }

  /** A DM channel's id starts with D; anything else (channels, group DMs) others can read. */
  private static boolean isDirect(String channel) {
    return channel.startsWith("D");
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
    if (approvals != null && SlackApprovals.handles(payload)) {
      approvals.interact(payload).onFailure(e -> LOG.warn("Slack approval action failed: {}", e.getMessage()));
      return;
    }
    if (!"block_actions".equals(payload.getString("type"))) {
      return;
    }
    JsonArray actions = payload.getJsonArray("actions", new JsonArray());
    JsonObject action = actions.isEmpty() ? null : actions.getJsonObject(0);
    if (action == null) {
      return;
    }
    String team = payload.getJsonObject("team", new JsonObject()).getString("id", "");
    String user = payload.getJsonObject("user", new JsonObject()).getString("id", "");
    JsonObject container = payload.getJsonObject("container", new JsonObject());
    String channel = payload.getJsonObject("channel", new JsonObject()).getString("id",
        container.getString("channel_id", ""));
    if (user.isEmpty() || channel.isEmpty()) {
      return;
    }
    // an ephemeral message's click carries no "message": the button itself says whose it is and where
    SlackClient.Owner owner = SlackClient.Owner.parse(action.getString("block_id"));
    String thread = owner != null ? owner.threadTs()
        : payload.getJsonObject("message", new JsonObject()).getString("thread_ts", container.getString("thread_ts"));
    boolean shared = !isDirect(channel);
    if (owner != null && !owner.user().equals(user)) {
      Message notice = Message.draft(Role.SYSTEM, Texts.get(defaultLocale, "slack.notYourButton"), null);
      client.post(new SlackClient.Target(channel, thread, user, true), notice)
          .onFailure(e -> LOG.warn("Slack notice failed: {}", e.getMessage()));
      return;
    }
    String label = action.getJsonObject("text", new JsonObject()).getString("text", action.getString("value", ""));
    String actionId = "slack:" + action.getString("action_ts", payload.getString("trigger_id", ""));
    place(team, user, channel, shared ? thread : null)
        .map(id -> new Place(id, channel, thread, user, shared))
        .compose(p -> converse(p, label, actionId, action.getString("value")))
        .onFailure(e -> LOG.warn("Slack action failed: {}", e.getMessage()));
  }

  /** The conversation of this person in this DM channel or thread, made on first contact. */
  private Future<String> place(String team, String user, String channel, String thread) {
    String key = io.relevo.redis.Keyspace.slackConversation(team, channel, thread, user);
    return relay.conversation(key, () -> new ConversationService.NewConversation(defaultLocale, "slack",
        new Participant("slack:" + team + ":" + user, Role.CUSTOMER, null)));
  }

  /** Stores the person's message, then posts the bot's replies to the place. */
  private Future<Void> converse(Place p, String text, String clientMessageId, String payload) {
    SlackClient.Target target = new SlackClient.Target(p.channel(), p.threadTs(), p.user(), p.shared());
    relay.follow(p.conversationId(), m -> client.post(target, m));
    return conversations.accept(p.conversationId(), text, clientMessageId, payload)
        .compose(accepted -> accepted.duplicate() ? Future.succeededFuture(List.<Message>of())
            : conversations.replies(p.conversationId(), accepted.message().id()))
        .compose(replies -> {
          Future<Void> chain = Future.succeededFuture();
          for (Message m : replies) {
            chain = chain.compose(v -> client.post(target, relay.absolute(m)));
          }
          return chain;
        });
  }
}
