package io.relevo.core.dialogue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Future;

/**
 * Chooses what the bot does with each message. A button goes to the skill that owns its payload;
 * an answer to the bot's pending question goes to the skill that asked it; anything else is
 * proposed on by every skill and the best-scored proposal acts (on a tie, the skill registered
 * first). Every turn's decision (the candidates, their scores, the rule that won) is recorded in
 * the turn. Adding a skill is one class and one line where the policy is made. Immutable and
 * thread-safe if its skills are.
 */
final class DialoguePolicy {

  private static final Logger LOG = LoggerFactory.getLogger(DialoguePolicy.class);

  private final List<Skill> skills;

  DialoguePolicy(List<Skill> skills) {
    this.skills = List.copyOf(skills);
  }

  /** The turn for a button, or null when no skill owns {@code payload}. */
  Future<BotTurn> onPayload(Turn turn, String payload) {
    for (Skill skill : skills) {
      Future<BotTurn> handled = skill.onPayload(turn, payload);
      if (handled != null) {
        if (turn.decision() == null) {
          turn.decided(Decision.direct(skill.name(), "button", Outcome.OTHER));
        }
        return handled;
      }
    }
    return null;
  }

  /** The turn for a typed message the bot understood. */
  Future<BotTurn> decide(Turn turn, Understanding u) {
    for (Skill skill : skills) {
      Future<BotTurn> answered = skill.onPending(turn, u);
      if (answered != null) {
        if (turn.decision() == null) {
          turn.decided(new Decision(skill.name(), "pending-" + turn.awaiting().kind().name().toLowerCase(), Outcome.OTHER,
              null, null, u.act(), u.intent(), u.confidence(), u.knowledge(), List.of()));
        }
        return answered;
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Skill skill : skills) {
      candidates.addAll(skill.propose(turn, u));
    }
    candidates.sort(Comparator.comparingDouble(Candidate::score).reversed()); // stable: registration order on ties
    if (candidates.isEmpty()) {
      turn.decided(new Decision("none", "nothing-fits", Outcome.OTHER, null, null, u.act(), u.intent(), u.confidence(),
          u.knowledge(), List.of()));
      return turn.done(Replies.say(turn.lang(), "ok.reply"));
    }
    Candidate best = candidates.get(0);
    turn.decided(new Decision(best.skill(), best.rule(), Outcome.OTHER, null, null, u.act(), u.intent(), u.confidence(),
        u.knowledge(), candidates.stream().map(Candidate::scored).toList()));
    return best.act().get().onSuccess(t -> {
      if (LOG.isDebugEnabled()) {
        LOG.debug("decision {}", turn.decision().json());
      }
    });
  }
}
