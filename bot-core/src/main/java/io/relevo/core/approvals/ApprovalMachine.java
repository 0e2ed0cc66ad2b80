package io.relevo.core.approvals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Approval.State;
import io.relevo.core.tickets.Approval.Step;
import io.relevo.core.tickets.Ticket;

/**
 * The approval's state machine, with no I/O: starting an approval from a flow's steps, who may
 * decide a step, a decision (approve or reject; idempotent), the reminders and escalations that
 * fall due. Each method takes a ticket version and returns the next one (the same instance when
 * nothing changes). A step is {@code waiting} until the one before it is approved, then
 * {@code pending}, then {@code approved}, {@code rejected} or {@code withdrawn}; the ticket goes
 * {@code pending_approval} → {@code approved} (its last step approved) or {@code rejected} (any
 * step rejected). Immutable and thread-safe.
 */
public final class ApprovalMachine {

  /**
   * What a flow step leaves to the settings.
   *
   * @param fallback who approves when the manager is unknown or a group empty: {@code role:NAME} or {@code group:NAME}
   */
  public record Defaults(Duration escalateAfter, Duration remindBefore, String fallback) {
  }

  /** The outcome of {@link #decide}: the ticket after it, and whether it only repeated an earlier decision. */
  public record Decided(Ticket ticket, int step, boolean replayed) {
  }

  private final Directory directory;
  private final Defaults defaults;

  public ApprovalMachine(Directory directory, Defaults defaults) {
    this.directory = directory;
    this.defaults = defaults;
  }

  public Directory directory() {
    return directory;
  }

