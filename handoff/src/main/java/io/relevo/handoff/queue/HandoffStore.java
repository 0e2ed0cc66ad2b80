package io.relevo.handoff.queue;

import java.util.concurrent.CompletionStage;

import io.relevo.core.conversation.ConversationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Brings the handoff's Redis results back to the caller's context, failures as {@link ConversationException.Reason#UNAVAILABLE}. */
final class HandoffStore {

  private HandoffStore() {
  }

  static <T> Future<T> call(Vertx vertx, CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(new ConversationException(ConversationException.Reason.UNAVAILABLE,
            "the handoff store is unavailable", e)));
  }
}
