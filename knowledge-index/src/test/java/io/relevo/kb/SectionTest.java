package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SectionTest {

  @Test
  void keepsAShortSectionWholeWithItsHeadingListAndLinks() {
    String text = """
        ## Reset your password

        1. Open [the reset page](https://id.example/reset) in a browser.
        2. Approve the request in the authenticator app.
        3. Choose a new password.""";
    Section s = Section.of(text);
    assertThat(s.display()).isEqualTo(text.strip());
    assertThat(s.heading()).isEqualTo("Reset your password");
    assertThat(s.lead()).isFalse();
    assertThat(s.steps()).isEqualTo(3);
  }

  @Test
  void keepsAListWholeBeyondTheProseLimitUpToTheListLimit() {
    String items = IntStream.rangeClosed(1, 9)
        .mapToObj(i -> i + ". Step number " + i + " of the procedure, explained in a sentence of some length here.")
        .collect(Collectors.joining("\n"));
    String text = "## Steps\n\n" + items;
    assertThat(text.length()).isBetween(Section.MAX_CHARS + 1, Section.MAX_LIST_CHARS);
    assertThat(Section.display(text)).isEqualTo(text);
  }

  @Test
  void cutsAVeryLongListAtAnItemWithAnEllipsis() {
    String items = IntStream.rangeClosed(1, 30)
        .mapToObj(i -> "- Item " + i + " with a [link](https://example.com/" + i + ") and some words after it.")
        .collect(Collectors.joining("\n"));
    String shown = Section.display("## Many things\n\n" + items);
    assertThat(shown.length()).isLessThanOrEqualTo(Section.MAX_LIST_CHARS + 2);
    assertThat(shown).startsWith("## Many things\n\n- Item 1 ").endsWith("\n" + Section.MORE);
    List<String> lines = shown.lines().toList();
    assertThat(lines.get(lines.size() - 2)).matches("- Item \\d+ with a \\[link]\\(https://example.com/\\d+\\) and some words after it\\.");
  }

  @Test
  void cutsLongProseAtASentenceNotMidWord() {
    String sentence = "This sentence explains one rule of the policy in plain words for the reader. ";
    String text = "## Policy\n\n" + sentence.repeat(20).strip();
    String shown = Section.display(text);
    assertThat(shown.length()).isLessThanOrEqualTo(Section.MAX_CHARS + 2);
    assertThat(shown).startsWith("## Policy\n\nThis sentence").endsWith("reader. " + Section.MORE);
  }

  @Test
  void stopsBeforeAParagraphThatDoesNotFitAfterWholeParagraphs() {
    String para = "A paragraph of about one hundred and twenty characters that says something useful to the person reading.";
    String text = "## Notes\n\n" + String.join("\n\n", para, para, para, para, para, para, para, para);
    String shown = Section.display(text);
    assertThat(shown).endsWith(para + "\n" + Section.MORE);
    assertThat(shown.length()).isLessThanOrEqualTo(Section.MAX_CHARS + 2);
  }

  @Test
  void countsQuantitiesAndContactPoints() {
    Section rules = Section.of("""
        ## Rules

        - Deadline: **30 calendar days** from the expense.
        - Up to 3 días por semana; mileage 0.26 € per km.
        - Call extension **4357** or write to help@example.com, +34 910 004 357.""");
    assertThat(rules.amounts()).isGreaterThanOrEqualTo(3);
    assertThat(rules.contacts()).isEqualTo(3);
    assertThat(rules.steps()).isZero();
    Section lead = Section.of("Full-time employees have 23 working days of vacation.");
    assertThat(lead.lead()).isTrue();
    assertThat(lead.heading()).isEmpty();
    assertThat(lead.amounts()).isEqualTo(1);
  }

  @Test
  void splitsTheBodyIntoTheLeadAndEachHeadingsSection() {
    String body = "Lead text.\n\n## One\n\nFirst.\n\n## Two\n\n```\n## not a heading\n```\nSecond.";
    Passages.Split split = Passages.splitWithSections(body);
    assertThat(split.sections()).containsExactly("Lead text.", "## One\n\nFirst.",
        "## Two\n\n```\n## not a heading\n```\nSecond.");
    assertThat(split.passages()).isEqualTo(split.sections());
    assertThat(split.sectionOf()).containsExactly(0, 1, 2);
  }
}
