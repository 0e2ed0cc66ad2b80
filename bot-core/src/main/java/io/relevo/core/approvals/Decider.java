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
 * @param origin the chat message the decision was made from, as its channel names it to
 *     {@link ApprovalListener}s ({@code slack:CHANNEL:TS}, {@code teams:CONVERSATION:ACTIVITY}): that
 *     channel updates it itself, so a listener updating the step's other messages leaves it alone;
 *     null outside a chat message
 */
public record Decider(String email, String agentId, String name, Set<String> roles, String via, String origin) {

  public Decider {
    email = Directory.email(email);
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  /** A decider deciding from no chat message. */
  public Decider(String email, String agentId, String name, Set<String> roles, String via) {
    this(email, agentId, name, roles, via, null);
  }

  /** The same decider, deciding from the chat message {@code origin}. */
  public Decider from(String origin) {
    return new Decider(email, agentId, name, roles, via, origin);
  }

  /** How the record names them: their e-mail, else {@code agent:ID}. */
  public String identity() {
    return email != null ? email : "agent:" + agentId;
  }
}
