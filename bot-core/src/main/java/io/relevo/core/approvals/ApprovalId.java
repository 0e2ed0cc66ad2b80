package io.relevo.core.approvals;

import java.util.Objects;
import java.util.Optional;

import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;

/**
 * An approval's id: its ticket's id and the number of the step, written {@code REQ-000012.1}. It is
 * the id of the approvers' REST API ({@code /api/v1/agent/approvals/{id}}), the value of Slack's
 * buttons, the data of Teams' card actions and the key of the messages that asked about a step; this
 * type is the one place it is written ({@link #toString}) and read ({@link #parse}).
 *
 * <p>Immutable and thread-safe; parsing keeps no state. Ids come from people's clicks and requests,
 * so {@link #parse} refuses anything malformed the way a missing approval is refused.
 *
 * @param ticket the ticket's id, normalised ({@code REQ-000012})
 * @param step the step's number, from 1
 */
public record ApprovalId(String ticket, int step) {

  /** Longer than any id this type writes. */
  private static final int MAX_LENGTH = 40;

  /**
   * @throws IllegalArgumentException for a ticket id that is not normalised, or a step below 1
   */
  public ApprovalId {
    Objects.requireNonNull(ticket, "ticket");
    if (step < 1 || !ticket.equals(RedisTicketSystem.normaliseId(ticket))) {
      throw new IllegalArgumentException("not an approval id: " + ticket + "." + step);
    }
  }

  /** The id of {@code step} of {@code ticket}'s approval. */
  public static ApprovalId of(Ticket ticket, Approval.Step step) {
    return new ApprovalId(ticket.id(), step.number());
  }

  /**
   * Reads {@code REQ-000012.1}; the ticket's part as people may type it ({@code req-12.1}).
   *
   * @throws ApprovalException {@code not_found} (404) for null or anything that is not an approval's id
   */
  public static ApprovalId parse(String raw) {
    return read(raw).orElseThrow(ApprovalException::notFound);
  }

  /** As {@link #parse}, empty for anything that is not an approval's id. */
  public static Optional<ApprovalId> read(String raw) {
    int dot = raw == null || raw.length() > MAX_LENGTH ? -1 : raw.lastIndexOf('.');
    if (dot < 1 || dot == raw.length() - 1) {
      return Optional.empty();
    }
    String number = raw.substring(dot + 1);
    String ticket = RedisTicketSystem.normaliseId(raw.substring(0, dot));
    if (ticket == null || number.length() > 3 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int step = Integer.parseInt(number);
    return step < 1 ? Optional.empty() : Optional.of(new ApprovalId(ticket, step));
  }

  /**
   * The step of {@code t}'s approval this id names.
   *
   * @throws ApprovalException {@code not_found} when {@code t} is another ticket, has no approval or no such step
   */
  public Approval.Step stepOf(Ticket t) {
    if (!t.id().equals(ticket) || t.approval() == null || step > t.approval().steps().size()) {
      throw ApprovalException.notFound();
    }
    return t.approval().steps().get(step - 1);
  }

  /** {@code REQ-000012.1}. */
  @Override
  public String toString() {
    return ticket + "." + step;
  }
}
