package io.relevo.core.dialogue;

import io.relevo.texts.Texts;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.relevo.core.catalogue.Catalogue;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketSystem;
import io.vertx.core.Future;

/**
 * A person's questions about their requests' approvals ("is my vacation approved?", "¿me han
 * aprobado las vacaciones?") and their wish to withdraw one still pending ("withdraw my request"):
 * the request the message names (by its catalogue item's words, its category or title), else their
 * latest that needed an approval. A withdrawal is confirmed with a button, as a cancellation is.
 * Stateless and thread-safe.
 */
final class ApprovalSkill implements Skill {

  private static final Pattern ABOUT_APPROVAL = Pattern.compile(
      "\\b(approv\\w*|aprob\\w*|aprueb\\w*|autoriz\\w*|authori[sz]\\w*)\\b");
  private static final Pattern WITHDRAW = Pattern.compile("\\b(withdraw\\w*|retir\\w*|desist\\w*)\\b");
  /** Words that ask about a state: "is it approved", "has he approved", "¿me han aprobado?", "¿ya está aprobada?". */
  private static final Pattern STATE = Pattern.compile(
      "\\b(is|are|was|were|has|have|been|did|does|yet|status|still|already|ya|han|ha|esta|estan|sigue|siguen|"
      + "estado|todavia|aun|fue|fueron)\\b");
  /**
   * A how-to or who question ("how do I cancel an approved vacation?", "who has to approve access?", "mi jefe está de
   * baja, ¿quién me aprueba las vacaciones?") is for the knowledge base.
   */
  private static final Pattern HOW = Pattern.compile("^(how|como|what do i|que tengo que|que hago|who|whom|quien|quienes|"
      + "which|cual|cuales)\\b|\\b(has to|have to|needs to|need to|must|tiene que|tienen que|hay que|debe|deben)\\b|"
      // "mi jefe está de baja, ¿quién me aprueba las vacaciones?": who approves, asked anywhere in the message
      + "\\b(who|whom|quien|quienes)( \\w+){0,2} (approv|aprueb|aprob|autoriz)\\w*");
  /** What a withdrawal names: a request, or a kind of request ("withdraw my vacation"), not money or a retirement. */
  private static final Pattern REQUEST_NOUN = Pattern.compile(
      "\\b(requests?|solicitud(es)?|peticion(es)?|pedidos?|tickets?|req|vacation|holidays?|vacaciones|trip|viaje|"
      + "pass|pase|tarjeta|badge|equipment|equipo|access|acceso|supplies|material)\\b");

  private final TicketSystem tickets;
  private final Catalogue catalogue;

  ApprovalSkill(TicketSystem tickets, Catalogue catalogue) {
    this.tickets = tickets;
    this.catalogue = catalogue;
  }

  @Override
  public String name() {
    return "approval";
  }

  @Override
  public List<Candidate> propose(Turn turn, Understanding u) {
    String words = TextFold.words(u.text());
    if (turn.attributes().getOrDefault(io.relevo.core.dialogue.flows.FormEngine.FORM, "").length() > 0) {
      return List.of(); // inside a form, "approval" words are answers
    }
    if (WITHDRAW.matcher(words).find() && REQUEST_NOUN.matcher(words).find()) {
      return List.of(new Candidate(name(), "withdraw-request", 80, () -> withdraw(turn, words)));
    }
    // "is it approved yet?" asks about a request's state; "I need the trip approved" and "who approves
    // vacations?" do not (a request, and a question for the knowledge base)
    if (ABOUT_APPROVAL.matcher(words).find()
        && (u.act() == Act.TICKET || Acts.isQuestion(u.text()) && STATE.matcher(words).find() && !HOW.matcher(words).find())) {
      return List.of(new Candidate(name(), "approval-status", 80, () -> status(turn, words)));
    }
    return List.of();
  }

