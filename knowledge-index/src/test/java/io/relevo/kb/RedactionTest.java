package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void replacesEmailAddresses() {
    assertThat(Redaction.redact("write to ana.garcia+kb@nubentia.example today"))
        .isEqualTo("write to [email] today");
  }

  @Test
  void replacesPhoneNumbersInCommonFormats() {
    assertThat(Redaction.redact("call +34 612 345 678 or (555) 123-4567 or 0049-30-1234567"))
        .isEqualTo("call [phone] or [phone] or [phone]");
  }

  @Test
  void replacesCardNumbersThatPassTheLuhnCheck() {
    assertThat(Redaction.redact("card 4111 1111 1111 1111 and 4111-1111-1111-1111 and 4111111111111111"))
        .isEqualTo("card [card] and [card] and [card]");
  }

  @Test
  void leavesShortNumbersDatesAndExtensionsAlone() {
    String text = "ticket 48213, extension 4357, updated 2026-10-15, 12 characters";
    assertThat(Redaction.redact(text)).isEqualTo(text);
  }

  @Test
  void doesNotCallALongNumberACardWithoutTheLuhnCheck() {
    assertThat(Redaction.redact("order 4111111111111112")).doesNotContain("[card]");
  }

  @Test
  void acceptsNullAndEmptyText() {
    assertThat(Redaction.redact(null)).isNull();
    assertThat(Redaction.redact("")).isEmpty();
  }

  @Test
  void redactsALongDottedAddressWithoutOverflowingTheStack() {
    String text = "a@" + "a.".repeat(2000);
    assertThat(text).hasSize(4002);
    assertThat(Redaction.redact(text)).isEqualTo("[email].");
  }

  @Test
  void redactsHundredThousandCharacterInputsOfEveryShape() {
    assertThat(Redaction.redact("a@" + "a.".repeat(50_000) + "a")).isEqualTo("[email]");
    assertThat(Redaction.redact("a.".repeat(50_000) + "@")).isEqualTo("a.".repeat(50_000) + "@");
    assertThat(Redaction.redact("@a".repeat(50_000))).isEqualTo("@a".repeat(50_000));
    assertThat(Redaction.redact("1 ".repeat(50_000)).startsWith("[phone] [phone] ")).isTrue();
    String dashed = "12-".repeat(33_000);
    assertThat(Redaction.redact(dashed).length()).isLessThan(dashed.length());
    String cards = "4111 1111 1111 1111 ".repeat(5_000);
    assertThat(Redaction.redact(cards).equals("[card] ".repeat(5_000))).isTrue();
  }

  @Test
  void keepsTheEdgesOfAddressesAsBefore() {
    assertThat(Redaction.redact("mail a@b.com. now")).isEqualTo("mail [email]. now");
    assertThat(Redaction.redact("x@y@b.com")).isEqualTo("x@[email]");
    assertThat(Redaction.redact("a@b-.com and a@b.c-d- and a@localhost"))
        .isEqualTo("a@b-.com and [email]- and a@localhost");
    assertThat(Redaction.redact("one@a.io,two@b.io")).isEqualTo("[email],[email]");
  }
}
