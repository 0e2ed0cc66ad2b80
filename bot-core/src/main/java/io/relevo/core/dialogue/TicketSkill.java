package io.relevo.core.dialogue;

import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketException;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.intents.Analysis;
import io.relevo.intents.Entity;
import io.vertx.core.Future;

/**
 * A person's own tickets: the status of one, the list, a comment, a cancellation (confirmed by a
 * button or a typed yes or no). Stateless and thread-safe.
 */
final class TicketSkill implements Skill {

  static final String CANCEL_YES = "ticket.cancel.yes:";
  static final String CANCEL_NO = "ticket.cancel.no:";
  /** {@code ticket.pick:<intent>:<id>}: the ticket chosen from "which one?" for a cancellation or a comment. */
  static final String PICK = "ticket.pick:";

  private final TicketSystem tickets;
  private final Clock clock;
  private final java.util.function.BooleanSupplier person;

  TicketSkill(TicketSystem tickets, Clock clock) {
    this(tickets, clock, () -> false);
  }

  /** @param person whether a person can be offered (a ticket opened by phone or email is not found here) */
  TicketSkill(TicketSystem tickets, Clock clock, java.util.function.BooleanSupplier person) {
    this.tickets = tickets;
    this.clock = clock;
    this.person = person;
  }

  private volatile io.relevo.core.approvals.ApprovalService approvals;

  /**
   * Cancels requests still waiting for their approval through {@code service}, so that their approvers hear of
   * the withdrawal (their Slack and Teams messages are updated); without it they are only cancelled.
   */
  void approvals(io.relevo.core.approvals.ApprovalService service) {
    this.approvals = service;
  }

  @Override
  public String name() {
    return "ticket";
  }

  @Override
  public Future<BotTurn> onPayload(Turn turn, String payload) {
    if (payload.startsWith(CANCEL_YES) || payload.startsWith(CANCEL_NO)) {
      turn.outcome(Outcome.TICKET, null, null);
      boolean yes = payload.startsWith(CANCEL_YES);
      return cancelAnswer(turn, payload.substring((yes ? CANCEL_YES : CANCEL_NO).length()), yes);
    }
    if (payload.startsWith(PICK)) {
      String[] parts = payload.substring(PICK.length()).split(":", 2);
      if (parts.length == 2 && ACTIONS.contains(parts[0])) {
        turn.outcome(Outcome.TICKET, null, null);
        return tickets.findFor(parts[1], Requesters.of(turn.conversation)).compose(found -> found.isEmpty()
            ? turn.done(Replies.say(turn.lang(), "tickets.notfound", parts[1])) : onOpen(turn, parts[0], found.get()));
      }
    }
    if (payload.equals(HandoffSkill.CANCEL_CONTACT) && turn.awaiting().is(Awaiting.Kind.COMMENT)) {
      turn.awaitNothing();
      return turn.done(Replies.say(turn.lang(), "ok.reply"));
    }
    return null;
  }

  @Override
  public Future<BotTurn> onPending(Turn turn, Understanding u) {
    Awaiting awaiting = turn.awaiting();
    if (awaiting.is(Awaiting.Kind.COMMENT)) {
      turn.outcome(Outcome.TICKET, null, null);
      return addComment(turn, awaiting.arg(), u.text());
    }
    if (awaiting.is(Awaiting.Kind.CANCEL)) {
      if (u.act() == Act.AFFIRM || u.act() == Act.DENY) {
        turn.outcome(Outcome.TICKET, null, null);
        return cancelAnswer(turn, awaiting.arg(), u.act() == Act.AFFIRM);
      }
      turn.awaitNothing(); // something else: the ticket stays as it is
    }
    return null;
  }

  @Override
  public List<Candidate> propose(Turn turn, Understanding u) {
    List<Candidate> all = new ArrayList<>();
    // a ticket named with "any news?" is about its state, whatever the classifier guessed
    String intent = Acts.TICKET_INTENTS.contains(u.intent()) ? u.intent()
        : TicketWords.CANCELS.matcher(TextFold.fold(u.text())).find() ? "cancel_ticket"
        : Acts.OPEN_WITH_YOU.matcher(TextFold.fold(u.text())).find() ? "list_my_tickets" : "ticket_status";
    if (u.act() == Act.TICKET) {
      all.add(new Candidate(name(), intent, 75, () -> act(turn, intent, u.analysis(), u.text())));
    } else if (!turn.ticket().isEmpty() && TicketWords.CANCEL_THAT.matcher(TextFold.words(u.text())).find()
        && TextFold.words(u.text()).split(" ").length <= 8) {
      // "actually, can you cancel that?" right after a request was sent: that request
      all.add(new Candidate(name(), "cancel-that", 72, () -> act(turn, "cancel_ticket", u.analysis(), u.text())));
    } else if (!turn.ticket().isEmpty() && TicketWords.FOLLOW_UP_STATUS.matcher(TextFold.fold(u.text())).find()
        && (u.intent().equals("out_of_scope") || u.confidence() < 0.5)) {
      all.add(new Candidate(name(), "status-follow-up", 70, () -> act(turn, "ticket_status", u.analysis(), u.text())));
    }
    return all;
  }

