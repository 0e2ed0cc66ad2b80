package io.relevo.core.dialogue;

import io.relevo.texts.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.dialogue.flows.FormEngine;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.intents.Entity;
import io.vertx.core.Future;

/**
 * Fills forms (incidents and catalogue requests) declared as flows and opens their tickets. A form
 * starts only when the person asks for something to be done or reports a problem no article
 * addresses; a question typed while a form waits is answered and the form resumes. Stateless and
 * thread-safe.
 */
final class FormSkill implements Skill {

  private final FormEngine forms;
  private final TicketSystem tickets;
  private final Analytics analytics;
  private final Clock clock;
  private HandoffSkill handoff;

  private final FormChoice choice;
  private final Departments departments;

  FormSkill(FormEngine forms, TicketSystem tickets, Analytics analytics, Clock clock, Departments departments) {
    this.choice = new FormChoice(forms, departments);
    this.departments = departments;
    this.forms = forms;
    this.tickets = tickets;
    this.analytics = analytics;
    this.clock = clock;
  }

  private volatile io.relevo.core.approvals.ApprovalService approvals;

  /** Opens requests that need an approval through {@code service}. */
  void approvals(io.relevo.core.approvals.ApprovalService service) {
    this.approvals = service;
  }

  private volatile java.util.function.BiFunction<String, String, List<Entity>> entityReader = (text, lang) -> List.of();

  /**
   * Reads the entities of a message understood earlier (text, language): a form started from the button under an
   * answer is filled from the question that answer was for ("can I take the 17th off?"). Call while wiring.
   */
  void readsEntitiesWith(java.util.function.BiFunction<String, String, List<Entity>> reader) {
    this.entityReader = reader;
  }

  /** Ties the skill a form hands over to (made after this one). */
  void uses(HandoffSkill handoffSkill) {
    this.handoff = handoffSkill;
  }

  private TicketSkill ticketsRead;

  /** Ties the skill that tells a person's tickets while a form waits ("what tickets do I have?"). */
  void uses(TicketSkill ticketSkill) {
    this.ticketsRead = ticketSkill;
  }

  @Override
  public String name() {
    return "form";
  }

  /** The form that fits what a message asks to be done or reports, or null ({@link FormChoice#flowFor}). */
  Flow flowFor(Understanding u) {
    return choice.flowFor(u);
  }

  /**
   * Whether a danger told ("the lift is stuck between floors and someone is inside") has, first among its hits, the
   * article that explains the report form: its urgent steps come before the form, even when the search is unsure.
   */
  boolean dangerExplained(Understanding u) {
    return FormChoice.emergency(u) && u.answer() != null && !u.answer().hits().isEmpty()
        && departments.formOf(u.answer().hits().get(0).article().topic()) != null;
  }

  /** The form one button away under an answer by {@code answering}, or null ({@link FormChoice#buttonFor}). */
  Flow buttonFor(Understanding u, io.relevo.kb.Article answering) {
    return choice.buttonFor(u, answering);
  }

  /** The form of {@code intent}, or null. */
  Flow flowNamed(String intent) {
    return forms.flowFor(intent);
  }

  /** The incident form of {@code department} (its report form), or null. */
  Flow incidentFormOf(String department) {
    Flow f = department == null ? null : forms.flowFor(department, "incident");
    return f != null && f.department().equals(department) ? f : null;
  }

  QuickReply startButton(String lang, Flow flow) {
    return new QuickReply(Texts.get(lang, "form.start." + flow.ticketKind()), Replies.START + flow.intent());
  }

  Flow active(Turn turn) {
    return forms.active(turn.attributes());
  }

  @Override
  public Future<BotTurn> onPayload(Turn turn, String payload) {
    if (payload.equals(Replies.ASK_PERSON) && active(turn) != null && handoff.available()) {
      Flow active = active(turn); // "a person" from a form's way out: the form is left for the queue of its department
      clear(turn, active);
      return handoff.escalate(turn, HandoffReason.ASKED_FOR_PERSON, active.queue(), null);
    }
    if (payload.startsWith(Replies.START) && forms.flowFor(payload.substring(Replies.START.length())) != null) {
      Flow flow = forms.flowFor(payload.substring(Replies.START.length()));
      turn.outcome(Outcome.FORM, null, flow.id());
      // the button under an answer: what the person already said fills the form, not asked again
      boolean underAnAnswer = turn.awaiting().is(Awaiting.Kind.FEEDBACK) || turn.awaiting().is(Awaiting.Kind.CHOICE)
          || turn.awaiting().is(Awaiting.Kind.UNSOLVED);
      String question = underAnAnswer ? turn.question() : "";
      return start(turn, flow, question, question.isBlank() ? List.of() : entityReader.apply(question, turn.lang()));
    }
    Flow active = active(turn);
    if (active != null && payload.startsWith("form.")) {
      turn.outcome(Outcome.FORM, null, active.id());
      return step(turn, active, "", payload, null);
    }
    return null;
  }

