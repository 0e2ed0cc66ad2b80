package io.relevo.core.dialogue;

import java.util.List;

import io.vertx.core.Future;

/**
 * One thing the bot can do (answer from the knowledge base, fill a form, act on a ticket, hand
 * over, small talk, satisfaction). The {@link DialoguePolicy} asks every skill for proposals and
 * acts on the best. Implementations are stateless (the state is in the {@link Turn}) and
 * thread-safe; they are called on the turn's Vert.x context and must not block it.
 */
interface Skill {

  /** The skill's name in decisions. */
  String name();

  /** The button payloads this skill handles, or null when {@code payload} is not one of them. */
  default Future<BotTurn> onPayload(Turn turn, String payload) {
    return null;
  }

  /**
   * The answer to the bot's pending question ({@link Turn#awaiting()}) when this skill asked it and
   * the message answers it; null to let the message be understood as a new one.
   */
  default Future<BotTurn> onPending(Turn turn, Understanding u) {
    return null;
  }

  /** What this skill proposes for a typed message; empty when it has nothing. */
  List<Candidate> propose(Turn turn, Understanding u);
}
