package io.relevo.core.conversation;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who wrote a message. */
public enum Role {
  CUSTOMER, BOT, AGENT, SYSTEM;

  @JsonValue
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
