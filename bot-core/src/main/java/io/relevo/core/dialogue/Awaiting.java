package io.relevo.core.dialogue;

/**
 * What the bot's last question waits for, with its argument (a ticket id, a score); stored as one
 * attribute ({@code kind} or {@code kind:arg}). Immutable.
 */
record Awaiting(Kind kind, String arg) {

  enum Kind {
    NOTHING(""),
    /** "Did this help?" about {@link Turn#article()}. */
    FEEDBACK("feedback"),
    /** A choice among articles. */
    CHOICE("choice"),
    /** Nothing typed in particular after "sorry it didn't help": its buttons (a form) are about the same question. */
    UNSOLVED("unsolved"),
    /** Contact details for a callback. */
    CONTACT("contact"),
    /** A comment for ticket {@code arg}. */
    COMMENT("comment"),
    /** Yes or no to cancelling ticket {@code arg}. */
    CANCEL("cancel"),
    /** A comment on the satisfaction score {@code arg}. */
    CSAT_COMMENT("csat_comment");

    final String code;

    Kind(String code) {
      this.code = code;
    }
  }

  static final Awaiting NOTHING = new Awaiting(Kind.NOTHING, "");

  static Awaiting parse(String stored) {
    if (stored == null || stored.isEmpty()) {
      return NOTHING;
    }
    int colon = stored.indexOf(':');
    String code = colon < 0 ? stored : stored.substring(0, colon);
    String arg = colon < 0 ? "" : stored.substring(colon + 1);
    for (Kind k : Kind.values()) {
      if (k.code.equals(code) && k != Kind.NOTHING) {
        return new Awaiting(k, arg);
      }
    }
    return NOTHING;
  }

  String stored() {
    return arg.isEmpty() ? kind.code : kind.code + ":" + arg;
  }

  boolean is(Kind k) {
    return kind == k;
  }
}
