package io.relevo.core.dialogue;

import io.relevo.texts.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.conversation.Link;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.kb.Article;
import io.relevo.kb.Band;
import io.relevo.kb.Hit;
import io.relevo.kb.KnowledgeBase;
import io.vertx.core.Future;

/**
 * Answers from the knowledge base: the passage that answers with its article and "did it help?",
 * a choice when unsure, an honest "I don't know" with a person offered when nothing fits. A good
 * article match is never refused. Stateless and thread-safe.
 */
final class KnowledgeSkill implements Skill {

  static final String HELPED = "kb.helped:";
  static final String NOT_HELPED = "kb.not_helped:";
  static final String SHOW = "kb.show:";
  static final String NONE = "kb.none";

  private static final Pattern ORDINAL = Pattern.compile("^(the )?(el |la )?(1|2|3|first|second|third|primer[oa]?|"
      + "segund[oa]|tercer[oa]?)( one| option| opcion)?$");
  private static final Pattern NONE_TYPED = Pattern.compile("^(none|none of (them|these)|neither|ninguno|ninguna|"
      + "ninguna de (ellas|estas)|ninguno de (ellos|estos)|nada de eso)$");

  private final KnowledgeBase knowledge;
  private final KnowledgeStats stats;
  private final Analytics analytics;
  private final TurnWorkers workers;
  private final HandoffSkill handoff;
  private final FormSkill forms;
  private final ArticleFeedback feedback;

  KnowledgeSkill(KnowledgeBase knowledge, KnowledgeStats stats, Analytics analytics, TurnWorkers workers,
      HandoffSkill handoff, FormSkill forms) {
    this.knowledge = knowledge;
    this.stats = stats;
    this.analytics = analytics;
    this.workers = workers;
    this.handoff = handoff;
    this.forms = forms;
    this.feedback = new ArticleFeedback(stats, analytics, handoff, forms);
  }

  @Override
  public String name() {
    return "knowledge";
  }

  @Override
  public Future<BotTurn> onPayload(Turn turn, String payload) {
    String rated = HelpDeskBot.feedbackArticle(payload);
    String chosen = payload.startsWith(SHOW) ? payload.substring(SHOW.length()) : null;
    if (rated != null && !turn.wasShown(rated) || chosen != null && !turn.wasShown(chosen)) {
      return turn.done(Replies.say(turn.lang(), "kb.gone")); // feedback and choices only for what this conversation was shown
    }
    if (rated != null) {
      return payload.startsWith(HELPED) ? feedback.helped(turn, rated) : feedback.notHelped(turn, rated);
    }
    if (chosen != null) {
      return show(turn, chosen);
    }
    if (payload.equals(NONE)) {
      return none(turn);
    }
    return null;
  }

  @Override
  public Future<BotTurn> onPending(Turn turn, Understanding u) {
    Awaiting awaiting = turn.awaiting();
    if (awaiting.is(Awaiting.Kind.FEEDBACK) && !turn.article().isEmpty()
        && (u.act() == Act.THANKS || u.act() == Act.AFFIRM || u.act() == Act.DENY)) {
      // a typed "yes", "thanks" or "no"
      return u.act() != Act.DENY ? feedback.helped(turn, turn.article()) : feedback.notHelped(turn, turn.article());
    }
    if (awaiting.is(Awaiting.Kind.FEEDBACK) && !turn.article().isEmpty() && ArticleFeedback.stillBroken(turn, u)) {
      return feedback.notHelped(turn, turn.article()); // "it worked yesterday", "sigue sin funcionar"
    }
    if (awaiting.is(Awaiting.Kind.FEEDBACK) && !turn.article().isEmpty()) {
      Future<BotTurn> where = forms.placeOfTheProblem(turn, u);
      if (where != null) {
        return where;
      }
    }
    if (awaiting.is(Awaiting.Kind.CHOICE)) {
      String said = TextFold.words(u.text());
      if (NONE_TYPED.matcher(said).matches() || u.act() == Act.DENY) { // "no" to "which one fits best?"
        return none(turn);
      }
      Matcher m = ORDINAL.matcher(said);
      List<String> offered = offered(turn);
      if (m.matches() && !offered.isEmpty()) {
        int i = switch (m.group(3).charAt(0)) {
          case '1', 'f', 'p' -> 0;
          case '2', 's' -> 1;
          default -> 2;
        };
        if (i < offered.size()) {
          return show(turn, offered.get(i));
        }
      }
    }
    return null;
  }

