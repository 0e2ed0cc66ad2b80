package io.relevo.handoff.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.handoff.agents.AgentDirectory;
import io.relevo.handoff.agents.Passwords;

class PasswordCheckTest {

  @Test
  void anUnknownNameCostsAsManyIterationsAsTheDemoAgents() {
    AgentDirectory demo = AgentDirectory.demo(Passwords.hash("demo", 5000));
    PasswordCheck check = new PasswordCheck(demo);
    assertThat(check.iterationsFor("nobody")).isEqualTo(5000).isEqualTo(check.iterationsFor("ana"));
    assertThat(check.verify("ana", "demo").id()).isEqualTo("ana");
    assertThat(check.verify("ana", "nope")).isNull();
    assertThat(check.verify("nobody", "demo")).isNull();
  }

  @Test
  void everyNameCostsAsMuchAsTheDirectorysDearestHash(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agents.yaml");
    Files.writeString(file, "agents:\n  - id: old\n    password: " + Passwords.hash("a", 2000) + "\n"
        + "  - id: new\n    password: " + Passwords.hash("b", 3000) + "\n");
    PasswordCheck check = new PasswordCheck(AgentDirectory.load(file));
    assertThat(check.iterationsFor("old")).isEqualTo(3000);
    assertThat(check.iterationsFor("new")).isEqualTo(3000);
    assertThat(check.iterationsFor("nobody")).isEqualTo(3000);
    assertThat(check.verify("old", "a").id()).isEqualTo("old");
    assertThat(check.verify("new", "b").id()).isEqualTo("new");
  }
}
