package io.relevo.handoff.approvals;

import java.util.LinkedHashMap;
import java.util.Map;

import io.relevo.core.approvals.ApprovalListener;
import io.relevo.core.approvals.Decider;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;
import io.relevo.handoff.audit.AuditLog;

/**
 * Records every approval event in the audit log, wherever it was decided (console, Slack, Teams):
 * who decided (their console account, else their directory identity), which ticket and step, the
 * outcome and on whose behalf; escalations and withdrawals too (by the agent or ticket system that
 * cancelled the request, when it was not its requester). The requester appears only as the ticket
 * id. Thread-safe; best effort, as the audit log is.
 */
public final class AuditedApprovals implements ApprovalListener {

  private final AuditLog audit;

  public AuditedApprovals(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void decided(Ticket ticket, Approval.Step step, Decider decider) {
    Map<String, String> target = target(ticket, step);
    target.put("outcome", step.state().code());
    target.put("via", decider.via());
    if (step.decision() != null && step.decision().onBehalfOf() != null) {
      target.put("onBehalfOf", step.decision().onBehalfOf());
    }
    audit.record(decider.agentId() != null ? decider.agentId() : decider.identity(), decider.name(), "approval.decided",
        target, 200);
  }

  @Override
  public void escalated(Ticket ticket, Approval.Step step) {
    Map<String, String> target = target(ticket, step);
    target.put("to", String.join(",", step.escalatedTo()));
    audit.record("relevo", "Relevo", "approval.escalated", target, 200);
  }

  /** A withdrawal by the requester is recorded as theirs, unnamed; an agent's or the ticket system's as theirs. */
  @Override
  public void withdrawn(Ticket ticket) {
    Ticket.Actor by = ticket.cancelledBy();
    Map<String, String> target = new LinkedHashMap<>(Map.of("ticket", ticket.id()));
    if (by == null || "requester".equals(by.kind())) {
      audit.record("requester", null, "approval.withdrawn", target, 200);
    } else {
      audit.record(by.id() != null ? by.id() : by.kind(), by.name(), "approval.withdrawn", target, 200);
    }
  }

  private static Map<String, String> target(Ticket ticket, Approval.Step step) {
    Map<String, String> target = new LinkedHashMap<>();
    target.put("ticket", ticket.id());
    target.put("step", Integer.toString(step.number()));
    return target;
  }
}
