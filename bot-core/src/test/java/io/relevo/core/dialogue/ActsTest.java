package io.relevo.core.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.relevo.intents.Analysis;
import io.relevo.intents.Entity;
import io.relevo.intents.IntentScore;

class ActsTest {

  static Analysis intent(String intent, double confidence, Entity... entities) {
    return new Analysis("en", new IntentScore(intent, confidence), List.of(), false, List.of(entities));
  }

  static final Analysis UNSURE = new Analysis("en", new IntentScore("help", 0.1), List.of(), true, List.of());

  @Test
  void aQuestionAboutSomethingAFormDoesIsAskingNotRequesting() {
    assertThat(Acts.of("how many vacation days do i get", intent("request_vacation", 0.9))).isEqualTo(Act.ASK);
    assertThat(Acts.of("cuántos días de vacaciones tengo", intent("request_vacation", 0.9))).isEqualTo(Act.ASK);
    assertThat(Acts.of("can I carry over holidays to next year?", intent("request_vacation", 0.9))).isEqualTo(Act.ASK);
    assertThat(Acts.of("i forgot my pasword, how do i reset it", intent("password_reset", 0.9))).isEqualTo(Act.ASK);
    assertThat(Acts.of("necesito saber si hace falta justificante", UNSURE)).isEqualTo(Act.ASK);
    assertThat(Acts.of("necesito justificante medico si falto dos dias?", intent("request_vacation", 0.6))).isEqualTo(Act.ASK);
    assertThat(Acts.of("con cuanta antelacion tengo que pedir dos semanas de vacaciones", intent("request_vacation", 0.9)))
        .isEqualTo(Act.ASK);
    assertThat(Acts.of("a quien aviso de que la cafetera de la 2 esta rota", UNSURE)).isEqualTo(Act.ASK);
    assertThat(Acts.of("need visio installed, how", intent("request_access", 0.7))).isEqualTo(Act.ASK);
    assertThat(Acts.of("I'd like to know how many holiday days I still have", intent("request_vacation", 0.8)))
        .isEqualTo(Act.ASK);
  }

  @Test
  void aRequestIsARequestEvenShapedAsAQuestion() {
    assertThat(Acts.of("I need a new monitor", intent("request_equipment", 0.9))).isEqualTo(Act.REQUEST);
    assertThat(Acts.of("can you give me access to the finance share?", intent("request_access", 0.9))).isEqualTo(Act.REQUEST);
    assertThat(Acts.of("quiero pedir vacaciones del 3 al 7 de agosto", intent("request_vacation", 0.9))).isEqualTo(Act.REQUEST);
    assertThat(Acts.of("vacaciones 3-7 agosto", intent("request_vacation", 0.9,
        new Entity(Entity.DATE_RANGE, "3-7 agosto", 11, 21, "2027-08-03/2027-08-07")))).isEqualTo(Act.REQUEST);
    Entity martes = new Entity(Entity.DATE, "el martes", 25, 34, "2026-12-08");
    assertThat(Acts.of("tengo que ir a Valencia el martes a una feria", intent("request_business_trip", 0.8, martes)))
        .isEqualTo(Act.REQUEST);
    assertThat(Acts.of("tengo que ir a Valencia el martes a una feria?", intent("request_business_trip", 0.8, martes)))
        .as("asked").isEqualTo(Act.ASK);
    assertThat(Acts.of("tengo que llevar algo el primer dia", intent("help", 0.6))).isEqualTo(Act.ASK);
  }

