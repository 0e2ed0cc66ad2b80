package io.relevo.handoff.agents;

import java.util.Set;

/**
 * A person who answers conversations in the console. Immutable.
 *
 * @param id sign-in name, stable
 * @param name display name shown to the person ("Ana joined the chat")
 * @param roles what the agent may do
 * @param skills queues the agent serves (it, hr, facilities, general...)
 * @param capacity conversations the agent holds at once
 * @param passwordHash {@link Passwords} encoding; never the password itself
 */
public record Agent(String id, String name, Set<AgentRole> roles, Set<String> skills, int capacity,
    String passwordHash) {

  public Agent {
    roles = Set.copyOf(roles);
    skills = Set.copyOf(skills);
  }

  /** Whether one of the agent's roles grants {@code required}. */
  public boolean has(AgentRole required) {
    return roles.stream().anyMatch(r -> r.grants(required));
  }
}
