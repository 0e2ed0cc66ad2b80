package io.relevo.channels;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.relevo.core.conversation.ConversationEvent;
import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationException;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.Link;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Role;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What the chat-platform channels (Slack, Teams) share: the mapping from a person's place on the
 * platform to their Relevo conversation, handling an incoming event once across retries and
 * instances, following a conversation so that what is not an answer to the person's message — an
 * agent's replies and notices, news about tickets — is sent to the platform once, whichever
 * instance sees it, and making article links absolute.
 *
 * <p>A mapping key lives exactly as long as its conversation: it is refreshed to the conversation
 * retention on every message (the conversation's own expiry is refreshed by the same turn), it is
 * recorded with the conversation ({@link ConversationService#alias}) so that erasing the
 * conversation deletes it, and a mapping whose conversation is gone (or closed) is replaced by a
 * new conversation. A followed conversation holds one pub/sub subscription, released when the
 * conversation is closed or has had no events for {@link #IDLE}, and taken again (catching up on
 * what was missed meanwhile, as far as this instance remembers) at the person's next message.
 *
 * <p>Thread-safe; one per channel instance. The idle sweep runs on a Vert.x timer for the life of
 * the Vert.x instance.
 */
public final class ChannelRelay {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelRelay.class);
  /** How long a followed conversation without events keeps its subscription. */
  public static final Duration IDLE = Duration.ofMinutes(30);
  /** How many released conversations' last relayed message ids are remembered for the catch-up. */
  private static final int REMEMBERED = 10_000;
  /** Deletes KEYS[1] if it still holds ARGV[1]. */
  private static final String FORGET =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

  /** Sends one message to the place on the platform where the person is. */
  @FunctionalInterface
  public interface Sender {
    Future<Void> send(Message m);
  }

  private final Vertx vertx;
  private final ConversationService conversations;
  private final RedisConnector redis;
  private final String prefix;
  private final String publicUrl;
  private final long idleMs;
  private final Map<String, Follower> followed = new ConcurrentHashMap<>();
  /** Released conversation → the last message seen before the release (for the catch-up). */
  private final Map<String, String> released = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED;
        }
      });

  /**
   * @param prefix the channel's key prefix in Redis ({@code slack}, {@code teams})
   * @param publicUrl Relevo's public base URL; empty drops site-relative links
   */
  public ChannelRelay(Vertx vertx, ConversationService conversations, RedisConnector redis, String prefix, String publicUrl) {
    this(vertx, conversations, redis, prefix, publicUrl, IDLE);
  }

  /** As above, with subscriptions released after {@code idle} without events. */
  public ChannelRelay(Vertx vertx, ConversationService conversations, RedisConnector redis, String prefix, String publicUrl,
      Duration idle) {
    this.vertx = vertx;
    this.conversations = conversations;
    this.redis = redis;
    this.prefix = prefix;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    this.idleMs = idle.toMillis();
    vertx.setPeriodic(Math.max(1000, idleMs / 4), t -> releaseIdle());
  }

  /** Whether {@code key} is seen for the first time (kept a day: platforms retry within hours). */
  public Future<Boolean> firstTime(String key) {
    return Future.fromCompletionStage(redis.commands().set(io.relevo.redis.Keyspace.platformOnce(prefix, key), "1", SetArgs.Builder.nx().ex(86_400)),
        vertx.getOrCreateContext()).map("OK"::equals);
  }

  /**
   * The id of the conversation that {@code key} (a place and a person on the platform) names: the
   * mapped one while it exists and is open, else a new one made from {@code fresh} (first contact,
   * or the old conversation expired, was erased or was closed by an agent: it takes no more
   * messages). Refreshes the mapping's expiry to the conversation retention and records it with
   * the conversation, so that it never outlives it.
   */
  public Future<String> conversation(String key, Supplier<ConversationService.NewConversation> fresh) {
    var c = redis.commands();
    Context ctx = vertx.getOrCreateContext();
    long ttl = conversations.retention().toMillis();
    return Future.fromCompletionStage(c.get(key), ctx)
        .compose(mapped -> mapped == null ? Future.succeededFuture(Optional.<String>empty()) : open(key, mapped, ctx))
        .compose(live -> live.isPresent()
            ? Future.fromCompletionStage(c.pexpire(key, ttl), ctx).map(live.get())
            : conversations.create(fresh.get())
                .compose(created -> Future.fromCompletionStage(c.set(key, created.conversation().id(),
                    SetArgs.Builder.nx().px(ttl)), ctx)
                    .compose(ok -> "OK".equals(ok) ? Future.succeededFuture(created.conversation().id())
                        : Future.fromCompletionStage(c.get(key), ctx)))) // another request or instance won
        .compose(id -> conversations.alias(id, key).map(id));
  }

  /**
   * {@code mapped} if that conversation exists and is open; otherwise empty, after deleting
   * {@code key} if it still maps to it.
   */
  private Future<Optional<String>> open(String key, String mapped, Context ctx) {
    return conversations.find(mapped)
        .map(found -> found.state() == ConversationState.CLOSED ? Optional.<String>empty() : Optional.of(mapped))
        .recover(e -> notFound(e) ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e))
        .compose(live -> live.isPresent() ? Future.succeededFuture(live)
            : Future.fromCompletionStage(redis.commands().<Long>eval(FORGET, ScriptOutputType.INTEGER,
                new String[] {key}, mapped), ctx).map(n -> Optional.<String>empty()));
  }

  private static boolean notFound(Throwable e) {
    return e instanceof ConversationException ce && ce.reason() == ConversationException.Reason.NOT_FOUND;
  }

  /**
   * Follows {@code conversationId} (one subscription per instance, taken again after a release)
   * and sends its proactive messages with {@code sender}; replies to the person's messages are
   * sent by the request that caused them. Messages whose events were lost while Redis was away,
   * or that came while the subscription was released, are read from the transcript and sent then.
   */
  public void follow(String conversationId, Sender sender) {
    follow(conversationId, sender, null);
  }

  /**
   * As {@link #follow}, and relays the proactive messages after {@code afterId} (a transcript id)
   * once the subscription is confirmed: for news posted to a conversation this instance may not
   * follow at the time (an approval decided days after the request, after a restart), which would
   * otherwise reach the person only at their next message. What was relayed already is skipped.
   */
  public void followFrom(String conversationId, Sender sender, String afterId) {
    follow(conversationId, sender, afterId);
  }

  /** The keys of this channel's mappings ({@code PREFIX:conv:...}) that name {@code conversationId}. */
  public Future<java.util.List<String>> mappings(String conversationId) {
    return Future.fromCompletionStage(redis.commands().smembers(io.relevo.redis.Keyspace.aliases(conversationId)),
        vertx.getOrCreateContext()).map(keys -> keys.stream().filter(k -> k.startsWith(prefix + ":conv:")).sorted().toList());
  }

  private void follow(String conversationId, Sender sender, String from) {
    boolean[] isNew = {false};
    Follower follower = followed.compute(conversationId, (id, existing) -> {
      if (existing != null) {
        existing.touch();
        return existing;
      }
      isNew[0] = true;
      return new Follower(conversationId, sender);
    });
    if (!isNew[0]) {
      if (from != null) {
        follower.catchUp(from);
      }
      return;
    }
    String missedAfter = released.remove(conversationId);
    conversations.subscribe(conversationId, follower::onEvent)
        .onSuccess(sub -> {
          follower.subscribed(sub);
          if (missedAfter != null) {
            follower.catchUp(missedAfter);
          }
          if (from != null) {
            follower.catchUp(from);
          }
        })
        .onFailure(e -> {
          followed.remove(conversationId, follower);
          if (missedAfter != null) {
            released.putIfAbsent(conversationId, missedAfter);
          }
        });
  }

  /** Whether this relay holds a subscription for {@code conversationId} (for metrics and tests). */
  public boolean follows(String conversationId) {
    return followed.containsKey(conversationId);
  }

  private void releaseIdle() {
    long now = System.currentTimeMillis();
    for (String id : followed.keySet()) {
      followed.computeIfPresent(id, (k, f) -> {
        if (now - f.lastActive < idleMs) {
          return f;
        }
        f.release();
        return null;
      });
    }
  }

  private void release(String conversationId, Follower follower) {
    if (followed.remove(conversationId, follower)) {
      follower.release();
    }
  }

  /** One followed conversation; its events arrive on one context, one at a time. */
  private final class Follower {
    final String conversationId;
    final Sender sender;
    /**
     * The last message seen (at first: a second before the follow began, in the form of a
     * message id), and the one seen before the connection to Redis broke.
     */
    volatile String lastSeen = (System.currentTimeMillis() - 1000) + "-0";
    String beforeGap;
    boolean gap;
    volatile long lastActive = System.currentTimeMillis();
    private ConversationEvents.Subscription subscription;
    /** When the subscription was confirmed: what came before (the greeting) was never this relay's to send. */
    private long subscribedAt = Long.MAX_VALUE;
    private boolean cancelled;

    Follower(String conversationId, Sender sender) {
      this.conversationId = conversationId;
      this.sender = sender;
    }

    void touch() {
      lastActive = System.currentTimeMillis();
    }

    synchronized void subscribed(ConversationEvents.Subscription s) {
      subscription = s;
      subscribedAt = System.currentTimeMillis();
      if (cancelled) {
        s.cancel();
      }
    }

    /**
     * Cancels the subscription (now, or once it is confirmed) and remembers where it stopped: what
     * came before was delivered as events (a second of overlap costs nothing, relaying is once per
     * message) and nothing before the subscription is relayed, unless the connection to Redis is
     * broken, when it is where the gap began.
     */
    synchronized void release() {
      cancelled = true;
      if (subscription != null) {
        subscription.cancel();
      }
      long from = Math.max(subscribedAt, System.currentTimeMillis() - 1000);
      released.put(conversationId, gap ? beforeGap : from + "-0");
    }

    void onEvent(ConversationEvent ev) {
      touch();
      if (ConversationEvents.DISCONNECTED.equals(ev.type())) {
        if (!gap) {
          gap = true;
          beforeGap = lastSeen;
        }
        return;
      }
      if (ConversationEvents.RESYNC.equals(ev.type())) {
        if (gap) {
          gap = false;
          catchUp(beforeGap);
        }
        return;
      }
      if ("state".equals(ev.type()) && ev.raw() != null
          && ev.raw().contains("\"state\":\"" + ConversationState.CLOSED.wire() + "\"")) {
        ChannelRelay.this.release(conversationId, this);
        return;
      }
      Message m = ev.message();
      if ("message".equals(ev.type()) && m != null) {
        lastSeen = m.id();
        relay(m);
      }
    }

    /** Relays the proactive messages after {@code after} (those relayed already are skipped). */
    private void catchUp(String after) {
      conversations.transcript(conversationId, after, 1000)
          .onSuccess(list -> list.forEach(this::relay))
          .onFailure(e -> {
            if (!notFound(e)) {
              vertx.setTimer(500, t -> catchUp(after));
            }
          });
    }

    private void relay(Message m) {
      boolean proactive = m.role() == Role.AGENT || m.role() == Role.SYSTEM || (m.role() == Role.BOT && m.inReplyTo() == null);
      if (proactive) {
        firstTime(io.relevo.redis.Keyspace.ONCE_RELAYED + m.id()).compose(first -> first ? sender.send(absolute(m)) : Future.succeededFuture())
            .onFailure(e -> LOG.warn("Could not relay a message to {}: {}", prefix, e.getMessage()));
      }
    }
  }

  /** {@code m} with site-relative article links made absolute (or left out without a public URL). */
  public Message absolute(Message m) {
    if (m.links() == null || m.links().isEmpty()) {
      return m;
    }
    return m.withLinks(m.links().stream()
        .filter(l -> l.url().startsWith("https://") || !publicUrl.isEmpty())
        .map(l -> l.url().startsWith("/") ? new Link(l.title(), publicUrl + l.url(), l.articleId()) : l)
        .toList());
  }
}