  private Future<BotTurn> act(Turn turn, String intent, Analysis analysis, String text) {
    turn.outcome(Outcome.TICKET, null, null);
    return switch (intent) {
      case "list_my_tickets" -> list(turn);
      case "cancel_ticket", "add_ticket_comment" -> withOpenTicket(turn, intent, analysis, text);
      default -> status(turn, analysis);
    };
  }

  private static final java.util.Set<String> ACTIONS = java.util.Set.of("cancel_ticket", "add_ticket_comment");

  /** Asks to confirm the cancellation of {@code t}, or for the comment to add to it. */
  private Future<BotTurn> askFor(Turn turn, String intent, Ticket t) {
    if (intent.equals("cancel_ticket")) {
      turn.await(Awaiting.Kind.CANCEL, t.id());
      return turn.done(Replies.say(turn.lang(), "tickets.cancel.confirm", t.id(), t.title()).withQuickReplies(List.of(
          Replies.button(turn.lang(), "tickets.cancel.yes", CANCEL_YES + t.id()),
          Replies.button(turn.lang(), "tickets.cancel.no", CANCEL_NO + t.id()))));
    }
    turn.await(Awaiting.Kind.COMMENT, t.id());
    return turn.done(Replies.say(turn.lang(), "tickets.comment.ask", t.id())
        .withQuickReplies(List.of(Replies.button(turn.lang(), "form.cancel", HandoffSkill.CANCEL_CONTACT))));
  }

  /** The ticket the message names, else the one this conversation talked about last. */
  private Future<Optional<Ticket>> named(Turn turn, Analysis analysis, boolean orLatest) {
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
    if (!turn.ticket().isEmpty()) {
      return tickets.findFor(turn.ticket(), me);
    }
    if (!orLatest) {
      return Future.succeededFuture(Optional.empty());
    }
    return tickets.listFor(me, 1).map(list -> list.stream().findFirst());
  }

  private static String namedId(Analysis analysis) {
    return analysis == null ? null : analysis.entities().stream().filter(e -> e.kind().equals(Entity.TICKET_ID))
        .map(Entity::text).findFirst().orElse(null);
  }

  private Future<BotTurn> status(Turn turn, Analysis analysis) {
    return statusOf(turn, analysis).compose(turn::done);
  }

  /** Intents that only tell about tickets, which a form in progress lets through ({@link #read}). */
  static final java.util.Set<String> READS = java.util.Set.of("ticket_status", "list_my_tickets");

  /** The list or a ticket's status, as one message, without ending the turn (a form may go on after it). */
  Future<Message> read(Turn turn, Understanding u) {
    turn.outcome(Outcome.TICKET, null, null);
    return u.intent().equals("list_my_tickets") ? listOf(turn) : statusOf(turn, u.analysis());
  }

  private Future<Message> statusOf(Turn turn, Analysis analysis) {
    return named(turn, analysis, true).map(found -> {
      if (found.isEmpty()) {
        String named = namedId(analysis);
        return notFound(turn, named == null ? "tickets.none" : "tickets.notfound", named);
      }
      Ticket t = found.get();
      turn.ticket(t.id());
      Lang lang = Lang.of(turn.lang());
      String when = java.time.format.DateTimeFormatter.ofPattern(Texts.get(lang, "tickets.dateTime"), lang.locale())
          .withZone(clock.getZone()).format(t.updatedAt());
      return Replies.say(turn.lang(), "tickets.status", t.id(), t.title(),
          Texts.get(turn.lang(), "ticket.status." + t.status().code()), when);
    });
  }

  /** No ticket of theirs: one opened by phone or email is not here, so a person and a callback are offered. */
  private io.relevo.core.conversation.Message notFound(Turn turn, String key, String named) {
    return Replies.plus(Replies.say(turn.lang(), key, named), Replies.options(turn.lang(), person.getAsBoolean()));
  }

  private Future<BotTurn> list(Turn turn) {
    return listOf(turn).compose(turn::done);
  }

