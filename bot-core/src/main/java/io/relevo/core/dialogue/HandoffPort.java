package io.relevo.core.dialogue;

import io.relevo.core.conversation.Conversation;
import io.vertx.core.Future;

/**
 * The bot's way to a person: implemented by the handoff module. Thread-safe; called on a Vert.x
 * context while the conversation is being processed (one message at a time).
 */
public interface HandoffPort {

  /** What became of a request for a person. */
  enum Outcome {
    /** Waiting in a queue for an agent. */
    QUEUED,
    /** Already waiting or with an agent. */
    ALREADY,
    /** Nobody can take it now (outside business hours or nobody online): offer a ticket or a callback. */
    UNAVAILABLE
  }

  /**
   * The result of a request for a person.
   *
   * @param outcome what became of it
   * @param position 1-based place in line when queued, else 0
   * @param estimatedWait rough wait when queued, else zero
   */
  record Escalation(Outcome outcome, long position, java.time.Duration estimatedWait) {
  }

  /**
   * Puts the conversation in {@code queue}'s line with {@code reason} (a code shown to the agent).
   * The caller tells the person where they stand.
   *
   * @param queue a queue id (it, hr, facilities, general...); unknown ids go to the default queue
   */
  Future<Escalation> escalate(Conversation conversation, String reason, String queue);

  /**
   * Takes a waiting conversation out of its queue and gives it back to the bot (the person left
   * before an agent took it). Completes with false when it was not waiting.
   */
  default Future<Boolean> withdraw(Conversation conversation) {
    return Future.succeededFuture(false);
  }
}
