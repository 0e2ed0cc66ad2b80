package io.relevo.core.dialogue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.knowledge.KnowledgeStats;
import io.vertx.core.Future;

/**
 * What a person says of an article shown ("did this help?", by button or typed): counted for the
 * article, a gap recorded when it did not help, and a person after two answers that did not help.
 * Stateless and thread-safe.
 */
final class ArticleFeedback {

  private static final Logger LOG = LoggerFactory.getLogger(ArticleFeedback.class);

  private final KnowledgeStats stats;
  private final Analytics analytics;
  private final HandoffSkill handoff;

  ArticleFeedback(KnowledgeStats stats, Analytics analytics, HandoffSkill handoff) {
    this.stats = stats;
    this.analytics = analytics;
    this.handoff = handoff;
  }

  Future<BotTurn> rated(Turn turn, String articleId, boolean helped) {
    turn.outcome(Outcome.OTHER, articleId, null);
    return helped ? helped(turn, articleId) : notHelped(turn, articleId);
  }

  private Future<BotTurn> helped(Turn turn, String articleId) {
    turn.awaitNothing();
    turn.article("");
    turn.misses(0);
    turn.unhelped(0);
    return stats.helpful(articleId).recover(e -> Future.succeededFuture())
        .compose(v -> analytics.rated(turn.conversation, articleId, true))
        .compose(v -> turn.done(SatisfactionSkill.withRating(turn, Replies.say(turn.lang(), "kb.glad"))));
  }

  private Future<BotTurn> notHelped(Turn turn, String articleId) {
    turn.awaitNothing();
    turn.article("");
    int unhelped = turn.unhelped() + 1;
    turn.unhelped(unhelped);
    return stats.notHelpful(articleId).recover(e -> Future.succeededFuture())
        .compose(v -> analytics.rated(turn.conversation, articleId, false))
        .compose(v -> gap(stats, analytics, turn, turn.question(), "not_helpful"))
        .compose(v -> unhelped >= 2 && handoff.available()
            ? handoff.escalate(turn, HandoffReason.NOT_HELPED, handoff.queueOf(turn.department()), "escalate.not_helped")
            : turn.done(Replies.say(turn.lang(), "kb.sorry").withQuickReplies(Replies.options(turn.lang(), handoff.available()))));
  }

  /** Records {@code question} as one the knowledge base did not answer (best effort). */
  static Future<Void> gap(KnowledgeStats stats, Analytics analytics, Turn turn, String question, String reason) {
    if (question == null || question.isBlank()) {
      return Future.succeededFuture();
    }
    String channel = turn.conversation.channel() == null ? "web" : turn.conversation.channel();
    return analytics.unanswered(turn.conversation).compose(v -> stats.gap(question, turn.lang(), reason, channel)).recover(e -> {
      LOG.warn("Could not record an unanswered question: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }
}
