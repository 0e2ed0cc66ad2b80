package io.relevo.core.dialogue.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.relevo.core.catalogue.Catalogue;

/** Flow files' catalogue listings and approval steps, and the catalogue made of them. */
class FlowsCatalogueTest {

  static final String BASE = """
      id: request_parking
      intent: request_parking
      department: facilities
      ticket: { kind: request, title: "Parking: {plate}" }
      slots:
        - { name: plate, type: text, ask: { en: "Plate?", es: "¿Matrícula?" } }
      confirm: { en: "Send?", es: "¿Envío?" }
      done: { en: "Sent {ticket}.", es: "Enviado {ticket}." }
      """;

  @Test
  void aFlowDeclaresItsListingAndSequentialApprovalSteps() {
    Flow f = Flows.parse("parking.yaml", BASE + """
        catalogue:
          title: { en: Parking space, es: Plaza de aparcamiento }
          description: { en: "A space for a day.", es: "Una plaza para un día." }
        approval:
          - approver: manager
            escalateAfter: 36h
            remindBefore: 12h
            escalateTo: group:facilities-leads
          - approver: role:supervisor
            escalateTo: none
        """);
    assertThat(f.catalogue().title()).containsEntry("es", "Plaza de aparcamiento");
    assertThat(f.approval()).hasSize(2);
    assertThat(f.approval().get(0).escalateAfter()).isEqualTo(Duration.ofHours(36));
    assertThat(f.approval().get(0).escalateTo()).isEqualTo("group:facilities-leads");
    assertThat(f.approval().get(1).kind()).isEqualTo("role");
    assertThat(f.approval().get(1).target()).isEqualTo("supervisor");
  }

  @Test
  void aWrongApprovalStopsStartUpNamingTheFileAndTheProblem() {
    assertThatThrownBy(() -> Flows.parse("p.yaml", BASE + "approval:\n  - approver: boss\n"))
        .hasMessageContaining("p.yaml").hasMessageContaining("approver must be manager");
    assertThatThrownBy(() -> Flows.parse("p.yaml", BASE + "approval:\n  - approver: manager\n    escalateAfter: soon\n"))
        .hasMessageContaining("escalateAfter 'soon' is not a duration");
    assertThatThrownBy(() -> Flows.parse("p.yaml", BASE + "catalogue:\n  title: { en: Parking }\n  description: { en: a, es: b }\n"))
        .hasMessageContaining("'title' needs a text in en and in es");
    assertThatThrownBy(() -> Flows.parse("p.yaml", BASE.replace("kind: request", "kind: incident")
        + "approval:\n  - approver: manager\n")).hasMessageContaining("only a request");
  }

  @Test
  void everyShippedFlowIsInTheCatalogueByDepartmentAndSearchable() {
    Map<String, Flow> flows = Flows.load(null);
    Catalogue catalogue = new Catalogue(flows.values());
    assertThat(catalogue.items()).hasSize(flows.size());
    assertThat(catalogue.byDepartment(catalogue.items()).keySet()).containsExactly("it", "hr", "facilities");
    assertThat(catalogue.search("viaje").stream().map(Catalogue.Item::id)).containsExactly("request_business_trip");
    assertThat(catalogue.search("VACACIÓN").stream().map(Catalogue.Item::id)).contains("request_vacation");
    assertThat(flows.get("request_vacation").needsApproval()).isTrue();
    assertThat(flows.get("request_office_supplies").needsApproval()).isFalse();
  }
}