  /** The person's request the words name, else their latest one with an approval. */
  private Future<Optional<Ticket>> named(Turn turn, String words, boolean pendingOnly) {
    return tickets.listFor(Requesters.of(turn.conversation), 20).map(list -> {
      List<Ticket> withApproval = list.stream().filter(t -> t.approval() != null)
          .filter(t -> !pendingOnly || t.status() == Ticket.Status.PENDING_APPROVAL).toList();
      Optional<Ticket> byWords = withApproval.stream().filter(t -> names(words, t)).findFirst();
      return byWords.isPresent() ? byWords : withApproval.stream().findFirst();
    });
  }

  private boolean names(String words, Ticket t) {
    String padded = " " + words + " ";
    if (padded.contains(" " + t.id().toLowerCase(java.util.Locale.ROOT).replace('-', ' ') + " ")
        || t.category() != null && padded.contains(" " + TextFold.words(t.category()))) {
      return true;
    }
    return catalogue.items().stream().filter(i -> i.id().equals(t.approval().flow())).anyMatch(i ->
        i.title().values().stream().flatMap(title -> java.util.Arrays.stream(TextFold.words(title).split(" ")))
            .filter(w -> w.length() >= 5).anyMatch(w -> padded.contains(" " + w.substring(0, w.length() - 1))));
  }

  private Future<BotTurn> status(Turn turn, String words) {
    turn.outcome(Outcome.TICKET, null, null);
    return named(turn, words, false).compose(found -> {
      if (found.isEmpty()) {
        return turn.done(Replies.say(turn.lang(), "approval.status.none"));
      }
      Ticket t = found.get();
      turn.ticket(t.id());
      String lang = turn.lang();
      Approval a = t.approval();
      Approval.Step step = a.currentStep();
      return switch (a.state()) {
        case APPROVED -> turn.done(Replies.say(lang, "approval.status.approved", t.id(), t.title(), decider(lang, step)));
        case REJECTED -> {
          String text = Texts.get(lang, "approval.status.rejected", t.id(), t.title(), decider(lang, step));
          if (step.decision() != null && step.decision().reason() != null) {
            text = text + "\n" + Texts.get(lang, "approval.reason", step.decision().reason());
          }
          yield turn.done(io.relevo.core.conversation.Message.draft(io.relevo.core.conversation.Role.BOT, text,
              io.relevo.core.conversation.Participant.BOT));
        }
        case WITHDRAWN -> turn.done(Replies.say(lang, io.relevo.core.approvals.ApprovalMachine.byRequester(t)
            ? "approval.status.withdrawn" : "approval.status.cancelled", t.id(), t.title()));
        default -> turn.done(Replies.say(lang, "approval.status.pending", t.id(), t.title(), step.number(), a.steps().size())
            .withQuickReplies(List.of(withdrawButton(lang, t))));
      };
    });
  }

  private static String decider(String lang, Approval.Step step) {
    return step.decision() == null || step.decision().name() == null ? Texts.get(lang, "approval.someone")
        : step.decision().name();
  }

  private static QuickReply withdrawButton(String lang, Ticket t) {
    return new QuickReply(Texts.get(lang, "approval.withdraw.button"), TicketSkill.CANCEL_YES + t.id());
  }

  private Future<BotTurn> withdraw(Turn turn, String words) {
    turn.outcome(Outcome.TICKET, null, null);
    return named(turn, words, true).compose(found -> {
      if (found.isEmpty()) {
        return turn.done(Replies.say(turn.lang(), "approval.withdraw.none"));
      }
      Ticket t = found.get();
      turn.ticket(t.id());
      turn.await(Awaiting.Kind.CANCEL, t.id());
      return turn.done(Replies.say(turn.lang(), "approval.withdraw.confirm", t.id(), t.title()).withQuickReplies(List.of(
          withdrawButton(turn.lang(), t),
          Replies.button(turn.lang(), "tickets.cancel.no", TicketSkill.CANCEL_NO + t.id()))));
    });
  }
}
