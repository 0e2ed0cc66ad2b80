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
}
