package io.relevo.core.dialogue;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.dialogue.flows.FormEngine;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.intents.IntentService;
import io.relevo.kb.KnowledgeBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The help-desk bot: understands each message (language, what the person wants, what it is about)
 * and lets a {@link DialoguePolicy} choose among its skills — answers from the knowledge base,
 * forms that open incidents and catalogue requests, the person's tickets, a handoff to a person,
 * small talk and satisfaction. It replies in the language the person writes in.
 *
 * <p>Thread-safe: all state is in the conversation's attributes. Understanding and search run on
 * worker threads; {@link #respond} completes on the caller's context.
 */
public final class HelpDeskBot implements Bot, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HelpDeskBot.class);

  /**
   * Understanding and search are CPU-bound: one thread per core runs them, the oldest turn's step
   * first, the rest wait their turn.
   */
  private final TurnWorkers understanding;
  private final IntentService intents;
  private final Understander understander;
  private final DialoguePolicy policy;
  private final HandoffPort handoff;
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
    this.intents = intents;
    this.handoff = handoff;
    this.understanding = new TurnWorkers("relevo-understanding", Runtime.getRuntime().availableProcessors());
    Departments departments = Departments.shipped();
    this.understander = new Understander(intents, knowledge, understanding, departments);
    HandoffSkill handoffSkill = new HandoffSkill(handoff, tickets, analytics, departments, id -> transcripts.of(id));
    FormSkill formSkill = new FormSkill(forms, tickets, analytics, clock, departments);
    formSkill.uses(handoffSkill);
    formSkill.readsEntitiesWith(intents::entities);
    this.formSkill = formSkill;
    io.relevo.core.catalogue.Catalogue catalogue = new io.relevo.core.catalogue.Catalogue(forms.flows());
    KnowledgeSkill knowledgeSkill = new KnowledgeSkill(knowledge, stats, analytics, understanding, handoffSkill, formSkill);
    this.ticketSkill = new TicketSkill(tickets, clock, handoffSkill::available);
    formSkill.uses(ticketSkill);
    this.policy = new DialoguePolicy(List.of(
        formSkill,
        handoffSkill,
        new CatalogueSkill(catalogue),
        new ApprovalSkill(tickets, catalogue),
        ticketSkill,
        knowledgeSkill,
        new SmallTalkSkill(handoff),
        new SatisfactionSkill(analytics)));
    this.analytics = analytics;
  }

  private final Analytics analytics;
  private final FormSkill formSkill;
  private final TicketSkill ticketSkill;

  /**
   * Opens the requests whose flows need an approval through {@code service} (their tickets start
   * {@code pending_approval}); without it they open as plain requests. Call while wiring.
   */
  public HelpDeskBot approvals(io.relevo.core.approvals.ApprovalService service) {
    formSkill.approvals(service);
    ticketSkill.approvals(service);
    return this;
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
    understander.hurryAfter(after.toNanos());
    return this;
  }

  /**
   * How much of a message understanding and search read: its first {@code chars} characters
   * ({@link BotSettings#UNDERSTAND_CHARS}); bounds the CPU of a long message.
   */
  public HelpDeskBot understandChars(int chars) {
    understander.understandChars(chars);
    return this;
  }

  /**
   * Whether people who are not verified users (no identity token) see only articles marked
   * {@code visibility: public}; off by default (an internal help desk).
   */
  public HelpDeskBot publicOnlyForAnonymous(boolean value) {
    understander.publicOnlyForAnonymous(value);
    return this;
  }

  /** Stops the threads that run understanding and search; call after the last turn finished. */
  @Override
  public void close() {
    understanding.close();
  }

  @Override
  public List<Message> greeting(String locale, Participant customer) {
    return List.of(Replies.say(locale, "greeting").withQuickReplies(Replies.options(locale, handoff != null)));
  }

  @Override
  public Future<BotTurn> respond(Conversation conversation, Message message) {
    Turn turn = new Turn(conversation, message.id());
    String payload = message.payload() == null ? "" : message.payload();
    if (!payload.isEmpty()) {
      Future<BotTurn> handled = policy.onPayload(turn, payload);
      if (handled != null) {
        return handled;
      }
    }
    String text = message.text() == null ? "" : message.text().strip();
    if (text.isEmpty()) {
      return turn.done(Replies.say(turn.lang(), "ok.reply"));
    }
    return understander.understand(turn, text, () -> hurried(turn)).compose(u -> {
      turn.intent(u.intent());
      turn.department(u.department());
      analytics.intent(turn.conversation, u.intent());
      return policy.decide(turn, u);
    });
  }

  /** Whether the turn has waited too long; warns (at most once a minute) that the machine is overloaded. */
  private boolean hurried(Turn turn) {
    long after = understander.hurryAfterNanos();
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

  /** The article a "did this help?" payload rates, or null when {@code payload} is not one. */
  public static String feedbackArticle(String payload) {
    if (payload == null) {
      return null;
    }
    if (payload.startsWith(KnowledgeSkill.HELPED)) {
      return payload.substring(KnowledgeSkill.HELPED.length());
    }
    return payload.startsWith(KnowledgeSkill.NOT_HELPED) ? payload.substring(KnowledgeSkill.NOT_HELPED.length()) : null;
  }

  /** Whether the bot showed {@code articleId} as an answer in {@code conversation} (its latest answers). */
  public static boolean wasShown(Conversation conversation, String articleId) {
    return new Turn(conversation).wasShown(articleId);
  }

  static String head(String text, int max) {
    return Understander.head(text, max);
  }

  static boolean frustrated(String text) {
    return HandoffTrigger.Frustration.frustrated(text);
  }

  static boolean isQuestion(String text) {
    return Acts.isQuestion(text);
  }
}
