package io.relevo.core.dialogue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.relevo.intents.Analysis;
import io.relevo.intents.IntentService;
import io.relevo.kb.Answer;
import io.relevo.kb.Article;
import io.relevo.kb.Band;
import io.relevo.kb.KnowledgeBase;
import io.vertx.core.Future;

/**
 * Understands a typed message: the classifier's analysis and the knowledge base's answer, both on
 * the understanding workers, then what the person wants and the department. A short follow-up of
 * the article just shown ("and on my phone?") is searched again with that article's title.
 * Thread-safe; the futures complete on the caller's context.
 */
final class Understander {

  /**
   * The share of a follow-up's telling words (weighted by rarity) an article must hold to answer it: "and if it says my
   * certificate expired?" after connecting to the VPN shares only "says" with it (0.29), and its passage was the one just
   * shown again.
   */
  private static final double COVERED = 0.5;
  private static final Pattern FOLLOW_UP = Pattern.compile(
      "^(and|what about|how about|what if|also|but|same for|y|y si|y en|y con|y para|y el|y la|y los|y las|"
      + "pero|tambien|que pasa si|y que pasa|y si no|and if|and on|and for|and the|and with)\\b");

  private final IntentService intents;
  private final KnowledgeBase knowledge;
  private final TurnWorkers workers;
  private final Departments departments;
  private volatile boolean publicOnlyForAnonymous;
  private volatile int understandChars = 1000;
  private volatile long hurryAfterNanos;

  Understander(IntentService intents, KnowledgeBase knowledge, TurnWorkers workers, Departments departments) {
    this.intents = intents;
    this.knowledge = knowledge;
    this.workers = workers;
    this.departments = departments;
  }

  void publicOnlyForAnonymous(boolean value) {
    this.publicOnlyForAnonymous = value;
  }

  void understandChars(int chars) {
    this.understandChars = chars;
  }

  void hurryAfter(long nanos) {
    this.hurryAfterNanos = nanos;
  }

  long hurryAfterNanos() {
    return hurryAfterNanos;
  }

  /** @param hurried asked when the analysis starts on its worker: whether the turn has waited too long for it */
  Future<Understanding> understand(Turn turn, String typed, java.util.function.BooleanSupplier hurried) {
    String text = Acts.withoutCourtesy(typed);
    String heard = head(text, understandChars);
    return workers.submit(turn.order, "understand", () -> intents.analyze(heard, turn.lang(), hurried.getAsBoolean())).compose(analysis -> {
      turn.speak(analysis.language());
      Act act = Acts.of(text, analysis);
      if (!searched(act, text, analysis)) {
        return Future.succeededFuture(new Understanding(text, analysis, act, null,
            departments.of(text, analysis, null, shownDepartment(turn)), false));
      }
      return answer(turn, heard, analysis.sentenceVector())
          .compose(found -> hinted(turn, text, act, analysis, found))
          .compose(found -> inForm(turn, text, act, found))
          .compose(answer -> followUp(turn, text, Acts.thanksAnd(typed), act, answer)
          .map(follow -> {
            Answer used = follow != null ? follow : answer;
            return new Understanding(text, analysis, act, used, departments.of(text, analysis, used, shownDepartment(turn)), follow != null);
          }));
    });
  }

  /** Social acts, ticket actions and a call for a person in a few words need no search. */
  private static boolean searched(Act act, String text, Analysis analysis) {
    int words = TextFold.words(text).split(" ").length;
    return switch (act) {
      case TICKET, PERSON -> false;
      case GREET, THANKS, LEAVE, HELP, AFFIRM, DENY, CHITCHAT -> words > 3;
      default -> true;
    };
  }

