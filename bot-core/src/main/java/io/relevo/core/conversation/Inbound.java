package io.relevo.core.conversation;

import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.ConversationException.Reason;
import io.relevo.core.conversation.ConversationService.Accepted;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * A person's messages for {@link ConversationService}: storing each once (taking the free lock
 * for this instance's {@link Turns}) and waiting for the bot's replies to it, wherever it was
 * answered. Thread-safe.
 */
final class Inbound {

  private static final LuaScript APPEND = LuaScript.load(Inbound.class, ScriptOutputType.MULTI,
      "hold.lua", "append.lua");

  private final Store store;
  private final Turns turns;
  private final Transcript transcript;
  private final ConversationEvents events;

  Inbound(Store store, Turns turns, Transcript transcript, ConversationEvents events) {
    this.store = store;
    this.turns = turns;
    this.transcript = transcript;
    this.events = events;
  }

  Future<Accepted> accept(String conversationId, String text, String clientMessageId, String payload) {
    Message draft = new Message(null, null, Role.CUSTOMER, text, null, clientMessageId, null, payload,
        List.of(), null, List.of());
    String[] keys = {Keys.meta(conversationId), Keys.log(conversationId), Keys.clientIds(conversationId),
        Keys.lock(conversationId)};
    // the message is answered here when the lock is free: the script takes it for this token
    Turns.Claim claim = turns.claim(conversationId);
    String token = claim.token();
    return store.<List<Object>>write(() -> APPEND.run(store.commands(), keys, store.ttl(),
        clientMessageId == null ? "" : clientMessageId, Json.stored(draft), Keys.channel(conversationId),
        token, store.lease()))
        .onFailure(e -> turns.keep(claim))
        .compose(result -> {
          String outcome = (String) result.get(0);
          String id = (String) result.get(1);
          @SuppressWarnings("unchecked")
          List<Object> hold = (List<Object>) result.get(2);
          if (hold.isEmpty()) {
            turns.keep(claim);
          }
          switch (outcome) {
            case "NEW":
              turns.onHold(conversationId, token, hold);
              return store.replicated(conversationId)
                  .map(v -> new Accepted(draft.stored(id, conversationId, Json.timeOf(id)), false));
            case "DUP":
              turns.onHold(conversationId, token, hold);
              return store.replicated(conversationId).compose(v -> transcript.message(conversationId, id))
                  .map(m -> new Accepted(m, true));
            case "CLOSED":
              return Future.failedFuture(new ConversationException(Reason.CLOSED, "the conversation is closed"));
            default:
              return Future.failedFuture(new ConversationException(Reason.NOT_FOUND, "no such conversation"));
          }
        });
  }

  Future<List<Message>> replies(String conversationId, String messageId) {
    Promise<List<Message>> result = Promise.promise();
    long[] timers = new long[2];
    events.subscribe(conversationId, event -> {
      if ("processed".equals(event.type()) && messageId.equals(event.messageId())) {
        result.tryComplete(event.replies());
      } else if (ConversationEvents.RESYNC.equals(event.type())) {
        turns.kick(conversationId);
        checkResult(conversationId, messageId, result);
      }
    }).onComplete(sub -> {
      if (sub.failed()) {
        result.tryFail(Store.unavailable(sub.cause()));
        return;
      }
      result.future().onComplete(done -> {
        sub.result().cancel();
        store.vertx().cancelTimer(timers[0]);
        store.vertx().cancelTimer(timers[1]);
      });
      // the answer may already be there; after that, the event brings it
      checkResult(conversationId, messageId, result);
      // a lapsed lock of a dead instance, or a lost event, must not leave the caller waiting
      timers[0] = store.vertx().setPeriodic(1000, t -> {
        turns.kick(conversationId);
        checkResult(conversationId, messageId, result);
      });
      timers[1] = store.vertx().setTimer(store.options().processingTimeout().toMillis(), t -> result.tryFail(
          new ConversationException(Reason.TIMEOUT, "the message is stored but was not answered in time")));
    });
    // the replies were committed through this instance's connection when it answered the message
    return result.future().compose(r -> store.replicated(conversationId).map(r));
  }

  private void checkResult(String conversationId, String messageId, Promise<List<Message>> result) {
    store.<String>call(store.commands().hget(Keys.results(conversationId), messageId)).onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        result.tryComplete(Json.replies(conversationId, ar.result()));
      } else if (ar.failed()) {
        // Redis is away: the caller gets a retriable error now rather than a timeout much later
        result.tryFail(ar.cause());
      }
    });
  }
}
