package io.relevo.handoff.agents;

import java.util.Locale;

/**
 * What an agent may do; each role includes the ones below it (admin ⊇ supervisor ⊇ agent ⊇
 * approver). An {@code approver} (a manager with a console account) only decides approvals.
 */
public enum AgentRole {
  APPROVER, AGENT, SUPERVISOR, ADMIN;

  /** Whether holding this role grants {@code required}. */
  public boolean grants(AgentRole required) {
    return ordinal() >= required.ordinal();
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AgentRole parse(String s) {
    return valueOf(s.trim().toUpperCase(Locale.ROOT));
  }
}
