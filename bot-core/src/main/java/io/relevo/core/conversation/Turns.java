package io.relevo.core.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.ConversationException.Reason;
import io.relevo.core.dialogue.Bot;
import io.relevo.core.dialogue.BotTurn;
import io.relevo.texts.Texts;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * The bot's turns for {@link ConversationService}: takes a conversation's lock (a lease), answers
 * its unanswered messages one at a time in transcript order, records each answer while still
 * holding the lock, and tries again by itself when Redis was away. Thread-safe; one per service.
 */
final class Turns {

  /** Logged under the service's name, as before this class was split from it. */
  private static final Logger LOG = LoggerFactory.getLogger(ConversationService.class);
  private static final LuaScript COMMIT = LuaScript.load(Turns.class, ScriptOutputType.MULTI,
      "hold.lua", "commit.lua");
  private static final LuaScript UNLOCK = LuaScript.load(Turns.class, "unlock.lua", ScriptOutputType.INTEGER);
  private static final LuaScript ACQUIRE = LuaScript.load(Turns.class, ScriptOutputType.MULTI,
      "hold.lua", "acquire.lua");
  /** Pause before processing that failed because Redis was away is tried again. */
  private static final long RETRY_MS = 1000;

  private final Store store;
  private final Bot bot;
  private volatile io.micrometer.core.instrument.Timer turnLatency;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean closing = new AtomicBoolean();
  /** Lock tokens of failed processing that could not release the lock: the next try here takes it back. */
  private final Map<String, String> unreleased = new java.util.concurrent.ConcurrentHashMap<>();
  /** Conversations with a look-again timer set, at most one each. */
  private final Set<String> rechecks = java.util.concurrent.ConcurrentHashMap.newKeySet();

  Turns(Store store, Bot bot) {
    this.store = store;
    this.bot = bot;
  }

  void metrics(io.micrometer.core.instrument.MeterRegistry metrics) {
    this.turnLatency = io.micrometer.core.instrument.Timer.builder("relevo_turn_latency")
        .description("From a person's message stored to the bot's replies stored")
        .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofMillis(1))
        .maximumExpectedValue(java.time.Duration.ofSeconds(30))
        .register(metrics);
  }

  /**
   * The token a script takes the conversation's lock with: one a failed release left here
   * ({@code reclaimed}), else a new one; none ({@code ""}) once shutting down.
   */
  record Claim(String conversationId, String token, String reclaimed) {
  }

  Claim claim(String conversationId) {
    return closing.get() ? new Claim(conversationId, "", null) : reclaim(conversationId);
  }

  private Claim reclaim(String conversationId) {
    String reclaimed = unreleased.remove(conversationId);
    return new Claim(conversationId, reclaimed != null ? reclaimed : Tokens.random(12), reclaimed);
  }

  /** Keeps the reclaimed token of {@code claim} for the next try, the script not having taken the lock with it. */
  void keep(Claim claim) {
    if (claim.reclaimed() != null) {
      unreleased.putIfAbsent(claim.conversationId(), claim.reclaimed());
    }
  }

  Future<Void> shutdown(Duration timeout) {
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
      store.vertx().setTimer(20, t -> waitIdle(done, deadline));
    }
  }

  /** Makes sure the conversation's unanswered messages get processed, here or by whoever holds them. */
  void kick(String conversationId) {
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
      store.vertx().setTimer(delayMs, t -> {
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
      List<Object> record = (List<Object>) hold.get(1);
      String id = (String) hold.get(2);
      return new Pending(Records.parse(conversationId, record),
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
  void onHold(String conversationId, String token, List<Object> hold) {
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
    Claim claim = reclaim(conversationId);
    String[] keys = {Keys.lock(conversationId), Keys.meta(conversationId), Keys.log(conversationId)};
    return store.<List<Object>>write(() -> ACQUIRE.run(store.commands(), keys, claim.token(), store.lease()))
        .onFailure(e -> keep(claim))
        .compose(hold -> proceed(conversationId, claim.token(), hold));
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
    return store.<Long>write(() -> UNLOCK.run(store.commands(), new String[] {Keys.lock(conversationId)}, token))
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
    List<String> args = new ArrayList<>(List.of(token, message.id(), store.ttl(), store.lease(),
        Keys.channel(conversationId), Integer.toString(turn.replies().size())));
    turn.replies().forEach(r -> args.add(Json.stored(r.withInReplyTo(message.id()))));
    turn.attributes().forEach((k, v) -> {
      args.add(k);
      args.add(v);
    });
    String[] keys = {Keys.meta(conversationId), Keys.log(conversationId), Keys.results(conversationId),
        Keys.lock(conversationId), Keys.clientIds(conversationId)};
    return store.<List<Object>>write(() -> COMMIT.run(store.commands(), keys, args.toArray(String[]::new)))
        .map(result -> result.size() >= 4 ? held(conversationId, result) : null);
  }
}
