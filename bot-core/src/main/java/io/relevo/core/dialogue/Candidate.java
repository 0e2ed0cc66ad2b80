package io.relevo.core.dialogue;

import java.util.function.Supplier;

import io.vertx.core.Future;

/**
 * A skill's proposal for one message: how well it fits (the highest score acts), the rule that
 * made it, and what acting does. Immutable; {@code act} runs at most once, on the turn's context.
 */
record Candidate(String skill, String rule, double score, Supplier<Future<BotTurn>> act) {

  /** A candidate as recorded in a {@link Decision}. */
  record Scored(String skill, String rule, double score) {
  }

  Scored scored() {
    return new Scored(skill, rule, score);
  }
}
