package io.relevo.core.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.dialogue.flows.Flows;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Approval.State;
import io.relevo.core.tickets.Ticket;

/** The approval state machine: steps, who may decide, idempotent decisions, reminders, escalation, delegation. */
class ApprovalMachineTest {

  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final Directory PEOPLE = Directory.parse("""
      people:
        - {email: luis@acme.example, manager: elena@acme.example}
        - {email: elena@acme.example, name: Elena, manager: jorge@acme.example,
           away: {from: 2026-03-10, until: 2026-03-20, delegate: pablo@acme.example}}
        - {email: jorge@acme.example, name: Jorge}
      groups:
        finance: [carmen@acme.example]
      """, "test");
  static final ApprovalMachine MACHINE = new ApprovalMachine(PEOPLE,
      new ApprovalMachine.Defaults(Duration.ofHours(48), Duration.ofHours(24), "role:supervisor"));
  static final Flow TRIP = Flows.load(null).get("request_business_trip");

  static Decider person(String email) {
    return new Decider(email, null, email.substring(0, email.indexOf('@')), Set.of(), "slack");
  }

  static Ticket pending(Flow flow, String manager) {
    Approval a = MACHINE.start(flow, manager, T0);
    return new Ticket("REQ-000001", Ticket.Kind.REQUEST, new Ticket.Requester("user:web:luis", "Luis", "luis@acme.example"),
        "Trip", null, "travel", "medium", "medium", Ticket.Priority.MEDIUM, Ticket.Status.PENDING_APPROVAL, Map.of(),
        null, "en", null, T0, T0, List.of(), List.of(), 1, a);
  }

  @Test
  void sequentialStepsGoManagerThenGroupAndTheTicketIsApprovedAfterTheLast() {
    Ticket t = pending(TRIP, "elena@acme.example");
    assertThat(t.approval().currentStep().approvers()).containsExactly("elena@acme.example");
    assertThat(t.approval().steps().get(1).state()).isEqualTo(State.WAITING);
    Ticket afterManager = MACHINE.decide(t, 1, person("elena@acme.example"), State.APPROVED, null, "k1", TRIP, T0).ticket();
    assertThat(afterManager.status()).isEqualTo(Ticket.Status.PENDING_APPROVAL);
    assertThat(afterManager.approval().current()).isEqualTo(2);
    assertThat(afterManager.approval().currentStep().approvers()).containsExactly("carmen@acme.example");
    assertThat(ApprovalMachine.event(t, afterManager)).isEqualTo("ticket.approval.step_approved");
    Ticket done = MACHINE.decide(afterManager, 2, person("carmen@acme.example"), State.APPROVED, null, null, TRIP, T0).ticket();
    assertThat(done.status()).isEqualTo(Ticket.Status.APPROVED);
    assertThat(done.approval().state()).isEqualTo(State.APPROVED);
    assertThat(ApprovalMachine.event(afterManager, done)).isEqualTo("ticket.approval.approved");
  }

  @Test
  void aRejectionEndsTheApprovalWithItsReason() {
    Ticket t = pending(TRIP, "elena@acme.example");
    Ticket rejected = MACHINE.decide(t, 1, person("elena@acme.example"), State.REJECTED, " too expensive ", null, TRIP, T0).ticket();
    assertThat(rejected.status()).isEqualTo(Ticket.Status.REJECTED);
    assertThat(rejected.status().isFinal()).isTrue();
    assertThat(rejected.approval().steps().get(0).decision().reason()).isEqualTo("too expensive");
  }

