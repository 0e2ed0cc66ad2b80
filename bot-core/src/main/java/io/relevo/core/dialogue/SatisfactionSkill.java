package io.relevo.core.dialogue;

import io.relevo.texts.Texts;
import java.util.ArrayList;
import java.util.List;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.knowledge.KnowledgeStats;
import io.vertx.core.Future;

/**
 * Asks once per conversation how satisfied the person is, records the score and an optional
 * comment. Stateless and thread-safe.
 */
final class SatisfactionSkill implements Skill {

  static final String CSAT = "csat:";

  private final Analytics analytics;

  SatisfactionSkill(Analytics analytics) {
    this.analytics = analytics;
  }

  @Override
  public String name() {
    return "satisfaction";
  }

  @Override
  public Future<BotTurn> onPayload(Turn turn, String payload) {
    if (!payload.startsWith(CSAT)) {
      return null;
    }
    int score;
    try {
      score = Integer.parseInt(payload.substring(CSAT.length()));
    } catch (NumberFormatException e) {
      score = 0;
    }
    if (score < 1 || score > 5) {
      return turn.done(Replies.say(turn.lang(), "ok.reply"));
    }
    turn.csat(Integer.toString(score));
    turn.await(Awaiting.Kind.CSAT_COMMENT, Integer.toString(score));
    return analytics.satisfaction(turn.conversation, score).recover(e -> Future.succeededFuture())
        .compose(v -> turn.done(Replies.say(turn.lang(), "csat.thanks")));
  }

  @Override
  public Future<BotTurn> onPending(Turn turn, Understanding u) {
    Awaiting awaiting = turn.awaiting();
    if (!awaiting.is(Awaiting.Kind.CSAT_COMMENT)) {
      return null;
    }
    turn.awaitNothing();
    boolean aComment = switch (u.act()) {
      case ASK, REQUEST, REPORT, TICKET, PERSON, GREET, HELP -> false;
      default -> u.band() != io.relevo.kb.Band.ANSWER;
    };
    if (!aComment) {
      return null;
    }
    int score = Integer.parseInt(awaiting.arg());
    turn.outcome(Outcome.SMALLTALK, null, null);
    return analytics.comment(score, turn.lang(), KnowledgeStats.redacted(u.text()))
        .compose(v -> turn.done(Replies.say(turn.lang(), "csat.commented")));
  }

  @Override
  public List<Candidate> propose(Turn turn, Understanding u) {
    return List.of();
  }

  /** {@code last}, then the satisfaction question, once per conversation. */
  static List<Message> withRating(Turn turn, Message last) {
    if (turn.csatAsked()) {
      return List.of(last);
    }
    turn.csat("asked");
    List<QuickReply> scores = new ArrayList<>();
    for (int i = 5; i >= 1; i--) {
      scores.add(new QuickReply(Texts.get(turn.lang(), "csat." + i), CSAT + i));
    }
    return List.of(last, Replies.say(turn.lang(), "csat.ask").withQuickReplies(scores));
  }
}
