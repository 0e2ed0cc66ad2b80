package io.relevo.handoff.queue;

import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentRole;

/**
 * Which queues an agent may see and take conversations from: the ones they serve (their skills,
 * and {@code general}), and every queue for supervisors. Stateless.
 */
public final class QueueAccess {

  private QueueAccess() {
  }

  /** Whether {@code agent} sees {@code queue}'s conversations (and tickets of that department). */
  public static boolean sees(Agent agent, String queue) {
    return agent.has(AgentRole.SUPERVISOR) || Presence.serves(agent, queue);
  }
}
