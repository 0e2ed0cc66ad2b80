package io.relevo.core.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnderstoodHeadTest {

  @Test
  void understandingReadsTheFirstCharactersOfALongMessage() {
    String message = "my vpn is down. ".repeat(250);
    assertThat(HelpDeskBot.head(message, 1000)).hasSize(1000).isEqualTo(message.substring(0, 1000));
    assertThat(HelpDeskBot.head("short", 1000)).isEqualTo("short");
    // never half an emoji at the cut
    String emoji = "a".repeat(999) + "😀";
    assertThat(HelpDeskBot.head(emoji, 1000)).isEqualTo("a".repeat(999));
  }
}
