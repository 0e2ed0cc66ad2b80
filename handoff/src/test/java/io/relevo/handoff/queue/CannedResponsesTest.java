package io.relevo.handoff.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CannedResponsesTest {

  private final CannedResponses canned = CannedResponses.load(null);

  @Test
  void findsResponsesInEitherLanguageIgnoringAccentsAndCase() {
    assertThat(canned.search("contrasena", "es")).extracting(CannedResponses.Canned::id).containsExactly("password-reset");
    assertThat(canned.search("PASSWORD reset", "en")).extracting(CannedResponses.Canned::id).containsExactly("password-reset");
    assertThat(canned.search("", "es")).hasSizeGreaterThanOrEqualTo(8)
        .allSatisfy(c -> assertThat(c.text()).isNotBlank());
    assertThat(canned.search("zzz", "en")).isEmpty();
  }
}
