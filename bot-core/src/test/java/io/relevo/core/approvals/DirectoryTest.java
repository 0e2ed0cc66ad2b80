package io.relevo.core.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.relevo.core.config.ConfigException;
import io.relevo.texts.Lang;

/** The people directory's YAML: the language each person reads their approval messages in. */
class DirectoryTest {

  @Test
  void aPersonsLocaleIsTheLanguageTheyReadAndIsAbsentWhenNotGiven() {
    Directory d = Directory.parse("""
        people:
          - {email: ana@acme.example, locale: es}
          - {email: rosa@acme.example, locale: es-MX}
          - {email: kim@acme.example, locale: en-GB}
          - {email: luc@acme.example, locale: fr}
          - {email: jorge@acme.example}
        """, "test");
    assertThat(d.byEmail("ana@acme.example").orElseThrow().locale()).isEqualTo(Lang.ES);
    assertThat(d.byEmail("rosa@acme.example").orElseThrow().locale()).isEqualTo(Lang.ES);
    assertThat(d.byEmail("kim@acme.example").orElseThrow().locale()).isEqualTo(Lang.EN);
    assertThat(d.byEmail("luc@acme.example").orElseThrow().locale()).isNull(); // not spoken: the next source decides
    assertThat(d.byEmail("jorge@acme.example").orElseThrow().locale()).isNull();
  }

  @Test
  void aLocaleThatIsNoTagIsRefusedNamingThePerson() {
    assertThatThrownBy(() -> Directory.parse("""
        people:
          - {email: ana@acme.example, locale: [es]}
        """, "people.yaml")).isInstanceOf(ConfigException.class).hasMessageContaining("ana@acme.example")
        .hasMessageContaining("locale");
  }
}
