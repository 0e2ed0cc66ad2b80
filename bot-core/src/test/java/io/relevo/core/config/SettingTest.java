package io.relevo.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class SettingTest {

  @Test
  void derivesTheEnvironmentVariableFromTheKey() {
    assertThat(Setting.integer("http.port", 8080, 0, 65535, "").envName()).isEqualTo("RELEVO_HTTP_PORT");
    assertThat(Setting.string("data.dir", "./data", "").envName()).isEqualTo("RELEVO_DATA_DIR");
    assertThat(Setting.integer("limits.messageChars", 1, 0, 9, "").envName()).isEqualTo("RELEVO_LIMITS_MESSAGE_CHARS");
  }

  @Test
  void parsesDurationsInShortAndIsoForms() {
    Setting<Duration> d = Setting.duration("x.y", "30d", Duration.ZERO, Duration.ofDays(4000), "");
    assertThat(d.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(d.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.parse("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(d.get(new JsonObject())).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void refusesBadValuesNamingTheKey() {
    Setting<Integer> port = Setting.integer("http.port", 8080, 0, 65535, "");
    assertThatThrownBy(() -> port.parse("eighty")).isInstanceOf(ConfigException.class).hasMessageStartingWith("http.port:");
    assertThatThrownBy(() -> port.parse("70000")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Setting.oneOf("a.b", "x", "", "x", "y").parse("z")).hasMessageStartingWith("a.b:");
    assertThatThrownBy(() -> Setting.bool("a.c", true, "").parse("maybe")).hasMessageStartingWith("a.c:");
    assertThatThrownBy(() -> Setting.duration("a.d", "1s", Duration.ZERO, Duration.ofHours(1), "").parse("soon"))
        .hasMessageStartingWith("a.d:");
  }

  @Test
  void roundTripsValuesThroughTheResolvedConfiguration() {
    JsonObject config = new JsonObject();
    Setting<Duration> d = Setting.duration("t.o", "1s", Duration.ZERO, Duration.ofHours(1), "");
    d.put(config, d.parse("90s"));
    assertThat(d.get(config)).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.encode()).isEqualTo("{\"t.o\":90000}");
  }
}
