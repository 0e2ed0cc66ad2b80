package io.relevo.core.approvals;

import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;

/**
 * Told of every approval event after it was saved, to reach the approvers where they are (Slack,
 * Teams) and to audit it. Called on a Vert.x event loop: implementations must not block, and a
 * failure in one never undoes the change. Implementations are thread-safe.
 */
public interface ApprovalListener {

  /** A step was asked of its approvers (a new request, or the step after an approved one). */
  default void requested(Ticket ticket, Approval.Step step) {
  }

  /** A step's approvers were reminded; its escalation comes next. */
  default void reminded(Ticket ticket, Approval.Step step) {
  }

  /** A step escalated to {@code step.escalatedTo()}. */
  default void escalated(Ticket ticket, Approval.Step step) {
  }

  /** {@code decider} decided a step (the decision is {@code step.decision()}). */
  default void decided(Ticket ticket, Approval.Step step, Decider decider) {
  }

  /**
   * The request was cancelled before it was decided, its open steps withdrawn: by its requester, or by
   * the help desk (an agent, the company's ticket system); {@link Ticket#cancelledBy} says who. Told
   * once, whichever way it was cancelled.
   */
  default void withdrawn(Ticket ticket) {
  }
}
