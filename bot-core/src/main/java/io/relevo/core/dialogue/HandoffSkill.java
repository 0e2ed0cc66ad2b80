package io.relevo.core.dialogue;

import io.relevo.texts.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketSystem;
import io.vertx.core.Future;

/**
 * Hands the conversation to a person when a {@link HandoffTrigger} fires or a button asks for one;
 * when nobody can take it, opens a ticket with the transcript or takes contact details for a
 * callback: never a dead end. Stateless and thread-safe.
 */
final class HandoffSkill implements Skill {

  /** The triggers checked on every typed message ({@link HandoffTrigger.NotUnderstood} fires where the bot does not know). */
  static final List<HandoffTrigger> TRIGGERS = List.of(new HandoffTrigger.AskedForPerson(),
      new HandoffTrigger.Frustration());

  static final String LEAVE_TICKET = "handoff.ticket";
  static final String LOCKED = "password.locked";
  static final String CANCEL_CONTACT = "contact.cancel";

  private final HandoffPort handoff;
  private final TicketSystem tickets;
  private final Analytics analytics;
  private final Departments departments;
  private final HelpDeskBot.Transcripts transcripts;

  HandoffSkill(HandoffPort handoff, TicketSystem tickets, Analytics analytics, Departments departments,
      HelpDeskBot.Transcripts transcripts) {
    this.handoff = handoff;
    this.tickets = tickets;
    this.analytics = analytics;
    this.departments = departments;
    this.transcripts = transcripts;
  }

  @Override
  public String name() {
    return "handoff";
  }

  /** The queue of {@code department}. */
  String queueOf(String department) {
    return departments.queue(department);
  }

  boolean available() {
    return handoff != null;
  }

  @Override
  public Future<BotTurn> onPayload(Turn turn, String payload) {
    switch (payload) {
      case Replies.ASK_PERSON:
        return escalate(turn, HandoffReason.ASKED_FOR_PERSON, departments.queue(turn.department()), null);
      case LEAVE_TICKET:
        return ticketForAPerson(turn, null);
      case LOCKED:
        return escalate(turn, HandoffReason.ACCOUNT_LOCKED, departments.queue("it"), null);
      case Replies.LEAVE_CONTACT:
        turn.await(Awaiting.Kind.CONTACT, "");
        return turn.done(askContact(turn.lang(), "contact.ask"));
      case CANCEL_CONTACT:
        if (turn.awaiting().is(Awaiting.Kind.CONTACT)) {
          turn.awaitNothing();
          return turn.done(Replies.say(turn.lang(), "contact.cancelled"));
        }
        return null;
      default:
        return null;
    }
  }

  @Override
  public Future<BotTurn> onPending(Turn turn, Understanding u) {
    if (!turn.awaiting().is(Awaiting.Kind.CONTACT)) {
      return null;
    }
    return ContactDetails.find(u.text())
        .map(found -> {
          turn.awaitNothing();
          turn.set(DialogueKeys.CONTACT, found);
          return ticketForAPerson(turn, found);
        })
        .orElseGet(() -> turn.done(askContact(turn.lang(), "contact.reask")));
  }

  /** Waiting for contact details: anything typed is read as them (or a re-ask). */
  boolean waitsForContact(Turn turn) {
    return turn.awaiting().is(Awaiting.Kind.CONTACT);
  }

  @Override
  public List<Candidate> propose(Turn turn, Understanding u) {
    List<Candidate> all = new ArrayList<>();
    if (handoff == null) {
      return all;
    }
    for (HandoffTrigger trigger : TRIGGERS) {
      HandoffReason reason = trigger.fires(turn, u);
      if (reason != null) {
        all.add(new Candidate(name(), reason.code(), trigger.score(),
            () -> escalate(turn, reason, departments.queue(u.department()), trigger.preface())));
      }
    }
    return all;
  }

  /** Puts the conversation in {@code queue}'s line, or offers a ticket or a callback when nobody can take it. */
  Future<BotTurn> escalate(Turn turn, HandoffReason reason, String queue, String prefaceKey) {
    String lang = turn.lang();
    List<Message> before = prefaceKey == null ? List.of() : List.of(Replies.say(lang, prefaceKey));
    // when nobody can take it, the preface must not promise a person ({key}.alone drops that part)
    List<Message> alone = prefaceKey == null ? List.of() : List.of(Replies.say(lang, prefaceKey + ".alone"));
    turn.awaitNothing();
    turn.misses(0);
    turn.unhelped(0);
    turn.handedOff(reason, queue);
    turn.outcome(Outcome.PERSON, null, null);
    if (handoff == null) {
      return turn.done(Replies.concat(alone, unavailable(lang)));
    }
    return handoff.escalate(turn.conversation, reason.code(), queue).compose(e -> switch (e.outcome()) {
      case QUEUED -> analytics.handoff(turn.conversation, reason.code(), true)
          .compose(v -> turn.done(Replies.concat(before, Replies.say(lang, "handoff.queued", e.position(),
              Math.max(1, e.estimatedWait().toMinutes())))));
      case ALREADY -> turn.done(Replies.concat(before, Replies.say(lang, "handoff.already")));
      case UNAVAILABLE -> analytics.handoff(turn.conversation, reason.code(), false)
          .compose(v -> turn.done(Replies.concat(alone, unavailable(lang))));
    });
  }

  /** Nobody can take it now: never a dead end — a ticket with this conversation, or a callback. */
  private static Message unavailable(String lang) {
    return Replies.say(lang, "handoff.unavailable").withQuickReplies(List.of(
        new QuickReply(Texts.get(lang, "handoff.ticket"), LEAVE_TICKET),
        new QuickReply(Texts.get(lang, "contact.leave"), Replies.LEAVE_CONTACT)));
  }

  /** Opens an incident carrying the transcript, for the help desk to pick up later. */
  private Future<BotTurn> ticketForAPerson(Turn turn, String contact) {
    Ticket.Requester me = Requesters.of(turn.conversation);
    String question = turn.question();
    String reason = turn.reason().isEmpty() ? HandoffReason.ASKED_FOR_PERSON.code() : turn.reason();
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
      String title = Texts.get(turn.lang(), contact == null ? "handoff.ticket.title" : "handoff.callback.title",
          question.isEmpty() ? reason : (question.length() > 120 ? question.substring(0, 120) + "…" : question));
      Map<String, String> fields = new java.util.HashMap<>();
      fields.put("reason", reason);
      if (contact != null) {
        fields.put("contact", contact);
      }
      return tickets.create(new NewTicket(Ticket.Kind.INCIDENT, me, title, text.toString(), "handoff", "low", "medium",
          fields, turn.conversation.id(), turn.lang()));
    }).compose(t -> {
      turn.ticket(t.id());
      return analytics.ticket(turn.conversation, false).compose(v -> turn.done(Replies.say(turn.lang(), contact == null ? "handoff.ticket.opened" : "contact.thanks.ticket", t.id(),
          contact == null ? "" : contact)));
    });
  }

  private static Message askContact(String locale, String key) {
    return Replies.say(locale, key).withQuickReplies(List.of(new QuickReply(Texts.get(locale, "contact.cancel"), CANCEL_CONTACT)));
  }
}
