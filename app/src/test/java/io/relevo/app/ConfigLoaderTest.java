package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.core.config.ConfigException;
import io.vertx.core.json.JsonObject;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  private final ConfigLoader loader = new ConfigLoader(AppSettings.all());

  @Test
  void usesBuiltInDefaults() {
    JsonObject c = loader.load(null, Map.of());
    assertThat(AppSettings.HTTP_PORT.get(c)).isEqualTo(8080);
    assertThat(AppSettings.DATA_DIR.get(c)).isEqualTo("./data");
    assertThat(AppSettings.REDIS_URL.get(c)).isEmpty();
  }

  @Test
  void aFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
    Path file = dir.resolve("relevo.yaml");
    Files.writeString(file, """
        http:
          port: 9000
        data.dir: /var/lib/relevo
        conversation:
          retention: 7d
        """);
    JsonObject c = loader.load(file, Map.of("RELEVO_HTTP_PORT", "9100", "REDIS_URL", "redis://r:6379"));
    assertThat(AppSettings.HTTP_PORT.get(c)).isEqualTo(9100);
    assertThat(AppSettings.DATA_DIR.get(c)).isEqualTo("/var/lib/relevo");
    assertThat(io.relevo.core.conversation.ConversationSettings.RETENTION.get(c)).isEqualTo(Duration.ofDays(7));
    assertThat(AppSettings.REDIS_URL.get(c)).isEqualTo("redis://r:6379");
  }

  @Test
  void readsJsonFilesToo() throws Exception {
    Path file = dir.resolve("relevo.json");
    Files.writeString(file, "{\"limits\": {\"messageChars\": 500}}");
    assertThat(io.relevo.channels.web.WebSettings.MAX_MESSAGE_CHARS.get(loader.load(file, Map.of()))).isEqualTo(500);
  }

  @Test
  void anInvalidValueStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> loader.load(null, Map.of("RELEVO_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("http.port:");
    assertThatThrownBy(() -> loader.load(null, Map.of("RELEVO_CONVERSATION_RETENTION", "forever")))
        .hasMessageStartingWith("conversation.retention:");
  }

  @Test
  void anUnknownKeyInTheFileIsRefused() throws Exception {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "http:\n  prot: 80\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("http.prot:");
  }

  @Test
  void theReadmeDocumentsEverySetting() throws Exception {
    String text = Files.readString(Path.of("..", "README.md"));
    assertThat(text).as("README's settings table is the output of `relevo.jar settings`; paste it again")
        .contains(Main.settingsTable());
  }
}