  @Test
  void onlyTheNamedApproverDecidesAndARepeatDecidesOnce() {
    Ticket t = pending(TRIP, "elena@acme.example");
    assertThatThrownBy(() -> MACHINE.decide(t, 1, person("mallory@acme.example"), State.APPROVED, null, null, TRIP, T0))
        .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("not_your_approval"));
    // a later step has nobody to ask yet
    assertThatThrownBy(() -> MACHINE.decide(t, 2, person("carmen@acme.example"), State.APPROVED, null, null, TRIP, T0))
        .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("not_your_approval"));
    var first = MACHINE.decide(t, 1, person("elena@acme.example"), State.REJECTED, "no", "k1", TRIP, T0);
    var retried = MACHINE.decide(first.ticket(), 1, person("elena@acme.example"), State.REJECTED, "no", "k1", TRIP, T0);
    var again = MACHINE.decide(first.ticket(), 1, person("elena@acme.example"), State.REJECTED, "no", "k2", TRIP, T0);
    assertThat(retried.replayed()).isTrue();
    assertThat(retried.ticket()).isSameAs(first.ticket());
    assertThat(again.replayed()).isTrue();
    assertThatThrownBy(() -> MACHINE.decide(first.ticket(), 1, person("elena@acme.example"), State.APPROVED, null, "k3", TRIP, T0))
        .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("already_decided"));
    assertThatThrownBy(() -> MACHINE.decide(t, 9, person("elena@acme.example"), State.APPROVED, null, null, TRIP, T0))
        .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aDelegateDecidesWhileTheApproverIsAwayOnly() {
    Ticket t = pending(TRIP, "elena@acme.example");
    Decider pablo = person("pablo@acme.example");
    assertThat(MACHINE.mayDecide(t.approval().currentStep(), pablo, T0)).isFalse();
    Instant away = Instant.parse("2026-03-12T10:00:00Z");
    var decided = MACHINE.decide(t, 1, pablo, State.APPROVED, null, null, TRIP, away);
    assertThat(decided.ticket().approval().steps().get(0).decision().onBehalfOf()).isEqualTo("elena@acme.example");
    assertThat(MACHINE.mayDecide(t.approval().currentStep(), pablo, Instant.parse("2026-03-21T00:00:00Z"))).isFalse();
  }

  @Test
  void aStepIsRemindedThenEscalatedToTheApproversManager() {
    Ticket t = pending(TRIP, "elena@acme.example");
    assertThat(MACHINE.tick(t, T0.plus(Duration.ofHours(23)))).isSameAs(t);
    Ticket reminded = MACHINE.tick(t, T0.plus(Duration.ofHours(50))); // both due: the reminder comes first
    assertThat(ApprovalMachine.event(t, reminded)).isEqualTo("ticket.approval.reminded");
    Ticket escalated = MACHINE.tick(reminded, T0.plus(Duration.ofHours(50)));
    assertThat(ApprovalMachine.event(reminded, escalated)).isEqualTo("ticket.approval.escalated");
    assertThat(escalated.approval().currentStep().escalatedTo()).containsExactly("jorge@acme.example");
    assertThat(escalated.approval().currentStep().nextDue()).isNull();
    assertThat(MACHINE.tick(escalated, T0.plus(Duration.ofDays(9)))).isSameAs(escalated);
    assertThat(MACHINE.decide(escalated, 1, person("jorge@acme.example"), State.APPROVED, null, null, TRIP, T0).ticket()
        .approval().current()).isEqualTo(2);
  }

  @Test
  void anUnknownManagerFallsBackToTheSupervisorsRole() {
    Ticket t = pending(TRIP, null);
    Approval.Step step = t.approval().currentStep();
    assertThat(step.kind()).isEqualTo("role");
    assertThat(step.target()).isEqualTo("supervisor");
    Decider sam = new Decider(null, "sam", "Sam", Set.of("agent", "supervisor"), "console");
    assertThat(MACHINE.decide(t, 1, sam, State.APPROVED, null, null, TRIP, T0).ticket().approval().steps().get(0)
        .decision().by()).isEqualTo("agent:sam");
    assertThat(MACHINE.mayDecide(step, new Decider(null, "ana", "Ana", Set.of("agent"), "console"), T0)).isFalse();
  }
}
