package io.relevo.handoff.auth;

import io.relevo.core.conversation.Tokens;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentDirectory;
import io.relevo.handoff.agents.Passwords;

/**
 * Checks a user name and password at the same cost whether the name exists or not: every check
 * spends the iterations of the directory's most expensive hash. An unknown name is checked against
 * a decoy hash of that count; a known agent whose hash has fewer iterations (made before the count
 * was raised, or a demo hash) is padded up to it. So neither the time nor the CPU spent tells which
 * names exist. Blocking: run it on a worker. Immutable and thread-safe.
 */
final class PasswordCheck {

  private final AgentDirectory directory;
  private final int cost;
  private final String decoy;

  PasswordCheck(AgentDirectory directory) {
    this.directory = directory;
    this.cost = directory.all().stream().mapToInt(a -> Passwords.iterations(a.passwordHash())).max()
        .orElse(Passwords.DEFAULT_ITERATIONS);
    this.decoy = Passwords.hash(Tokens.random(16), cost);
  }

  /** The agent named {@code user} if {@code password} is theirs, otherwise null. */
  Agent verify(String user, String password) {
    Agent agent = directory.find(user).orElse(null);
    if (agent == null) {
      Passwords.verify(password, decoy);
      return null;
    }
    boolean ok = Passwords.verify(password, agent.passwordHash());
    Passwords.burn(cost - Passwords.iterations(agent.passwordHash()));
    return ok ? agent : null;
  }

  /** The PBKDF2 iterations {@link #verify} spends on {@code user}: the same for every name. */
  int iterationsFor(String user) {
    Agent agent = directory.find(user).orElse(null);
    return agent == null ? Passwords.iterations(decoy)
        : Passwords.iterations(agent.passwordHash()) + cost - Passwords.iterations(agent.passwordHash());
  }
}
