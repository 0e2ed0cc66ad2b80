package io.relevo.app.eval;

import java.util.Set;

/**
 * A labelled line's expected outcome: {@code answer:<topic>}, {@code form:<flow-id>},
 * {@code ticket:status|list|cancel|comment}, {@code person}, {@code smalltalk} or {@code dont_know}.
 * Immutable.
 *
 * @param type one of ANSWER, FORM, TICKET, PERSON, SMALLTALK, DONT_KNOW
 * @param detail the topic, the flow id or the ticket action; null for the others
 */
record Expected(Outcome.Type type, String detail) {

  static final Set<String> TICKET_ACTIONS = Set.of("status", "list", "cancel", "comment");

  /** Parses the {@code expected} column; throws {@link IllegalArgumentException} saying what is wrong. */
  public static Expected parse(String raw) {
    String s = raw.strip();
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String detail = colon < 0 ? null : s.substring(colon + 1).strip();
    switch (kind) {
      case "person", "smalltalk", "dont_know":
        if (detail != null) {
          throw new IllegalArgumentException("'" + kind + "' takes no ':' part");
        }
        return new Expected(kind.equals("person") ? Outcome.Type.PERSON
            : kind.equals("smalltalk") ? Outcome.Type.SMALLTALK : Outcome.Type.DONT_KNOW, null);
      case "answer", "form", "ticket":
        if (detail == null || detail.isEmpty() || !detail.matches("[A-Za-z0-9_.-]+")) {
          throw new IllegalArgumentException("'" + kind + ":' needs a " + (kind.equals("answer") ? "topic"
              : kind.equals("form") ? "flow id" : "ticket action") + ", found '" + s + "'");
        }
        if (kind.equals("ticket") && !TICKET_ACTIONS.contains(detail)) {
          throw new IllegalArgumentException("ticket action must be status, list, cancel or comment, found '" + detail + "'");
        }
        return new Expected(kind.equals("answer") ? Outcome.Type.ANSWER
            : kind.equals("form") ? Outcome.Type.FORM : Outcome.Type.TICKET, detail);
      default:
        throw new IllegalArgumentException("expected must be answer:<topic>, form:<flow>, ticket:<action>, person, "
            + "smalltalk or dont_know, found '" + s + "'");
    }
  }

  @Override
  public String toString() {
    return detail == null ? type.label() : type.label() + ":" + detail;
  }
}
