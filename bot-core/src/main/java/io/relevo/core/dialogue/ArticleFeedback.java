package io.relevo.core.dialogue;

import io.relevo.core.conversation.QuickReply;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.knowledge.KnowledgeStats;
import io.vertx.core.Future;

/**
 * What a person says of an article shown ("did this help?", by button or typed): counted for the
 * article, a gap recorded when it did not help (with the report form of the article's department offered), and a
 * person after two answers that did not help; "it still doesn't work" typed after an answer is a no.
 * Stateless and thread-safe.
 */
final class ArticleFeedback {

  private static final Logger LOG = LoggerFactory.getLogger(ArticleFeedback.class);

  private final KnowledgeStats stats;
  private final Analytics analytics;
  private final HandoffSkill handoff;
  private final FormSkill forms;

  ArticleFeedback(KnowledgeStats stats, Analytics analytics, HandoffSkill handoff, FormSkill forms) {
    this.stats = stats;
    this.analytics = analytics;
    this.handoff = handoff;
    this.forms = forms;
  }

  /** It helped: counted, and the rating asked. */
  Future<BotTurn> helped(Turn turn, String articleId) {
    turn.outcome(Outcome.OTHER, articleId, null);
    turn.awaitNothing();
    turn.article("");
    turn.misses(0);
    turn.unhelped(0);
    return stats.helpful(articleId).recover(e -> Future.succeededFuture())
        .compose(v -> analytics.rated(turn.conversation, articleId, true))
        .compose(v -> turn.done(SatisfactionSkill.withRating(turn, Replies.say(turn.lang(), "kb.glad"))));
  }

  /**
   * It did not help: counted and recorded as a gap; sorry, with the report form of the article's department first
   * among the ways on, or a person after the second time.
   */
  Future<BotTurn> notHelped(Turn turn, String articleId) {
    turn.outcome(Outcome.OTHER, articleId, null);
    io.relevo.core.dialogue.flows.Flow form = forms.incidentFormOf(turn.articleDepartment());
    List<QuickReply> ways = new java.util.ArrayList<>();
    if (form != null) {
      ways.add(forms.startButton(turn.lang(), form));
    }
    ways.addAll(Replies.options(turn.lang(), handoff.available()));
    turn.await(Awaiting.Kind.UNSOLVED, "");
    turn.article("");
    int unhelped = turn.unhelped() + 1;
    turn.unhelped(unhelped);
    return stats.notHelpful(articleId).recover(e -> Future.succeededFuture())
        .compose(v -> analytics.rated(turn.conversation, articleId, false))
        .compose(v -> gap(stats, analytics, turn, turn.question(), "not_helpful"))
        .compose(v -> unhelped >= 2 && handoff.available()
            ? handoff.escalate(turn, HandoffReason.NOT_HELPED, handoff.queueOf(turn.department()), "escalate.not_helped")
            : turn.done(Replies.say(turn.lang(), "kb.sorry").withQuickReplies(ways)));
  }

  /** Words that tell a problem without naming a thing: "it still doesn't work", "ayer funcionaba". */
  private static final java.util.Set<String> STILL_WORDS = java.util.Set.of("it", "that", "this", "still", "doesnt",
      "does", "doesn", "not", "work", "working", "worked", "didnt", "didn", "did", "wont", "won", "isnt", "isn", "is",
      "was", "yesterday", "before", "morning", "same", "problem", "thing", "nothing", "changed", "already", "but",
      "tried", "i", "ive", "the", "fine", "ok", "until", "t", "ve", "s", "sigue", "sin", "funcionar", "funciona",
      "funcionaba", "funciono", "no", "va", "iba", "bien", "ayer", "antes", "todavia", "aun", "igual", "lo", "mismo",
      "ha", "he", "probado", "ya", "pero", "sigo", "seguimos", "continua", "esta", "manana", "si", "hasta", "nada",
      "problema", "el", "la", "me", "deja");

  /** A short problem told right after an answer, naming nothing else: the answer did not solve it. */
  static boolean stillBroken(Turn turn, Understanding u) {
    String[] words = TextFold.words(u.text()).split(" ");
    return (u.act() == Act.REPORT || u.act() == Act.STATEMENT) && words.length <= 6
        && java.util.Arrays.stream(words).allMatch(STILL_WORDS::contains)
        && (u.band() != io.relevo.kb.Band.ANSWER || u.answer().hits().get(0).article().id().equals(turn.article()));
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