  @Override
  public List<Candidate> propose(Turn turn, Understanding u) {
    List<Candidate> all = new ArrayList<>();
    Flow active = active(turn);
    if (active != null) {
      if (u.act() == Act.PERSON && handoff.available()) {
        all.add(new Candidate(name(), "form-left-for-person", 96, () -> {
          clear(turn, active);
          return handoff.escalate(turn, HandoffReason.ASKED_FOR_PERSON, active.queue(), null);
        }));
      } else if (u.act() == Act.TICKET && ticketsRead != null && TicketSkill.READS.contains(u.intent())
          && !questionIsAnswer(turn, active)) {
        // "what tickets do I have?" while a form waits: told, then the form's question again
        all.add(new Candidate(name(), "tickets-while-form", 95, () -> ticketsRead.read(turn, u)
            .compose(told -> turn.done(told, forms.resume(active, turn.attributes(), turn.lang())))));
      } else if (u.act() == Act.ASK && u.band() == io.relevo.kb.Band.ANSWER && !questionIsAnswer(turn, active)) {
        all.add(new Candidate(name(), "question-while-form", 95, () -> digression(turn, active, u)));
      } else {
        all.add(new Candidate(name(), "form-step", 94, () -> step(turn, active, u.text(), null, u)));
      }
      return all;
    }
    Flow through = choice.reportedThrough(u);
    Flow flow = through != null ? through : flowFor(u);
    if (flow == null) {
      return all;
    }
    // "give my colleague access to my mailbox", answered by an article: how to do it oneself, not the asker's access;
    // "I need autocad installed", answered by the software article: installed by oneself, the form a button away
    boolean byOneself = u.act() == Act.REQUEST && u.band() == io.relevo.kb.Band.ANSWER
        && (forms.sharesOwn(flow, u.text()) || departments.selfService(u.answer().hits().get(0).article().topic(), u.text()));
    double score = switch (u.act()) {
      case REQUEST -> byOneself ? 30 : 50 + 5 * u.confidence();
      case REPORT -> through != null ? FormChoice.filedThrough(u) : 50;
      case STATEMENT -> through != null ? FormChoice.filedThrough(u)
          : u.confidence() >= 0.6 || choice.thingOfItsDepartment(u) ? 47 : 0;
      default -> 0;
    };
    if (score > 0) {
      all.add(new Candidate(name(), u.act().name().toLowerCase() + "-form", score, () -> {
        turn.outcome(Outcome.FORM, null, flow.id());
        return start(turn, flow, u.text(), u.analysis() == null ? List.of() : u.analysis().entities());
      }));
    }
    return all;
  }

  /** Whether the slot the form waits for takes a question as its answer (an HR case's description). */
  private boolean questionIsAnswer(Turn turn, Flow flow) {
    Flow.Slot asking = forms.asking(flow, turn.attributes());
    return asking != null && asking.questionIsAnswer();
  }

  /**
   * "en la planta 2", "it's the one next to the lifts, 4th floor" right after an answer to a problem: where it
   * happens, so the report form of the answer's department starts with the question and this place; null when
   * the message is more than a place (a question, a new problem, a request, or long).
   */
  Future<BotTurn> placeOfTheProblem(Turn turn, Understanding u) {
    Flow flow = incidentFormOf(turn.articleDepartment());
    if (flow == null || u.analysis() == null || turn.question().isBlank()
        || Acts.of(turn.question(), null) != Act.REPORT) {
      return null; // "sala Tajo" after how to book a room is the room wanted, not where something is broken
    }
    String said = TextFold.words(u.text());
    boolean placed = false;
    for (Entity e : u.analysis().entities()) {
      String rest = TextFold.words(u.text().replace(e.text(), " "));
      placed |= e.kind().equals(Entity.PLACE) && (rest.isEmpty() || rest.split(" ").length <= 2);
    }
    boolean told = u.act() == Act.STATEMENT && said.split(" ").length <= 10 && !Acts.isQuestion(u.text())
        && (u.analysis().entities().stream().anyMatch(e -> e.kind().equals(Entity.PLACE)) || WHERE.matcher(said).find());
    if (!placed && !told) {
      return null;
    }
    turn.outcome(Outcome.FORM, null, flow.id());
    return start(turn, flow, turn.question() + ". " + u.text(), u.analysis().entities());
  }

