package io.relevo.core.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who is answering the person: the bot, nobody yet (waiting in a queue), an agent; or closed. */
public enum ConversationState {
  BOT, QUEUED, AGENT, CLOSED;

  @JsonValue
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