  @Test
  void aProblemIsAReport() {
    assertThat(Acts.of("the printer on floor 2 is jammed and won't print", intent("report_incident", 0.8))).isEqualTo(Act.REPORT);
    assertThat(Acts.of("no me funciona la vpn desde casa", intent("report_incident", 0.8))).isEqualTo(Act.REPORT);
    assertThat(Acts.of("hace mucho frio en la tercera planta", UNSURE)).isEqualTo(Act.REPORT);
    assertThat(Acts.of("los baños de la primera planta estan asquerosos y sin jabon", UNSURE)).isEqualTo(Act.REPORT);
    assertThat(Acts.of("the toilets on floor 2 are filthy", UNSURE)).isEqualTo(Act.REPORT);
    assertThat(Acts.of("it worked yesterday", intent("feedback_positive", 0.8))).isEqualTo(Act.REPORT);
    assertThat(Acts.of("ayer funcionaba", intent("feedback_positive", 0.8))).isNotEqualTo(Act.THANKS);
    assertThat(Acts.of("el ascensor del edificio B se ha quedado parado entre la 2 y la 3", UNSURE)).isEqualTo(Act.REPORT);
    assertThat(Acts.of("con teams y outlook abiertos el portatil va a pedales", UNSURE)).isEqualTo(Act.REPORT);
    assertThat(Acts.of("i deleted a folder on onedrive by mistake, can i get it back", intent("report_incident", 0.7)))
        .isEqualTo(Act.ASK);
    // "abre" is asking to open a case only with the case named; "no me abre" is a door or a page that fails
    assertThat(Acts.of("la tarjeta no me abre los tornos desde esta mañana", intent("report_incident", 0.9))).isEqualTo(Act.REPORT);
    assertThat(Acts.of("la vpn dice conectado pero no abre la intranet", intent("report_incident", 0.9))).isEqualTo(Act.REPORT);
    assertThat(Acts.of("ábreme un ticket para la impresora", intent("report_incident", 0.9))).isEqualTo(Act.REQUEST);
  }

  @Test
  void aGreetingOrAReasonAroundAQuestionLeavesItAQuestion() {
    assertThat(Acts.of("oye como consigo una licencia de acrobat pro", intent("request_access", 0.9))).isEqualTo(Act.ASK);
    assertThat(Acts.of("how do I get a licence for acrobat? I need it to sign pdfs", intent("request_access", 0.9)))
        .isEqualTo(Act.ASK);
    assertThat(Acts.of("hi, I need a new monitor", intent("request_equipment", 0.9))).isEqualTo(Act.REQUEST);
  }

  @Test
  void socialMessagesAreSocialOnlyWhenShort() {
    assertThat(Acts.of("hola", intent("greet", 0.99))).isEqualTo(Act.GREET);
    assertThat(Acts.of("thanks!", intent("thanks", 0.99))).isEqualTo(Act.THANKS);
    assertThat(Acts.of("tell me a joke", UNSURE)).isEqualTo(Act.CHITCHAT);
    assertThat(Acts.of("eres un robot?", UNSURE)).isEqualTo(Act.CHITCHAT);
    assertThat(Acts.of("hablo con una maquina?", intent("ask_human", 0.8))).isEqualTo(Act.CHITCHAT);
    assertThat(Acts.of("am I talking to a bot", intent("ask_human", 0.8))).isEqualTo(Act.CHITCHAT);
    assertThat(Acts.of("I'm off sick today and can't come in", intent("goodbye", 0.6))).isNotEqualTo(Act.LEAVE);
  }

  @Test
  void typedYesAndNoInBothLanguages() {
    for (String yes : List.of("yes", "Sí", "si", "vale", "ok", "claro", "yes please", "de acuerdo", "go ahead")) {
      assertThat(Acts.of(yes, UNSURE)).as(yes).isEqualTo(Act.AFFIRM);
    }
    for (String no : List.of("no", "nope", "mejor no", "no gracias", "déjalo", "not now")) {
      assertThat(Acts.of(no, UNSURE)).as(no).isEqualTo(Act.DENY);
    }
  }