  /**
   * When the classifier is sure of an intent whose matter one article covers and the knowledge base
   * is unsure (a typo, a short message), that article answers if the search found it among its
   * choices, or when a search with the article's title finds it first.
   */
  private Future<Answer> hinted(Turn turn, String text, Act act, Analysis analysis, Answer answer) {
    String topic = departments.topicOf(Acts.intent(analysis));
    double sure = analysis.top() == null ? 0 : analysis.top().confidence();
    if (topic == null || answer.band() == Band.ANSWER || sure < 0.8 || act.social()) {
      return Future.succeededFuture(answer);
    }
    for (var hit : answer.hits()) {
      if (hit.article().topic().equals(topic)) {
        return Future.succeededFuture(new Answer(Band.ANSWER, answer.confidence(), java.util.List.of(hit), answer.otherLanguage()));
      }
    }
    if (sure < 0.9) {
      return Future.succeededFuture(answer);
    }
    String id = turn.lang() + "-" + topic;
    return workers.submit(turn.order, "article", () -> knowledge.get(id)).compose(found -> found.isEmpty()
        ? Future.succeededFuture(answer)
        : answer(turn, found.get().title() + ". " + text, null).map(again -> !again.hits().isEmpty()
            && again.hits().get(0).article().topic().equals(topic)
            ? new Answer(Band.ANSWER, again.confidence(), java.util.List.of(again.hits().get(0)), again.otherLanguage())
            : answer));
  }

