package io.relevo.handoff.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TargetWaitsTest {

  @Test
  void oneDurationServesEveryQueue() {
    TargetWaits waits = TargetWaits.parse("3m");
    assertThat(waits.of("it")).isEqualTo(Duration.ofMinutes(3));
    assertThat(waits.of("general")).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void queuesNamedHaveTheirOwnAndTheRestTheDefault() {
    TargetWaits waits = TargetWaits.parse(" it=90s, HR = 5m ");
    assertThat(waits.of("it")).isEqualTo(Duration.ofSeconds(90));
    assertThat(waits.of("hr")).isEqualTo(Duration.ofMinutes(5));
    assertThat(waits.of("facilities")).isEqualTo(TargetWaits.DEFAULT);
    assertThat(TargetWaits.standard().of("it")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aMalformedOrEmptyWaitIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> TargetWaits.parse("it=soon")).hasMessageContaining("'it=soon' is not a target wait");
    assertThatThrownBy(() -> TargetWaits.parse("0m")).hasMessageContaining("more than 0");
  }
}
