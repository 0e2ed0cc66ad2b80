package io.relevo.channels;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.SetArgs;
import io.relevo.core.conversation.ConversationEvent;
import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Link;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Role;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What the chat-platform channels (Slack, Teams) share: handling an incoming event once across
 * retries and instances, following a conversation so that what is not an answer to the person's
 * message — an agent's replies and notices, news about tickets — is sent to the platform once,
 * whichever instance sees it, and making article links absolute. Thread-safe; one per channel
 * instance.
 */
public final class ChannelRelay {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelRelay.class);

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
  private final Set<String> followed = ConcurrentHashMap.newKeySet();

  /**
   * @param prefix the channel's key prefix in Redis ({@code slack}, {@code teams})
   * @param publicUrl Relevo's public base URL; empty drops site-relative links
   */
  public ChannelRelay(Vertx vertx, ConversationService conversations, RedisConnector redis, String prefix, String publicUrl) {
    this.vertx = vertx;
    this.conversations = conversations;
    this.redis = redis;
    this.prefix = prefix;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  /** Whether {@code key} is seen for the first time (kept a day: platforms retry within hours). */
  public Future<Boolean> firstTime(String key) {
    return Future.fromCompletionStage(redis.commands().set(prefix + ":" + key, "1", SetArgs.Builder.nx().ex(86_400)),
        vertx.getOrCreateContext()).map("OK"::equals);
  }

  /**
   * Follows {@code conversationId} (once per instance) and sends its proactive messages with
   * {@code sender}; replies to the person's messages are sent by the request that caused them.
   * Messages whose events were lost while Redis was away are read from the transcript after the
   * reconnect and sent then.
   */
  public void follow(String conversationId, Sender sender) {
    if (!followed.add(conversationId)) {
      return;
    }
    Follower follower = new Follower(conversationId, sender);
    conversations.subscribe(conversationId, follower::onEvent).onFailure(e -> followed.remove(conversationId));
  }

  /** One followed conversation; its events arrive on one context, one at a time. */
  private final class Follower {
    final String conversationId;
    final Sender sender;
    /**
     * The last message seen (at first: a second before the follow began, in the form of a
     * message id), and the one seen before the connection to Redis broke.
     */
    String lastSeen = (System.currentTimeMillis() - 1000) + "-0";
    String beforeGap;
    boolean gap;

    Follower(String conversationId, Sender sender) {
      this.conversationId = conversationId;
      this.sender = sender;
    }

    void onEvent(ConversationEvent ev) {
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
          .onFailure(e -> vertx.setTimer(500, t -> catchUp(after)));
    }

    private void relay(Message m) {
      boolean proactive = m.role() == Role.AGENT || m.role() == Role.SYSTEM || (m.role() == Role.BOT && m.inReplyTo() == null);
      if (proactive) {
        firstTime("relayed:" + m.id()).compose(first -> first ? sender.send(absolute(m)) : Future.succeededFuture())
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
