package io.relevo.core.dialogue.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.dialogue.flows.FormEngine.Action;
import io.relevo.core.dialogue.flows.FormEngine.Step;
import io.relevo.intents.Entity;

/** Forms that forgive (issue 19, item 3): typed yes/no, corrections, questions, the way out. */
class FormEngineTest {

  static final FormEngine ENGINE = new FormEngine(Flows.load(null));
  static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  static final Flow VACATION = ENGINE.flowFor("request_vacation");
  static final Flow INCIDENT = ENGINE.flowFor("report_incident");

  /** A vacation request waiting at {@code at} with Aug 3-7 (or {@code dates}), vacation and no note. */
  static Map<String, String> vacation(String at, String dates) {
    Map<String, String> s = new HashMap<>(Map.of(FormEngine.FORM, "request_vacation", FormEngine.AT, at,
        "f.dates", dates, "f.type", "vacation"));
    if (at.equals("confirm")) {
      s.put("f.note", "-");
    }
    return s;
  }

  static Map<String, String> incident(String at) {
    Map<String, String> s = new HashMap<>(Map.of(FormEngine.FORM, "report_incident", FormEngine.AT, at,
        "f.category", "wifi"));
    if (at.equals("confirm")) {
      s.putAll(Map.of("f.description", "The connection drops every few minutes", "f.impact", "low", "f.urgency", "medium"));
    }
    return s;
  }

  static Step say(Flow flow, Map<String, String> state, String text, String lang, Entity... entities) {
    return ENGINE.step(flow, state, text, null, List.of(entities), null, lang, TODAY);
  }

  static String text(Step step) {
    return String.join("\n", step.replies().stream().map(Message::text).toList());
  }