  /** Where something is, told without a floor or room: "next to the lifts", "junto a la cocina". */
  private static final java.util.regex.Pattern WHERE = java.util.regex.Pattern.compile("\\b(next to|near|beside|"
      + "opposite|in front of|behind|by the|outside the|at the end of|al lado de|junto a|cerca de|enfrente de|"
      + "delante de|detras de|al fondo de|frente a|en la (cocina|entrada|recepcion|escalera)|in the (kitchen|lobby|"
      + "entrance|corridor|hallway|stairwell))\\b");

  private Future<BotTurn> start(Turn turn, Flow flow, String text, List<Entity> entities) {
    turn.awaitNothing();
    FormEngine.Step step = forms.start(flow, text, entities, turn.lang(), today());
    step.changes().forEach(turn::set);
    return turn.done(step.replies());
  }

  /** A question in the middle of a form: its answer, then the form's question again. */
  private Future<BotTurn> digression(Turn turn, Flow flow, Understanding u) {
    var hit = u.answer().hits().get(0);
    turn.shown(hit.article().id());
    turn.outcome(Outcome.ANSWER, hit.article().id(), flow.id());
    return turn.done(KnowledgeSkill.passage(turn.lang(), hit, u.answer().otherLanguage()),
        forms.resume(flow, turn.attributes(), turn.lang()));
  }

  private Future<BotTurn> step(Turn turn, Flow flow, String text, String payload, Understanding u) {
    List<Entity> entities = u == null || u.analysis() == null ? List.of() : u.analysis().entities();
    String intent = u == null || u.analysis() == null ? null : u.intent();
    FormEngine.Step step = forms.step(flow, turn.attributes(), text, payload, entities, intent, turn.lang(), today());
    step.changes().forEach(turn::set);
    turn.outcome(Outcome.FORM, null, flow.id());
    switch (step.action()) {
      case CREATE: {
        NewTicket ticket = FormEngine.ticket(flow, step.values(), Requesters.of(turn.conversation),
            turn.conversation.id(), turn.lang());
        io.relevo.core.approvals.ApprovalService approving = approvals;
        Future<Ticket> opened = flow.needsApproval() && approving != null
            ? approving.open(ticket, flow, turn.conversation) : tickets.create(ticket);
        return opened.compose(created -> {
          turn.ticket(created.id());
          Message done = forms.done(flow, step.values(), created.id(), turn.lang());
          if (created.priority() == Ticket.Priority.CRITICAL && handoff.available()) {
            // a rule by priority: a critical incident is worth a person now
            Message offer = Replies.say(turn.lang(), "escalate.critical").withQuickReplies(
                List.of(Replies.button(turn.lang(), "handoff.request", Replies.ASK_PERSON)));
            return analytics.ticket(turn.conversation, false).compose(v -> turn.done(done, offer));
          }
          return analytics.ticket(turn.conversation, true)
              .compose(v -> turn.done(SatisfactionSkill.withRating(turn, done)));
        });
      }
      case NOT_AN_ANSWER:
        if (u != null && u.band() == io.relevo.kb.Band.ANSWER && payload == null && !text.isBlank()
            && (u.act() == Act.ASK || "question".equals(step.rule()))) {
          return digression(turn, flow, u); // a question in the middle of a form: answered, then the form goes on
        }
        return turn.done(step.replies());
      default:
        return turn.done(step.replies());
    }
  }

  void clear(Turn turn, Flow flow) {
    turn.set(FormEngine.FORM, "");
    turn.set(FormEngine.AT, "");
    for (Flow.Slot s : flow.slots()) {
      turn.set("f." + s.name(), "");
    }
  }

  private LocalDate today() {
    return LocalDate.now(clock);
  }
}
