package io.relevo.core.dialogue;

/** What a person wants with a message, apart from what it is about. */
enum Act {
  /** Asks how, what, whether: the knowledge base answers. */
  ASK,
  /** Asks for something to be done: a form or a catalogue request. */
  REQUEST,
  /** Reports a problem: self-help first when an article addresses it, else a form. */
  REPORT,
  /** Acts on their tickets (status, list, cancel, comment). */
  TICKET,
  /** Wants a person. */
  PERSON,
  GREET,
  THANKS,
  LEAVE,
  /** Asks what the bot can do. */
  HELP,
  /** Chit-chat (a joke, "are you a robot?"). */
  CHITCHAT,
  AFFIRM,
  DENY,
  /** Anything else: a statement about something, a few keywords. */
  STATEMENT;

  /** Whether the act is social: greetings, thanks, goodbyes, chit-chat, yes and no. */
  boolean social() {
    return this == GREET || this == THANKS || this == LEAVE || this == HELP || this == CHITCHAT || this == AFFIRM
        || this == DENY;
  }
}