  /**
   * A question while a form waits is about the form's matter ("how long does it take?" while asking
   * for a monitor): it is searched with the title of the article about that matter, and an answer
   * from another department's article is not taken.
   */
  private Future<Answer> inForm(Turn turn, String text, Act act, Answer answer) {
    String flow = turn.get(io.relevo.core.dialogue.flows.FormEngine.FORM);
    String topic = flow.isEmpty() ? null : departments.topicOf(flow);
    if (topic == null || act != Act.ASK) {
      return Future.succeededFuture(answer);
    }
    return workers.submit(turn.order, "article", () -> knowledge.get(turn.lang() + "-" + topic)).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(answer);
      }
      Article about = found.get();
      return answer(turn, about.title() + ". " + text, null).map(again -> {
        if (again.band() == Band.ANSWER) {
          return again;
        }
        boolean sameMatter = !answer.hits().isEmpty()
            && answer.hits().get(0).article().department().equals(about.department());
        return sameMatter ? answer : new Answer(Band.UNKNOWN, answer.confidence(), java.util.List.of(), answer.otherLanguage());
      });
    });
  }

  /** @param thanksAnd the message began "thanks, and" ("gracias, y desde un hotel?"): it goes on from the last answer */
  private Future<Answer> followUp(Turn turn, String text, boolean thanksAnd, Act act, Answer answer) {
    String last = lastShown(turn);
    if (last == null || act.social()) {
      return Future.succeededFuture(null);
    }
    String folded = TextFold.fold(text.strip());
    int words = TextFold.words(text).split(" ").length;
    // "y desde el móvil?": a short message that starts as a follow-up is about the article just shown,
    // even when on its own it would match another one
    boolean followsUp = (FOLLOW_UP.matcher(folded).find() || thanksAnd) && words <= 9;
    if (answer.band() == Band.ANSWER && !followsUp || !followsUp && !(act == Act.ASK && words <= 6)) {
      return Future.succeededFuture(null);
    }
    return workers.submit(turn.order, "article", () -> knowledge.get(last)).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(null);
      }
      Article article = found.get();
      // the article just shown disambiguates: its matter or a neighbour of it ("and for guests?" after the office Wi-Fi)
      return answer(turn, article.title() + ". " + text, null).compose(again -> again.band() == Band.ANSWER
          || again.band() == Band.CHOOSE && again.hits().get(0).article().topic().equals(article.topic())
          ? aboutIt(turn, text, again, answer).compose(kept -> kept == null ? Future.succeededFuture(null)
              : ownPassage(turn, kept, text))
          : Future.succeededFuture(null));
    });
  }

  /**
   * {@code found} when its article has most of the follow-up's telling words ("and for guests?") and the message's own
   * confident answer no more of them, or it has none to look for;
   * else the next of its articles, of the same department, that has them ("and from a hotel?" after connecting to
   * the VPN: the VPN troubleshooting, not the travel policy); else the message's own answer when its article has one
   * ("and what about parking?"), else an honest "don't know": "and for the airport lounge?" after the guest Wi-Fi
   * is about something no article covers.
   */
  private Future<Answer> aboutIt(Turn turn, String text, Answer found, Answer own) {
    io.relevo.kb.Article first = found.hits().get(0).article();
    String ownId = own.band() == Band.UNKNOWN || own.hits().isEmpty() ? null : own.hits().get(0).article().id();
    return workers.submit(turn.order, "coverage", () -> {
      double covered = knowledge.coverage(first.id(), text);
      if (Double.isNaN(covered)) {
        return found;
      }
      double ownCovered = ownId == null ? 0 : knowledge.coverage(ownId, text);
      // "gracias, y cómo pido un monitor para casa?" after the VPN is a question of its own, which its own confident
      // answer covers better than the article just shown or its neighbours
      boolean ownAnswers = own.band() == Band.ANSWER && ownCovered >= COVERED;
      if (covered >= COVERED) {
        return ownAnswers && !ownId.equals(first.id()) && ownCovered > covered ? null : found;
      }
      // the answer keeps one article: the search again for its neighbours
      for (io.relevo.kb.Hit next : knowledge.search(first.title() + ". " + text, first.lang(), 3)) {
        double nextCovered = next.article().id().equals(first.id()) || !next.article().department().equals(first.department())
            ? 0 : knowledge.coverage(next.article().id(), text);
        if (nextCovered >= COVERED) {
          return ownAnswers && ownCovered > nextCovered ? null
              : new Answer(Band.ANSWER, found.confidence(), List.of(next), found.otherLanguage());
        }
      }
      return ownCovered >= COVERED ? null : new Answer(Band.UNKNOWN, own.confidence(), List.of(), own.otherLanguage());
    });
  }

  /**
   * {@code found} with its first article's passage chosen for {@code question} alone: the search was made
   * with the article's title too, which draws the choice to the article's lead ("and can I carry them
   * over?" after the vacation article is answered by its carry-over section).
   */
  private Future<Answer> ownPassage(Turn turn, Answer found, String question) {
    if (found.hits().isEmpty()) {
      return Future.succeededFuture(found);
    }
    String id = found.hits().get(0).article().id();
    return workers.submit(turn.order, "passage", () -> knowledge.passage(id, question)).map(hit -> {
      if (hit.isEmpty() || hit.get().passage().isBlank()) {
        return found;
      }
      java.util.List<io.relevo.kb.Hit> hits = new java.util.ArrayList<>(found.hits());
      hits.set(0, new io.relevo.kb.Hit(hit.get().article(), hits.get(0).score(), hit.get().passage()));
      return new Answer(found.band(), found.confidence(), hits, found.otherLanguage());
    });
  }

  /** The department of the article just shown, awaiting "did it help?", or null. */
  private static String shownDepartment(Turn turn) {
    return turn.awaiting().is(Awaiting.Kind.FEEDBACK) && !turn.articleDepartment().isEmpty() ? turn.articleDepartment() : null;
  }

  private static String lastShown(Turn turn) {
    String shown = turn.get(DialogueKeys.SHOWN).strip();
    if (shown.isEmpty()) {
      return null;
    }
    return shown.substring(shown.lastIndexOf(' ') + 1);
  }

  /** Searches on a worker, leaving out the articles this person may not see. */
  Future<Answer> answer(Turn turn, String text, float[] vector) {
    var customer = turn.conversation.customer();
    boolean anonymous = customer == null || customer.id() == null;
    String lang = turn.lang();
    String heard = head(text, understandChars);
    return workers.submit(turn.order, "search", () -> {
      // personal data (an e-mail address, a phone number) says nothing about the question
      String query = io.relevo.kb.Redaction.redact(heard).replaceAll("\\[[a-z_]+\\]", " ").strip();
      Set<String> hidden = new HashSet<>();
      if (publicOnlyForAnonymous && anonymous) {
        for (Article a : knowledge.list()) {
          if (!"public".equals(a.visibility())) {
            hidden.add(a.id());
          }
        }
      }
      return knowledge.answer(query, lang, hidden, query.equals(heard.strip()) ? vector : null);
    });
  }

  static String head(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
  }
}
