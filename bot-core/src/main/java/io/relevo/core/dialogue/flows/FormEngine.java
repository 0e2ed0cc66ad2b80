package io.relevo.core.dialogue.flows;

import io.relevo.texts.Texts;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.relevo.core.dialogue.TextFold;
import io.relevo.core.tickets.Ticket;
import io.relevo.intents.Entity;

/**
 * Fills a {@link Flow} with the person, one message at a time: asks only for what is missing,
 * takes several answers from one message, validates each (an invalid value is re-asked and never
 * stored), takes typed yes/no like the buttons, lets the person correct any answer at any time
 * ("no, the 8th") and says what changed, skip optional ones, start over or cancel, keeps questions
 * out of the answers, offers a way out (a person, cancel, keep going) to someone who wants to leave,
 * is frustrated or is not understood twice, and confirms before anything is created. Its state is in
 * conversation attributes ({@value #FORM}, {@value #AT}, {@value #MISSES}, {@value #WAY_OUTS},
 * {@code f.SLOT}). Stateless and thread-safe; it never does I/O.
 */
public final class FormEngine {

  public static final String FORM = "form";
  public static final String AT = "form.at";
  /** Unparseable answers in a row: {@code slot:count}. */
  public static final String MISSES = "form.misses";
  /** How many times this form offered the way out. */
  public static final String WAY_OUTS = "form.wayouts";
  static final String CONFIRM = "confirm";
  static final String SKIPPED = SlotValues.SKIPPED;
  public static final String P_CHOICE = "form.choice:";
  public static final String P_EDIT = "form.edit:";
  public static final String P_YES = "form.yes";
  public static final String P_NO = "form.no";
  public static final String P_CANCEL = "form.cancel";
  public static final String P_RESTART = "form.restart";
  public static final String P_SKIP = "form.skip";
  /** "Keep going" after the way out: asks the current question again. */
  public static final String P_RESUME = "form.resume";
  /** "Talk to a person" in the way out: the bot's handoff request payload (the caller handles it). */
  public static final String P_PERSON = "handoff.request";

  private static final Set<String> CANCEL = Set.of("cancel", "cancel it", "cancel the request", "stop", "quit",
      "cancelar", "cancela", "cancelalo", "cancelala", "cancela la solicitud", "para");
  private static final Set<String> RESTART = Set.of("start over", "start again", "restart", "begin again",
      "empezar de nuevo", "volver a empezar", "empezar otra vez", "empieza de nuevo", "de nuevo desde el principio");
  private static final Set<String> RESUME = Set.of("keep going", "continue", "go on", "let s continue", "carry on",
      "seguir", "sigue", "sigamos", "continuar", "continua", "continuemos", "vale sigamos");

  /** What happened to one message. */
  public enum Action {
    /** Asked the next thing, re-confirmed, or changed state; the replies say so. */
    CONTINUE,
    /** Everything is confirmed: create the ticket, then say {@link #done}. */
    CREATE,
    /**
     * The message was not an answer and nothing was stored: a question ({@link Step#rule()}
     * {@code question}; the caller should answer it from the knowledge base, then show
     * {@link #resume}), or an unclear answer (the replies say nothing was done and ask again).
     */
    NOT_AN_ANSWER,
    /** The person cancelled; the form is gone. */
    CANCELLED,
    /**
     * The person wants out, is frustrated, or was not understood twice in a row: the reply offers a
     * person ({@value #P_PERSON}), cancel ({@value #P_CANCEL}) and keep going ({@value #P_RESUME}).
     * The form stays active until one is chosen.
     */
    OFFER_WAY_OUT
  }

  /**
   * The outcome of one step: replies, attribute changes (empty value: remove), the form's values,
   * what to do, and the rule that decided it (for the decision record): {@code started},
   * {@code answered}, {@code corrected}, {@code typed_yes}, {@code confirmed}, {@code change_menu},
   * {@code edit}, {@code question}, {@code unclear}, {@code cancelled}, {@code restarted},
   * {@code resumed}, {@code way_out.leave}, {@code way_out.frustration}, {@code way_out.misses}.
   */
  public record Step(Action action, List<Message> replies, Map<String, String> changes, Map<String, String> values,
      String rule) {

    /** A step without a rule (the constructor before rules). */
    public Step(Action action, List<Message> replies, Map<String, String> changes, Map<String, String> values) {
      this(action, replies, changes, values, null);
    }
  }

