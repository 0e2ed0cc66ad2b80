package io.relevo.core.tickets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The approval a catalogue request needs, kept inside its {@link Ticket} (so it is saved, versioned,
 * sent through the webhook and erased with it). Its steps run one after another; each names who may
 * decide it. Immutable; {@code io.relevo.core.approvals.ApprovalMachine} makes the next version.
 *
 * @param flow the flow (catalogue item) whose steps these are, by its intent
 * @param state where the whole approval stands
 * @param current the number (1-based) of the step waiting for a decision; the last step once decided
 * @param steps every step, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Approval(String flow, State state, int current, List<Step> steps) {

  public Approval {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** The step waiting now (or the last decided one). */
  public Step currentStep() {
    return steps.get(Math.max(0, Math.min(current, steps.size()) - 1));
  }

  /** This approval with step {@code number} replaced by {@code step}. */
  public Approval with(State newState, int newCurrent, Step step) {
    List<Step> all = new ArrayList<>(steps);
    all.set(step.number() - 1, step);
    return new Approval(flow, newState, newCurrent, all);
  }

  /** Where an approval, or one step of it, stands. */
  public enum State {
    /** A later step, not asked yet. */
    WAITING,
    PENDING, APPROVED, REJECTED,
    /** The requester withdrew the request (or it was cancelled) before a decision. */
    WITHDRAWN;

    @JsonValue
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static State parse(String code) {
      return valueOf(code.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * One step.
   *
   * @param number 1-based
   * @param kind {@code manager} (the requester's manager), {@code group} (anyone of a directory group)
   *     or {@code role} (any agent with that role)
   * @param target the group's or role's name; null for a manager
   * @param approvers the directory identities (e-mails) asked, resolved when the step started; empty
   *     for a role
   * @param startedAt when the step was asked; null while waiting
   * @param remindAt when the approvers are reminded; null for none
   * @param escalateAt when the step escalates; null for never
   * @param escalateTo {@code manager} (the approvers' managers) or {@code group:NAME}; null for none
   * @param remindedAt when the reminder went out
   * @param escalatedAt when it escalated
   * @param escalatedTo who it escalated to (e-mails), who may decide it too from then on
   * @param decision who decided, how and why
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(int number, String kind, String target, List<String> approvers, State state, Instant startedAt,
      Instant remindAt, Instant escalateAt, String escalateTo, Instant remindedAt, Instant escalatedAt,
      List<String> escalatedTo, Decision decision) {

    public Step {
      approvers = approvers == null ? List.of() : List.copyOf(approvers);
      escalatedTo = escalatedTo == null ? List.of() : List.copyOf(escalatedTo);
    }

    /** When this step next needs attention (its reminder, then its escalation); null for never. */
    public Instant nextDue() {
      if (state != State.PENDING) {
        return null;
      }
      if (remindAt != null && remindedAt == null && escalatedAt == null) {
        return remindAt;
      }
      return escalatedAt == null ? escalateAt : null;
    }
  }

  /**
   * A decision.
   *
   * @param outcome approved or rejected
   * @param by the decider's directory identity (e-mail), or their agent id when they have none
   * @param name the decider's display name
   * @param onBehalfOf the approver the decider stood in for (a delegate's principal); null otherwise
   * @param via where it was decided: console, slack, teams, api
   * @param reason the decider's reason; may be null
   * @param key the idempotency key it came with; may be null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Decision(State outcome, String by, String name, String onBehalfOf, String via, Instant at,
      String reason, String key) {
  }
}
