package io.relevo.core.dialogue;

/** Why the bot hands a conversation to a person; the code is what agents and analytics see. */
public enum HandoffReason {
  ASKED_FOR_PERSON("asked_for_person"),
  ACCOUNT_LOCKED("account_locked"),
  FRUSTRATION("frustration"),
  NOT_UNDERSTOOD("not_understood"),
  NOT_HELPED("not_helped"),
  CRITICAL_INCIDENT("critical_incident");

  private final String code;

  HandoffReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