  private final Map<String, Flow> flows;

  /** @param flows by intent, in preference order (as {@link Flows#load} returns them) */
  public FormEngine(Map<String, Flow> flows) {
    this.flows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(flows));
  }

  /**
   * Whether {@code text} gives another person access to the asker's own mailbox, calendar or files ("give my
   * colleague access to my mailbox"): something one does oneself, which the form, filled in the asker's name, would
   * not request.
   */
  public boolean sharesOwn(Flow flow, String text) {
    return FirstMessage.sharesOwn(flow, text);
  }

  /** The flow an intent starts, or null. */
  public Flow flowFor(String intent) {
    return flows.get(intent);
  }

  /**
   * Whether {@code text} names one of the options of {@code flow}'s choice slot {@code slot} by its words
   * ("radiador" names the heating of the facilities form's category); false when the flow has no such slot.
   */
  public boolean namesChoice(Flow flow, String slot, String text) {
    Flow.Slot s = flow.slot(slot);
    return s != null && s.type().equals("choice") && ChoiceWords.choiceIn(s, text, false) != null;
  }

  /**
   * The flow for a department ({@code it}, {@code hr}, {@code facilities}) and a ticket kind
   * ({@code incident}: a problem; {@code request}: something to be done): the first of that
   * department and kind, else the department's first flow, else null. With the shipped flows:
   * it + incident → report_incident, it + request → request_equipment, hr → hr_query,
   * facilities → report_facilities_issue, general → null.
   */
  public Flow flowFor(String department, String kind) {
    Flow any = null;
    for (Flow f : flows.values()) {
      if (f.department().equals(department)) {
        if (f.ticketKind().equals(kind)) {
          return f;
        }
        any = any == null ? f : any;
      }
    }
    return any;
  }

  /** Every flow, in preference order. */
  public Collection<Flow> flows() {
    return flows.values();
  }

  /** The form active in a conversation, or null. */
  public Flow active(Map<String, String> attributes) {
    String id = attributes.get(FORM);
    return id == null || id.isEmpty() ? null : flows.get(id);
  }

  /** Starts {@code flow} from the message that asked for it, keeping any answers it already holds. */
  public Step start(Flow flow, String text, List<Entity> entities, String lang, LocalDate today) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> changes = new HashMap<>();
    FormState.clear(flow, changes);
    changes.put(FORM, flow.intent());
    for (Flow.Slot slot : flow.slots()) {
      String v = slot.fromFirstMessage() && slot.type().equals("text") ? FirstMessage.value(flow, slot, text) : null;
      if (v == null && (!slot.type().equals("number") || SlotValues.amountSaid(text, entities))) {
        v = SlotValues.fromEntities(slot, entities, today, null); // "2 personas" in the first message is no cost
      }
      if (v == null && slot.type().equals("choice")) {
        v = ChoiceWords.choiceOrMisspelt(slot, text, false);
      }
      if (v != null) {
        values.put(slot.name(), v);
        changes.put("f." + slot.name(), v);
      }
    }
    return FormState.next(flow, values, changes, lang, List.of(), "started");
  }

  /** Handles a message while {@code flow} is active; {@code intent} may be null. */
  public Step step(Flow flow, Map<String, String> attributes, String text, String payload, List<Entity> entities,
      String intent, String lang, LocalDate today) {
    Map<String, String> values = FormState.values(flow, attributes);
    Map<String, String> changes = new HashMap<>();
    String said = TextFold.words(text);
    boolean typed = payload == null;
    if (P_CANCEL.equals(payload) || (typed && CANCEL.contains(said))) {
      FormState.clear(flow, changes);
      return new Step(Action.CANCELLED, List.of(FormTexts.say(lang, "form.cancelled")), changes, values, "cancelled");
    }
    if (P_RESTART.equals(payload) || (typed && RESTART.contains(said))) {
      FormState.clear(flow, changes);
      changes.put(FORM, flow.intent());
      return FormState.next(flow, new LinkedHashMap<>(), changes, lang, List.of(FormTexts.say(lang, "form.restarted")), "restarted");
    }
    String at = attributes.getOrDefault(AT, "");
    if (P_RESUME.equals(payload) || (typed && RESUME.contains(said))) {
      changes.put(MISSES, "");
      return new Step(Action.CONTINUE, List.of(resume(flow, attributes, lang)), changes, values, "resumed");
    }
    if (payload != null && payload.startsWith(P_EDIT)) {
      Flow.Slot slot = flow.slot(payload.substring(P_EDIT.length()));
      if (slot != null) {
        changes.put(AT, slot.name());
        return new Step(Action.CONTINUE, List.of(FormTexts.ask(slot, lang, null)), changes, values, "edit");
      }
    }
    boolean confirming = at.equals(CONFIRM);
    Flow.Slot slot = flow.slot(at);
    if (!confirming && slot == null) {
      return FormState.next(flow, values, changes, lang, List.of(), "answered");
    }
    if (confirming && !typed) {
      if (P_YES.equals(payload)) {
        FormState.clear(flow, changes);
        return new Step(Action.CREATE, List.of(), changes, values, "confirmed");
      }
      if (P_NO.equals(payload)) {
        return new Step(Action.CONTINUE, List.of(FormTexts.which(flow, lang)), changes, values, "change_menu");
      }
    }
    if (typed) {
      Step s = new Typed(this, flow, attributes, values, changes, slot, text, entities, intent, lang, today).step();
      if (s != null) {
        return s;
      }
    }
    if (confirming) {
      return WayOut.miss(attributes, values, changes, lang, FormTexts.confirm(flow, values, lang, null));
    }
    String v = SlotValues.answer(slot, text, payload, entities, today, values.get(slot.name()));
    if (v == null) {
      return WayOut.miss(attributes, values, changes, lang, FormTexts.reask(slot, lang));
    }
    return answered(flow, slot, v, values, changes, entities, lang, today, List.of());
  }

  /** Stores {@code slot}'s answer and any other unanswered slot the entities fill, then goes on. */
  Step answered(Flow flow, Flow.Slot slot, String v, Map<String, String> values, Map<String, String> changes,
      List<Entity> entities, String lang, LocalDate today, List<Message> before) {
    values.put(slot.name(), v);
    changes.put("f." + slot.name(), v);
    for (Flow.Slot other : flow.slots()) {
      if (!values.containsKey(other.name()) && other != slot) {
        String extra = SlotValues.fromEntities(other, entities, today, null);
        if (extra != null) {
          values.put(other.name(), extra);
          changes.put("f." + other.name(), extra);
        }
      }
    }
    return FormState.next(flow, values, changes, lang, before, before.isEmpty() ? "answered" : "corrected");
  }

  /** The slot being asked, or null (at the confirmation, or no form). */
  public Flow.Slot asking(Flow flow, Map<String, String> attributes) {
    return flow.slot(attributes.getOrDefault(AT, ""));
  }

  /** The message to show again after a digression (or "keep going"): "Let's go on with your request: …". */
  public Message resume(Flow flow, Map<String, String> attributes, String lang) {
    Flow.Slot slot = flow.slot(attributes.getOrDefault(AT, ""));
    Message again = slot == null ? FormTexts.confirm(flow, FormState.values(flow, attributes), lang, null)
        : FormTexts.ask(slot, lang, null);
    return Message.draft(Role.BOT, Texts.get(lang, "form.resume", again.text()), Participant.BOT)
        .withQuickReplies(again.quickReplies());
  }

  /** The ticket this flow opens from its values. */
  public static io.relevo.core.tickets.NewTicket ticket(Flow flow, Map<String, String> values,
      Ticket.Requester requester, String conversationId, String lang) {
    return FormTickets.ticket(flow, values, requester, conversationId, lang);
  }

  /** The done message with the ticket's id. */
  public Message done(Flow flow, Map<String, String> values, String ticketId, String lang) {
    Map<String, String> with = new LinkedHashMap<>(values);
    with.put("ticket", ticketId);
    return Message.draft(Role.BOT, FormTexts.fill(flow, flow.done().get(io.relevo.texts.Lang.of(lang).tag()), with, lang),
        Participant.BOT);
  }
}
