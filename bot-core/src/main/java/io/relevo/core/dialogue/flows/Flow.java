package io.relevo.core.dialogue.flows;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A form the bot fills with the person, declared in a YAML file: which intent starts it, the
 * department it belongs to and the queue its people work in, the slots it asks for (each
 * validated, with a helpful re-ask, in Spanish and English), the confirmation, and the ticket it
 * opens. Immutable and thread-safe; made by {@link Flows}.
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
 * @param department who handles it: one of {@link #DEPARTMENTS}
 * @param queue the handoff queue for a person about this flow (defaults to the department)
 * @param catalogue how the service catalogue shows it (title and description per language); null
 *     when it is not listed
 * @param approval the approval steps its ticket must pass, in order; empty when it needs none
 */
public record Flow(String id, String intent, String ticketKind, String title, String category, String impact,
    String urgency, List<Slot> slots, Map<String, String> confirm, Map<String, String> done, String department,
    String queue, Listing catalogue, List<ApprovalStep> approval) {

  /** The departments a flow may belong to. */
  public static final Set<String> DEPARTMENTS = Set.of("it", "hr", "facilities", "general");

  public Flow {
    approval = approval == null ? List.of() : List.copyOf(approval);
  }

  /** A flow of the {@code general} department, queued there (the constructor before departments). */
  public Flow(String id, String intent, String ticketKind, String title, String category, String impact,
      String urgency, List<Slot> slots, Map<String, String> confirm, Map<String, String> done) {
    this(id, intent, ticketKind, title, category, impact, urgency, slots, confirm, done, "general", "general");
  }

  /** A flow outside the catalogue, with no approval (the constructor before the catalogue). */
  public Flow(String id, String intent, String ticketKind, String title, String category, String impact,
      String urgency, List<Slot> slots, Map<String, String> confirm, Map<String, String> done, String department,
      String queue) {
    this(id, intent, ticketKind, title, category, impact, urgency, slots, confirm, done, department, queue, null, List.of());
  }

  /** Whether its ticket must be approved before it is fulfilled. */
  public boolean needsApproval() {
    return !approval.isEmpty();
  }

  /**
   * How the service catalogue lists a flow.
   *
   * @param title per language (es, en)
   * @param description one sentence per language
   */
  public record Listing(Map<String, String> title, Map<String, String> description) {
  }

  /**
   * One approval step.
   *
   * @param approver {@code manager} (the requester's manager, from the people directory or their
   *     identity token), {@code group:NAME} (anyone of a directory group) or {@code role:NAME} (any
   *     agent with that role: agent, supervisor, admin)
   * @param escalateAfter how long the step may wait before it escalates; null: the setting
   *     {@code approvals.escalateAfter}
   * @param remindBefore how long before the escalation the approvers are reminded; null: the setting
   *     {@code approvals.remindBefore}
   * @param escalateTo {@code manager} (the approvers' managers), {@code group:NAME} or {@code none}
   */
  public record ApprovalStep(String approver, java.time.Duration escalateAfter, java.time.Duration remindBefore,
      String escalateTo) {

    /** {@code manager}, {@code group} or {@code role}. */
    public String kind() {
      int colon = approver.indexOf(':');
      return colon < 0 ? approver : approver.substring(0, colon);
    }

    /** The group's or role's name; null for a manager. */
    public String target() {
      int colon = approver.indexOf(':');
      return colon < 0 ? null : approver.substring(colon + 1);
    }
  }

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
   * @param fromFirstMessage for text: the message that started the form fills it, if valid (a catalogue request:
   *     without its request words, when it names more than the item; see FirstMessage)
   * @param optional whether "skip" is accepted
   * @param ask the question, per language
   * @param reask what is said when an answer is not valid, per language
   * @param label what the slot is called in "Changed the dates to …", per language (with its
   *     article: "the dates", "las fechas"); empty when the file names none
   * @param questionIsAnswer for text: a question is this slot's answer (the question a person puts
   *     to HR), not a digression to answer from the knowledge base
   * @param after for text with {@code fromFirstMessage}: the value is what the first message says after one of
   *     these (on its folded text: "access to", "acceso de lectura a"), up to where the name ends; empty: the
   *     whole message as {@code fromFirstMessage} says
   * @param reason for text with {@code after}: the value is a reason given with the request ("because mine is six
   *     years old", "para una reunión con un cliente"), what follows the phrase up to the end of its sentence, not a
   *     name
   */
  public record Slot(String name, String type, String entity, List<Option> options, Integer min, Integer max,
      boolean future, boolean fromFirstMessage, boolean optional, Map<String, String> ask, Map<String, String> reask,
      Map<String, String> label, boolean questionIsAnswer, List<java.util.regex.Pattern> after, boolean reason) {

    /** A slot without a label (the constructor before labels). */
    public Slot(String name, String type, String entity, List<Option> options, Integer min, Integer max,
        boolean future, boolean fromFirstMessage, boolean optional, Map<String, String> ask, Map<String, String> reask) {
      this(name, type, entity, options, min, max, future, fromFirstMessage, optional, ask, reask, Map.of(), false,
          List.of(), false);
    }

    /** Whether a message's own words are this slot's value (a description, a list), not a name read from it. */
    public boolean describes() {
      return fromFirstMessage && after.isEmpty();
    }
  }

  /**
   * A choice's value, its label per language, and other words that name it ({@code also}: both
   * languages, matched as whole words without accents, e.g. "radiator" for heating).
   */
  public record Option(String value, Map<String, String> label, List<String> also) {

    /** An option named only by its value and labels. */
    public Option(String value, Map<String, String> label) {
      this(value, label, List.of());
    }
  }
}
