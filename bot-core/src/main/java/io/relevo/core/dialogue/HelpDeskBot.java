package io.relevo.core.dialogue;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.Link;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;
import io.relevo.core.analytics.Analytics;
import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.dialogue.flows.FormEngine;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketException;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.intents.Entity;
import io.relevo.intents.Analysis;
import io.relevo.intents.IntentService;
import io.relevo.kb.Answer;
import io.relevo.kb.Article;
import io.relevo.kb.Hit;
import io.relevo.kb.KnowledgeBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The help-desk bot: understands each message (language, intent, out-of-scope, entities), answers
 * from the knowledge base with the relevant passage and its article, offers a choice when unsure,
 * says so when it does not know, and asks whether an answer helped. It fills forms declared as
 * flows (incidents and catalogue requests) and opens their tickets; tells a person the status of
 * their tickets, lists them, adds comments and cancels them; and hands the conversation to a
 * person when asked, for a locked account, after two answers that did not help, or after two
 * messages it could not understand. It replies in the language the person writes in.
 *
 * <p>Thread-safe: all state is in the conversation's attributes. Understanding and search run on
 * worker threads; {@link #respond} completes on the caller's context.
 */
public final class HelpDeskBot implements Bot, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HelpDeskBot.class);

  static final String ASK_PERSON = "handoff.request";
  static final String LEAVE_CONTACT = "contact.leave";
  static final String CANCEL = "contact.cancel";
  static final String HELPED = "kb.helped:";
  static final String NOT_HELPED = "kb.not_helped:";
  static final String SHOW = "kb.show:";
  static final String NONE = "kb.none";

  static final String AWAITING = "awaiting";
  static final String CONTACT = "contact";
  static final String FEEDBACK = "feedback";
  static final String CHOICE = "choice";
  static final String ARTICLE = "article";
  /** The ids of the articles shown as answers in the conversation, space-separated, the latest last. */
  static final String SHOWN = "shown";
  private static final int SHOWN_KEPT = 20;
  static final String QUESTION = "question";
  static final String LANG = "lang";
  static final String MISSES = "misses";
  static final String UNHELPED = "unhelped";
  static final String LAST_INTENT = "intent";
  static final String TICKET = "ticket";
  static final String COMMENT_ON = "comment:";
  static final String CANCEL_YES = "ticket.cancel.yes:";
  static final String CANCEL_NO = "ticket.cancel.no:";
  static final String LOCKED = "password.locked";
  static final String CSAT = "csat:";
  static final String START = "form.start:";
  static final String LEAVE_TICKET = "handoff.ticket";
  static final String REASON = "handoff.reason";
  static final String QUEUE = "handoff.queue";
  static final String CSAT_ASKED = "csat";
  static final String CSAT_COMMENT = "csat_comment:";

  private final Vertx vertx;
  /**
   * Understanding and search are CPU-bound: one thread per core runs them, the oldest turn's step
   * first, the rest wait their turn.
   */
  private final TurnWorkers understanding;
  private final IntentService intents;
  private final KnowledgeBase knowledge;
  private final KnowledgeStats stats;
  private final HandoffPort handoff;
  private final FormEngine forms;
  private final TicketSystem tickets;
  private final Clock clock;
  private final Analytics analytics;
  private volatile boolean publicOnlyForAnonymous;
  private volatile long hurryAfterNanos;
  private volatile int understandChars = 1000;
  private final java.util.concurrent.atomic.AtomicLong lastHurryWarning =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 120_000_000_000L);
  private volatile Transcripts transcripts = id -> Future.succeededFuture(List.of());

  /** Reads a conversation's transcript, for the tickets the bot opens for a person. */
  @FunctionalInterface
  public interface Transcripts {
    Future<List<Message>> of(String conversationId);
  }

  /** Where the bot reads transcripts from (the conversation service, tied after both exist). */
  public HelpDeskBot transcripts(Transcripts source) {
    this.transcripts = source;
    return this;
  }

  /**
   * @param forms the flows the bot can fill (forms that open tickets)
   * @param tickets where tickets are opened and looked up
   * @param handoff the way to a person; null when there is none
   */
  public HelpDeskBot(Vertx vertx, IntentService intents, KnowledgeBase knowledge, KnowledgeStats stats,
      FormEngine forms, TicketSystem tickets, Analytics analytics, Clock clock, HandoffPort handoff) {
    this.analytics = analytics;
    this.vertx = vertx;
    this.understanding = new TurnWorkers("relevo-understanding", Runtime.getRuntime().availableProcessors());
    this.intents = intents;
    this.knowledge = knowledge;
    this.stats = stats;
    this.forms = forms;
    this.tickets = tickets;
    this.clock = clock;
    this.handoff = handoff;
  }

  /**
   * Records the time each turn's understanding and search steps wait for a worker and run
   * ({@code relevo_turn_step_wait_seconds}, {@code relevo_turn_step_run_seconds}, tagged {@code
   * step}) and the steps waiting ({@code relevo_turn_steps_queued}); call while wiring, before serving.
   */
  public HelpDeskBot metrics(io.micrometer.core.instrument.MeterRegistry registry) {
    understanding.metrics(registry);
    return this;
  }

  /**
   * A turn that has waited longer than {@code after} since it began when its message is understood
   * gets a hurried analysis ({@link IntentService#analyze(String, String, boolean)}): under overload
   * the queue drains faster and latency stays bounded. Zero: never (the default).
   */
  public HelpDeskBot hurryAfter(java.time.Duration after) {
    this.hurryAfterNanos = after.toNanos();
    return this;
  }

  /** Whether the turn has waited too long; warns (at most once a minute) that the machine is overloaded. */
  private boolean hurried(Turn turn) {
    long after = hurryAfterNanos;
    if (!turn.waited(after)) {
      return false;
    }
    long now = System.nanoTime();
    long last = lastHurryWarning.get();
    if (now - last > 60_000_000_000L && lastHurryWarning.compareAndSet(last, now)) {
      LOG.warn("Understanding is behind: turns wait longer than intents.hurryAfter ({} ms) for it, and get the cheaper "
          + "first-stage analysis ({} such analyses so far). The machine needs more cores for this traffic.", after / 1_000_000,
          intents.hurriedDecisions());
    }
    return true;
  }

  /** Stops the threads that run understanding and search; call after the last turn finished. */
  @Override
  public void close() {
    understanding.close();
  }

  @Override
  public List<Message> greeting(String locale, Participant customer) {
    return List.of(say(locale, "greeting").withQuickReplies(options(locale)));
  }

  @Override
  public Future<BotTurn> respond(Conversation conversation, Message message) {
    Turn turn = new Turn(conversation);
    String payload = message.payload() == null ? "" : message.payload();
    if (payload.equals(ASK_PERSON)) {
      Flow active = forms.active(conversation.attributes());
      if (active != null) {
        clearForm(turn, active);
      }
      return escalate(turn, "asked_for_person", queueFor(conversation, null), null);
    }
    if (payload.startsWith(START) && forms.flowFor(payload.substring(START.length())) != null) {
      return startForm(turn, forms.flowFor(payload.substring(START.length())), "", List.of());
    }
    if (payload.startsWith(CSAT)) {
      return rated(turn, payload.substring(CSAT.length()));
    }
    if (payload.equals(LEAVE_TICKET)) {
      return ticketForAPerson(turn, null);
    }
    if (payload.equals(LOCKED)) {
      return escalate(turn, "account_locked", "it", null);
    }
    if (payload.startsWith(CANCEL_YES) || payload.startsWith(CANCEL_NO)) {
      return cancelAnswer(turn, payload);
    }
    if (payload.equals(LEAVE_CONTACT)) {
      turn.set(AWAITING, CONTACT);
      return turn.done(askContact(turn.lang, "contact.ask"));
    }
    if (CONTACT.equals(turn.get(AWAITING))) {
      return contact(turn, message, payload);
    }
    if (payload.equals(CANCEL) && turn.get(AWAITING).startsWith(COMMENT_ON)) {
      turn.set(AWAITING, "");
      return turn.done(say(turn.lang, "ok.reply"));
    }
    String rated = feedbackArticle(payload);
    String chosen = payload.startsWith(SHOW) ? payload.substring(SHOW.length()) : null;
    if (rated != null && !wasShown(turn.conversation, rated) || chosen != null && !wasShown(turn.conversation, chosen)) {
      return turn.done(say(turn.lang, "kb.gone")); // feedback and choices only for what this conversation was shown
    }
    if (payload.startsWith(HELPED)) {
      return helped(turn, rated);
    }
    if (payload.startsWith(NOT_HELPED)) {
      return notHelped(turn, rated);
    }
    if (chosen != null) {
      return show(turn, chosen);
    }
    if (payload.equals(NONE)) {
      turn.set(AWAITING, "");
      String question = turn.get(QUESTION);
      return gap(turn, question, "no_answer")
          .compose(v -> turn.done(say(turn.lang, "kb.none.reply").withQuickReplies(options(turn.lang))));
    }
    String text = message.text() == null ? "" : message.text().strip();
    Flow active = forms.active(conversation.attributes());
    if (active != null && payload.startsWith("form.")) {
      return form(turn, active, text, payload, null);
    }
    if (text.isEmpty()) {
      return turn.done(say(turn.lang, "ok.reply"));
    }
    return understanding.submit(turn.order, "understand", () -> intents.analyze(heard(text), turn.lang, hurried(turn))).compose(analysis -> {
      turn.analysedText = text;
      turn.sentenceVector = analysis.sentenceVector();
      if (active != null) {
        return form(turn, active, text, null, analysis);
      }
      String commenting = turn.get(AWAITING);
      if (commenting.startsWith(COMMENT_ON)) {
        return addComment(turn, commenting.substring(COMMENT_ON.length()), text);
      }
      if (commenting.startsWith(CSAT_COMMENT)) {
        turn.set(AWAITING, "");
        String i = analysis.outOfScope() || analysis.top() == null ? "out_of_scope" : analysis.top().intent();
        if (Set.of("out_of_scope", "feedback_positive", "feedback_negative", "thanks", "deny", "affirm").contains(i)) {
          int score = Integer.parseInt(commenting.substring(CSAT_COMMENT.length()));
          return analytics.comment(score, turn.lang, KnowledgeStats.redacted(text))
              .compose(v -> turn.done(say(turn.lang, "csat.commented")));
        }
      }
      return understood(turn, text, analysis);
    });
  }

  private Future<BotTurn> understood(Turn turn, String text, Analysis analysis) {
    if (analysis.language() != null && !analysis.language().equals(turn.lang)
        && (analysis.language().equals("es") || analysis.language().equals("en"))) {
      turn.lang = analysis.language();
      turn.set(LANG, turn.lang);
    }
    String intent = analysis.outOfScope() || analysis.top() == null ? "out_of_scope" : analysis.top().intent();
    if (!turn.get(TICKET).isEmpty() && FOLLOW_UP_STATUS.matcher(TextFold.fold(text)).find()
        && (intent.equals("out_of_scope") || analysis.top().confidence() < 0.5)) {
      intent = "ticket_status"; // "and its status?" right after a ticket was mentioned
    }
    turn.set(LAST_INTENT, intent);
    analytics.intent(turn.conversation, intent);
    if (frustrated(text) && handoff != null) {
      return escalate(turn, "frustration", queueFor(turn.conversation, analysis), "escalate.frustration");
    }
    boolean awaitingFeedback = FEEDBACK.equals(turn.get(AWAITING)) && !turn.get(ARTICLE).isEmpty();
    switch (intent) {
      case "greet":
        return turn.done(say(turn.lang, "hello"));
      case "thanks":
        if (awaitingFeedback) {
          return helped(turn, turn.get(ARTICLE));
        }
        return turn.done(say(turn.lang, "thanks.reply"));
      case "goodbye":
        return turn.done(withRating(turn, say(turn.lang, "goodbye.reply")));
      case "help":
        return turn.done(say(turn.lang, "help.reply").withQuickReplies(options(turn.lang)));
      case "ask_human":
        return escalate(turn, "asked_for_person", queueFor(turn.conversation, analysis), null);
      case "feedback_positive", "affirm":
        if (awaitingFeedback) {
          return helped(turn, turn.get(ARTICLE));
        }
        return turn.done(say(turn.lang, "ok.reply"));
      case "feedback_negative", "deny":
        if (awaitingFeedback) {
          return notHelped(turn, turn.get(ARTICLE));
        }
        turn.set(AWAITING, "");
        return turn.done(say(turn.lang, "ok.reply"));
      case "ticket_status":
        return ticketStatus(turn, analysis);
      case "list_my_tickets":
        return listTickets(turn);
      case "cancel_ticket":
        return cancelTicket(turn, analysis);
      case "add_ticket_comment":
        return commentTicket(turn, analysis);
      case "password_reset":
        return search(turn, text, intent, analysis).map(t -> withLockedOption(t, turn.lang));
      default:
        Flow flow = forms.flowFor(intent);
        if (flow != null) {
          if (isQuestion(text)) {
            // "how do I ask for vacation?": the article first, with the form one click away
            return askedAbout(turn, text, flow, analysis);
          }
          return startForm(turn, flow, text, analysis.entities());
        }
        return search(turn, text, intent, analysis);
    }
  }

  private Future<BotTurn> search(Turn turn, String text, String intent, Analysis analysis) {
    String lang = turn.lang;
    return answer(turn, text, lang).compose(answer -> {
      turn.set(QUESTION, text.length() > 500 ? text.substring(0, 500) : text);
      switch (answer.band()) {
        case ANSWER: {
          turn.set(MISSES, "0");
          return answerWith(turn, answer.hits().get(0), answer.otherLanguage());
        }
        case CHOOSE: {
          turn.set(MISSES, "0");
          turn.set(AWAITING, CHOICE);
          List<QuickReply> choices = new ArrayList<>();
          for (Hit hit : answer.hits().subList(0, Math.min(3, answer.hits().size()))) {
            choices.add(new QuickReply(hit.article().title(), SHOW + hit.article().id()));
            shown(turn, hit.article().id());
          }
          choices.add(new QuickReply(Texts.get(lang, "kb.none"), NONE));
          return turn.done(say(lang, "kb.choose").withQuickReplies(choices));
        }
        default: {
          int misses = turn.number(MISSES) + 1;
          turn.set(MISSES, Integer.toString(misses));
          turn.set(AWAITING, "");
          return gap(turn, text, "no_answer").compose(v -> misses >= 2 && handoff != null
              ? escalate(turn, "not_understood", queueFor(turn.conversation, analysis), "escalate.not_understood")
              : turn.done(say(lang, intent.equals("out_of_scope") ? "cannot.help" : "kb.unknown")
                  .withQuickReplies(options(lang))));
        }
      }
    });
  }

  private Future<BotTurn> answerWith(Turn turn, Hit hit, boolean otherLanguage) {
    Article article = hit.article();
    String passage = hit.passage() == null || hit.passage().isBlank() ? article.title() : hit.passage();
    turn.set(AWAITING, FEEDBACK);
    turn.set(ARTICLE, article.id());
    shown(turn, article.id());
    Message m = say(turn.lang, otherLanguage ? "kb.answer.other" : "kb.answer", plain(passage))
        .withLinks(List.of(new Link(article.title(), "/kb/" + article.id(), article.id())));
    Message ask = say(turn.lang, "kb.helped")
        .withQuickReplies(List.of(new QuickReply(Texts.get(turn.lang, "kb.yes"), HELPED + article.id()),
            new QuickReply(Texts.get(turn.lang, "kb.no"), NOT_HELPED + article.id())));
    return turn.done(m, ask);
  }

  private Future<BotTurn> show(Turn turn, String articleId) {
    return understanding.submit(turn.order, "article", () -> knowledge.get(articleId)).compose(found -> {
      if (found.isEmpty()) {
        turn.set(AWAITING, "");
        return turn.done(say(turn.lang, "kb.gone"));
      }
      Article article = found.get();
      String question = turn.get(QUESTION);
      return understanding.submit(turn.order, "search", () -> knowledge.search(question.isEmpty() ? article.title() : question,
          article.lang(), 10)).compose(hits -> {
            Hit hit = hits.stream().filter(h -> h.article().id().equals(articleId)).findFirst()
                .orElse(new Hit(article, 0, summary(article.body())));
            return answerWith(turn, hit, !article.lang().equals(turn.lang));
          });
    });
  }

  private Future<BotTurn> helped(Turn turn, String articleId) {
    turn.set(AWAITING, "");
    turn.set(ARTICLE, "");
    turn.set(MISSES, "0");
    turn.set(UNHELPED, "0");
    return stats.helpful(articleId).recover(e -> Future.succeededFuture())
        .compose(v -> analytics.helpful(turn.conversation, articleId))
        .compose(v -> turn.done(withRating(turn, say(turn.lang, "kb.glad"))));
  }

  private Future<BotTurn> notHelped(Turn turn, String articleId) {
    turn.set(AWAITING, "");
    turn.set(ARTICLE, "");
    int unhelped = turn.number(UNHELPED) + 1;
    turn.set(UNHELPED, Integer.toString(unhelped));
    return stats.notHelpful(articleId).recover(e -> Future.succeededFuture())
        .compose(v -> analytics.notHelpful(turn.conversation, articleId))
        .compose(v -> gap(turn, turn.get(QUESTION), "not_helpful"))
        .compose(v -> unhelped >= 2 && handoff != null
            ? escalate(turn, "not_helped", queueFor(turn.conversation, null), "escalate.not_helped")
            : turn.done(say(turn.lang, "kb.sorry").withQuickReplies(options(turn.lang))));
  }

  private Future<BotTurn> contact(Turn turn, Message message, String payload) {
    if (payload.equals(CANCEL)) {
      turn.set(AWAITING, "");
      return turn.done(say(turn.lang, "contact.cancelled"));
    }
    return ContactDetails.find(message.text())
        .map(found -> {
          turn.set(AWAITING, "");
          turn.set(CONTACT, found);
          return ticketForAPerson(turn, found);
        })
        .orElseGet(() -> turn.done(askContact(turn.lang, "contact.reask")));
  }

  private Future<BotTurn> escalate(Turn turn, String reason, String queue, String prefaceKey) {
    String lang = turn.lang;
    List<Message> before = prefaceKey == null ? List.of() : List.of(say(lang, prefaceKey));
    turn.set(AWAITING, "");
    turn.set(MISSES, "0");
    turn.set(UNHELPED, "0");
    turn.set(REASON, reason);
    turn.set(QUEUE, queue);
    if (handoff == null) {
      return turn.done(concat(before, unavailable(lang)));
    }
    return handoff.escalate(turn.conversation, reason, queue).compose(e -> switch (e.outcome()) {
      case QUEUED -> analytics.handoff(turn.conversation, reason)
          .compose(v -> analytics.outcome(turn.conversation, Analytics.HANDED_OFF))
          .compose(v -> turn.done(concat(before, say(lang, "handoff.queued", e.position(),
              Math.max(1, e.estimatedWait().toMinutes())))));
      case ALREADY -> turn.done(concat(before, say(lang, "handoff.already")));
      case UNAVAILABLE -> analytics.handoff(turn.conversation, reason)
          .compose(v -> turn.done(concat(before, unavailable(lang))));
    });
  }

  /** Nobody can take it now: never a dead end — a ticket with this conversation, or a callback. */
  private static Message unavailable(String lang) {
    return say(lang, "handoff.unavailable").withQuickReplies(List.of(
        new QuickReply(Texts.get(lang, "handoff.ticket"), LEAVE_TICKET),
        new QuickReply(Texts.get(lang, "contact.leave"), LEAVE_CONTACT)));
  }

  /** Opens an incident carrying the transcript, for the help desk to pick up later. */
  private Future<BotTurn> ticketForAPerson(Turn turn, String contact) {
    Ticket.Requester me = Requesters.of(turn.conversation);
    String question = turn.get(QUESTION);
    String reason = turn.get(REASON).isEmpty() ? "asked_for_person" : turn.get(REASON);
    return transcripts.of(turn.conversation.id()).compose(messages -> {
      StringBuilder text = new StringBuilder();
      if (contact != null) {
        text.append("Contact / contacto: ").append(contact).append("\n\n");
      }
      text.append("Transcript / transcripción:\n");
      for (Message m : messages) {
        text.append('[').append(m.ts()).append("] ").append(m.role().name().toLowerCase(java.util.Locale.ROOT))
            .append(": ").append(m.text() == null ? "" : m.text()).append('\n');
      }
      String title = Texts.get(turn.lang, contact == null ? "handoff.ticket.title" : "handoff.callback.title",
          question.isEmpty() ? reason : (question.length() > 120 ? question.substring(0, 120) + "…" : question));
      java.util.Map<String, String> fields = new java.util.HashMap<>();
      fields.put("reason", reason);
      if (contact != null) {
        fields.put("contact", contact);
      }
      return tickets.create(new NewTicket(Ticket.Kind.INCIDENT, me, title, text.toString(), "handoff", "low", "medium",
          fields, turn.conversation.id(), turn.lang));
    }).compose(t -> {
      turn.set(TICKET, t.id());
      return turn.done(say(turn.lang, contact == null ? "handoff.ticket.opened" : "contact.thanks.ticket", t.id(),
          contact == null ? "" : contact));
    });
  }

  private Future<BotTurn> startForm(Turn turn, Flow flow, String text, List<Entity> entities) {
    turn.set(AWAITING, "");
    FormEngine.Step step = forms.start(flow, text, entities, turn.lang, today());
    step.changes().forEach(turn::set);
    return turn.done(step.replies());
  }

  private Future<BotTurn> askedAbout(Turn turn, String text, Flow flow, Analysis analysis) {
    String lang = turn.lang;
    return answer(turn, text, lang).compose(answer -> {
      if (answer.band() != io.relevo.kb.Band.ANSWER) {
        return startForm(turn, flow, text, analysis.entities());
      }
      turn.set(QUESTION, text.length() > 500 ? text.substring(0, 500) : text);
      turn.set(MISSES, "0");
      return answerWith(turn, answer.hits().get(0), answer.otherLanguage()).map(t -> {
        List<Message> replies = new ArrayList<>(t.replies());
        Message last = replies.remove(replies.size() - 1);
        List<QuickReply> quick = new ArrayList<>(last.quickReplies());
        quick.add(new QuickReply(Texts.get(lang, "form.start." + flow.ticketKind()), START + flow.intent()));
        replies.add(last.withQuickReplies(quick));
        return new BotTurn(replies, t.attributes());
      });
    });
  }

  private static final Pattern FOLLOW_UP_STATUS = Pattern.compile(
      "\\b(status|state|progress|update|how is it going|any news|estado|como va|novedades|en que punto)\\b");

  private static final Pattern FRUSTRATION = Pattern.compile("\\b(useless|stupid|ridiculous|pathetic|terrible service|"
      + "fed up|sick of|so annoying|i'?m (so )?(angry|furious|frustrated)|waste of (my )?time|wtf|this is a joke|"
      + "inutil|estupido|ridiculo|harto|harta|hasta las narices|no sirve para nada|que verguenza|una mierda|joder|"
      + "estoy (muy )?(enfadad[oa]|cabread[oa]|frustrad[oa])|perdiendo el tiempo|es una broma)\\b");

  /** Signs of frustration or anger, in Spanish or English (words, or shouting). */
  static boolean frustrated(String text) {
    String folded = TextFold.fold(text);
    if (FRUSTRATION.matcher(folded).find()) {
      return true;
    }
    long letters = text.chars().filter(Character::isLetter).count();
    long upper = text.chars().filter(Character::isUpperCase).count();
    return letters >= 12 && upper * 10 >= letters * 8 && text.contains("!");
  }

  private static final Pattern QUESTION_START = Pattern.compile(
      "^(how|what|where|when|which|who|why|can|could|do|does|is|are|may|should|"
      + "como|que|donde|cuando|cual|cuales|quien|por que|puedo|puede|se puede|hay|tengo|debo)\\b");

  /** Whether a message asks about something rather than asks for it. */
  static boolean isQuestion(String text) {
    String t = TextFold.fold(text.strip()).replaceAll("^[¿¡\\s]+", "");
    return text.strip().endsWith("?") || QUESTION_START.matcher(t).find();
  }

  /**
   * How much of a message understanding and search read: its first {@code chars} characters
   * ({@link BotSettings#UNDERSTAND_CHARS}); bounds the CPU of a long message.
   */
  public HelpDeskBot understandChars(int chars) {
    this.understandChars = chars;
    return this;
  }

  /** The part of a message the intent classifier and the knowledge search read (never a lone surrogate at the cut). */
  private String heard(String text) {
    return head(text, understandChars);
  }

  static String head(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
  }

  /**
   * Whether people who are not verified users (no identity token) see only articles marked
   * {@code visibility: public}; off by default (an internal help desk).
   */
  public HelpDeskBot publicOnlyForAnonymous(boolean value) {
    this.publicOnlyForAnonymous = value;
    return this;
  }

  /** Searches on a worker, leaving out the articles this person may not see. */
  private Future<io.relevo.kb.Answer> answer(Turn turn, String text, String lang) {
    var customer = turn.conversation.customer();
    boolean anonymous = customer == null || customer.id() == null;
    return understanding.submit(turn.order, "search", () -> {
      Set<String> hidden = new java.util.HashSet<>();
      if (publicOnlyForAnonymous && anonymous) {
        for (Article a : knowledge.list()) {
          if (!"public".equals(a.visibility())) {
            hidden.add(a.id());
          }
        }
      }
      return knowledge.answer(heard(text), lang, hidden, turn.sentenceVectorFor(text));
    });
  }

  // ------------------------------------------------------------------ outcome and satisfaction

  private Future<Void> resolved(Turn turn) {
    return analytics.outcome(turn.conversation, Analytics.RESOLVED_BY_BOT);
  }

  /** {@code last}, then the satisfaction question, once per conversation. */
  private List<Message> withRating(Turn turn, Message last) {
    if (!turn.get(CSAT_ASKED).isEmpty()) {
      return List.of(last);
    }
    turn.set(CSAT_ASKED, "asked");
    List<QuickReply> scores = new ArrayList<>();
    for (int i = 5; i >= 1; i--) {
      scores.add(new QuickReply(Texts.get(turn.lang, "csat." + i), CSAT + i));
    }
    return List.of(last, say(turn.lang, "csat.ask").withQuickReplies(scores));
  }

  private Future<BotTurn> rated(Turn turn, String value) {
    int score;
    try {
      score = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      score = 0;
    }
    if (score < 1 || score > 5) {
      return turn.done(say(turn.lang, "ok.reply"));
    }
    turn.set(CSAT_ASKED, Integer.toString(score));
    turn.set(AWAITING, CSAT_COMMENT + score);
    return analytics.satisfaction(turn.conversation, score).recover(e -> Future.succeededFuture())
        .compose(v -> turn.done(say(turn.lang, "csat.thanks")));
  }

  // ------------------------------------------------------------------ forms

  private Future<BotTurn> form(Turn turn, Flow flow, String text, String payload, Analysis analysis) {
    List<Entity> entities = analysis == null ? List.of() : analysis.entities();
    String intent = analysis == null || analysis.outOfScope() || analysis.top() == null ? null : analysis.top().intent();
    if ("ask_human".equals(intent)) {
      clearForm(turn, flow);
      return escalate(turn, "asked_for_person", queueFor(turn.conversation, analysis), null);
    }
    Flow.Slot asking = forms.asking(flow, turn.conversation.attributes());
    if (payload == null && analysis != null && asking != null && asking.type().equals("text") && text.endsWith("?")) {
      // a question where free text is asked: a digression when the knowledge base answers it
      String lang = turn.lang;
      return answer(turn, text, lang).compose(answer -> answer.band() == io.relevo.kb.Band.ANSWER
          ? digression(turn, flow, answer)
          : formStep(turn, flow, text, payload, entities, intent));
    }
    return formStep(turn, flow, text, payload, entities, intent);
  }

  private Future<BotTurn> digression(Turn turn, Flow flow, io.relevo.kb.Answer answer) {
    Hit hit = answer.hits().get(0);
    shown(turn, hit.article().id());
    Message m = say(turn.lang, answer.otherLanguage() ? "kb.answer.other" : "kb.answer", plain(passage(hit)))
        .withLinks(List.of(new Link(hit.article().title(), "/kb/" + hit.article().id(), hit.article().id())));
    return turn.done(m, forms.resume(flow, turn.conversation.attributes(), turn.lang));
  }

  private Future<BotTurn> formStep(Turn turn, Flow flow, String text, String payload, List<Entity> entities, String intent) {
    FormEngine.Step step = forms.step(flow, turn.conversation.attributes(), text, payload, entities, intent, turn.lang, today());
    step.changes().forEach(turn::set);
    switch (step.action()) {
      case CREATE: {
        NewTicket ticket = FormEngine.ticket(flow, step.values(), Requesters.of(turn.conversation),
            turn.conversation.id(), turn.lang);
        return tickets.create(ticket).compose(created -> {
          turn.set(TICKET, created.id());
          Message done = forms.done(flow, step.values(), created.id(), turn.lang);
          if (created.priority() == Ticket.Priority.CRITICAL && handoff != null) {
            // a rule by priority: a critical incident is worth a person now
            return turn.done(done, say(turn.lang, "escalate.critical").withQuickReplies(
                List.of(new QuickReply(Texts.get(turn.lang, "handoff.request"), ASK_PERSON))));
          }
          return resolved(turn).compose(v -> turn.done(withRating(turn, done)));
        });
      }
      case NOT_AN_ANSWER: {
        if (payload != null || text.isBlank()) {
          return turn.done(step.replies());
        }
        // a question in the middle of a form: answer it if the knowledge base can, then go on
        String lang = turn.lang;
        return answer(turn, text, lang).compose(answer ->
            answer.band() == io.relevo.kb.Band.ANSWER ? digression(turn, flow, answer) : turn.done(step.replies()));
      }
      default:
        return turn.done(step.replies());
    }
  }

  private void clearForm(Turn turn, Flow flow) {
    turn.set(FormEngine.FORM, "");
    turn.set(FormEngine.AT, "");
    for (Flow.Slot s : flow.slots()) {
      turn.set("f." + s.name(), "");
    }
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }

  // ------------------------------------------------------------------ tickets

  /** The ticket the message names, else the one this conversation talked about last. */
  private Future<java.util.Optional<Ticket>> namedTicket(Turn turn, Analysis analysis, boolean orLatest) {
    Ticket.Requester me = Requesters.of(turn.conversation);
    String named = analysis == null ? null : analysis.entities().stream()
        .filter(e -> e.kind().equals(Entity.TICKET_ID) && e.value() != null).map(Entity::value).findFirst().orElse(null);
    if (named != null) {
      if (named.matches("\\d+")) {
        return tickets.findFor("INC-" + named, me).compose(inc -> inc.isPresent() ? Future.succeededFuture(inc)
            : tickets.findFor("REQ-" + named, me));
      }
      return tickets.findFor(named, me);
    }
    String last = turn.get(TICKET);
    if (!last.isEmpty()) {
      return tickets.findFor(last, me);
    }
    if (!orLatest) {
      return Future.succeededFuture(java.util.Optional.empty());
    }
    return tickets.listFor(me, 1).map(list -> list.stream().findFirst());
  }

  private String namedId(Analysis analysis) {
    return analysis == null ? null : analysis.entities().stream().filter(e -> e.kind().equals(Entity.TICKET_ID))
        .map(Entity::text).findFirst().orElse(null);
  }

  private Future<BotTurn> ticketStatus(Turn turn, Analysis analysis) {
    return namedTicket(turn, analysis, true).compose(found -> {
      if (found.isEmpty()) {
        String named = namedId(analysis);
        return turn.done(say(turn.lang, named == null ? "tickets.none" : "tickets.notfound", named));
      }
      Ticket t = found.get();
      turn.set(TICKET, t.id());
      String when = java.time.format.DateTimeFormatter.ofPattern("es".equals(turn.lang) ? "d/M/yyyy HH:mm" : "MMM d, yyyy HH:mm",
          "es".equals(turn.lang) ? java.util.Locale.forLanguageTag("es") : java.util.Locale.ENGLISH)
          .withZone(clock.getZone()).format(t.updatedAt());
      return turn.done(say(turn.lang, "tickets.status", t.id(), t.title(),
          Texts.get(turn.lang, "ticket.status." + t.status().code()), when));
    });
  }

  private Future<BotTurn> listTickets(Turn turn) {
    return tickets.listFor(Requesters.of(turn.conversation), 10).compose(list -> {
      if (list.isEmpty()) {
        return turn.done(say(turn.lang, "tickets.none"));
      }
      StringBuilder text = new StringBuilder(Texts.get(turn.lang, "tickets.list"));
      for (Ticket t : list) {
        text.append('\n').append(Texts.get(turn.lang, "tickets.line", t.id(), t.title(),
            Texts.get(turn.lang, "ticket.status." + t.status().code())));
      }
      return turn.done(Message.draft(Role.BOT, text.toString(), Participant.BOT));
    });
  }

  private Future<BotTurn> cancelTicket(Turn turn, Analysis analysis) {
    return withOpenTicket(turn, analysis, t -> turn.done(say(turn.lang, "tickets.cancel.confirm", t.id(), t.title())
        .withQuickReplies(List.of(
            new QuickReply(Texts.get(turn.lang, "tickets.cancel.yes"), CANCEL_YES + t.id()),
            new QuickReply(Texts.get(turn.lang, "tickets.cancel.no"), CANCEL_NO + t.id())))));
  }

  /** Runs {@code action} on the person's ticket named (or talked about), if it is still open. */
  private Future<BotTurn> withOpenTicket(Turn turn, Analysis analysis, java.util.function.Function<Ticket, Future<BotTurn>> action) {
    return namedTicket(turn, analysis, false).compose(found -> {
      if (found.isEmpty()) {
        String named = namedId(analysis);
        return turn.done(say(turn.lang, named == null ? "tickets.which" : "tickets.notfound", named));
      }
      Ticket t = found.get();
      turn.set(TICKET, t.id());
      if (t.status().isFinal()) {
        return turn.done(say(turn.lang, "tickets.final", t.id(), Texts.get(turn.lang, "ticket.status." + t.status().code())));
      }
      return action.apply(t);
    });
  }

  private Future<BotTurn> cancelAnswer(Turn turn, String payload) {
    boolean yes = payload.startsWith(CANCEL_YES);
    String id = payload.substring((yes ? CANCEL_YES : CANCEL_NO).length());
    if (!yes) {
      return turn.done(say(turn.lang, "tickets.kept", id));
    }
    return tickets.cancel(id, Requesters.of(turn.conversation), null)
        .compose(t -> turn.done(say(turn.lang, "tickets.cancelled", t.id())))
        .recover(e -> e instanceof TicketException te && te.reason() == TicketException.Reason.CONFLICT
            ? turn.done(say(turn.lang, "tickets.final", id, Texts.get(turn.lang, "ticket.status.cancelled")))
            : turn.done(say(turn.lang, "tickets.notfound", id)));
  }

  private Future<BotTurn> commentTicket(Turn turn, Analysis analysis) {
    return withOpenTicket(turn, analysis, t -> {
      turn.set(AWAITING, COMMENT_ON + t.id());
      return turn.done(say(turn.lang, "tickets.comment.ask", t.id())
          .withQuickReplies(List.of(new QuickReply(Texts.get(turn.lang, "form.cancel"), CANCEL))));
    });
  }

  private Future<BotTurn> addComment(Turn turn, String id, String text) {
    turn.set(AWAITING, "");
    Ticket.Requester me = Requesters.of(turn.conversation);
    return tickets.comment(id, me, new Ticket.Actor("requester", null, me.name()), text)
        .compose(t -> turn.done(say(turn.lang, "tickets.commented", t.id())))
        .recover(e -> turn.done(say(turn.lang, "tickets.notfound", id)));
  }

  private static BotTurn withLockedOption(BotTurn t, String lang) {
    if (t.replies().isEmpty()) {
      return t;
    }
    List<Message> replies = new ArrayList<>(t.replies());
    Message last = replies.remove(replies.size() - 1);
    List<QuickReply> quick = new ArrayList<>(last.quickReplies());
    quick.add(new QuickReply(Texts.get(lang, "password.locked"), LOCKED));
    replies.add(last.withQuickReplies(quick));
    return new BotTurn(replies, t.attributes());
  }

  private static String passage(Hit hit) {
    return hit.passage() == null || hit.passage().isBlank() ? hit.article().title() : hit.passage();
  }

  /** The queue for a conversation: the department named in the message, else that of the intent. */
  static String queueFor(Conversation conversation, Analysis analysis) {
    if (analysis != null) {
      for (var entity : analysis.entities()) {
        if (entity.kind().equals("department") && entity.value() != null) {
          String d = entity.value().toLowerCase(java.util.Locale.ROOT);
          if (d.equals("it") || d.equals("hr") || d.equals("facilities")) {
            return d;
          }
        }
      }
      if (!analysis.outOfScope() && analysis.top() != null) {
        switch (analysis.top().intent()) {
          case "password_reset", "report_incident", "request_equipment", "request_access":
            return "it";
          case "request_vacation":
            return "hr";
          default:
            break;
        }
      }
    }
    return "general";
  }

  /** The article a "did this help?" payload rates, or null when {@code payload} is not one. */
  public static String feedbackArticle(String payload) {
    if (payload == null) {
      return null;
    }
    if (payload.startsWith(HELPED)) {
      return payload.substring(HELPED.length());
    }
    return payload.startsWith(NOT_HELPED) ? payload.substring(NOT_HELPED.length()) : null;
  }

  /** Whether the bot showed {@code articleId} as an answer in {@code conversation} (its latest answers). */
  public static boolean wasShown(Conversation conversation, String articleId) {
    String shown = conversation.attributes().get(SHOWN);
    return shown != null && !articleId.isEmpty() && List.of(shown.split(" ")).contains(articleId);
  }

  private void shown(Turn turn, String articleId) {
    List<String> ids = new ArrayList<>(List.of(turn.get(SHOWN).split(" ")));
    ids.removeIf(id -> id.isEmpty() || id.equals(articleId));
    ids.add(articleId);
    turn.set(SHOWN, String.join(" ", ids.subList(Math.max(0, ids.size() - SHOWN_KEPT), ids.size())));
    stats.shown(articleId);
    analytics.shown(turn.conversation, articleId);
  }

  private Future<Void> gap(Turn turn, String question, String reason) {
    if (question == null || question.isBlank()) {
      return Future.succeededFuture();
    }
    String channel = turn.conversation.channel() == null ? "web" : turn.conversation.channel();
    return analytics.unanswered(turn.conversation).compose(v -> stats.gap(question, turn.lang, reason, channel)).recover(e -> {
      LOG.warn("Could not record an unanswered question: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }

  private List<QuickReply> options(String locale) {
    QuickReply contact = new QuickReply(Texts.get(locale, "contact.leave"), LEAVE_CONTACT);
    return handoff == null ? List.of(contact)
        : List.of(new QuickReply(Texts.get(locale, "handoff.request"), ASK_PERSON), contact);
  }

  /** Markdown as chat text: headings, emphasis, code marks and link targets removed. */
  static String plain(String markdown) {
    StringBuilder out = new StringBuilder();
    for (String line : markdown.strip().split("\n")) {
      String l = line.stripTrailing().replaceFirst("^#{1,6}\\s+", "")
          .replaceAll("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)", "$1 ($2)")
          .replaceAll("\\*\\*([^*]+)\\*\\*", "$1")
          .replaceAll("(?<![*\\w])\\*([^*\\n]+)\\*(?![*\\w])", "$1")
          .replaceAll("`([^`]+)`", "$1");
      if (l.isBlank() && (out.length() == 0 || out.charAt(out.length() - 1) == '\n')) {
        continue;
      }
      out.append(l).append('\n');
    }
    return out.toString().strip();
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

  private static Message askContact(String locale, String key) {
    return say(locale, key).withQuickReplies(List.of(new QuickReply(Texts.get(locale, "contact.cancel"), CANCEL)));
  }

  private static List<Message> concat(List<Message> before, Message last) {
    List<Message> all = new ArrayList<>(before);
    all.add(last);
    return all;
  }

  private static Message say(String locale, String key, Object... args) {
    return Message.draft(Role.BOT, Texts.get(locale, key, args), Participant.BOT);
  }

  /** One turn's view of the dialogue state and the attribute changes it makes. */
  private static final class Turn {
    final Conversation conversation;
    /** When the turn began: its CPU-heavy steps run before those of later turns. */
    final long order = System.nanoTime();
    final Map<String, String> changes = new HashMap<>();
    String lang;
    /** The text this turn understood and its sentence vector, which a search for the same text reuses. */
    String analysedText;
    float[] sentenceVector;

    /** Whether the turn began more than {@code nanos} ago ({@code nanos > 0}). */
    boolean waited(long nanos) {
      return nanos > 0 && System.nanoTime() - order > nanos;
    }

    float[] sentenceVectorFor(String text) {
      return text.equals(analysedText) ? sentenceVector : null;
    }

    Turn(Conversation conversation) {
      this.conversation = conversation;
      String chosen = conversation.attributes().get(LANG);
      this.lang = chosen != null ? chosen : conversation.locale();
    }

    String get(String key) {
      String changed = changes.get(key);
      if (changed != null) {
        return changed;
      }
      String v = conversation.attributes().get(key);
      return v == null ? "" : v;
    }

    int number(String key) {
      try {
        return Integer.parseInt(get(key));
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    void set(String key, String value) {
      changes.put(key, value);
    }

    Future<BotTurn> done(Message... replies) {
      return done(List.of(replies));
    }

    Future<BotTurn> done(List<Message> replies) {
      return Future.succeededFuture(new BotTurn(replies, changes));
    }
  }
}
