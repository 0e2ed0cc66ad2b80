package io.relevo.core.dialogue.flows;

import java.util.List;
import java.util.Map;

/**
 * A form the bot fills with the person, declared in a YAML file: which intent starts it, the
 * slots it asks for (each validated, with a helpful re-ask, in Spanish and English), the
 * confirmation, and the ticket it opens. Immutable; made by {@link Flows}.
 *
 * @param id the flow's name (the file's)
 * @param intent the intent that starts it
 * @param ticketKind incident or request
 * @param title the ticket's title, a template over the slots ({@code {description}},
 *     {@code {category_label}}...)
 * @param category the ticket's category template; may be null
 * @param impact impact template (high, medium, low); may be null
 * @param urgency urgency template; may be null
 * @param slots what to ask, in order
 * @param confirm the question before acting, per language
 * @param done what is said after the ticket was opened ({@code {ticket}} is its id), per language
 */
public record Flow(String id, String intent, String ticketKind, String title, String category, String impact,
    String urgency, List<Slot> slots, Map<String, String> confirm, Map<String, String> done) {

  /** The slot called {@code name}, or null. */
  public Slot slot(String name) {
    return slots.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * One thing to ask.
   *
   * @param type text, choice, date, date_range, email, phone or number
   * @param entity the entity kind that can fill it from any message (defaults by type)
   * @param options for a choice: value and label per language
   * @param min for text: fewest characters; for number: smallest value
   * @param max for text: most characters; for number: largest value
   * @param future for dates: must not be in the past
   * @param fromFirstMessage for text: the message that started the form fills it, if valid
   * @param optional whether "skip" is accepted
   * @param ask the question, per language
   * @param reask what is said when an answer is not valid, per language
   */
  public record Slot(String name, String type, String entity, List<Option> options, Integer min, Integer max,
      boolean future, boolean fromFirstMessage, boolean optional, Map<String, String> ask, Map<String, String> reask) {
  }

  /** A choice's value and its label per language. */
  public record Option(String value, Map<String, String> label) {
  }
}
