package io.relevo.core.conversation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relevo.core.conversation.ConversationException.Reason;
import io.relevo.core.dialogue.Bot;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Conversations and their transcripts, kept in Redis, and the processing of each person's
 * messages by the bot.
 *
 * <p>A person's message is appended to the conversation's transcript (a Redis stream) before it
 * is acknowledged; a repeated client message id returns the stored message instead of adding it
 * again. Processing is strictly one message at a time per conversation, in transcript order, on
 * any number of instances sharing one Redis: an instance takes the conversation's lock (a lease),
 * answers every unanswered message in order, and records each answer with a script that checks
 * it still holds the lock. If an instance dies, its lease lapses and another one takes over.
 * The scripts hand the lock holder the next message together with the conversation's record, and
 * release the lock in the same step that finds nothing more to answer; storing a message takes the
 * free lock for its caller. So a turn costs three Redis round trips: store (and take the lock),
 * answer, record (and release or go on).
 *
 * <p>Thread-safe: one instance per process, shared by all verticles. Every method returns a
 * future completed on the caller's Vert.x context. Redis failures surface as
 * {@link ConversationException} with {@link Reason#UNAVAILABLE}. The service owns none of what
 * it is given (Vert.x, the Redis connector, the events, the bot) and closes none of it.
 *
 * <p>The work is done by package-private parts: {@code Records} (the conversation's record),
 * {@code Inbound} (a person's messages), {@code Turns} (the bot's answers under the lock),
 * {@code Transcript} (reading and posting), {@code Erasure} (a person's index and aliases), all
 * through {@code Store}.
 */
public final class ConversationService {

  private final Store store;
  private final ConversationEvents events;
  private final Erasure erasure;
  private final Records records;
  private final Transcript transcript;
  private final Turns turns;
  private final Inbound inbound;

  /** Service options; see {@link ConversationSettings}. */
  public record Options(Duration retention, Duration processingTimeout, Duration lockLease) {

    public static Options from(JsonObject config) {
      return new Options(ConversationSettings.RETENTION.get(config),
          ConversationSettings.PROCESSING_TIMEOUT.get(config), ConversationSettings.LOCK_LEASE.get(config));
    }
  }

  /** What a new conversation starts with. */
  public record NewConversation(String locale, String channel, Participant customer, Map<String, String> fields) {

    public NewConversation {
      fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** A conversation with no extra fields (the constructor before them). */
    public NewConversation(String locale, String channel, Participant customer) {
      this(locale, channel, customer, Map.of());
    }
  }

  /** A created conversation, its bearer token (shown once, stored only hashed) and first messages. */
  public record Created(Conversation conversation, String token, List<Message> messages) {
  }

  /** A stored person's message; {@code duplicate} when the client message id was seen before. */
  public record Accepted(Message message, boolean duplicate) {
  }

  public ConversationService(Vertx vertx, RedisConnector redis, ConversationEvents events, Bot bot,
      Options options) {
    this.store = new Store(vertx, redis, options);
    this.events = events;
    this.erasure = new Erasure(store);
    this.records = new Records(store, erasure, bot);
    this.transcript = new Transcript(store);
    this.turns = new Turns(store, bot);
    this.inbound = new Inbound(store, turns, transcript, events);
  }

  /** Creates a conversation, stores the bot's greeting and returns both with a new token. */
  public Future<Created> create(NewConversation request) {
    return records.create(request);
  }

  /**
   * Records each turn's latency (from the person's message being stored to the bot's replies being
   * stored) as the histogram {@code relevo_turn_latency_seconds} in {@code metrics}; call while
   * wiring, before serving.
   */
  public ConversationService metrics(io.micrometer.core.instrument.MeterRegistry metrics) {
    turns.metrics(metrics);
    return this;
  }

  /** Sets what to tell (analytics) when a conversation was created; call while wiring, before serving. */
  public ConversationService onCreated(java.util.function.Consumer<Conversation> listener) {
    records.onCreated(listener);
    return this;
  }

  /** The ids of the conversations of the verified person {@code customerId} still kept. */
  public Future<List<String>> conversationsOf(String customerId) {
    return erasure.conversationsOf(customerId);
  }

  /** How long a conversation is kept after its last activity. */
  public Duration retention() {
    return store.options().retention();
  }

  /**
   * Records {@code key}, a key outside the conversation that names it (a channel's mapping from a
   * platform's place to the conversation), so that {@link #erase} deletes it too. The record is
   * kept for the retention from now: call it whenever the caller refreshes the key's own expiry.
   * The index of the conversation's verified person is refreshed too: a platform's conversation
   * lives as long as it is used, longer than the index made when it was created would.
   */
  public Future<Void> alias(String conversationId, String key) {
    return erasure.alias(conversationId, key);
  }

  /**
   * Deletes a conversation and everything kept with it (transcript, notes, idempotency records,
   * the channels' keys recorded with {@link #alias}).
   */
  public Future<Void> erase(String conversationId) {
    return erasure.erase(conversationId);
  }

  /** Forgets the index of a verified person's conversations (after they were erased). */
  public Future<Void> forgetPerson(String customerId) {
    return erasure.forgetPerson(customerId);
  }

  /** The conversation, or {@link Reason#NOT_FOUND}. */
  public Future<Conversation> find(String id) {
    return records.find(id);
  }

  /**
   * The conversation if {@code token} is its bearer token: {@link Reason#UNAUTHENTICATED} without
   * a token, {@link Reason#NOT_FOUND} for an unknown id, {@link Reason#FORBIDDEN} for a wrong token.
   * The comparison takes constant time.
   */
  public Future<Conversation> authorize(String id, String token) {
    return records.authorize(id, token);
  }

  /**
   * Stores a person's message (once per {@code clientMessageId}) and starts its processing.
   * The returned future completes when the message is durably in the transcript.
   */
  public Future<Accepted> accept(String conversationId, String text, String clientMessageId, String payload) {
    return inbound.accept(conversationId, text, clientMessageId, payload);
  }

  /**
   * The bot's replies to {@code messageId}, once it has been processed (here or on another
   * instance). Fails with {@link Reason#TIMEOUT} after the processing timeout, and with
   * {@link Reason#UNAVAILABLE} as soon as Redis does not answer; the message stays stored and will
   * still be answered.
   */
  public Future<List<Message>> replies(String conversationId, String messageId) {
    return inbound.replies(conversationId, messageId);
  }

  /** Up to {@code limit} messages of the transcript after {@code afterId} (from the start when null). */
  public Future<List<Message>> transcript(String conversationId, String afterId, int limit) {
    return transcript.read(conversationId, afterId, limit);
  }

  /**
   * Which of {@code ids} (sorted oldest first, as sent to a client) are no longer in the
   * transcript. After a Redis master crash the new master lacks the writes it had not yet received:
   * a message delivered live just before may be gone, and always the newest ones (replication keeps
   * order). Callers ask this after a reconnect to take such messages back from their clients.
   */
  public Future<Set<String>> vanished(String conversationId, List<String> ids) {
    return transcript.vanished(conversationId, ids);
  }

  /** The id of the last message of the transcript before {@code id} (null when there is none). */
  public Future<String> lastBefore(String conversationId, String id) {
    return transcript.lastBefore(conversationId, id);
  }

  /**
   * Adds a message written by someone other than the person (an agent's reply, a system notice)
   * to the transcript and delivers it; the bot does not process it.
   */
  public Future<Message> post(String conversationId, Message draft) {
    return transcript.post(conversationId, draft);
  }

  /**
   * Moves the conversation to {@code to} if it is in one of {@code from}, setting {@code fields}
   * of its record (an empty value removes one), atomically: of concurrent callers, one wins.
   * Subscribers get a {@code state} event.
   *
   * @return whether this call made the change
   */
  public Future<Boolean> transition(String conversationId, Set<ConversationState> from,
      ConversationState to, Map<String, String> fields) {
    return records.transition(conversationId, from, to, fields);
  }

  /** Delivers the conversation's events (see {@link ConversationEvents#subscribe}). */
  public Future<ConversationEvents.Subscription> subscribe(String conversationId,
      io.vertx.core.Handler<ConversationEvent> handler) {
    return events.subscribe(conversationId, handler)
        .recover(e -> Future.failedFuture(Store.unavailable(e)));
  }

  /** Publishes a transient event (such as {@code typing}) to the conversation's listeners; not stored. */
  public Future<Void> publish(String conversationId, String json) {
    return events.publish(conversationId, json).recover(e -> Future.failedFuture(Store.unavailable(e)));
  }

  /**
   * Makes sure the conversation's unanswered messages get processed, here or by whoever holds
   * them: for a client that (re)connects, whose last messages may have been left by an instance
   * that died (its lease lapses, then they are answered without waiting for the next message).
   */
  public void resume(String conversationId) {
    turns.kick(conversationId);
  }

  /** Stops taking work and waits, up to {@code timeout}, for messages being processed here. */
  public Future<Void> shutdown(Duration timeout) {
    return turns.shutdown(timeout);
  }
}
