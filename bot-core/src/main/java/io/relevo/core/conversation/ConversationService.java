package io.relevo.core.conversation;

import io.relevo.texts.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.relevo.core.conversation.ConversationException.Reason;
import io.relevo.core.dialogue.Bot;
import io.relevo.core.dialogue.BotTurn;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
 * {@link ConversationException} with {@link Reason#UNAVAILABLE}.
 */
public final class ConversationService {

  private static final Logger LOG = LoggerFactory.getLogger(ConversationService.class);
  private static final LuaScript CREATE = LuaScript.load(ConversationService.class, "create.lua", ScriptOutputType.MULTI);
  private static final LuaScript APPEND = LuaScript.load(ConversationService.class, ScriptOutputType.MULTI,
      "hold.lua", "append.lua");
  private static final LuaScript COMMIT = LuaScript.load(ConversationService.class, ScriptOutputType.MULTI,
      "hold.lua", "commit.lua");
  private static final LuaScript POST = LuaScript.load(ConversationService.class, "post.lua", ScriptOutputType.MULTI);
  private static final LuaScript TRANSITION = LuaScript.load(ConversationService.class, "transition.lua", ScriptOutputType.VALUE);
  private static final LuaScript UNLOCK = LuaScript.load(ConversationService.class, "unlock.lua", ScriptOutputType.INTEGER);
  private static final LuaScript ACQUIRE = LuaScript.load(ConversationService.class, ScriptOutputType.MULTI,
      "hold.lua", "acquire.lua");
  /** Pause before processing that failed because Redis was away is tried again. */
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final RedisConnector redis;
  private final ConversationEvents events;
  private final Bot bot;
  private final Options options;
  private volatile java.util.function.Consumer<Conversation> onCreated = c -> { };
  private volatile io.micrometer.core.instrument.Timer turnLatency;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closing = new AtomicBoolean();
  /** Lock tokens of failed processing that could not release the lock: the next try here takes it back. */
  private final Map<String, String> unreleased = new java.util.concurrent.ConcurrentHashMap<>();
  /** Conversations with a look-again timer set, at most one each. */
  private final Set<String> rechecks = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
    this.vertx = vertx;
    this.redis = redis;
    this.events = events;
    this.bot = bot;
    this.options = options;
  }

  /** Creates a conversation, stores the bot's greeting and returns both with a new token. */
  public Future<Created> create(NewConversation request) {
    String id = Tokens.conversationId();
    String token = Tokens.token();
    Instant now = Instant.now();
    Participant customer = request.customer() == null ? new Participant(null, Role.CUSTOMER, null)
        : request.customer();
    Conversation conversation = new Conversation(id, request.locale(), ConversationState.BOT,
        request.channel(), customer, now, Map.of(), request.fields());
    List<Message> greeting = bot.greeting(request.locale(), customer);

    List<String> args = new ArrayList<>();
    args.add(ttl());
    List<String> fields = new ArrayList<>(List.of("id", id, "locale", request.locale(),
        "state", ConversationState.BOT.wire(), "channel", request.channel(),
        "createdAt", Long.toString(now.toEpochMilli()), "tokenHash", Tokens.sha256Hex(token)));
    if (customer.id() != null) {
      fields.addAll(List.of("customerId", customer.id()));
    }
    if (customer.name() != null) {
      fields.addAll(List.of("customerName", customer.name()));
    }
    request.fields().forEach((k, v) -> {
      if (!FIXED_FIELDS.contains(k) && v != null) {
        fields.addAll(List.of(k, v));
      }
    });
    args.add(Integer.toString(fields.size() / 2));
    args.addAll(fields);
    greeting.forEach(m -> args.add(Json.stored(m)));

    // the person's index first (it may sit on another Cluster shard): an index entry of a
    // conversation that was never made is harmless, a conversation missing from it escapes erasure
    Future<Void> indexed = customer.id() == null ? Future.succeededFuture()
        : call(commands().sadd(personKey(customer.id()), id))
            .compose(n -> call(commands().pexpire(personKey(customer.id()), options.retention().toMillis())))
            .mapEmpty();
    return indexed.compose(v -> this.<List<Object>>write(() -> CREATE.run(commands(), new String[] {Keys.meta(id), Keys.log(id)},
        args.toArray(String[]::new))))
        .compose(ids -> replicated(id).map(ids))
        .map(ids -> {
          List<Message> stored = new ArrayList<>();
          for (int i = 0; i < greeting.size(); i++) {
            String mid = (String) ids.get(i);
            stored.add(greeting.get(i).stored(mid, id, Json.timeOf(mid)));
          }
          return new Created(conversation, token, stored);
        })
        .onSuccess(created -> onCreated.accept(created.conversation()));
  }

  /**
   * Records each turn's latency (from the person's message being stored to the bot's replies being
   * stored) as the histogram {@code relevo_turn_latency_seconds} in {@code metrics}; call while
   * wiring, before serving.
   */
  public ConversationService metrics(io.micrometer.core.instrument.MeterRegistry metrics) {
    this.turnLatency = io.micrometer.core.instrument.Timer.builder("relevo_turn_latency")
        .description("From a person's message stored to the bot's replies stored")
        .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofMillis(1))
        .maximumExpectedValue(java.time.Duration.ofSeconds(30))
        .register(metrics);
    return this;
  }

  /** Sets what to tell (analytics) when a conversation was created; call while wiring, before serving. */
  public ConversationService onCreated(java.util.function.Consumer<Conversation> listener) {
    this.onCreated = listener;
    return this;
  }

  /** The set of a verified person's conversations (for export and erasure on request). */
  static String personKey(String customerId) {
    return io.relevo.redis.Keyspace.personConversations(Tokens.sha256Hex(customerId).substring(0, 32));
  }

  /** The ids of the conversations of the verified person {@code customerId} still kept. */
  public Future<List<String>> conversationsOf(String customerId) {
    return this.<java.util.Set<String>>call(commands().smembers(personKey(customerId))).map(List::copyOf);
  }

  /** How long a conversation is kept after its last activity. */
  public Duration retention() {
    return options.retention();
  }

  /**
   * Records {@code key}, a key outside the conversation that names it (a channel's mapping from a
   * platform's place to the conversation), so that {@link #erase} deletes it too. The record is
   * kept for the retention from now: call it whenever the caller refreshes the key's own expiry.
   * The index of the conversation's verified person is refreshed too: a platform's conversation
   * lives as long as it is used, longer than the index made when it was created would.
   */
  public Future<Void> alias(String conversationId, String key) {
    long ttl = options.retention().toMillis();
    return call(commands().sadd(Keys.aliases(conversationId), key))
        .compose(n -> call(commands().pexpire(Keys.aliases(conversationId), ttl)))
        .compose(ok -> call(commands().hget(Keys.meta(conversationId), "customerId")))
        .compose(customer -> customer == null || customer.isEmpty() ? Future.succeededFuture()
            : call(commands().sadd(personKey(customer), conversationId))
                .compose(n -> call(commands().pexpire(personKey(customer), ttl))))
        .mapEmpty();
  }

  /**
   * Deletes a conversation and everything kept with it (transcript, notes, idempotency records,
   * the channels' keys recorded with {@link #alias}).
   */
  public Future<Void> erase(String conversationId) {
    String[] keys = io.relevo.redis.Keyspace.erasedWithConversation(conversationId);
    return this.<Set<String>>call(commands().smembers(Keys.aliases(conversationId)))
        // one DEL each: a mapping key lives in another Cluster slot than the conversation
        .compose(aliases -> Future.all(aliases.stream().map(k -> call(commands().del(k))).toList()))
        .compose(v -> call(commands().del(keys)))
        .compose(n -> call(commands().del(io.relevo.core.analytics.Analytics.conversationKey(conversationId))))
        .compose(n -> call(commands().del(io.relevo.redis.Keyspace.legacySlackPlace(conversationId))))
        .mapEmpty();
  }

  /** Forgets the index of a verified person's conversations (after they were erased). */
  public Future<Void> forgetPerson(String customerId) {
    return call(commands().del(personKey(customerId))).mapEmpty();
  }

  /** The conversation, or {@link Reason#NOT_FOUND}. */
  public Future<Conversation> find(String id) {
    return load(id).map(StoredConversation::conversation);
  }

  /**
   * The conversation if {@code token} is its bearer token: {@link Reason#UNAUTHENTICATED} without
   * a token, {@link Reason#NOT_FOUND} for an unknown id, {@link Reason#FORBIDDEN} for a wrong token.
   * The comparison takes constant time.
   */
  public Future<Conversation> authorize(String id, String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new ConversationException(Reason.UNAUTHENTICATED, "a conversation token is required"));
    }
    return load(id).compose(stored -> Tokens.matches(token, stored.tokenHash())
        ? Future.succeededFuture(stored.conversation())
        : Future.failedFuture(new ConversationException(Reason.FORBIDDEN, "the token does not grant access to this conversation")));
  }

  /**
   * Stores a person's message (once per {@code clientMessageId}) and starts its processing.
   * The returned future completes when the message is durably in the transcript.
   */
  public Future<Accepted> accept(String conversationId, String text, String clientMessageId, String payload) {
    Message draft = new Message(null, null, Role.CUSTOMER, text, null, clientMessageId, null, payload,
        List.of(), null, List.of());
    String[] keys = {Keys.meta(conversationId), Keys.log(conversationId), Keys.clientIds(conversationId),
        Keys.lock(conversationId)};
    // the message is answered here when the lock is free: the script takes it for this token
    boolean take = !closing.get();
    String reclaimed = take ? unreleased.remove(conversationId) : null;
    String token = !take ? "" : reclaimed != null ? reclaimed : Tokens.random(12);
    return this.<List<Object>>write(() -> APPEND.run(commands(), keys, ttl(),
        clientMessageId == null ? "" : clientMessageId, Json.stored(draft), Keys.channel(conversationId),
        token, Long.toString(options.lockLease().toMillis())))
        .onFailure(e -> {
          if (reclaimed != null) {
            unreleased.putIfAbsent(conversationId, reclaimed);
          }
        })
        .compose(result -> {
          String outcome = (String) result.get(0);
          String id = (String) result.get(1);
          @SuppressWarnings("unchecked")
          List<Object> hold = (List<Object>) result.get(2);
          if (hold.isEmpty() && reclaimed != null) {
            unreleased.putIfAbsent(conversationId, reclaimed);
          }
          switch (outcome) {
            case "NEW":
              onHold(conversationId, token, hold);
              return replicated(conversationId)
                  .map(v -> new Accepted(draft.stored(id, conversationId, Json.timeOf(id)), false));
            case "DUP":
              onHold(conversationId, token, hold);
              return replicated(conversationId).compose(v -> message(conversationId, id)).map(m -> new Accepted(m, true));
            case "CLOSED":
              return Future.failedFuture(new ConversationException(Reason.CLOSED, "the conversation is closed"));
            default:
              return Future.failedFuture(new ConversationException(Reason.NOT_FOUND, "no such conversation"));
          }
        });
  }

  /**
   * The bot's replies to {@code messageId}, once it has been processed (here or on another
   * instance). Fails with {@link Reason#TIMEOUT} after the processing timeout, and with
   * {@link Reason#UNAVAILABLE} as soon as Redis does not answer; the message stays stored and will
   * still be answered.
   */
  public Future<List<Message>> replies(String conversationId, String messageId) {
    Promise<List<Message>> result = Promise.promise();
    long[] timers = new long[2];
    events.subscribe(conversationId, event -> {
      if ("processed".equals(event.type()) && messageId.equals(event.messageId())) {
        result.tryComplete(event.replies());
      } else if (ConversationEvents.RESYNC.equals(event.type())) {
        kick(conversationId);
        checkResult(conversationId, messageId, result);
      }
    }).onComplete(sub -> {
      if (sub.failed()) {
        result.tryFail(unavailable(sub.cause()));
        return;
      }
      result.future().onComplete(done -> {
        sub.result().cancel();
        vertx.cancelTimer(timers[0]);
        vertx.cancelTimer(timers[1]);
      });
      // the answer may already be there; after that, the event brings it
      checkResult(conversationId, messageId, result);
      // a lapsed lock of a dead instance, or a lost event, must not leave the caller waiting
      timers[0] = vertx.setPeriodic(1000, t -> {
        kick(conversationId);
        checkResult(conversationId, messageId, result);
      });
      timers[1] = vertx.setTimer(options.processingTimeout().toMillis(), t -> result.tryFail(
          new ConversationException(Reason.TIMEOUT, "the message is stored but was not answered in time")));
    });
    // the replies were committed through this instance's connection when it answered the message
    return result.future().compose(r -> replicated(conversationId).map(r));
  }

  private void checkResult(String conversationId, String messageId, Promise<List<Message>> result) {
    this.<String>call(commands().hget(Keys.results(conversationId), messageId)).onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        result.tryComplete(Json.replies(conversationId, ar.result()));
      } else if (ar.failed()) {
        // Redis is away: the caller gets a retriable error now rather than a timeout much later
        result.tryFail(ar.cause());
      }
    });
  }

  /** Up to {@code limit} messages of the transcript after {@code afterId} (from the start when null). */
  public Future<List<Message>> transcript(String conversationId, String afterId, int limit) {
    Range<String> range = afterId == null ? Range.unbounded()
        : Range.from(Range.Boundary.excluding(afterId), Range.Boundary.unbounded());
    return this.<List<StreamMessage<String, String>>>call(
        commands().xrange(Keys.log(conversationId), range, Limit.from(limit)))
        .map(entries -> entries.stream()
            .map(e -> Json.fromStored(conversationId, e.getId(), e.getBody().get("m")))
            .toList());
  }

  /**
   * Which of {@code ids} (sorted oldest first, as sent to a client) are no longer in the
   * transcript. After a Redis master crash the new master lacks the writes it had not yet received:
   * a message delivered live just before may be gone, and always the newest ones (replication keeps
   * order). Callers ask this after a reconnect to take such messages back from their clients.
   */
  public Future<java.util.Set<String>> vanished(String conversationId, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(java.util.Set.of());
    }
    Range<String> range = Range.create(ids.get(0), ids.get(ids.size() - 1));
    return this.<List<StreamMessage<String, String>>>call(
        commands().xrange(Keys.log(conversationId), range, Limit.from(ids.size() * 2L + 100)))
        .map(entries -> {
          java.util.Set<String> gone = new java.util.LinkedHashSet<>(ids);
          entries.forEach(e -> gone.remove(e.getId()));
          return gone;
        });
  }

  /** The id of the last message of the transcript before {@code id} (null when there is none). */
  public Future<String> lastBefore(String conversationId, String id) {
    Range<String> range = Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(id));
    return this.<List<StreamMessage<String, String>>>call(
        commands().xrevrange(Keys.log(conversationId), range, Limit.from(1)))
        .map(entries -> entries.isEmpty() ? null : entries.get(0).getId());
  }

  /**
   * Adds a message written by someone other than the person (an agent's reply, a system notice)
   * to the transcript and delivers it; the bot does not process it.
   */
  public Future<Message> post(String conversationId, Message draft) {
    if (draft.role() == Role.CUSTOMER) {
      return Future.failedFuture(new IllegalArgumentException("a person's messages go through accept()"));
    }
    return this.<List<Object>>write(() -> POST.run(commands(), new String[] {Keys.meta(conversationId), Keys.log(conversationId)},
        ttl(), Json.stored(draft), Keys.channel(conversationId)))
        .compose(r -> replicated(conversationId).map(r))
        .compose(r -> "NEW".equals(r.get(0))
            ? Future.succeededFuture(draft.stored((String) r.get(1), conversationId, Json.timeOf((String) r.get(1))))
            : Future.failedFuture(new ConversationException(Reason.NOT_FOUND, "no such conversation")));
  }

  /**
   * Moves the conversation to {@code to} if it is in one of {@code from}, setting {@code fields}
   * of its record (an empty value removes one), atomically: of concurrent callers, one wins.
   * Subscribers get a {@code state} event.
   *
   * @return whether this call made the change
   */
  public Future<Boolean> transition(String conversationId, java.util.Set<ConversationState> from,
      ConversationState to, Map<String, String> fields) {
    List<String> args = new ArrayList<>(List.of(ttl(), Keys.channel(conversationId),
        String.join(",", from.stream().map(ConversationState::wire).toList()), to.wire()));
    fields.forEach((k, v) -> {
      if (RESERVED_FIELDS.contains(k)) {
        throw new IllegalArgumentException(k + " cannot be set this way");
      }
      args.add(k);
      args.add(v);
    });
    return this.<String>write(() -> TRANSITION.run(commands(), new String[] {Keys.meta(conversationId)},
        args.toArray(String[]::new)))
        .compose(before -> replicated(conversationId).map(before))
        .compose(before -> before == null || before.isEmpty()
            ? Future.failedFuture(new ConversationException(Reason.NOT_FOUND, "no such conversation"))
            : Future.succeededFuture(from.stream().anyMatch(s -> s.wire().equals(before))));
  }

  private static final Set<String> FIXED_FIELDS = Set.of("locale", "channel", "customerId", "customerName");
  private static final java.util.Set<String> RESERVED_FIELDS = java.util.Set.of("id", "state", "tokenHash",
      "processed", "createdAt", "lastIn");

  /** Delivers the conversation's events (see {@link ConversationEvents#subscribe}). */
  public Future<ConversationEvents.Subscription> subscribe(String conversationId,
      io.vertx.core.Handler<ConversationEvent> handler) {
    return events.subscribe(conversationId, handler)
        .recover(e -> Future.failedFuture(unavailable(e)));
  }

  /** Publishes a transient event (such as {@code typing}) to the conversation's listeners; not stored. */
  public Future<Void> publish(String conversationId, String json) {
    return events.publish(conversationId, json).recover(e -> Future.failedFuture(unavailable(e)));
  }

  /**
   * Makes sure the conversation's unanswered messages get processed, here or by whoever holds
   * them: for a client that (re)connects, whose last messages may have been left by an instance
   * that died (its lease lapses, then they are answered without waiting for the next message).
   */
  public void resume(String conversationId) {
    kick(conversationId);
  }

  /** Stops taking work and waits, up to {@code timeout}, for messages being processed here. */
  public Future<Void> shutdown(Duration timeout) {
    closing.set(true);
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + timeout.toNanos();
    waitIdle(done, deadline);
    return done.future();
  }

  private void waitIdle(Promise<Void> done, long deadline) {
    if (inFlight.get() == 0 || System.nanoTime() > deadline) {
      done.complete();
    } else {
      vertx.setTimer(20, t -> waitIdle(done, deadline));
    }
  }

  // --- processing ---------------------------------------------------------------------------

  private void kick(String conversationId) {
    if (closing.get()) {
      return;
    }
    track(conversationId, drain(conversationId));
  }

  /** Counts processing in flight (for shutdown) and, when Redis was away, tries again by itself. */
  private void track(String conversationId, Future<Void> processing) {
    inFlight.incrementAndGet();
    processing.onComplete(ar -> {
      inFlight.decrementAndGet();
      if (ar.failed()) {
        LOG.warn("Processing of a conversation stopped and will be retried: {}", ar.cause().toString());
        if (ar.cause() instanceof ConversationException ce && ce.reason() == Reason.UNAVAILABLE) {
          // Redis was away: try again by itself, not only when the next message arrives
          recheck(conversationId, RETRY_MS);
        }
      }
    });
  }

  /** Kicks the conversation again after {@code delayMs}, unless a look-again is already due. */
  private void recheck(String conversationId, long delayMs) {
    if (!closing.get() && rechecks.add(conversationId)) {
      vertx.setTimer(delayMs, t -> {
        rechecks.remove(conversationId);
        kick(conversationId);
      });
    }
  }

  /** A message waiting for its answer, handed to the lock holder with the conversation as it was then. */
  private record Pending(Conversation conversation, Message message) {
  }

  /**
   * Reads what {@code hold.lua} returned: the next message when the lock is now ours, else null;
   * a wait (another holder) makes this instance look again once that lease could have lapsed.
   */
  private Pending held(String conversationId, List<Object> hold) {
    if (hold.size() >= 4) {
      @SuppressWarnings("unchecked")
      Map<String, String> record = fields((List<Object>) hold.get(1));
      String id = (String) hold.get(2);
      return new Pending(parse(conversationId, record).conversation(),
          Json.fromStored(conversationId, id, (String) hold.get(3)));
    }
    long wait = hold.isEmpty() ? 0 : (Long) hold.get(0);
    if (wait > 0) {
      // another worker holds it and will see the message; should it have died, its lease lapses:
      // look again then, so the message does not wait for the next one
      recheck(conversationId, wait + 50);
    }
    return null;
  }

  /** After a script that may have handed this instance the lock ({@code hold} as the script returned it). */
  private void onHold(String conversationId, String token, List<Object> hold) {
    track(conversationId, proceed(conversationId, token, hold));
  }

  /** Processes what {@code hold} handed to {@code token}, if anything; an unreadable hand-over releases the lock. */
  private Future<Void> proceed(String conversationId, String token, List<Object> hold) {
    Pending next;
    try {
      next = held(conversationId, hold);
    } catch (RuntimeException e) {
      return release(conversationId, token).compose(v -> Future.failedFuture(e));
    }
    return next == null ? Future.succeededFuture() : process(conversationId, token, next);
  }

  private Future<Void> drain(String conversationId) {
    String reclaimed = unreleased.remove(conversationId);
    String token = reclaimed != null ? reclaimed : Tokens.random(12);
    String[] keys = {Keys.lock(conversationId), Keys.meta(conversationId), Keys.log(conversationId)};
    return this.<List<Object>>write(() -> ACQUIRE.run(commands(), keys, token, Long.toString(options.lockLease().toMillis())))
        .onFailure(e -> {
          if (reclaimed != null) {
            unreleased.putIfAbsent(conversationId, reclaimed);
          }
        })
        .compose(hold -> proceed(conversationId, token, hold));
  }

  /**
   * Answers {@code first} and every message after it, in order, while holding the lock with
   * {@code token}; the commit of the last one releases the lock.
   */
  private Future<Void> process(String conversationId, String token, Pending first) {
    return processOne(conversationId, token, first)
        .recover(e -> release(conversationId, token).compose(v -> Future.failedFuture(e)))
        .compose(next -> {
          if (next == null) {
            return Future.succeededFuture();
          }
          if (closing.get()) {
            return release(conversationId, token);
          }
          return process(conversationId, token, next);
        });
  }

  /** Releases the lock if {@code token} still holds it; if Redis is away, the next try here takes it back. */
  private Future<Void> release(String conversationId, String token) {
    return this.<Long>write(() -> UNLOCK.run(commands(), new String[] {Keys.lock(conversationId)}, token))
        .<Void>mapEmpty()
        .recover(e -> {
          unreleased.put(conversationId, token);
          return Future.succeededFuture();
        });
  }

  /** Answers one message and records the answer; the next message to answer, or null (lock released). */
  private Future<Pending> processOne(String conversationId, String token, Pending pending) {
    Message message = pending.message();
    return respond(pending.conversation(), message)
        .compose(turn -> commit(conversationId, token, message, turn))
        .onSuccess(v -> {
          io.micrometer.core.instrument.Timer t = turnLatency;
          if (t != null && message.ts() != null) {
            t.record(Math.max(0, Instant.now().toEpochMilli() - message.ts().toEpochMilli()),
                java.util.concurrent.TimeUnit.MILLISECONDS);
          }
        });
  }

  private Future<BotTurn> respond(Conversation conversation, Message message) {
    if (conversation.state() != ConversationState.BOT && conversation.state() != ConversationState.QUEUED) {
      // an agent holds the conversation: the message is for them, and the bot stays silent
      return Future.succeededFuture(new BotTurn(List.of(), Map.of()));
    }
    Future<BotTurn> turn;
    try {
      turn = bot.respond(conversation, message);
    } catch (RuntimeException e) {
      turn = Future.failedFuture(e);
    }
    // never a dead end: a failing bot still answers, and the conversation moves on
    return turn.recover(e -> {
      LOG.error("The bot failed to answer a message", e);
      return Future.succeededFuture(BotTurn.of(Message.draft(Role.BOT,
          Texts.get(conversation.locale(), "error.internal"), Participant.BOT)));
    });
  }

  private Future<Pending> commit(String conversationId, String token, Message message, BotTurn turn) {
    List<String> args = new ArrayList<>(List.of(token, message.id(), ttl(),
        Long.toString(options.lockLease().toMillis()), Keys.channel(conversationId),
        Integer.toString(turn.replies().size())));
    turn.replies().forEach(r -> args.add(Json.stored(r.withInReplyTo(message.id()))));
    turn.attributes().forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    String[] keys = {Keys.meta(conversationId), Keys.log(conversationId), Keys.results(conversationId),
        Keys.lock(conversationId), Keys.clientIds(conversationId)};
    return this.<List<Object>>write(() -> COMMIT.run(commands(), keys, args.toArray(String[]::new)))
        .map(result -> result.size() >= 4 ? held(conversationId, result) : null);
  }

  // --- reading ------------------------------------------------------------------------------

  private record StoredConversation(Conversation conversation, String tokenHash) {
  }

  private Future<StoredConversation> load(String id) {
    return this.<Map<String, String>>call(commands().hgetall(Keys.meta(id))).compose(h -> {
      try {
        return Future.succeededFuture(parse(id, h));
      } catch (ConversationException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /** A flat field/value list as Redis returns a hash inside a script result. */
  private static Map<String, String> fields(List<Object> flat) {
    Map<String, String> h = new java.util.HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      h.put((String) flat.get(i), (String) flat.get(i + 1));
    }
    return h;
  }

  /** The conversation kept in record {@code h}; {@link Reason#NOT_FOUND} when there is none. */
  private static StoredConversation parse(String id, Map<String, String> h) {
    if (h == null || h.isEmpty() || !h.containsKey("id")) {
      throw new ConversationException(Reason.NOT_FOUND, "no such conversation");
    }
    Map<String, String> attributes = new java.util.HashMap<>();
    h.forEach((k, v) -> {
      if (k.startsWith("a:")) {
        attributes.put(k.substring(2), v);
      }
    });
    Conversation c = new Conversation(id, h.get("locale"),
        ConversationState.valueOf(h.getOrDefault("state", "bot").toUpperCase(java.util.Locale.ROOT)),
        h.get("channel"), new Participant(h.get("customerId"), Role.CUSTOMER, h.get("customerName")),
        Instant.ofEpochMilli(Long.parseLong(h.getOrDefault("createdAt", "0"))), Map.copyOf(attributes),
        Map.copyOf(fieldsOf(h)));
    return new StoredConversation(c, h.get("tokenHash"));
  }

  /** Record fields other modules keep on the conversation (queue, agent...): not the reserved ones. */
  private static Map<String, String> fieldsOf(Map<String, String> h) {
    Map<String, String> out = new java.util.HashMap<>();
    h.forEach((k, v) -> {
      if (!k.startsWith("a:") && !RESERVED_FIELDS.contains(k) && !FIXED_FIELDS.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private Future<Message> message(String conversationId, String id) {
    return this.<List<StreamMessage<String, String>>>call(
        commands().xrange(Keys.log(conversationId), Range.create(id, id)))
        .compose(list -> list.isEmpty()
            ? Future.failedFuture(new ConversationException(Reason.NOT_FOUND, "no such message"))
            : Future.succeededFuture(Json.fromStored(conversationId, id, list.get(0).getBody().get("m"))));
  }

  // --- plumbing -----------------------------------------------------------------------------

  private RedisClusterAsyncCommands<String, String> commands() {
    return redis.commands();
  }

  private String ttl() {
    return Long.toString(options.retention().toMillis());
  }

  /** Brings a Lettuce result back to the caller's context, mapping Redis failures. */
  /**
   * Completes when this instance's writes to the conversation reached the replicas Redis is set to
   * confirm ({@code redis.ackReplicas}): what is acknowledged then survives a failover.
   */
  private Future<Void> replicated(String conversationId) {
    return call(redis.replicated(Keys.meta(conversationId)));
  }

  /**
   * Runs a write script, unless Redis asks for no writes now (a Sentinel failover is under way: a
   * write could reach the old master, be seen live by subscribers there, and then vanish with it).
   */
  private <T> Future<T> write(java.util.function.Supplier<CompletionStage<T>> script) {
    if (redis.writesHeld()) {
      return Future.failedFuture(new ConversationException(Reason.UNAVAILABLE, "a Redis failover is under way"));
    }
    return call(script.get());
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(unavailable(e)));
  }

  private static Throwable unavailable(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ConversationException) {
      return cause;
    }
    if (cause instanceof RedisException || cause instanceof java.io.IOException
        || cause instanceof java.util.concurrent.TimeoutException) {
      return new ConversationException(Reason.UNAVAILABLE, "the conversation store is unavailable", cause);
    }
    return cause;
  }
}
