package io.relevo.core.conversation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.SocketAddress;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * Conversation events across instances, over Redis pub/sub: one channel per conversation,
 * subscribed on this instance only while someone here listens to it.
 *
 * <p>Events published by one Redis server arrive in the order they were published; the store
 * publishes from inside its scripts, so message events arrive in transcript order. Events sent
 * while a subscriber was not yet subscribed, or while Redis was unreachable, are not replayed:
 * subscribers read the transcript after subscribing to fill the gap.
 *
 * <p>Thread-safe. Handlers run on the Vert.x context that subscribed, one event at a time, in
 * order. The instance owns its pub/sub connection; {@link #close()} releases it.
 */
public final class ConversationEvents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConversationEvents.class);

  private final Vertx vertx;
  private final RedisConnector redis;
  private volatile StatefulRedisPubSubConnection<String, String> connection;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Type of the event delivered after the connection to Redis came back and the subscriptions
   * are in place again: events may have been missed, so a listener re-reads the transcript after
   * the last message it has.
   */
  public static final String RESYNC = "resync";

  /**
   * Type of the event delivered when a connection to Redis broke (and, until the {@link #RESYNC},
   * to listeners that subscribe meanwhile): events published from now until the subscriptions are
   * back are lost, and the first ones that arrive after the reconnect may follow such a gap. A
   * listener that forwards messages in transcript order holds them back until the
   * {@link #RESYNC}, then re-reads the transcript after the last message it forwarded.
   */
  public static final String DISCONNECTED = "disconnected";

  /**
   * Type of the event delivered when a Redis Cluster replica was promoted: its master may have
   * published events for writes it never copied, so listeners that delivered messages live check
   * them against the transcript (no event was lost: this is not a {@link #RESYNC}).
   */
  public static final String VERIFY = "verify";

  /** Pause between attempts to subscribe again after a reconnect. */
  private static final long RESYNC_RETRY_MS = 250;

  /** Counts the breaks of a connection; {@link #confirmed} is the count when the subscriptions were last confirmed. */
  private final java.util.concurrent.atomic.AtomicLong breaks = new java.util.concurrent.atomic.AtomicLong();
  private volatile long confirmed;
  private final java.util.concurrent.atomic.AtomicLong resyncs = new java.util.concurrent.atomic.AtomicLong();
  private boolean resyncScheduled;

  public ConversationEvents(Vertx vertx, RedisConnector redis) {
    this.vertx = vertx;
    this.redis = redis;
    this.connection = open();
    // with Sentinel, the connection stays on the old master after a switch: events published on
    // the new one meanwhile are missed, so this is a loss of the connection too
    redis.onMasterSwitch(this::follow);
    redis.onPromotion(() -> tellAll(VERIFY));
  }

  /**
   * A new pub/sub connection. Events published while it is down are lost: listeners hold back
   * what arrives until, after the reconnect, the subscriptions are confirmed again and they catch
   * up from the transcript. Only this connection's own loss counts: a command connection, or
   * another Cluster node's, breaking (or a topology refresh replacing it) loses no event.
   */
  private StatefulRedisPubSubConnection<String, String> open() {
    return listen(redis.connectPubSub());
  }

  private StatefulRedisPubSubConnection<String, String> listen(StatefulRedisPubSubConnection<String, String> c) {
    c.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        dispatch(channel, message);
      }
    });
    c.addListener(new RedisConnectionStateListener() {
      @Override
      public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
        if (!closed && c == connection) {
          lost();
        }
      }

      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
        if (!closed && c == connection) {
          scheduleResync(50);
        }
      }
    });
    return c;
  }

  private void lost() {
    breaks.incrementAndGet();
    resyncs.incrementAndGet();
    tellAll(DISCONNECTED);
  }

  /** Moves to a new pub/sub connection (on the new master) and subscribes everything again there. */
  private void follow() {
    if (closed) {
      return;
    }
    lost();
    redis.connectPubSubAsync().whenComplete((fresh, error) -> {
      if (error != null) {
        LOG.warn("Cannot open a pub/sub connection to the new Redis master yet: {}", error.toString());
        vertx.setTimer(RESYNC_RETRY_MS, t -> follow());
        return;
      }
      StatefulRedisPubSubConnection<String, String> old;
      synchronized (this) {
        old = connection;
        connection = listen(fresh);
      }
      old.closeAsync();
      scheduleResync(0);
    });
  }

  /** Times this instance lost its pub/sub connection (and caught up from the transcripts). */
  public long resyncs() {
    return resyncs.get();
  }

  private synchronized void scheduleResync(long delayMs) {
    if (resyncScheduled || closed) {
      return;
    }
    resyncScheduled = true;
    vertx.setTimer(Math.max(1, delayMs), t -> {
      synchronized (this) {
        resyncScheduled = false;
      }
      resync();
    });
  }

  /** Subscribes again to every channel listened to here, until Redis confirms; then RESYNC. */
  private void resync() {
    long attempt = breaks.get();
    String[] names;
    synchronized (this) {
      names = channels.keySet().toArray(String[]::new);
    }
    if (names.length == 0) {
      synchronized (this) {
        confirmed = Math.max(confirmed, attempt);
      }
      return;
    }
    CompletionStage<Void> subscribed;
    try {
      subscribed = connection.async().subscribe(names);
    } catch (RuntimeException e) {
      subscribed = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    subscribed.whenComplete((ok, error) -> {
      if (error != null) {
        // the pub/sub connection is not back yet (commands fail at once while it is down)
        scheduleResync(RESYNC_RETRY_MS);
        return;
      }
      synchronized (this) {
        confirmed = Math.max(confirmed, attempt);
      }
      if (breaks.get() != attempt) {
        // a loss seen while this attempt ran: the subscriptions may be gone again, so once more
        scheduleResync(RESYNC_RETRY_MS);
      }
      for (String name : names) {
        tell(name, RESYNC);
      }
    });
  }

  private void tellAll(String type) {
    for (String name : channels.keySet()) {
      tell(name, type);
    }
  }

  private void tell(String name, String type) {
    Channel ch = channels.get(name);
    if (ch == null) {
      return;
    }
    // a topic's listeners learn only of the RESYNC (as {"type":"resync"}), to read its state again
    if (name.startsWith(TOPIC_PREFIX) && !RESYNC.equals(type)) {
      return;
    }
    for (Listener l : ch.listeners) {
      tell(l, name, type);
    }
  }

  private static void tell(Listener l, String name, String type) {
    ConversationEvent event = name.startsWith(TOPIC_PREFIX)
        ? new ConversationEvent("topic", null, null, null, null, "{\"type\":\"" + type + "\"}")
        : new ConversationEvent(type, name.substring(Keys.CHANNEL_PREFIX.length()), null, null, null, null);
    l.context().runOnContext(v -> l.handler().handle(event));
  }

  /** A registration; {@link #cancel()} stops delivery. */
  public interface Subscription {
    void cancel();
  }

  private static final class Channel {
    final List<Listener> listeners = new CopyOnWriteArrayList<>();
    CompletionStage<Void> ready;
  }

  private record Listener(Context context, Handler<ConversationEvent> handler) {
  }

  /**
   * Delivers the conversation's events to {@code handler} until cancelled. The future completes
   * once Redis confirmed the subscription: events published after that are delivered.
   */
  public Future<Subscription> subscribe(String conversationId, Handler<ConversationEvent> handler) {
    Context context = vertx.getOrCreateContext();
    Listener listener = new Listener(context, handler);
    CompletionStage<Void> ready;
    synchronized (this) {
      Channel ch = channels.computeIfAbsent(Keys.channel(conversationId), k -> new Channel());
      ch.listeners.add(listener);
      if (ch.ready == null) {
        ch.ready = connection.async().subscribe(Keys.channel(conversationId)).thenApply(v -> null);
      }
      ready = ch.ready;
    }
    Subscription sub = () -> unsubscribe(conversationId, listener);
    return Future.fromCompletionStage(ready, context).map(v -> {
      if (confirmed != breaks.get()) {
        // subscribed while Redis is away (the channel was already subscribed here): what comes
        // next may follow a gap, until the RESYNC
        tell(listener, Keys.channel(conversationId), DISCONNECTED);
      }
      return sub;
    }).onFailure(e -> sub.cancel());
  }

  /**
   * Delivers the raw JSON events of a topic shared by every instance (for example
   * {@code handoff}: queue changes) until cancelled; same delivery rules as conversation events.
   * After a reconnect the handler gets {@code {"type":"resync"}}: events may have been missed.
   */
  public Future<Subscription> subscribeTopic(String topic, Handler<String> handler) {
    Context context = vertx.getOrCreateContext();
    Listener listener = new Listener(context, e -> handler.handle(e.raw()));
    String name = TOPIC_PREFIX + topic;
    CompletionStage<Void> ready;
    synchronized (this) {
      Channel ch = channels.computeIfAbsent(name, k -> new Channel());
      ch.listeners.add(listener);
      if (ch.ready == null) {
        ch.ready = connection.async().subscribe(name).thenApply(v -> null);
      }
      ready = ch.ready;
    }
    Subscription sub = () -> unsubscribeChannel(name, listener);
    return Future.fromCompletionStage(ready, context).map(v -> sub).onFailure(e -> sub.cancel());
  }

  /** Publishes {@code json} to a topic on every instance. */
  public Future<Void> publishTopic(String topic, String json) {
    try {
      return Future.fromCompletionStage(redis.commands().publish(TOPIC_PREFIX + topic, json),
          vertx.getOrCreateContext()).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  static final String TOPIC_PREFIX = io.relevo.redis.Keyspace.TOPIC_PREFIX;

  /** Publishes an event of a module's own (a JSON object with a {@code type}) to every instance. */
  public Future<Void> publish(String conversationId, String json) {
    try {
      return Future.fromCompletionStage(redis.commands().publish(Keys.channel(conversationId), json),
          vertx.getOrCreateContext()).mapEmpty();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void unsubscribe(String conversationId, Listener listener) {
    unsubscribeChannel(Keys.channel(conversationId), listener);
  }

  private void unsubscribeChannel(String name, Listener listener) {
    synchronized (this) {
      Channel ch = channels.get(name);
      if (ch == null || !ch.listeners.remove(listener) || !ch.listeners.isEmpty()) {
        return;
      }
      channels.remove(name);
      if (!closed) {
        try {
          connection.async().unsubscribe(name).exceptionally(e -> null);
        } catch (RuntimeException e) {
          // the connection is going away; nothing to unsubscribe from
        }
      }
    }
  }

  private void dispatch(String channel, String payload) {
    Channel ch = channels.get(channel);
    if (ch == null || ch.listeners.isEmpty()) {
      return;
    }
    ConversationEvent event;
    try {
      event = channel.startsWith(TOPIC_PREFIX)
          ? new ConversationEvent("topic", null, null, null, null, payload)
          : parse(channel.substring(Keys.CHANNEL_PREFIX.length()), payload);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring an unreadable conversation event: {}", e.toString());
      return;
    }
    for (Listener l : ch.listeners) {
      l.context().runOnContext(v -> l.handler().handle(event));
    }
  }

  static ConversationEvent parse(String conversationId, String payload) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(payload);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
    String type = node.path("type").asText();
    return switch (type) {
      case "message" -> new ConversationEvent(type, conversationId,
          Json.fromStored(conversationId, node.get("id").asText(), node.get("m")), null, null, payload);
      case "processed" -> new ConversationEvent(type, conversationId, null,
          node.get("messageId").asText(), Json.replies(conversationId, node.get("replies")), payload);
      default -> new ConversationEvent(type, conversationId, null, null, null, payload);
    };
  }

  /** Number of conversations this instance listens to (for metrics and tests). */
  public int subscribedConversations() {
    return channels.size();
  }

  @Override
  public void close() {
    closed = true;
    connection.close();
  }
}
