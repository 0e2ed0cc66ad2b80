package io.relevo.core.tickets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the ticket store does to a ticket's approval: its withdrawal, and its place in the index of pending ones. Stateless. */
final class ApprovalTickets {

  private ApprovalTickets() {
  }

  /** A pending request withdrawn (cancelled) before its approval was decided: every open step withdrawn. */
  static Ticket withdrawn(Ticket t, Ticket.Actor by, String reason, Instant now) {
    Approval a = t.approval();
    Approval after = a;
    if (a != null) {
      List<Approval.Step> steps = new ArrayList<>();
      for (Approval.Step s : a.steps()) {
        steps.add(s.state() == Approval.State.PENDING || s.state() == Approval.State.WAITING
            ? new Approval.Step(s.number(), s.kind(), s.target(), s.approvers(), Approval.State.WITHDRAWN, s.startedAt(),
                s.remindAt(), s.escalateAt(), s.escalateTo(), s.remindedAt(), s.escalatedAt(), s.escalatedTo(), s.decision())
            : s);
      }
      after = new Approval(a.flow(), Approval.State.WITHDRAWN, a.current(), steps);
    }
    Ticket next = t.withApproval(Ticket.Status.CANCELLED, after,
        new Ticket.Change(now, by, "status", t.status().code(), Ticket.Status.CANCELLED.code()), now);
    if (reason == null || reason.isBlank()) {
      return next;
    }
    List<Ticket.Comment> comments = new ArrayList<>(next.comments());
    comments.add(new Ticket.Comment(now, by, reason.length() <= 4000 ? reason : reason.substring(0, 4000)));
    return new Ticket(next.id(), next.kind(), next.requester(), next.title(), next.description(), next.category(),
        next.impact(), next.urgency(), next.priority(), next.status(), next.fields(), next.conversationId(), next.locale(),
        next.externalId(), next.createdAt(), next.updatedAt(), next.history(), comments, next.version(), next.approval());
  }

  /** When the ticket's pending approval is next due (ms, or {@code +inf}); empty when none is pending. */
  static String pendingScore(Ticket t) {
    if (t.approval() == null || t.approval().state() != Approval.State.PENDING || t.status() != Ticket.Status.PENDING_APPROVAL) {
      return "";
    }
    Instant due = t.approval().currentStep().nextDue();
    return due == null ? "+inf" : Long.toString(due.toEpochMilli());
  }

}
