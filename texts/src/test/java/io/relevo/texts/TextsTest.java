package io.relevo.texts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void aCountTakesTheFormThatFitsIt() {
    assertThat(Texts.get(Lang.EN, "handoff.queued", 2, 1)).contains("number 2 in line; the wait is about a minute.");
    assertThat(Texts.get(Lang.EN, "handoff.queued", 1, 4)).contains("the wait is about 4 minutes.");
    assertThat(Texts.get(Lang.ES, "handoff.queued", 1, 1)).contains("la espera es de un minuto más o menos.");
    assertThat(Texts.get(Lang.ES, "handoff.queued", 3, 12)).contains("Eres el número 3 de la cola; la espera es de unos 12 minutos.");
  }

  @Test
  void aPluralWithoutItsTwoFormsIsRefused() {
    assertThat(Texts.plural("{0,plural,one|# others} here", 0, 5)).isEqualTo("5 others here");
    assertThatThrownBy(() -> Texts.plural("{0,plural,one} here", 0, 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