  @Test
  void askingForAPersonAndActingOnTickets() {
    assertThat(Acts.of("quiero hablar con una persona", UNSURE)).isEqualTo(Act.PERSON);
    assertThat(Acts.of("can I talk to a human", UNSURE)).isEqualTo(Act.PERSON);
    for (String person : List.of("the printer is jammed again, can someone from IT come and look at it",
        "could a technician call me this afternoon? my laptop makes a clicking noise",
        "i need someone to come fix the blinds in room 2.1, they're stuck", "put me through to the service desk",
        "necesito que me llame alguien de informatica, el portatil hace un ruido raro",
        "que venga alguien a mirar la impresora, otra vez atascada", "pasame con recursos humanos porfa",
        "I want to make a complaint", "quiero poner una queja", "quiero quejarme", "help desk please",
        "dame a alguien que me ayude de verdad", "me podeis llamar? mi numero es 600123456",
        "i'd rather talk to someone in payroll about this", "quiero hablar con rrhh", "me pasas con soporte?",
        "this isn't helping, get me someone", "is there a real person i can talk to?",
        "no quiero hablar con una maquina", "can you escalate this")) {
      assertThat(Acts.of(person, UNSURE)).as(person).isEqualTo(Act.PERSON);
    }
    assertThat(Acts.of("can someone tell me how to reset my password", UNSURE)).isNotEqualTo(Act.PERSON);
    for (String question : List.of("who should I talk to in HR about my contract?", "how do I talk to payroll",
        "con quien hablo de rrhh para lo del contrato?")) {
      assertThat(Acts.of(question, UNSURE)).as(question).isNotEqualTo(Act.PERSON);
    }
    assertThat(Acts.of("I want to raise a question about my contract with HR", intent("ask_human", 0.6)))
        .isEqualTo(Act.REQUEST);
    assertThat(Acts.of("what's the status of my ticket", intent("ticket_status", 0.9))).isEqualTo(Act.TICKET);
    assertThat(Acts.of("cuando me van a contestar a lo que abri el lunes?", UNSURE)).isEqualTo(Act.TICKET);
    assertThat(Acts.of("any news on what I reported yesterday?", UNSURE)).isEqualTo(Act.TICKET);
    for (String mine : List.of("what do I have open with you?", "what's happening with the printer issue I reported yesterday",
        "forget the office supplies request, I got them already", "olvidad lo del material de oficina, ya lo he conseguido")) {
      assertThat(Acts.of(mine, UNSURE)).as(mine).isEqualTo(Act.TICKET);
    }
    // plural ticket words: asking where one's requests are is about them, not how-to
    for (String mine : List.of("where can I see my requests", "donde veo mis solicitudes?", "where are my tickets")) {
      assertThat(Acts.of(mine, intent("list_my_tickets", 0.9))).as(mine).isEqualTo(Act.TICKET);
    }
    // help with something is a problem told, not a thing to be done; help to request something is still a request
    assertThat(Acts.of("necesito ayuda con la impresora, imprime todo en blanco", UNSURE)).isEqualTo(Act.REPORT);
    assertThat(Acts.of("i need help with the vpn", UNSURE)).isEqualTo(Act.REPORT);
    assertThat(Acts.of("necesito ayuda para pedir un portatil nuevo", UNSURE)).isEqualTo(Act.REQUEST);
    // the classifier's ticket intent, unsure, with nothing in the message that refers to a ticket
    assertThat(Acts.of("tengo que mandar algun justificante?", intent("list_my_tickets", 0.48))).isNotEqualTo(Act.TICKET);
    assertThat(Acts.of("do I still have anything open with you guys?", intent("list_my_tickets", 0.48)))
        .isEqualTo(Act.TICKET);
    assertThat(Acts.of("has my manager approved the monitor I asked for?", intent("ticket_status", 0.5)))
        .isEqualTo(Act.TICKET);
    assertThat(Acts.of("se sabe algo de la INC-10522?", intent("help", 0.3,
        new Entity(Entity.TICKET_ID, "INC-10522", 19, 28, "INC-10522")))).isEqualTo(Act.TICKET);
  }

  @Test
  void thanksFollowedByAQuestionIsTheQuestion() {
    assertThat(Acts.withoutCourtesy("thanks, and how do I set up the printer?")).isEqualTo("how do I set up the printer?");
    assertThat(Acts.withoutCourtesy("gracias! y cómo pido un monitor")).isEqualTo("cómo pido un monitor");
    assertThat(Acts.withoutCourtesy("thanks a lot")).isEqualTo("thanks a lot");
    assertThat(Acts.withoutCourtesy("buenas, tengo que ir a Valencia el martes")).isEqualTo("tengo que ir a Valencia el martes");
    assertThat(Acts.withoutCourtesy("Hello there! my vpn keeps dropping")).isEqualTo("my vpn keeps dropping");
    assertThat(Acts.withoutCourtesy("hola buenos dias")).isEqualTo("hola buenos dias");
    assertThat(Acts.withoutCourtesy("hi")).isEqualTo("hi");
  }
}
