package io.relevo.core.dialogue;

/** What a person got from a turn, as the evaluation and the console name it. */
public enum Outcome {
  ANSWER, CHOICES, FORM, TICKET, PERSON, DONT_KNOW, SMALLTALK, OTHER;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
