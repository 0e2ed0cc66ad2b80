package io.relevo.core.approvals;

import java.util.Set;

/**
 * Who is deciding an approval, as the channel they decide from identified them: their directory
 * identity (e-mail: a Slack or Teams user maps to it by their profile's e-mail), their console
 * account and the roles it grants, if any. Immutable.
 *
 * @param email directory identity; may be null for an agent outside the directory
 * @param agentId console account; null outside the console
 * @param name display name, for the record
 * @param roles agent roles granted ({@code agent}, {@code supervisor}, {@code admin}: each role includes
 *     the ones below it, so a supervisor carries {@code agent} too); empty outside the console
 * @param via {@code console}, {@code slack}, {@code teams} or {@code api}
 */
public record Decider(String email, String agentId, String name, Set<String> roles, String via) {

  public Decider {
    email = Directory.email(email);
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  /** How the record names them: their e-mail, else {@code agent:ID}. */
  public String identity() {
    return email != null ? email : "agent:" + agentId;
  }
}