  private Future<Message> listOf(Turn turn) {
    return tickets.listFor(Requesters.of(turn.conversation), 10).map(list -> {
      if (list.isEmpty()) {
        return notFound(turn, "tickets.none", null);
      }
      StringBuilder text = new StringBuilder(Texts.get(turn.lang(), "tickets.list"));
      for (Ticket t : list) {
        text.append('\n').append(Texts.get(turn.lang(), "tickets.line", t.id(), t.title(),
            Texts.get(turn.lang(), "ticket.status." + t.status().code())));
      }
      return Message.draft(Role.BOT, text.toString(), Participant.BOT);
    });
  }

  /**
   * Cancels or comments on the person's ticket named (or talked about). Named by neither, it is the one
   * open ticket they have, or the one whose title the message names ("cancel my vacation request");
   * among several, they choose it from a list: nobody should have to remember a ticket's number.
   */
  private Future<BotTurn> withOpenTicket(Turn turn, String intent, Analysis analysis, String text) {
    return named(turn, analysis, false).compose(found -> {
      String named = namedId(analysis);
      if (found.isPresent()) {
        return onOpen(turn, intent, found.get());
      }
      if (named != null) {
        return turn.done(Replies.say(turn.lang(), "tickets.notfound", named));
      }
      return tickets.listFor(Requesters.of(turn.conversation), 10).compose(all -> {
        List<Ticket> open = all.stream().filter(t -> !t.status().isFinal()).toList();
        if (open.isEmpty()) {
          return turn.done(notFound(turn, all.isEmpty() ? "tickets.none" : "tickets.noneOpen", null));
        }
        List<Ticket> meant = TicketWords.named(open, text);
        if (meant.size() == 1 || open.size() == 1) {
          return onOpen(turn, intent, meant.size() == 1 ? meant.get(0) : open.get(0));
        }
        List<QuickReply> choices = new ArrayList<>();
        for (Ticket t : meant.isEmpty() ? open : meant) {
          choices.add(new QuickReply(TicketWords.label(t), PICK + intent + ":" + t.id()));
        }
        return turn.done(Replies.say(turn.lang(), "tickets.whichOne").withQuickReplies(choices));
      });
    });
  }

  /** Runs the action on {@code t} if it is still open. */
  private Future<BotTurn> onOpen(Turn turn, String intent, Ticket t) {
    turn.ticket(t.id());
    if (t.status().isFinal()) {
      return turn.done(Replies.say(turn.lang(), "tickets.final", t.id(),
          Texts.get(turn.lang(), "ticket.status." + t.status().code())));
    }
    return askFor(turn, intent, t);
  }

  private Future<BotTurn> cancelAnswer(Turn turn, String id, boolean yes) {
    turn.awaitNothing();
    if (!yes) {
      return turn.done(Replies.say(turn.lang(), "tickets.kept", id));
    }
    Ticket.Requester me = Requesters.of(turn.conversation);
    io.relevo.core.approvals.ApprovalService withdrawing = approvals;
    Future<Ticket> cancelled = withdrawing == null ? tickets.cancel(id, me, null)
        : tickets.findFor(id, me).compose(t -> t.isPresent() && t.get().status() == Ticket.Status.PENDING_APPROVAL
            ? withdrawing.withdraw(id, me, null) : tickets.cancel(id, me, null));
    return cancelled
        .compose(t -> turn.done(Replies.say(turn.lang(), "tickets.cancelled", t.id())))
        .recover(e -> e instanceof TicketException te && te.reason() == TicketException.Reason.CONFLICT
            ? turn.done(Replies.say(turn.lang(), "tickets.final", id, Texts.get(turn.lang(), "ticket.status.cancelled")))
            : e instanceof io.relevo.core.approvals.ApprovalException ae && ae.status() == 409
            // decided in the meantime: say how it stands
            ? tickets.findFor(id, me).compose(t -> turn.done(Replies.say(turn.lang(), "tickets.final", id,
                Texts.get(turn.lang(), "ticket.status." + t.map(x -> x.status().code()).orElse("cancelled")))))
            : turn.done(Replies.say(turn.lang(), "tickets.notfound", id)));
  }

  private Future<BotTurn> addComment(Turn turn, String id, String text) {
    turn.awaitNothing();
    Ticket.Requester me = Requesters.of(turn.conversation);
    return tickets.comment(id, me, new Ticket.Actor("requester", null, me.name()), text)
        .compose(t -> turn.done(Replies.say(turn.lang(), "tickets.commented", t.id())))
        .recover(e -> turn.done(Replies.say(turn.lang(), "tickets.notfound", id)));
  }
}
