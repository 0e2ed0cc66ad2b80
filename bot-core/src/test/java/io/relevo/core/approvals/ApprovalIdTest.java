package io.relevo.core.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.relevo.core.tickets.Ticket;

/** An approval's id, written and read in one place: what it accepts, what it refuses as a missing approval. */
class ApprovalIdTest {

  @Test
  void writesTheTicketAndTheStepAndReadsThemBack() {
    ApprovalId id = new ApprovalId("REQ-000012", 2);
    assertThat(id).hasToString("REQ-000012.2");
    assertThat(ApprovalId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void readsTheTicketAsPeopleTypeIt() {
    assertThat(ApprovalId.parse("req-12.1")).isEqualTo(new ApprovalId("REQ-000012", 1));
    assertThat(ApprovalId.parse("REQ 000012.01")).isEqualTo(new ApprovalId("REQ-000012", 1));
  }

  @Test
  void refusesAnythingElseAsAMissingApproval() {
    for (String bad : Arrays.asList(null, "", ".", "REQ-000012", "REQ-000012.", ".1", "REQ-000012.0", "REQ-000012.-1",
        "REQ-000012.+1", "REQ-000012.x", "REQ-000012.1.2", "FOO-000012.1", "REQ-000012.1234",
        "REQ-000012." + "1".repeat(40))) {
      assertThat(ApprovalId.read(bad)).as(String.valueOf(bad)).isEmpty();
      assertThatThrownBy(() -> ApprovalId.parse(bad)).as(String.valueOf(bad)).isInstanceOfSatisfying(ApprovalException.class,
          e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("not_found");
          });
    }
  }

  @Test
  void namesOnlyAStepOfItsOwnTicket() {
    Ticket t = ApprovalMachineTest.pending(ApprovalMachineTest.TRIP, "elena@acme.example");
    assertThat(ApprovalId.of(t, t.approval().currentStep())).hasToString("REQ-000001.1");
    assertThat(new ApprovalId("REQ-000001", 2).stepOf(t).number()).isEqualTo(2);
    assertThatThrownBy(() -> new ApprovalId("REQ-000001", 3).stepOf(t)).isInstanceOf(ApprovalException.class);
    assertThatThrownBy(() -> new ApprovalId("REQ-000002", 1).stepOf(t)).isInstanceOf(ApprovalException.class);
  }

  @Test
  void isMadeOnlyOfANormalisedTicketIdAndAStepFromOne() {
    assertThatThrownBy(() -> new ApprovalId("req-12", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ApprovalId("REQ-000012", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
