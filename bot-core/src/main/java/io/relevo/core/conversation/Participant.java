package io.relevo.core.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Someone taking part in a conversation: the person asking, the bot, an agent.
 *
 * @param id stable id where there is one (a verified user id, an agent id); may be null
 * @param role the participant's role
 * @param name display name; may be null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Participant(String id, Role role, String name) {

  public static final Participant BOT = new Participant("relevo", Role.BOT, "Relevo");
}
