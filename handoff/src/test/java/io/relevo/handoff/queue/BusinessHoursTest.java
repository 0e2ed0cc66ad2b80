package io.relevo.handoff.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class BusinessHoursTest {

  @Test
  void aQueueIsOpenOnlyWithinItsHoursInItsTimeZone() {
    BusinessHours hours = BusinessHours.parse("it=Mon-Fri 08:00-20:00 Europe/Madrid; hr=Mon-Thu 9:00-17:00 America/Mexico_City");
    // Monday 2026-11-23: 07:30 UTC is 08:30 in Madrid (CET, UTC+1)
    assertThat(hours.isOpen("it", Instant.parse("2026-11-23T07:30:00Z"))).isTrue();
    assertThat(hours.isOpen("it", Instant.parse("2026-11-23T06:30:00Z"))).isFalse();
    assertThat(hours.isOpen("it", Instant.parse("2026-11-28T10:00:00Z"))).isFalse(); // Saturday
    // 15:30 UTC is 09:30 in Mexico City (UTC-6)
    assertThat(hours.isOpen("hr", Instant.parse("2026-11-23T15:30:00Z"))).isTrue();
    assertThat(hours.isOpen("hr", Instant.parse("2026-11-27T15:30:00Z"))).isFalse(); // Friday
    assertThat(hours.isOpen("general", Instant.parse("2026-11-28T03:00:00Z"))).isTrue(); // not named: always
    assertThat(BusinessHours.parse("").isOpen("it", Instant.now())).isTrue();
  }

  @Test
  void aWrongSpecificationSaysWhatIsWrong() {
    assertThatThrownBy(() -> BusinessHours.parse("it=Mon-Fri 8-20 Europe/Madrid")).hasMessageContaining("QUEUE=Mon-Fri HH:MM-HH:MM");
    assertThatThrownBy(() -> BusinessHours.parse("it=Mon-Fri 20:00-08:00 Europe/Madrid")).hasMessageContaining("closing time");
    assertThatThrownBy(() -> BusinessHours.parse("it=Mon-Fri 08:00-20:00 Mars/Olympus")).hasMessageContaining("unknown time zone");
    assertThatThrownBy(() -> BusinessHours.parse("it=Mon-Fry 08:00-20:00 UTC")).hasMessageContaining("unknown day");
  }
}