  @Override
  public List<Candidate> propose(Turn turn, Understanding u) {
    List<Candidate> all = new ArrayList<>();
    if (u.answer() == null) {
      return all;
    }
    Act act = u.act();
    switch (u.band()) {
      case ANSWER -> {
        double base = switch (act) {
          case ASK -> 60;
          case REPORT -> 58;
          case STATEMENT -> 56;
          // "can I get a mac instead of a windows laptop?": asked as a question, and an article answers it surely
          case REQUEST -> Acts.isQuestion(u.text()) && u.answer().confidence() >= 0.95 ? 57 : 40;
          default -> 25;
        };
        all.add(new Candidate(name(), u.followUp() ? "follow-up-answered" : act.name().toLowerCase() + "-answered",
            base + 5 * u.answer().confidence(), () -> answer(turn, u)));
      }
      case CHOOSE -> {
        if ((act == Act.REPORT || act == Act.STATEMENT) && forms.dangerExplained(u)) {
          all.add(new Candidate(name(), "danger-answered", 60, () -> answer(turn, u)));
        }
        double base = switch (act) {
          case REPORT -> 52; // self-help first: the choices carry the report form's button
          case ASK, STATEMENT -> 45;
          case REQUEST -> 30;
          default -> 15;
        };
        all.add(new Candidate(name(), "choices", base + 5 * u.answer().confidence(), () -> choices(turn, u)));
      }
      default -> {
        if (!act.social()) {
          all.add(new Candidate(name(), "dont-know", 10, () -> dontKnow(turn, u)));
        }
      }
    }
    return all;
  }

  private Future<BotTurn> answer(Turn turn, Understanding u) {
    turn.question(u.text());
    turn.misses(0);
    Hit hit = u.answer().hits().get(0);
    List<QuickReply> more = new ArrayList<>();
    Flow flow = forms.buttonFor(u, hit.article());
    if (flow != null) {
      more.add(forms.startButton(turn.lang(), flow)); // the form one click away
    }
    if (u.intent().equals("password_reset") || hit.article().topic().equals("it-account-locked")) {
      more.add(Replies.button(turn.lang(), "password.locked", HandoffSkill.LOCKED));
    }
    turn.outcome(Outcome.ANSWER, hit.article().id(), null);
    return answerWith(turn, hit, u.answer().otherLanguage(), more);
  }

  Future<BotTurn> answerWith(Turn turn, Hit hit, boolean otherLanguage, List<QuickReply> more) {
    Article article = hit.article();
    turn.await(Awaiting.Kind.FEEDBACK, "");
    turn.article(article.id(), article.department());
    shown(turn, article.id());
    analytics.shown(turn.conversation, article.id()); // an answer; titles offered as choices are not counted
    Message ask = Replies.say(turn.lang(), "kb.helped")
        .withQuickReplies(List.of(new QuickReply(Texts.get(turn.lang(), "kb.yes"), HELPED + article.id()),
            new QuickReply(Texts.get(turn.lang(), "kb.no"), NOT_HELPED + article.id())));
    return turn.done(passage(turn.lang(), hit, otherLanguage), Replies.plus(ask, more));
  }

  /** The answering passage with its article's link. */
  static Message passage(String lang, Hit hit, boolean otherLanguage) {
    Article article = hit.article();
    String passage = hit.passage() == null || hit.passage().isBlank() ? article.title() : hit.passage();
    return Replies.say(lang, otherLanguage ? "kb.answer.other" : "kb.answer", Replies.plain(passage))
        .withLinks(List.of(new Link(article.title(), "/kb/" + article.id(), article.id())));
  }