  static List<String> payloads(Step step) {
    return step.replies().stream().flatMap(m -> m.quickReplies().stream()).map(QuickReply::payload).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "Y", "yeah", "yep", "sure", "ok", "okay", "correct", "go ahead", "do it", "Yes, go ahead please",
      "sí", "si", "Sí, claro", "vale", "claro", "correcto", "adelante", "dale", "perfecto", "de acuerdo", "venga", "ok vale"})
  void aTypedYesAtTheConfirmationCreatesLikeTheButton(String yes) {
    Step step = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), yes, "es");
    assertThat(step.action()).as(yes).isEqualTo(Action.CREATE);
    assertThat(step.values()).containsEntry("dates", "2027-08-03/2027-08-07").containsEntry("type", "vacation");
    assertThat(step.changes()).containsEntry(FormEngine.FORM, "");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not now", "no thanks", "cancel", "mejor no", "no gracias", "déjalo", "dejalo", "olvídalo",
      "No, gracias", "quiero retirar la solicitud", "forget it", "I want to withdraw the request"})
  void aTypedRefusalAtTheConfirmationCancelsLikeTheCancelButton(String no) {
    Step step = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), no, "en");
    assertThat(step.action()).as(no).isEqualTo(Action.CANCELLED);
    assertThat(text(step)).contains("I haven't sent anything");
  }

  @ParameterizedTest
  @ValueSource(strings = {"nada", "Nada.", "nothing"})
  void aBareNothingAtTheConfirmationNeitherSendsNorCancels(String nothing) {
    // it may answer the note asked just before: the request is kept and asked again
    Step step = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), nothing, "en");
    assertThat(step.action()).as(nothing).isEqualTo(Action.NOT_AN_ANSWER);
    assertThat(text(step)).contains("I haven't done anything yet").contains("Shall I send it?");
    assertThat(step.values()).containsEntry("dates", "2027-08-03/2027-08-07");
  }

  @Test
  void aRemarkAtTheConfirmationThatSoundsLikeNoIsNotACancellation() {
    Step step = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), "no hace falta que sea mac", "es");
    assertThat(step.action()).isNotEqualTo(Action.CANCELLED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no", "No.", "nope"})
  void aBareNoAtTheConfirmationAsksWhatToChangeLikeTheChangeButton(String no) {
    Step step = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), no, "en");
    assertThat(step.action()).isEqualTo(Action.CONTINUE);
    assertThat(text(step)).isEqualTo("What should I change?");
    assertThat(payloads(step)).contains("form.edit:dates", "form.edit:type", "form.cancel");
    assertThat(step.changes()).doesNotContainKey("f.dates");
  }

  @Test
  void aTypedValueDoesNotRepeatTheWordTheSummaryPutsBeforeIt() {
    String en = "I'll request a badge for {holder}";
    assertThat(FormTexts.withoutRepeatedWord(en, en.indexOf('{'), "for me, Lucia Perez")).isEqualTo("me, Lucia Perez");
    assertThat(FormTexts.withoutRepeatedWord(en, en.indexOf('{'), "Fortunato Diaz")).isEqualTo("Fortunato Diaz");
    String es = "una tarjeta para {holder}";
    assertThat(FormTexts.withoutRepeatedWord(es, es.indexOf('{'), "Para Ana Ruiz")).isEqualTo("Ana Ruiz");
    assertThat(FormTexts.withoutRepeatedWord("{holder}", 0, "for me")).isEqualTo("for me");
    String brought = "Servicios Generales lo llevará a {place}";
    assertThat(FormTexts.withoutRepeatedWord(brought, brought.indexOf('{'), "en la planta 2, al lado de la cocina"))
        .isEqualTo("la planta 2, al lado de la cocina");
    String delivered = "Facilities will bring it to {place}";
    assertThat(FormTexts.withoutRepeatedWord(delivered, delivered.indexOf('{'), "on the 3rd floor")).isEqualTo("the 3rd floor");
    assertThat(FormTexts.withoutRepeatedWord(delivered, delivered.indexOf('{'), "desk 4.12")).isEqualTo("desk 4.12");
  }

  @Test
  void theClassifiersAffirmIsNotTakenForAYesWhenTheMessageHoldsBack() {
    Step step = ENGINE.step(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), "sounds right but wait", null,
        List.of(), "affirm", "en", TODAY);
    assertThat(step.action()).isEqualTo(Action.NOT_AN_ANSWER);
    Step plain = ENGINE.step(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), "that works for me", null,
        List.of(), "affirm", "en", TODAY);
    assertThat(plain.action()).isEqualTo(Action.CREATE);
    Step mixed = ENGINE.step(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), "yes but no", null,
        List.of(), "deny", "en", TODAY);
    assertThat(mixed.action()).isEqualTo(Action.NOT_AN_ANSWER);
    assertThat(text(mixed)).startsWith("I haven't done anything yet");
  }

  @Test
  void anUnclearAnswerAtTheConfirmationSaysNothingWasDoneAndAsksAgainWithTheButtons() {
    Step step = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), "yes but no", "en");
    assertThat(step.action()).isEqualTo(Action.NOT_AN_ANSWER);
    assertThat(text(step)).startsWith("I haven't done anything yet").contains("Shall I send it?").doesNotContain("All right");
    assertThat(payloads(step)).contains("form.yes", "form.no", "form.cancel");
    Step es = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), "psss", "es");
    assertThat(text(es)).startsWith("Aún no he hecho nada");
  }

  @Test
  void aCorrectionAtTheConfirmationChangesTheNamedFieldKeepsTheOthersAndSaysWhatChanged() {
    Step step = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), "change the dates to 10-12 August", "en",
        new Entity("date_range", "10-12 August", 20, 32, "2027-08-10/2027-08-12"));
    assertThat(step.action()).isEqualTo(Action.CONTINUE);
    assertThat(step.changes()).containsEntry("f.dates", "2027-08-10/2027-08-12").doesNotContainKey("f.type")
        .containsEntry(FormEngine.AT, "confirm");
    assertThat(text(step)).startsWith("Corrected: I changed the dates to 10 Aug 2027 – 12 Aug 2027.")
        .contains("I'll request Vacation from August 10, 2027 to August 12, 2027. Shall I send it?")
        .doesNotContain("Corrected.");
  }

  @Test
  void daysOfTheMonthAloneCorrectTheDatesInTheirMonth() {
    Step es = say(VACATION, vacation("confirm", "2027-08-03/2027-08-07"), "mejor del 10 al 12", "es");
    assertThat(es.changes()).containsEntry("f.dates", "2027-08-10/2027-08-12");
    assertThat(text(es)).startsWith("Corregido: he cambiado las fechas a 10").contains("¿Lo envío?");
  }

  @Test
  void noTheEighthAtTheNoteCorrectsTheDateAndNeverLandsInTheNote() {
    Step step = say(VACATION, vacation("note", "2027-08-07/2027-08-07"), "no, the 8th", "en");
    assertThat(step.changes()).containsEntry("f.dates", "2027-08-08/2027-08-08").doesNotContainKey("f.note");
    assertThat(text(step)).startsWith("Corrected: I changed the dates to 8 Aug 2027.").contains("Anything your manager should know?");
    Step es = say(VACATION, vacation("note", "2027-08-03/2027-08-07"), "no, del 3 al 9 de agosto", "es",
        new Entity("date_range", "del 3 al 9 de agosto", 4, 24, "2027-08-03/2027-08-09"));
    assertThat(es.changes()).containsEntry("f.dates", "2027-08-03/2027-08-09").doesNotContainKey("f.note");
  }

  @Test
  void aLongNoteThatMentionsADayIsANoteNotACorrection() {
    Step step = say(VACATION, vacation("note", "2027-08-03/2027-08-07"),
        "My team lead already agreed, and I'll be reachable on the 5th if needed", "en");
    assertThat(step.changes()).doesNotContainKey("f.dates").containsKey("f.note");
  }

  @Test
  void typingAnotherCategoryChangesTheCategoryAndSaysSo() {
    Step step = say(INCIDENT, incident("description"), "my laptop is broken", "en",
        new Entity("category", "laptop", 3, 9, "laptop"));
    assertThat(step.changes()).containsEntry("f.category", "laptop").containsEntry("f.description", "my laptop is broken");
    assertThat(text(step)).startsWith("Corrected: I changed the category to Laptop or computer.").contains("Who is affected?")
        .doesNotContain("Corrected.");
    Step es = say(INCIDENT, incident("confirm"), "no, es la impresora", "es");
    assertThat(es.changes()).containsEntry("f.category", "printer").doesNotContainKey("f.description");
    assertThat(text(es)).startsWith("Corregido: he cambiado la categoría a Impresora o escáner.").contains("¿La abro?");
    Map<String, String> laptop = incident("description");
    laptop.put("f.category", "laptop");
    Step both = say(INCIDENT, laptop, "no funciona la impresora de la planta 2", "es");
    assertThat(both.changes()).containsEntry("f.category", "printer")
        .containsEntry("f.description", "no funciona la impresora de la planta 2");
    Step same = say(INCIDENT, incident("description"), "the printer cannot reach the wifi at all", "en");
    assertThat(same.changes()).doesNotContainKey("f.category").containsKey("f.description");
  }

  @Test
  void aCorrectionOfWhoIsAffectedChangesOnlyThatAndTheConfirmationShowsTheNewPriority() {
    Step step = say(INCIDENT, incident("confirm"), "actually it affects my whole team", "en");
    assertThat(step.changes()).containsEntry("f.impact", "medium").doesNotContainKeys("f.category", "f.urgency");
    assertThat(text(step)).startsWith("Corrected: I changed who is affected to My team.").contains("Shall I go ahead?");
  }

  @ParameterizedTest
  @ValueSource(strings = {"how many vacation days do I have left?", "Can I carry days over to next year",
      "¿cuántos días me quedan?", "cuantos dias me quedan", "puedo cogerme medio dia", "what's the policy?"})
  void aQuestionWhileTheFormWaitsIsNotStored(String question) {
    for (String at : List.of("note", "type")) {
      Map<String, String> state = vacation(at, "2027-08-03/2027-08-07");
      state.remove("f.type");
      Step step = say(VACATION, state, question, "en");
      assertThat(step.action()).as(question + " at " + at).isEqualTo(Action.NOT_AN_ANSWER);
      assertThat(step.rule()).isEqualTo("question");
      assertThat(step.changes()).doesNotContainKeys("f.note", "f.type", "f.dates");
    }
    Step resume = ENGINE.step(VACATION, vacation("note", "2027-08-03/2027-08-07"), "", FormEngine.P_RESUME, List.of(),
        null, "en", TODAY);
    assertThat(resume.action()).isEqualTo(Action.CONTINUE);
    assertThat(text(resume)).isEqualTo("Let's go on with your request: Anything your manager should know? You can also say \"skip\".");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vale", "ok", "that's all", "no", "nada", "está bien"})
  void nothingToAddAtAnOptionalNoteSkipsIt(String said) {
    Step step = say(VACATION, vacation("note", "2027-08-03/2027-08-07"), said, said.matches(".*[áé].*|vale|nada") ? "es" : "en");
    assertThat(step.changes()).as(said).containsEntry(FormEngine.AT, "confirm").doesNotContainEntry("f.note", said);
  }

  @Test
  void aYesAtAnOptionalNoteIsNotTakenForTheNote() {
    Step step = say(VACATION, vacation("note", "2027-08-03/2027-08-07"), "yes", "en");
    assertThat(step.changes()).doesNotContainEntry("f.note", "yes").doesNotContainEntry(FormEngine.AT, "confirm");
  }

  @Test
  void aRangeOfDaysToFromWhichDayIsItsFirstDay() {
    Flow pass = ENGINE.flowFor("request_building_pass");
    Map<String, String> state = new HashMap<>(Map.of(FormEngine.FORM, "request_building_pass", FormEngine.AT, "day",
        "f.pass", "visitor", "f.holder", "Marta Ruiz"));
    String said = "del 11 al 29 de enero";
    Step step = say(pass, state, said, "es", new Entity(Entity.DATE_RANGE, said, 0, said.length(), "2027-01-11/2027-01-29"));
    assertThat(step.changes()).containsEntry("f.day", "2027-01-11").containsEntry(FormEngine.AT, "confirm");
  }

  @Test
  void aQuestionIsTheAnswerWhereTheFormAsksForOne() {
    Flow hr = ENGINE.flowFor("hr_query");
    Map<String, String> state = new HashMap<>(Map.of(FormEngine.FORM, "hr_query", FormEngine.AT, "description",
        "f.topic", "payroll"));
    Step step = say(hr, state, "¿Cuándo se cobra la paga extra de diciembre?", "es");
    assertThat(step.changes()).containsEntry("f.description", "¿Cuándo se cobra la paga extra de diciembre?")
        .containsEntry(FormEngine.AT, "confirm");
  }

  @Test
  void aTypedYesOrNoAnswersAYesNoChoice() {
    Flow f = Flows.parse("parking.yaml", """
        id: request_parking
        intent: request_parking
        ticket: {kind: request, title: "Parking"}
        slots:
          - name: electric
            type: choice
            options: [{value: "yes", en: "Yes", es: "Sí"}, {value: "no", en: "No", es: "No"}]
            ask: {en: "Do you need a charger?", es: "¿Necesitas cargador?"}
        confirm: {en: "Parking?", es: "¿Aparcamiento?"}
        done: {en: "Requested: {ticket}", es: "Pedido: {ticket}"}
        """);
    FormEngine engine = new FormEngine(Map.of("request_parking", f));
    for (var c : List.of(List.of("sí, claro", "yes"), List.of("nope", "no"), List.of("vale", "yes"))) {
      Step step = engine.step(f, Map.of(FormEngine.FORM, "request_parking", FormEngine.AT, "electric"), c.get(0), null,
          List.of(), null, "es", TODAY);
      assertThat(step.changes()).as(c.get(0)).containsEntry("f.electric", c.get(1));
    }
  }

  @Test
  void anAnswerWithAQuestionMarkIsStillAnAnswerWhereItFits() {
    Map<String, String> state = vacation("type", "2027-08-03/2027-08-07");
    state.remove("f.type");
    Step step = say(VACATION, state, "personal day?", "en");
    assertThat(step.changes()).containsEntry("f.type", "personal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"I don't want a ticket", "forget it", "no quiero abrir nada", "déjalo", "never mind"})
  void wantingToLeaveOffersAPersonCancelOrKeepGoing(String leave) {
    Step step = say(INCIDENT, incident("description"), leave, "en");
    assertThat(step.action()).as(leave).isEqualTo(Action.OFFER_WAY_OUT);
    assertThat(payloads(step)).containsExactly("handoff.request", "form.cancel", "form.resume");
    assertThat(step.changes()).doesNotContainKeys(FormEngine.FORM, "f.description");
  }

  @Test
  void repeatedFrustrationNeverGetsTheSameMenuTwiceAndAlwaysOffersAPerson() {
    Map<String, String> state = incident("description");
    Step first = say(INCIDENT, state, "this is useless", "en");
    assertThat(first.action()).isEqualTo(Action.OFFER_WAY_OUT);
    assertThat(text(first)).startsWith("I'm sorry this is frustrating.");
    assertThat(payloads(first)).contains("handoff.request");
    state.putAll(first.changes());
    Step second = say(INCIDENT, state, "esto no sirve para nada", "es");
    assertThat(second.action()).isEqualTo(Action.OFFER_WAY_OUT);
    assertThat(text(second)).isNotEqualTo(text(first)).contains("Una persona del servicio de ayuda");
    assertThat(payloads(second)).contains("handoff.request");
  }

  @Test
  void twoUnparseableAnswersInARowAtTheSameSlotOfferTheWayOut() {
    Map<String, String> state = vacation("dates", "2027-08-03/2027-08-07");
    state.remove("f.dates");
    state.remove("f.type");
    Step first = say(VACATION, state, "whenever suits", "en");
    assertThat(first.action()).isEqualTo(Action.NOT_AN_ANSWER);
    assertThat(first.changes()).containsEntry(FormEngine.MISSES, "dates:1");
    state.putAll(first.changes());
    Step second = say(VACATION, state, "the usual", "en");
    assertThat(second.action()).isEqualTo(Action.OFFER_WAY_OUT);
    assertThat(text(second)).startsWith("I'm not managing to understand");
    assertThat(payloads(second)).containsExactly("handoff.request", "form.cancel", "form.resume");
  }

  @Test
  void aSuppliesRequestThatNamesTheItemsNeedsOnlyThePlace() {
    Flow supplies = ENGINE.flowFor("request_office_supplies");
    Step named = ENGINE.start(supplies, "I need some post-its and 2 notebooks", List.of(), "en", TODAY);
    assertThat(named.changes()).containsEntry("f.items", "some post-its and 2 notebooks")
        .containsEntry(FormEngine.AT, "place");
    Step es = ENGINE.start(supplies, "hola, necesito bolígrafos y un paquete de folios", List.of(), "es", TODAY);
    assertThat(es.changes()).containsEntry("f.items", "bolígrafos y un paquete de folios");
    assertThat(ENGINE.start(supplies, "quiero pedir 3 cuadernos", List.of(), "es", TODAY).changes())
        .containsEntry("f.items", "3 cuadernos");
    Step bare = ENGINE.start(supplies, "I need office supplies", List.of(), "en", TODAY);
    assertThat(bare.values()).doesNotContainKey("items");
    assertThat(bare.changes()).containsEntry(FormEngine.AT, "items");
    assertThat(ENGINE.start(supplies, "pedir material de oficina", List.of(), "es", TODAY).values())
        .doesNotContainKey("items");
  }

  @Test
  void aFacilitiesProblemGetsTheFacilitiesFormWithItsCategories() {
    Flow facilities = ENGINE.flowFor("facilities", "incident");
    assertThat(facilities.id()).isEqualTo("report_facilities_issue");
    assertThat(facilities.queue()).isEqualTo("facilities");
    Step step = ENGINE.start(facilities, "the radiator in my office is freezing cold", List.of(), "en", TODAY);
    assertThat(step.changes()).containsEntry("f.category", "heating_cooling")
        .containsEntry("f.description", "the radiator in my office is freezing cold").containsEntry(FormEngine.AT, "location");
    Flow hr = ENGINE.flowFor("hr", "request");
    assertThat(hr.id()).isEqualTo("hr_query");
    Step nomina = ENGINE.start(hr, "mi nómina de octubre no incluye las horas extra", List.of(), "es", TODAY);
    assertThat(nomina.changes()).containsEntry("f.topic", "payroll").containsEntry(FormEngine.AT, "confirm");
    assertThat(ENGINE.flowFor("it", "incident").id()).isEqualTo("report_incident");
    assertThat(ENGINE.flowFor("general", "incident")).isNull();
  }

  @Test
  void aChoiceTypedWithATypoIsStillThatChoice() {
    Flow.Slot category = INCIDENT.slot("category");
    assertThat(ChoiceWords.choiceOrMisspelt(category, "my laptp wont turn on at all", false)).isEqualTo("laptop");
    assertThat(ChoiceWords.choiceOrMisspelt(category, "la impresroa no va", false)).isEqualTo("printer");
    assertThat(ChoiceWords.choiceOrMisspelt(category, "I'll tell you later", false)).isNull();
    Flow.Slot facilities = ENGINE.flowFor("report_facilities_issue").slot("category");
    assertThat(ChoiceWords.choiceOrMisspelt(facilities, "it is too late at night", false)).isNull();
    assertThat(ChoiceWords.choiceOrMisspelt(facilities, "2nd floor, meeting room Ebro", false)).as("floor is no flood").isNull();
    assertThat(ChoiceWords.choiceIn(facilities, "the bins in the kitchen are overflowing", false)).isEqualTo("cleaning");
    assertThat(ChoiceWords.choiceIn(facilities, "no funcionan las luces del pasillo", false)).isEqualTo("lighting");
    assertThat(ChoiceWords.oneEditApart("laptop", "lamtip")).isFalse();
    assertThat(ChoiceWords.oneEditApart("laptop", "lpatop")).isTrue();
  }

  @Test
  void aTripsDestinationNamedInTheFirstMessageIsNotAskedAgain() {
    Flow trip = ENGINE.flowFor("request_business_trip");
    Step step = ENGINE.start(trip, "book me a business trip to Lisbon", List.of(new Entity(Entity.DESTINATION, "Lisbon",
        27, 33, "Lisbon")), "en", TODAY);
    assertThat(step.changes()).containsEntry("f.destination", "Lisbon").containsEntry(FormEngine.AT, "dates");
  }

  @Test
  void thePlaceNamedInTheFirstMessageIsNotAskedAgain() {
    Flow facilities = ENGINE.flowFor("report_facilities_issue");
    String text = "hace un frio q pela en la 3a planta";
    Step step = ENGINE.start(facilities, text, List.of(new Entity(Entity.PLACE, "3a planta", 26, 35, "3a planta")), "es", TODAY);
    assertThat(step.changes()).containsEntry("f.category", "heating_cooling").containsEntry("f.location", "3a planta")
        .containsEntry(FormEngine.AT, "urgency");
  }
  @Test
  void aShortAnswerToAQuestionNotAskedYetFillsThatQuestionAndAsksAgain() {
    Flow facilities = ENGINE.flowFor("report_facilities_issue");
    Map<String, String> state = new java.util.HashMap<>(ENGINE.start(facilities, "oye, el baño de la 2 tiene una fuga",
        List.of(), "es", TODAY).changes());
    assertThat(state).containsEntry(FormEngine.AT, "location");
    Step step = say(facilities, state, "urgente no", "es");
    assertThat(step.changes()).containsEntry("f.urgency", "low").doesNotContainKey("f.location");
    assertThat(step.replies()).extracting(m -> m.text())
        .containsExactly("Anotado: la urgencia es «Puede esperar».", "¿Dónde está? El edificio, la planta y la sala o zona.");
    assertThat(say(facilities, state, "2nd floor, meeting room Ebro", "en").changes())
        .containsEntry("f.location", "2nd floor, meeting room Ebro");
  }

  @Test
  void theLongestChoiceNamedWins() {
    Flow.Slot urgency = ENGINE.flowFor("report_facilities_issue").slot("urgency");
    assertThat(ChoiceWords.choiceIn(urgency, "no es urgente", false)).isEqualTo("low");
    assertThat(ChoiceWords.choiceIn(urgency, "not urgent at all", false)).isEqualTo("low");
    assertThat(ChoiceWords.choiceIn(urgency, "es urgente", false)).isEqualTo("high");
  }
  @Test
  void aNumberInTheFirstMessageIsTheCostOnlyWhenItIsMoney() {
    Flow trip = ENGINE.flowFor("request_business_trip");
    Step people = ENGINE.start(trip, "tengo que ir a Valencia con 2 compañeros", List.of(new Entity(Entity.NUMBER, "2", 28, 29, "2")), "es", TODAY);
    assertThat(people.changes()).containsEntry("f.cost", "");
    Step money = ENGINE.start(trip, "viaje a Bilbao, unos 300 euros", List.of(new Entity(Entity.NUMBER, "300", 21, 24, "300")), "es", TODAY);
    assertThat(money.changes()).containsEntry("f.cost", "300");
  }
  @Test
  void aBareYesIsNoAnswerToAFreeTextQuestionAndWithdrawingMidFormOffersTheWayOut() {
    Flow supplies = ENGINE.flowFor("request_office_supplies");
    Map<String, String> state = new java.util.HashMap<>(ENGINE.start(supplies, "", List.of(), "en", TODAY).changes());
    assertThat(state).containsEntry(FormEngine.AT, "items");
    Step yes = say(supplies, state, "yes", "en");
    assertThat(yes.action()).isEqualTo(FormEngine.Action.NOT_AN_ANSWER);
    assertThat(yes.changes()).doesNotContainKey("f.items");
    state.put("f.items", "2 notebooks");
    state.put(FormEngine.AT, "place");
    Step forget = say(supplies, state, "forget the office supplies request, I got them already", "en");
    assertThat(forget.changes()).doesNotContainKey("f.place");
    assertThat(forget.rule()).isEqualTo("way_out.leave");
  }

  @Test
  void aDaySaidAloneMovesTheEndItsWordsName() {
    // Dec 22-31 asked; "no, mejor del 23" moves the start, "no, until the 30th" the end, "no, the 24th" alone the end
    Map<String, String> asked = vacation("note", "2026-12-22/2026-12-31");
    Step start = say(VACATION, new HashMap<>(asked), "no, mejor del 23", "es",
        new Entity(Entity.DATE, "23", 14, 16, "2026-12-23"));
    assertThat(start.values()).containsEntry("dates", "2026-12-23/2026-12-31");
    Step end = say(VACATION, new HashMap<>(asked), "no, until the 30th", "en",
        new Entity(Entity.DATE, "30th", 19, 23, "2026-12-30"));
    assertThat(end.values()).containsEntry("dates", "2026-12-22/2026-12-30");
    Step either = say(VACATION, new HashMap<>(asked), "no, the 24th", "en",
        new Entity(Entity.DATE, "24th", 8, 12, "2026-12-24"));
    assertThat(either.values()).containsEntry("dates", "2026-12-22/2026-12-24");
    Step from = say(VACATION, new HashMap<>(asked), "no, from the 25th", "en",
        new Entity(Entity.DATE, "25th", 13, 17, "2026-12-25"));
    assertThat(from.values()).containsEntry("dates", "2026-12-25/2026-12-31");
  }

  @Test
  void anAnswerToALaterChoiceIsNotedAndTheQuestionAskedAgain() {
    Map<String, String> asked = new HashMap<>(Map.of(FormEngine.FORM, "report_incident", FormEngine.AT, "category",
        "f.description", "el proyector no va"));
    Step step = say(INCIDENT, asked, "solo a mi equipo", "es");
    assertThat(step.values()).containsEntry("impact", "medium").doesNotContainKey("category");
    assertThat(text(step)).contains("Anotado").contains("¿Con qué tienes el problema?");
  }
}
