package io.relevo.core.dialogue.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.intents.Entity;

class FlowsTest {

  private static final String VALID = """
      id: request_parking
      intent: request_parking
      ticket: {kind: request, title: "Parking: {dates}"}
      slots:
        - name: dates
          type: date_range
          future: true
          ask: {en: "Which days?", es: "¿Qué días?"}
      confirm: {en: "Parking {dates}?", es: "¿Aparcamiento {dates}?"}
      done: {en: "Requested: {ticket}", es: "Pedido: {ticket}"}
      """;

  @Test
  void theShippedFlowsLoadAndANewFlowFileAddsACatalogueRequest(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("request_parking.yaml"), VALID);
    Map<String, Flow> flows = Flows.load(dir);
    assertThat(flows).containsKeys("report_incident", "request_vacation", "request_equipment", "request_access",
        "report_facilities_issue", "hr_query", "request_parking");
    assertThat(flows.get("request_parking").department()).isEqualTo("general");
    assertThat(flows.get("request_parking").queue()).isEqualTo("general");
  }

  @Test
  void everyShippedFlowBelongsToADepartmentAndNamesItsSlots() {
    Map<String, Flow> flows = Flows.load(null);
    assertThat(flows.keySet()).containsExactlyElementsOf(Flows.SHIPPED);
    Map<String, String> departments = new HashMap<>();
    flows.forEach((id, f) -> departments.put(id, f.department()));
    assertThat(departments).containsExactlyInAnyOrderEntriesOf(Map.of("report_incident", "it", "request_equipment", "it",
        "request_access", "it", "request_vacation", "hr", "hr_query", "hr", "report_facilities_issue", "facilities",
        "request_business_trip", "hr", "request_building_pass", "facilities", "request_office_supplies", "facilities"));
    for (Flow f : flows.values()) {
      assertThat(f.queue()).as(f.id()).isEqualTo(f.department());
      for (Flow.Slot s : f.slots()) {
        assertThat(s.label()).as(f.id() + "." + s.name()).containsKeys("en", "es");
      }
    }
    assertThat(flows.get("report_facilities_issue").slot("category").options()).extracting(Flow.Option::value)
        .containsExactly("heating_cooling", "water_leak", "lighting", "cleaning", "furniture", "access", "other");
    assertThat(flows.get("hr_query").slot("topic").options()).extracting(Flow.Option::value)
        .containsExactly("payroll", "leave", "benefits", "contract", "other");
  }

  @Test
  void aDepartmentAndAQueueAreReadAndChecked() {
    Flow f = Flows.parse("parking.yaml", VALID.replace("intent: request_parking", "intent: request_parking\ndepartment: facilities\nqueue: parking-desk"));
    assertThat(f.department()).isEqualTo("facilities");
    assertThat(f.queue()).isEqualTo("parking-desk");
    assertThatThrownBy(() -> Flows.parse("parking.yaml", VALID.replace("intent: request_parking",
        "intent: request_parking\ndepartment: marketing"))).hasMessageContaining("department must be one of");
    assertThatThrownBy(() -> Flows.parse("parking.yaml", VALID.replace("intent: request_parking",
        "intent: request_parking\nqueue: Parking Desk"))).hasMessageContaining("queue 'Parking Desk'");
  }

  @Test
  void anInvalidFlowStopsWithTheFileAndTheProblem(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("broken.yaml");
    for (var c : List.of(
        List.of(VALID.replace("type: date_range", "type: colour"), "unknown type 'colour'"),
        List.of(VALID.replace("es: \"¿Qué días?\"", ""), "'ask' needs a text in en and in es"),
        List.of(VALID.replace("Parking: {dates}", "Parking: {days}"), "'{days}' names no slot"),
        List.of(VALID.replace("kind: request", "kind: wish"), "ticket.kind must be incident or request"),
        List.of(VALID + "colour: blue\n", "unknown key 'colour'"),
        List.of("slots: [", "not valid YAML"))) {
      Files.writeString(bad, c.get(0));
      assertThatThrownBy(() -> Flows.load(dir)).isInstanceOf(Flows.FlowException.class)
          .hasMessageStartingWith(bad.toString()).hasMessageContaining(c.get(1));
    }
    assertThatThrownBy(() -> Flows.load(dir.resolve("missing"))).hasMessageContaining("not a directory");
  }

  @Test
  void invalidValuesAreAskedAgainAndNeverStored() {
    FormEngine engine = new FormEngine(Flows.load(null));
    Flow vacation = engine.flowFor("request_vacation");
    LocalDate today = LocalDate.of(2026, 11, 23);
    FormEngine.Step start = engine.start(vacation, "I need some days off", List.of(), "en", today);
    assertThat(start.changes()).containsEntry(FormEngine.AT, "dates");
    Map<String, String> state = new HashMap<>(start.changes());

    FormEngine.Step past = engine.step(vacation, state, "from 3 to 7 January 2020",
        null, List.of(new Entity("date_range", "3 to 7 January 2020", 5, 24, "2020-01-03/2020-01-07")), null, "en", today);
    assertThat(past.action()).isEqualTo(FormEngine.Action.NOT_AN_ANSWER);
    assertThat(past.changes()).doesNotContainKey("f.dates");
    assertThat(past.replies().get(0).text()).startsWith("I need a start and an end date that are not in the past");

    FormEngine.Step backwards = engine.step(vacation, state, "from Aug 7 to Aug 3", null,
        List.of(new Entity("date_range", "Aug 7 to Aug 3", 5, 19, "2027-08-07/2027-08-03")), null, "en", today);
    assertThat(backwards.changes()).doesNotContainKey("f.dates");

    FormEngine.Step ok = engine.step(vacation, state, "Aug 3-7", null,
        List.of(new Entity("date_range", "Aug 3-7", 0, 7, "2027-08-03/2027-08-07")), null, "en", today);
    assertThat(ok.changes()).containsEntry("f.dates", "2027-08-03/2027-08-07").containsEntry(FormEngine.AT, "type");
  }
}