  private Future<BotTurn> choices(Turn turn, Understanding u) {
    turn.question(u.text());
    turn.misses(0);
    Flow flow = u.act() == Act.REPORT ? forms.flowFor(u) : null;
    turn.await(Awaiting.Kind.CHOICE, flow == null ? "" : flow.intent()); // the form stays offered after "none"
    List<QuickReply> choices = new ArrayList<>();
    List<Hit> hits = u.answer().hits();
    for (Hit hit : hits.subList(0, Math.min(3, hits.size()))) {
      choices.add(new QuickReply(hit.article().title(), SHOW + hit.article().id()));
      shown(turn, hit.article().id());
    }
    choices.add(new QuickReply(Texts.get(turn.lang(), "kb.none"), NONE));
    if (flow != null) {
      choices.add(forms.startButton(turn.lang(), flow));
    }
    turn.outcome(Outcome.CHOICES, hits.get(0).article().id(), null);
    return turn.done(Replies.say(turn.lang(), "kb.choose").withQuickReplies(choices));
  }

  private static final HandoffTrigger NOT_UNDERSTOOD = new HandoffTrigger.NotUnderstood();

  private Future<BotTurn> dontKnow(Turn turn, Understanding u) {
    HandoffReason again = handoff.available() ? NOT_UNDERSTOOD.fires(turn, u) : null;
    turn.question(u.text());
    turn.misses(turn.misses() + 1);
    turn.awaitNothing();
    List<QuickReply> buttons = new ArrayList<>(Replies.options(turn.lang(), handoff.available()));
    Flow flow = u.act() == Act.REPORT || u.act() == Act.REQUEST ? forms.flowFor(u) : null;
    if (flow != null) {
      buttons.add(0, forms.startButton(turn.lang(), flow)); // a problem or a request nobody documented: its form
    }
    turn.outcome(Outcome.DONT_KNOW, null, null);
    if (again != null) {
      return gap(turn, u.text(), "no_answer").compose(v -> handoff.escalate(turn, again, handoff.queueOf(u.department()),
          NOT_UNDERSTOOD.preface()));
    }
    return gap(turn, u.text(), "no_answer").compose(v -> turn.done(
        Replies.say(turn.lang(), u.intent().equals("out_of_scope") ? "cannot.help" : "kb.unknown").withQuickReplies(buttons)));
  }

  private Future<BotTurn> none(Turn turn) {
    Awaiting awaiting = turn.awaiting();
    Flow offered = awaiting.is(Awaiting.Kind.CHOICE) && !awaiting.arg().isEmpty() ? forms.flowNamed(awaiting.arg()) : null;
    turn.awaitNothing();
    List<QuickReply> buttons = new ArrayList<>(Replies.options(turn.lang(), handoff.available()));
    if (offered != null) {
      buttons.add(0, forms.startButton(turn.lang(), offered)); // a problem none of the articles fits: its form
    }
    return gap(turn, turn.question(), "no_answer").compose(v -> turn.done(
        Replies.say(turn.lang(), offered == null ? "kb.none.reply" : "kb.none.reply.form").withQuickReplies(buttons)));
  }

  private static List<String> offered(Turn turn) {
    String[] shown = turn.get(DialogueKeys.SHOWN).strip().split(" ");
    List<String> last = new ArrayList<>();
    for (int i = Math.max(0, shown.length - 3); i < shown.length; i++) {
      if (!shown[i].isEmpty()) {
        last.add(shown[i]);
      }
    }
    return last;
  }

  private Future<BotTurn> show(Turn turn, String articleId) {
    return workers.submit(turn.order, "article", () -> knowledge.get(articleId)).compose(found -> {
      if (found.isEmpty()) {
        turn.awaitNothing();
        return turn.done(Replies.say(turn.lang(), "kb.gone"));
      }
      Article article = found.get();
      String question = turn.question();
      return workers.submit(turn.order, "search", () -> knowledge.search(question.isEmpty() ? article.title() : question,
          article.lang(), 10)).compose(hits -> {
            Hit hit = hits.stream().filter(h -> h.article().id().equals(articleId)).findFirst()
                .orElse(new Hit(article, 0, summary(article.body())));
            return answerWith(turn, hit, !article.lang().equals(turn.lang()), List.of());
          });
    });
  }

  private void shown(Turn turn, String articleId) {
    turn.shown(articleId);
    stats.shown(articleId);
  }

  private Future<Void> gap(Turn turn, String question, String reason) {
    return ArticleFeedback.gap(stats, analytics, turn, question, reason);
  }

  private static String summary(String body) {
    for (String para : body.split("\\n\\s*\\n")) {
      String p = para.strip();
      if (!p.isEmpty() && !p.startsWith("#")) {
        return p;
      }
    }
    return body.strip();
  }
}
