package io.relevo.core.dialogue.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.relevo.core.dialogue.flows.FormEngine.Step;

/**
 * An access request reads the system (and the access) from the message that asked for it; an equipment request its
 * reason, a business trip its purpose and a building pass its holder, when the message gives them.
 */
class FirstMessageTest {

  static final FormEngine ENGINE = new FormEngine(Flows.load(null));
  static final LocalDate TODAY = LocalDate.of(2026, 12, 6);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "I need access to the payroll reports folder for my new job|the payroll reports folder",
      "can you give me read only access to tableau please|tableau",
      "need admin rights on the travel sharepoint site for spain|the travel sharepoint site for spain",
      "add me to the Confluence space of the Atlas project, I need edit rights|the Confluence space of the Atlas project",
      "necesito acceso de lectura a la carpeta de compras|la carpeta de compras",
      "quiero acceso al tablero de jira de soporte|tablero de jira de soporte",
      "necesito permisos de admin en el grupo de teams de ventas|grupo de teams de ventas",
      "dame acceso a la carpeta de nóminas porfa, que me he cambiado de equipo|la carpeta de nóminas",
      "necesito poder editar en el excel compartido de turnos, ahora solo puedo leerlo|excel compartido de turnos",
      "añádeme al canal de slack de marketing|canal de slack de marketing"})
  void theSystemIsWhatTheFirstMessageNames(String message, String system) {
    Step step = started(message, "en");
    assertThat(step.values()).containsEntry("system", system);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "I need access", "I need access to a system", "quiero acceso a una carpeta", "necesito permisos",
      "quiero dar acceso a un compañero a mi buzón", "I want to request access for a colleague to the HR drive",
      "I want to give my colleague access to my mailbox", "can you give the new hire access to the sales folder"})
  void aMessageThatNamesNoSystemOrIsForSomeoneElseLeavesItToBeAsked(String message) {
    Step step = started(message, "es");
    assertThat(step.values()).doesNotContainKey("system");
    assertThat(step.changes()).containsEntry(FormEngine.AT, "system");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "can you give me read only access to tableau please|read",
      "add me to the Confluence space of the Atlas project, I need edit rights|write",
      "necesito permisos de admin en el grupo de teams de ventas|admin",
      "quiero acceso a la wiki de ventas con permisos de edición|write"})
  void theAccessTooWhenItIsSaid(String message, String role) {
    Step step = started(message, "en");
    assertThat(step.values()).containsEntry("role", role).containsKey("system");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "no, the payroll folder|the payroll folder|en",
      "sorry, it's the Atlas sharepoint|the Atlas sharepoint|en",
      "actually I need access to the payroll folder instead|the payroll folder|en",
      "perdón, es la carpeta de ventas|la carpeta de ventas|es",
      "no, al tablero de jira de soporte|tablero de jira de soporte|es"})
  void aCorrectionAtTheConfirmationRenamesTheSystemAndSaysSo(String message, String system, String lang) {
    Step step = atTheConfirmation(message, lang);
    assertThat(step.values()).containsEntry("system", system).containsEntry("role", "write");
    assertThat(step.replies().get(0).text()).contains(system);
    assertThat(step.changes()).containsEntry(FormEngine.AT, FormEngine.CONFIRM);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "no, change the access to admin|admin|en", "mejor cambia el acceso a lectura|read|es",
      "actually make it read only access to it|read|en"})
  void aCorrectionOfTheAccessKeepsTheSystem(String message, String role, String lang) {
    Step step = atTheConfirmation(message, lang);
    assertThat(step.values()).containsEntry("system", "the finance folder").containsEntry("role", role);
  }

  @Test
  void aRefusalOrAnOpinionAtTheConfirmationIsNoNewName() {
    for (String message : List.of("no, that's wrong", "no", "mejor no", "no, it's fine")) {
      Step step = atTheConfirmation(message, "en");
      assertThat(step.values()).as(message).doesNotContainEntry("system", "that's wrong")
          .doesNotContainEntry("system", "it's fine");
      assertThat(step.values().get("system")).as(message).isIn(null, "the finance folder");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "request_equipment|i need a new laptop because mine is 6 years old and keeps crashing|justification|mine is 6 years old and keeps crashing",
      "request_equipment|necesito pedir un portatil nuevo, el mio va lentisimo|justification|el mio va lentisimo",
      "request_equipment|Necesito un monitor para teletrabajar, gracias!|justification|para teletrabajar",
      "request_equipment|i want to order 2 monitors for my home office|justification|for my home office",
      "request_equipment|buenas, necesito un teclado nuevo que al mio le faltan teclas|justification|al mio le faltan teclas",
      "request_equipment|can I get a new headset? my old one keeps cutting out. thanks|justification|my old one keeps cutting out",
      "request_business_trip|tengo que ir a bilbao del 12 al 14 de enero para una reunion con un cliente|purpose|para una reunion con un cliente",
      "request_business_trip|I need to fly to Lisbon next week to meet a customer. Budget around 600|purpose|to meet a customer",
      "request_business_trip|quiero pedir un viaje a Sevilla por una feria del sector|purpose|por una feria del sector"})
  void aReasonGivenWithTheRequestIsNotAskedAgain(String flow, String message, String slot, String reason) {
    Step step = ENGINE.start(ENGINE.flowFor(flow), message, List.of(), "en", TODAY);
    assertThat(step.values()).containsEntry(slot, reason);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "request_equipment|I need a new laptop|justification",
      "request_equipment|quiero un monitor porque si|justification",
      "request_equipment|i need a headset asap please|justification",
      "request_business_trip|I need to go to Paris for a week|purpose",
      "request_business_trip|tengo que viajar a Bilbao el martes|purpose"})
  void withoutAReasonItIsAsked(String flow, String message, String slot) {
    Step step = ENGINE.start(ENGINE.flowFor(flow), message, List.of(), "en", TODAY);
    assertThat(step.values()).doesNotContainKey(slot);
  }

  @Test
  void aCorrectionOfAnotherAnswerLeavesTheReason() {
    Flow equipment = ENGINE.flowFor("request_equipment");
    Map<String, String> state = new HashMap<>(ENGINE.start(equipment, "I need a new laptop because mine is 6 years old",
        List.of(), "en", TODAY).changes());
    Step step = ENGINE.step(equipment, state, "no, the monitor", null, List.of(), null, "en", TODAY);
    assertThat(step.values()).containsEntry("justification", "mine is 6 years old").containsEntry("item", "monitor");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "I need a visitor pass for Jane Roe from Acme tomorrow|Jane Roe from Acme",
      "necesito un pase de visita para Juan Pérez de Acme el lunes|Juan Pérez de Acme",
      "can you get a badge for Luis Gómez, he starts on monday|Luis Gómez"})
  void aPassNamesItsHolder(String message, String holder) {
    Step step = ENGINE.start(ENGINE.flowFor("request_building_pass"), message, List.of(), "en", TODAY);
    assertThat(step.values()).containsEntry("holder", holder);
  }

  @ParameterizedTest
  @ValueSource(strings = {"I need a new badge", "necesito una tarjeta nueva para mañana", "a visitor pass for tomorrow please",
      "can I get a badge for my new colleague", "I need a pass for me"})
  void aPassWithoutANameAsksWhoItIsFor(String message) {
    Step step = ENGINE.start(ENGINE.flowFor("request_building_pass"), message, List.of(), "en", TODAY);
    assertThat(step.values()).doesNotContainKey("holder");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"no, it's for Tom Baker|Tom Baker|en", "perdona, es para Ana López|Ana López|es"})
  void aNameTypedAtTheConfirmationCorrectsTheHolder(String message, String holder, String lang) {
    Flow pass = ENGINE.flowFor("request_building_pass");
    Map<String, String> state = new HashMap<>(Map.of(FormEngine.FORM, "request_building_pass", FormEngine.AT,
        FormEngine.CONFIRM, "f.pass", "visitor", "f.holder", "Jane Roe", "f.day", "2026-12-09"));
    Step step = ENGINE.step(pass, state, message, null, List.of(), null, lang, TODAY);
    assertThat(step.values()).containsEntry("holder", holder).containsEntry("pass", "visitor");
    assertThat(step.replies().get(0).text()).contains(holder);
  }

  private static Step started(String message, String lang) {
    return ENGINE.start(ENGINE.flowFor("request_access"), message, List.of(), lang, TODAY);
  }

  /** {@code message} said at the confirmation of "I need write access to the finance folder". */
  private static Step atTheConfirmation(String message, String lang) {
    Flow access = ENGINE.flowFor("request_access");
    Map<String, String> state = new HashMap<>(started("I need write access to the finance folder", lang).changes());
    return ENGINE.step(access, state, message, null, List.of(), null, lang, TODAY);
  }
}
