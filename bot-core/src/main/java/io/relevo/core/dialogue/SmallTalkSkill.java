package io.relevo.core.dialogue;

import java.util.ArrayList;
import java.util.List;

import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.Message;
import io.vertx.core.Future;

/**
 * Greetings, thanks, goodbyes, "what can you do?" and chit-chat: a short reply that never enters a
 * human queue. Leaving takes a waiting conversation out of its queue. Stateless and thread-safe.
 */
final class SmallTalkSkill implements Skill {

  private final HandoffPort handoff;

  SmallTalkSkill(HandoffPort handoff) {
    this.handoff = handoff;
  }

  @Override
  public String name() {
    return "smalltalk";
  }

  @Override
  public List<Candidate> propose(Turn turn, Understanding u) {
    List<Candidate> all = new ArrayList<>();
    if (!u.act().social()) {
      return all;
    }
    // an article answers "bye, I'm off sick today" better than a goodbye; never "how are you today?"
    boolean answered = u.band() == io.relevo.kb.Band.ANSWER && !(u.act() == Act.CHITCHAT && few(u.text()));
    all.add(new Candidate(name(), u.act().name().toLowerCase(), answered ? 20 : 70, () -> reply(turn, u.act())));
    return all;
  }

  /** Whether a message is chit-chat and nothing more: five words at most ("quien te ha hecho?"). */
  private static boolean few(String text) {
    return TextFold.words(text).split(" ").length <= 5;
  }

  private Future<BotTurn> reply(Turn turn, Act act) {
    String lang = turn.lang();
    turn.outcome(Outcome.SMALLTALK, null, null);
    return switch (act) {
      case GREET -> turn.done(Replies.say(lang, "hello"));
      case THANKS -> turn.done(Replies.say(lang, "thanks.reply"));
      case LEAVE -> leave(turn);
      case HELP -> turn.done(Replies.say(lang, "help.reply").withQuickReplies(Replies.options(lang, handoff != null)));
      case CHITCHAT -> turn.done(Replies.say(lang, "chitchat.reply"));
      default -> {
        turn.awaitNothing();
        yield turn.done(Replies.say(lang, "ok.reply"));
      }
    };
  }

  /** A goodbye: out of the queue when waiting there, then the rating once per conversation. */
  private Future<BotTurn> leave(Turn turn) {
    turn.awaitNothing();
    Message bye = Replies.say(turn.lang(), "goodbye.reply");
    if (handoff == null || turn.conversation.state() != ConversationState.QUEUED) {
      return turn.done(SatisfactionSkill.withRating(turn, bye));
    }
    return handoff.withdraw(turn.conversation).compose(left -> turn.done(left
        ? List.of(Replies.say(turn.lang(), "handoff.withdrawn"), bye) : SatisfactionSkill.withRating(turn, bye)));
  }
}