  /**
   * The approval a request of {@code flow} starts with: its first step pending, asked of the
   * requester's manager ({@code manager}: from the identity token's claim, else the directory), a
   * group or a role; the later steps waiting.
   */
  public Approval start(Flow flow, String requesterManager, Instant now) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < flow.approval().size(); i++) {
      Flow.ApprovalStep spec = flow.approval().get(i);
      steps.add(new Step(i + 1, spec.kind(), spec.target(), List.of(), State.WAITING, null, null, null,
          "none".equals(spec.escalateTo()) ? null : spec.escalateTo(), null, null, List.of(), null));
    }
    Approval waiting = new Approval(flow.intent(), State.PENDING, 1, steps);
    return begin(waiting, 1, flow, requesterManager, now);
  }

  /** Step {@code number} asked now: its approvers resolved and its reminder and escalation timed. */
  private Approval begin(Approval a, int number, Flow flow, String requesterManager, Instant now) {
    Step s = a.steps().get(number - 1);
    Flow.ApprovalStep spec = flow == null || flow.approval().size() < number ? null : flow.approval().get(number - 1);
    String kind = s.kind();
    String target = s.target();
    List<String> approvers = List.of();
    if (kind.equals("manager")) {
      String manager = Directory.email(requesterManager);
      approvers = manager == null || manager.isBlank() ? List.of() : List.of(manager);
    } else if (kind.equals("group")) {
      approvers = directory.group(target);
    }
    if (approvers.isEmpty() && !kind.equals("role")) {
      // nobody to ask: the fallback approves (a role, or a group)
      String fallback = defaults.fallback();
      kind = fallback.startsWith("group:") ? "group" : "role";
      target = fallback.substring(fallback.indexOf(':') + 1);
      approvers = kind.equals("group") ? directory.group(target) : List.of();
    }
    Duration escalateAfter = spec != null && spec.escalateAfter() != null ? spec.escalateAfter() : defaults.escalateAfter();
    Duration remindBefore = spec != null && spec.remindBefore() != null ? spec.remindBefore() : defaults.remindBefore();
    Instant escalateAt = s.escalateTo() == null ? null : now.plus(escalateAfter);
    Instant remindAt = null;
    if (!remindBefore.isZero()) {
      Instant base = escalateAt != null ? escalateAt : now.plus(escalateAfter);
      Instant at = base.minus(remindBefore);
      remindAt = at.isAfter(now) ? at : null;
    }
    Step started = new Step(number, kind, target, approvers, State.PENDING, now, remindAt, escalateAt, s.escalateTo(),
        null, null, List.of(), null);
    return a.with(State.PENDING, number, started);
  }

  /**
   * Whether {@code decider} may decide {@code step} at {@code now}: as a named approver, an
   * escalation target or a holder of the step's role (the result is null), or as the delegate of
   * an approver who is away (the result is that approver's e-mail).
   *
   * @throws ApprovalException {@code not_your_approval} when they may not
   */
  public String standingOf(Step step, Decider decider, Instant now) {
    if (step.kind().equals("role") && decider.roles().contains(step.target())) {
      return null;
    }
    Set<String> named = new LinkedHashSet<>(step.approvers());
    named.addAll(step.escalatedTo());
    if (decider.email() != null && named.contains(decider.email())) {
      return null;
    }
    if (decider.email() != null) {
      for (String approver : named) {
        var person = directory.byEmail(approver);
        if (person.isPresent() && person.get().delegatesAt(now) && decider.email().equals(person.get().delegate())) {
          return approver;
        }
      }
    }
    throw new ApprovalException(403, "not_your_approval", "You are not an approver of this request.");
  }

  /** Whether {@code decider} may decide {@code step} now. */
  public boolean mayDecide(Step step, Decider decider, Instant now) {
    try {
      standingOf(step, decider, now);
      return true;
    } catch (ApprovalException e) {
      return false;
    }
  }

  /**
   * Decides step {@code number} of {@code t}'s approval. The same decider repeating the same
   * decision (a double click), or any retry with the idempotency key of the decision made, changes
   * nothing and reports {@code replayed}.
   *
   * @param outcome {@link State#APPROVED} or {@link State#REJECTED}
   * @param flow the ticket's flow, for the timing of the next step; may be null
   * @throws ApprovalException not_found, not_your_approval, withdrawn (by the requester), cancelled (by the
   *     help desk: an agent or the company's ticket system), already_decided, not_pending
   */
  public Decided decide(Ticket t, int number, Decider decider, State outcome, String reason, String key, Flow flow,
      Instant now) {
    Approval a = t.approval();
    if (a == null || number < 1 || number > a.steps().size()) {
      throw ApprovalException.notFound();
    }
    if (outcome != State.APPROVED && outcome != State.REJECTED) {
      throw new ApprovalException(400, "bad_request", "The decision must be approve or reject.");
    }
    Step step = a.steps().get(number - 1);
    Approval.Decision earlier = step.decision();
    if (earlier != null && key != null && key.equals(earlier.key()) && earlier.by().equals(decider.identity())) {
      return new Decided(t, number, true);
    }
    String onBehalfOf = standingOf(step, decider, now);
    if (step.state() == State.WITHDRAWN || a.state() == State.WITHDRAWN || t.status() == Ticket.Status.CANCELLED) {
      throw byRequester(t) ? new ApprovalException(409, "withdrawn", "The requester withdrew this request; there is nothing to decide.")
          : new ApprovalException(409, "cancelled", "The help desk cancelled this request; there is nothing to decide.");
    }
    if (earlier != null) {
      if (earlier.outcome() == outcome && earlier.by().equals(decider.identity())) {
        return new Decided(t, number, true);
      }
      throw new ApprovalException(409, "already_decided", "This request was already " + earlier.outcome().code() + ".");
    }
    if (step.state() != State.PENDING || t.status() != Ticket.Status.PENDING_APPROVAL) {
      throw new ApprovalException(409, "not_pending", "This step is not waiting for a decision.");
    }
    Approval.Decision decision = new Approval.Decision(outcome, decider.identity(), decider.name(), onBehalfOf,
        decider.via(), now, reason == null || reason.isBlank() ? null : reason.strip(), key);
    Step decided = new Step(step.number(), step.kind(), step.target(), step.approvers(), outcome, step.startedAt(),
        step.remindAt(), step.escalateAt(), step.escalateTo(), step.remindedAt(), step.escalatedAt(), step.escalatedTo(),
        decision);
    Ticket.Actor by = new Ticket.Actor("approver", decider.identity(), decider.name());
    Ticket.Change change = new Ticket.Change(now, by, "approval." + number, State.PENDING.code(), outcome.code());
    if (outcome == State.REJECTED) {
      Approval after = a.with(State.REJECTED, number, decided);
      return new Decided(t.withApproval(Ticket.Status.REJECTED, after, change, now), number, false);
    }
    Approval after = a.with(State.PENDING, number, decided);
    if (number < a.steps().size()) {
      Approval next = begin(after, number + 1, flow, managerForNext(t, decider), now);
      return new Decided(t.withApproval(Ticket.Status.PENDING_APPROVAL, next, change, now), number, false);
    }
    return new Decided(t.withApproval(Ticket.Status.APPROVED, new Approval(a.flow(), State.APPROVED, number, after.steps()),
        change, now), number, false);
  }

  /** Whether the cancelled ticket {@code t} was cancelled by its requester (or nobody recorded who). */
  public static boolean byRequester(Ticket t) {
    Ticket.Actor by = t.cancelledBy();
    return by == null || "requester".equals(by.kind());
  }

  /** A later {@code manager} step asks the requester's manager, as the first did. */
  private String managerForNext(Ticket t, Decider decider) {
    for (Step s : t.approval().steps()) {
      if (s.kind().equals("manager") && !s.approvers().isEmpty()) {
        return s.approvers().get(0);
      }
    }
    return t.requester().email() == null ? null : directory.managerOf(t.requester().email());
  }

  /**
   * The reminder or escalation of the pending step that fell due by {@code now} (a reminder always
   * before its escalation, one per call): a reminder is recorded ({@code remindedAt}); an escalation adds the escalation's targets (the approvers'
   * managers, or a group) to those who may decide. The same ticket when nothing is due.
   */
  public Ticket tick(Ticket t, Instant now) {
    Approval a = t.approval();
    if (a == null || a.state() != State.PENDING || t.status() != Ticket.Status.PENDING_APPROVAL) {
      return t;
    }
    Step s = a.currentStep();
    Instant due = s.nextDue();
    if (due == null || due.isAfter(now)) {
      return t;
    }
    Ticket.Actor system = Ticket.Actor.BOT;
    boolean remindFirst = s.remindAt() != null && s.remindedAt() == null && s.escalatedAt() == null;
    if (!remindFirst && s.escalateAt() != null && !s.escalateAt().isAfter(now)) {
      List<String> to = escalationTargets(s);
      Step escalated = new Step(s.number(), s.kind(), s.target(), s.approvers(), s.state(), s.startedAt(), s.remindAt(),
          s.escalateAt(), s.escalateTo(), s.remindedAt() != null ? s.remindedAt() : null, now, to, null);
      return t.withApproval(t.status(), a.with(State.PENDING, a.current(), escalated),
          new Ticket.Change(now, system, "approval." + s.number(), "pending", "escalated"), now);
    }
    Step reminded = new Step(s.number(), s.kind(), s.target(), s.approvers(), s.state(), s.startedAt(), s.remindAt(),
        s.escalateAt(), s.escalateTo(), now, s.escalatedAt(), s.escalatedTo(), null);
    return t.withApproval(t.status(), a.with(State.PENDING, a.current(), reminded),
        new Ticket.Change(now, system, "approval." + s.number(), "pending", "reminded"), now);
  }

  private List<String> escalationTargets(Step s) {
    String to = s.escalateTo();
    if (to == null) {
      return List.of();
    }
    if (to.startsWith("group:")) {
      return directory.group(to.substring("group:".length()));
    }
    Set<String> managers = new LinkedHashSet<>();
    for (String approver : s.approvers()) {
      String m = directory.managerOf(approver);
      if (m != null && !s.approvers().contains(m)) {
        managers.add(m);
      }
    }
    if (managers.isEmpty() && !defaults.fallback().isBlank()) {
      String fallback = defaults.fallback();
      if (fallback.startsWith("group:")) {
        managers.addAll(directory.group(fallback.substring("group:".length())));
      }
    }
    return List.copyOf(managers);
  }

  /** The webhook event of a change the approvals made, from the versions before and after it. */
  public static String event(Ticket before, Ticket after) {
    Approval a = after.approval();
    if (a == null) {
      return "ticket.updated";
    }
    if (after.status() == Ticket.Status.APPROVED) {
      return "ticket.approval.approved";
    }
    if (after.status() == Ticket.Status.REJECTED) {
      return "ticket.approval.rejected";
    }
    if (before.approval() != null && before.approval().current() != a.current()) {
      return "ticket.approval.step_approved";
    }
    Step s = a.currentStep();
    Step was = before.approval() == null ? null : before.approval().currentStep();
    if (was != null && s.escalatedAt() != null && !Objects.equals(was.escalatedAt(), s.escalatedAt())) {
      return "ticket.approval.escalated";
    }
    if (was != null && s.remindedAt() != null && !Objects.equals(was.remindedAt(), s.remindedAt())) {
      return "ticket.approval.reminded";
    }
    return "ticket.updated";
  }
}
