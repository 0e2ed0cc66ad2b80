package io.relevo.handoff.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.core.config.ConfigException;

class PasswordsTest {

  @Test
  void verifiesOnlyTheRightPasswordAndSaltsEachHash() {
    String hash = Passwords.hash("correct horse", 1000);
    assertThat(Passwords.verify("correct horse", hash)).isTrue();
    assertThat(Passwords.verify("correct hors", hash)).isFalse();
    assertThat(Passwords.hash("correct horse", 1000)).isNotEqualTo(hash);
    assertThat(Passwords.isHash(hash)).isTrue();
    assertThat(Passwords.verify("x", "plain-text")).isFalse();
    assertThat(Passwords.verify("x", "pbkdf2-sha256$x$y$z")).isFalse();
  }

  @Test
  void theDemoDirectoryHasAnaAndSam() {
    AgentDirectory demo = AgentDirectory.demo(Passwords.hash("pw", 1000));
    assertThat(demo.isDemo()).isTrue();
    assertThat(demo.find("ana")).hasValueSatisfying(a -> {
      assertThat(a.skills()).containsExactlyInAnyOrder("it", "hr");
      assertThat(a.has(AgentRole.AGENT)).isTrue();
      assertThat(a.has(AgentRole.SUPERVISOR)).isFalse();
    });
    assertThat(demo.find("sam")).hasValueSatisfying(a -> assertThat(a.has(AgentRole.ADMIN)).isTrue());
  }

  @Test
  void anAgentsFileNeedsHashedPasswords(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agents.yaml");
    Files.writeString(file, "agents:\n  - id: lu\n    password: hunter2\n");
    assertThatThrownBy(() -> AgentDirectory.load(file)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("agents.file:").hasMessageContaining("'lu'");
    Files.writeString(file, "agents:\n  - id: lu\n    name: Lucía\n    password: " + Passwords.hash("pw", 1000)
        + "\n    roles: [supervisor]\n    skills: [facilities]\n");
    assertThat(AgentDirectory.load(file).find("lu")).hasValueSatisfying(a -> {
      assertThat(a.name()).isEqualTo("Lucía");
      assertThat(a.has(AgentRole.AGENT)).isTrue();
    });
  }

  @Test
  void newHashesTake600kIterationsAndOlderHashesStillVerify() {
    String current = Passwords.hash("correct horse");
    assertThat(Passwords.iterations(current)).isEqualTo(600_000);
    assertThat(Passwords.verify("correct horse", current)).isTrue();
    String older = Passwords.hash("correct horse", 210_000);
    assertThat(Passwords.iterations(older)).isEqualTo(210_000);
    assertThat(Passwords.verify("correct horse", older)).isTrue();
    assertThat(Passwords.iterations("plain-text")).isZero();
  }
}
