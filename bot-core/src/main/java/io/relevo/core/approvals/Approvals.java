package io.relevo.core.approvals;

import java.util.List;

import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;
import io.vertx.core.Future;

/**
 * Deciding catalogue requests' approvals, for every place an approver decides from: the console's
 * REST API, and Slack's and Teams' interactive messages. An approval's id is its ticket's id and
 * the step's number ({@code REQ-000012.1}, see {@link ApprovalId}); the decider is identified by their
 * directory identity (e-mail), so a Slack or Teams user is mapped by their profile's e-mail.
 *
 * <p>Implementations are thread-safe; futures complete on the caller's Vert.x context. Refusals
 * fail with {@link ApprovalException} (its code and HTTP status are the API's error).
 */
public interface Approvals {

  /** A step waiting for {@code decider}, with its ticket; {@code approvalId} as {@link ApprovalId} writes it. */
  record Pending(String approvalId, Ticket ticket, Approval.Step step, String onBehalfOf) {
  }

  /**
   * The outcome of a decision: the ticket after it; {@code replayed} when it only repeated one already
   * made; {@code approvalId} as {@link ApprovalId} writes it.
   */
  record Decision(String approvalId, Ticket ticket, boolean replayed) {

    /** The step decided, as it stands after the decision. */
    public Approval.Step step() {
      return ApprovalId.parse(approvalId).stepOf(ticket);
    }
  }

  /** The steps {@code decider} may decide now (as approver, delegate, escalation target or role), oldest first. */
  Future<List<Pending>> pendingFor(Decider decider, int limit);

  /** The approval {@code approvalId} as {@code decider} may see it (they may decide it, or decided it). */
  Future<Pending> find(String approvalId, Decider decider);

  /**
   * Approves ({@link Approval.State#APPROVED}) or rejects ({@link Approval.State#REJECTED}) one step.
   * Idempotent: a retry with the same {@code idempotencyKey}, or the same decider making the same
   * decision again, decides once and reports {@code replayed}. Only the step's approvers, their
   * delegates while they are away, its escalation targets or holders of its role may decide.
   *
   * @param reason optional, told to the requester on a rejection
   * @param idempotencyKey optional: the platform's delivery id, or the client's key
   */
  Future<Decision> decide(String approvalId, Decider decider, Approval.State decision, String reason,
      String idempotencyKey);

  /** The requester withdraws their pending request (it is cancelled); refused once it was decided. */
  Future<Ticket> withdraw(String ticketId, Ticket.Requester requester, String reason);
}
