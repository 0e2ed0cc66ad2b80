package io.relevo.core.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The department a message's words point to, with the shipped departments. */
class DepartmentsTest {

  private static final Departments SHIPPED = Departments.shipped();

  @Test
  void aBuildingProblemIsFacilitiesWhateverItsWording() {
    for (String text : java.util.List.of("the air con is dripping on my desk", "el aire acondicionado gotea encima de mi mesa",
        "the sockets in room 4 have no power", "no funcionan los enchufes de la sala Miño", "there's mould on the wall by my desk",
        "the power is out on the whole 4th floor")) {
      assertThat(SHIPPED.of(text, null, null)).as(text).isEqualTo("facilities");
    }
  }

  @Test
  void aDeviceKeepsItsDepartmentWhenTheBuildingsWordsAreThereToo() {
    assertThat(SHIPPED.of("i spilled water on my laptop", null, null)).isEqualTo("it");
    assertThat(SHIPPED.of("my payslip is wrong", null, null)).isEqualTo("hr");
    assertThat(SHIPPED.of("no me han pagado las horas extra de noviembre", null, null)).isEqualTo("hr");
    assertThat(SHIPPED.of("I need access to power bi", null, null)).isNotEqualTo("facilities");
  }

  @Test
  void aMessageThatNamesNoMatterIsAboutTheArticleJustShown() {
    assertThat(SHIPPED.of("i didnt lose it, it just doesnt work", null, null, "facilities")).isEqualTo("facilities");
    assertThat(SHIPPED.of("sigue sin funcionar", null, null, "hr")).isEqualTo("hr");
    assertThat(SHIPPED.of("i didnt lose it, it just doesnt work", null, null, null)).isEqualTo("general");
    // "it" typed as a pronoun names no department; "IT" does
    io.relevo.intents.Analysis pronoun = new io.relevo.intents.Analysis("en", null, java.util.List.of(), false, java.util.List.of(
        new io.relevo.intents.Entity(io.relevo.intents.Entity.DEPARTMENT, "it", 12, 14, "it")), null);
    assertThat(SHIPPED.of("i didnt lose it, it just doesnt work", pronoun, null, "facilities")).isEqualTo("facilities");
    io.relevo.intents.Analysis acronym = new io.relevo.intents.Analysis("en", null, java.util.List.of(), false, java.util.List.of(
        new io.relevo.intents.Entity(io.relevo.intents.Entity.DEPARTMENT, "IT", 15, 17, "it")), null);
    assertThat(SHIPPED.of("can someone in IT help", acronym, null, "facilities")).isEqualTo("it");
    io.relevo.intents.Analysis office = new io.relevo.intents.Analysis("es", null, java.util.List.of(), false, java.util.List.of(
        new io.relevo.intents.Entity(io.relevo.intents.Entity.DEPARTMENT, "oficina", 27, 34, "facilities")), null);
    assertThat(SHIPPED.of("el wifi de la oficina va fatal", office, null, null)).isEqualTo("it");
    // a message that names its own matter keeps it
    assertThat(SHIPPED.of("and now my laptop won't start either", null, null, "facilities")).isEqualTo("it");
  }
}
