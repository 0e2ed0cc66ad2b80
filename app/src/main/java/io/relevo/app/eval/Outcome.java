package io.relevo.app.eval;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a person got from the bot's first reply turn, read from the replies only: its {@link Type}
 * and, by type, the answered topic, the offered topics, the started flow or the ticket actions the
 * reply fits. Immutable.
 *
 * @param topic the answered article's topic ({@link Type#ANSWER}), else null
 * @param topics the offered articles' topics ({@link Type#CHOICES}), else empty
 * @param flow the started form's flow id ({@link Type#FORM}; "?" when it could not be told), else null
 * @param ticketActions the ticket actions this reply is the reply to ({@link Type#TICKET}): one when the
 *     reply tells them apart, several when it cannot (the "you have no tickets" reply to a status
 *     question and to a list request is the same), else empty
 * @param reply the replies' text, joined, for the misses list
 */
record Outcome(Type type, String topic, List<String> topics, String flow, Set<String> ticketActions, String reply) {

  /** The kinds of outcome, in the order of the confusion table's columns. */
  public enum Type {
    ANSWER, CHOICES, FORM, TICKET, PERSON, DONT_KNOW, SMALLTALK, OTHER;

    /** The name used in the data set, the report and the JSON ({@code dont_know}, {@code answer}...). */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Outcome {
    topics = List.copyOf(topics);
    ticketActions = Set.copyOf(ticketActions);
    reply = reply == null ? "" : reply;
  }

  static Outcome answer(String topic, String reply) {
    return new Outcome(Type.ANSWER, topic, List.of(), null, Set.of(), reply);
  }

  static Outcome choices(List<String> topics, String reply) {
    return new Outcome(Type.CHOICES, null, topics, null, Set.of(), reply);
  }

  static Outcome form(String flow, String reply) {
    return new Outcome(Type.FORM, null, List.of(), flow == null || flow.isEmpty() ? "?" : flow, Set.of(), reply);
  }

  static Outcome ticket(Set<String> actions, String reply) {
    return new Outcome(Type.TICKET, null, List.of(), null, actions, reply);
  }

  static Outcome of(Type type, String reply) {
    return new Outcome(type, null, List.of(), null, Set.of(), reply);
  }

  /** As written in the misses list: {@code answer:it-vpn-connect}, {@code choices:a,b}, {@code ticket:list|status}. */
  public String describe() {
    return switch (type) {
      case ANSWER -> "answer:" + topic;
      case CHOICES -> "choices:" + String.join(",", topics);
      case FORM -> "form:" + flow;
      case TICKET -> "ticket:" + (ticketActions.isEmpty() ? "?" : String.join("|", new TreeSet<>(ticketActions)));
      default -> type.label();
    };
  }
}
