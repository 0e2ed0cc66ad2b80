package io.relevo.core.dialogue.flows;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;
import io.relevo.core.dialogue.TextFold;
import io.relevo.core.dialogue.Texts;
import io.relevo.core.tickets.Ticket;
import io.relevo.intents.Entity;

/**
 * Fills a {@link Flow} with the person, one message at a time: asks only for what is missing,
 * takes several answers from one message, validates each (an invalid value is re-asked and never
 * stored), lets the person correct any answer at the confirmation ("no, the 8th"), skip optional
 * ones, start over or cancel at any time, and confirms before anything is created. Its state is
 * in conversation attributes ({@value #FORM}, {@value #AT}, {@code f.SLOT}). Stateless and
 * thread-safe; it never does I/O.
 */
public final class FormEngine {

  public static final String FORM = "form";
  public static final String AT = "form.at";
  static final String CONFIRM = "confirm";
  static final String SKIPPED = "-";
  public static final String P_CHOICE = "form.choice:";
  public static final String P_EDIT = "form.edit:";
  public static final String P_YES = "form.yes";
  public static final String P_NO = "form.no";
  public static final String P_CANCEL = "form.cancel";
  public static final String P_RESTART = "form.restart";
  public static final String P_SKIP = "form.skip";

  private static final Set<String> CANCEL = Set.of("cancel", "stop", "forget it", "never mind", "nevermind", "quit",
      "cancelar", "cancela", "cancelalo", "dejalo", "olvidalo", "olvidate", "para", "no quiero seguir");
  private static final Set<String> RESTART = Set.of("start over", "start again", "restart", "begin again",
      "empezar de nuevo", "volver a empezar", "empezar otra vez", "empieza de nuevo", "de nuevo desde el principio");
  private static final Set<String> SKIP = Set.of("skip", "no", "nothing", "none", "saltar", "salta", "nada", "ninguna");

  /** What happened to one message. */
  public enum Action {
    /** Asked the next thing, re-confirmed, or changed state; the replies say so. */
    CONTINUE,
    /** Everything is confirmed: create the ticket, then say {@link #done}. */
    CREATE,
    /** The message was not an answer to the question: the caller may treat it as a digression. */
    NOT_AN_ANSWER,
    /** The person cancelled; the form is gone. */
    CANCELLED
  }

  /** The outcome of one step: replies, attribute changes (empty value: remove), and what to do. */
  public record Step(Action action, List<Message> replies, Map<String, String> changes, Map<String, String> values) {
  }

  private final Map<String, Flow> flows;

  public FormEngine(Map<String, Flow> flows) {
    this.flows = Map.copyOf(flows);
  }

  /** The flow an intent starts, or null. */
  public Flow flowFor(String intent) {
    return flows.get(intent);
  }

  public Flow active(Map<String, String> attributes) {
    String id = attributes.get(FORM);
    return id == null || id.isEmpty() ? null : flows.get(id);
  }

  /** Starts {@code flow} from the message that asked for it, keeping any answers it already holds. */
  public Step start(Flow flow, String text, List<Entity> entities, String lang, LocalDate today) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> changes = new HashMap<>();
    clear(flow, changes);
    changes.put(FORM, flow.intent());
    for (Flow.Slot slot : flow.slots()) {
      String v = slot.fromFirstMessage() && slot.type().equals("text") ? text(slot, text) : null;
      if (v == null) {
        v = fromEntities(slot, entities, today, null);
      }
      if (v == null && slot.type().equals("choice")) {
        v = choiceIn(slot, text, false);
      }
      if (v != null) {
        values.put(slot.name(), v);
        changes.put("f." + slot.name(), v);
      }
    }
    return next(flow, values, changes, lang, List.of());
  }

  /** Handles a message while {@code flow} is active. */
  public Step step(Flow flow, Map<String, String> attributes, String text, String payload, List<Entity> entities,
      String intent, String lang, LocalDate today) {
    Map<String, String> values = values(flow, attributes);
    Map<String, String> changes = new HashMap<>();
    String said = TextFold.words(text);
    if (P_CANCEL.equals(payload) || (payload == null && CANCEL.contains(said))) {
      clear(flow, changes);
      return new Step(Action.CANCELLED, List.of(say(lang, "form.cancelled")), changes, values);
    }
    if (P_RESTART.equals(payload) || (payload == null && RESTART.contains(said))) {
      clear(flow, changes);
      changes.put(FORM, flow.intent());
      return next(flow, new LinkedHashMap<>(), changes, lang, List.of(say(lang, "form.restarted")));
    }
    String at = attributes.getOrDefault(AT, "");
    if (payload != null && payload.startsWith(P_EDIT)) {
      Flow.Slot slot = flow.slot(payload.substring(P_EDIT.length()));
      if (slot != null) {
        changes.put(AT, slot.name());
        return new Step(Action.CONTINUE, List.of(ask(slot, lang, null)), changes, values);
      }
    }
    if (at.equals(CONFIRM)) {
      if (P_YES.equals(payload) || (payload == null && "affirm".equals(intent))) {
        clear(flow, changes);
        return new Step(Action.CREATE, List.of(), changes, values);
      }
      // a correction in the same breath: "no, the 8th", "no, it's the printer"
      boolean corrected = false;
      for (Flow.Slot slot : flow.slots()) {
        String v = fromEntities(slot, entities, today, values.get(slot.name()));
        if (v == null && slot.type().equals("choice")) {
          v = choiceIn(slot, text, false);
        }
        if (v != null && !v.equals(values.get(slot.name()))) {
          values.put(slot.name(), v);
          changes.put("f." + slot.name(), v);
          corrected = true;
        }
      }
      if (corrected) {
        return next(flow, values, changes, lang, List.of(say(lang, "form.corrected")));
      }
      if (P_NO.equals(payload) || "deny".equals(intent)) {
        List<QuickReply> which = new ArrayList<>();
        for (Flow.Slot slot : flow.slots()) {
          which.add(new QuickReply(slotLabel(slot, lang), P_EDIT + slot.name()));
        }
        which.add(new QuickReply(Texts.get(lang, "form.cancel"), P_CANCEL));
        return new Step(Action.CONTINUE, List.of(say(lang, "form.which").withQuickReplies(which)), changes, values);
      }
      return new Step(Action.NOT_AN_ANSWER, List.of(confirm(flow, values, lang)), changes, values);
    }
    Flow.Slot slot = flow.slot(at);
    if (slot == null) {
      return next(flow, values, changes, lang, List.of());
    }
    if (payload == null && slot.type().equals("text")) {
      // "no, from the 3rd to the 10th" while a free text is asked: a correction, not the text
      boolean corrected = false;
      for (Flow.Slot other : flow.slots()) {
        if (other != slot && values.containsKey(other.name()) && !other.type().equals("text")) {
          String v = fromEntities(other, entities, today, values.get(other.name()));
          if (v != null && !v.equals(values.get(other.name()))) {
            values.put(other.name(), v);
            changes.put("f." + other.name(), v);
            corrected = true;
          }
        }
      }
      if (corrected) {
        return next(flow, values, changes, lang, List.of(say(lang, "form.corrected")));
      }
    }
    String v = answer(slot, text, payload, entities, today, values.get(slot.name()));
    if (v == null) {
      return new Step(Action.NOT_AN_ANSWER, List.of(reask(slot, lang)), changes, values);
    }
    values.put(slot.name(), v);
    changes.put("f." + slot.name(), v);
    // other answers in the same message ("a monitor, for the new office")
    for (Flow.Slot other : flow.slots()) {
      if (!values.containsKey(other.name()) && other != slot) {
        String extra = fromEntities(other, entities, today, null);
        if (extra != null) {
          values.put(other.name(), extra);
          changes.put("f." + other.name(), extra);
        }
      }
    }
    return next(flow, values, changes, lang, List.of());
  }

  /** The slot being asked, or null (at the confirmation, or no form). */
  public Flow.Slot asking(Flow flow, Map<String, String> attributes) {
    return flow.slot(attributes.getOrDefault(AT, ""));
  }

  /** The message to show again after a digression. */
  public Message resume(Flow flow, Map<String, String> attributes, String lang) {
    String at = attributes.getOrDefault(AT, "");
    Flow.Slot slot = flow.slot(at);
    Message again = slot == null ? confirm(flow, values(flow, attributes), lang) : ask(slot, lang, null);
    return Message.draft(Role.BOT, Texts.get(lang, "form.resume", again.text()), Participant.BOT)
        .withQuickReplies(again.quickReplies());
  }

  /** The ticket this flow opens from its values. */
  public static io.relevo.core.tickets.NewTicket ticket(Flow flow, Map<String, String> values,
      Ticket.Requester requester, String conversationId, String lang) {
    Map<String, String> fields = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!SKIPPED.equals(v)) {
        fields.put(k, v);
      }
    });
    String impact = flow.impact() == null ? null : raw(flow.impact(), values);
    String urgency = flow.urgency() == null ? null : raw(flow.urgency(), values);
    String title = fill(flow, flow.title(), values, lang);
    String description = values.containsKey("description") ? values.get("description") : describe(flow, values, lang);
    return new io.relevo.core.tickets.NewTicket(flow.ticketKind().equals("incident") ? Ticket.Kind.INCIDENT : Ticket.Kind.REQUEST,
        requester, title.length() > 200 ? title.substring(0, 200) : title, description,
        flow.category() == null ? null : raw(flow.category(), values), impact, urgency, fields,
        conversationId, lang);
  }

  /** The done message with the ticket's id. */
  public Message done(Flow flow, Map<String, String> values, String ticketId, String lang) {
    Map<String, String> with = new LinkedHashMap<>(values);
    with.put("ticket", ticketId);
    return Message.draft(Role.BOT, fill(flow, flow.done().get(Texts.normalizeLocale(lang)), with, lang), Participant.BOT);
  }

  private static String describe(Flow flow, Map<String, String> values, String lang) {
    StringBuilder out = new StringBuilder();
    for (Flow.Slot s : flow.slots()) {
      String v = values.get(s.name());
      if (v != null && !SKIPPED.equals(v)) {
        out.append(slotLabel(s, lang)).append(": ").append(display(s, v, lang)).append('\n');
      }
    }
    return out.toString().strip();
  }

  private Step next(Flow flow, Map<String, String> values, Map<String, String> changes, String lang, List<Message> before) {
    List<Message> replies = new ArrayList<>(before);
    for (Flow.Slot slot : flow.slots()) {
      if (!values.containsKey(slot.name())) {
        changes.put(AT, slot.name());
        replies.add(ask(slot, lang, null));
        return new Step(Action.CONTINUE, replies, changes, values);
      }
    }
    changes.put(AT, CONFIRM);
    replies.add(confirm(flow, values, lang));
    return new Step(Action.CONTINUE, replies, changes, values);
  }

  private static Message ask(Flow.Slot slot, String lang, String prefix) {
    String l = Texts.normalizeLocale(lang);
    List<QuickReply> quick = new ArrayList<>();
    for (Flow.Option o : slot.options()) {
      quick.add(new QuickReply(o.label().get(l), P_CHOICE + o.value()));
    }
    if (slot.optional()) {
      quick.add(new QuickReply(Texts.get(l, "form.skip"), P_SKIP));
    }
    quick.add(new QuickReply(Texts.get(l, "form.cancel"), P_CANCEL));
    String text = slot.ask().get(l);
    return Message.draft(Role.BOT, prefix == null ? text : prefix + " " + text, Participant.BOT).withQuickReplies(quick);
  }

  private static Message reask(Flow.Slot slot, String lang) {
    String l = Texts.normalizeLocale(lang);
    String why = slot.reask().get(l);
    if (why == null) {
      why = Texts.get(l, "form.reask." + slot.type());
    }
    return ask(slot, l, why);
  }

  private static Message confirm(Flow flow, Map<String, String> values, String lang) {
    String l = Texts.normalizeLocale(lang);
    return Message.draft(Role.BOT, fill(flow, flow.confirm().get(l), values, l), Participant.BOT).withQuickReplies(List.of(
        new QuickReply(Texts.get(l, "form.yes"), P_YES), new QuickReply(Texts.get(l, "form.change"), P_NO),
        new QuickReply(Texts.get(l, "form.cancel"), P_CANCEL)));
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");

  /** A template with the slots' stored values (codes, not labels), for ticket fields. */
  static String raw(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String fill(Flow flow, String template, Map<String, String> values, String lang) {
    String l = Texts.normalizeLocale(lang);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String v;
      if (name.equals("priority")) {
        v = Texts.get(l, "priority." + Ticket.Priority.of(values.get("impact"), values.get("urgency")).code());
      } else if (name.endsWith("_label") && flow.slot(name.substring(0, name.length() - 6)) != null) {
        Flow.Slot s = flow.slot(name.substring(0, name.length() - 6));
        v = display(s, values.getOrDefault(s.name(), ""), l);
      } else if (flow.slot(name) != null) {
        v = display(flow.slot(name), values.getOrDefault(name, ""), l);
      } else {
        v = values.getOrDefault(name, "");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A value as the person reads it: a choice's label, a date range in words. */
  static String display(Flow.Slot slot, String value, String lang) {
    if (SKIPPED.equals(value)) {
      return "—";
    }
    Locale locale = "es".equals(lang) ? Locale.forLanguageTag("es") : Locale.ENGLISH;
    DateTimeFormatter f = DateTimeFormatter.ofPattern("es".equals(lang) ? "d 'de' MMMM 'de' yyyy" : "MMMM d, yyyy", locale);
    try {
      switch (slot.type()) {
        case "choice":
          for (Flow.Option o : slot.options()) {
            if (o.value().equals(value)) {
              return o.label().get("es".equals(lang) ? "es" : "en");
            }
          }
          return value;
        case "date":
          return LocalDate.parse(value).format(f);
        case "date_range": {
          String[] p = value.split("/");
          return Texts.get(lang, "form.range", LocalDate.parse(p[0]).format(f), LocalDate.parse(p[1]).format(f));
        }
        default:
          return value;
      }
    } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
      return value;
    }
  }

  private static String slotLabel(Flow.Slot slot, String lang) {
    String q = slot.ask().get(Texts.normalizeLocale(lang));
    return q.length() > 40 ? q.substring(0, 37) + "…" : q;
  }

  /** The value of {@code slot} in an answer to its question, or null when it is not valid. */
  static String answer(Flow.Slot slot, String text, String payload, List<Entity> entities, LocalDate today, String current) {
    if (slot.optional() && (P_SKIP.equals(payload) || SKIP.contains(TextFold.words(text)))) {
      return SKIPPED;
    }
    if (slot.type().equals("choice")) {
      if (payload != null && payload.startsWith(P_CHOICE)) {
        String v = payload.substring(P_CHOICE.length());
        return slot.options().stream().anyMatch(o -> o.value().equals(v)) ? v : null;
      }
      String v = choiceIn(slot, text, true);
      return v != null ? v : fromEntities(slot, entities, today, current);
    }
    if (slot.type().equals("text")) {
      return text(slot, text);
    }
    return fromEntities(slot, entities, today, current);
  }

  private static String text(Flow.Slot slot, String text) {
    String t = text == null ? "" : text.strip();
    int min = slot.min() == null ? 1 : slot.min();
    int max = slot.max() == null ? 2000 : slot.max();
    return t.length() >= min && t.length() <= max ? t : null;
  }

  /** A choice named in the text: its value or label (either language), or its number when {@code numbers}. */
  static String choiceIn(Flow.Slot slot, String text, boolean numbers) {
    String said = TextFold.words(text);
    if (said.isEmpty()) {
      return null;
    }
    if (numbers && said.matches("\\d{1,2}")) {
      int i = Integer.parseInt(said) - 1;
      return i >= 0 && i < slot.options().size() ? slot.options().get(i).value() : null;
    }
    for (Flow.Option o : slot.options()) {
      for (String name : List.of(o.value().replace('_', ' '), o.label().get("en"), o.label().get("es"))) {
        String n = TextFold.words(name);
        if (said.equals(n) || (" " + said + " ").contains(" " + n + " ")) {
          return o.value();
        }
      }
    }
    return null;
  }

  /** A value for {@code slot} from the message's entities, valid for it, or null. */
  static String fromEntities(Flow.Slot slot, List<Entity> entities, LocalDate today, String current) {
    if (slot.entity() == null) {
      return null;
    }
    List<Entity> dates = entities.stream().filter(e -> e.kind().equals(Entity.DATE)).toList();
    for (Entity e : entities) {
      if (!e.kind().equals(slot.entity()) || e.value() == null) {
        continue;
      }
      String v = e.value();
      switch (slot.type()) {
        case "choice":
          if (slot.options().stream().anyMatch(o -> o.value().equals(v))) {
            return v;
          }
          continue;
        case "date":
          if (validDate(v, slot.future(), today)) {
            return v;
          }
          continue;
        case "date_range":
          if (validRange(v, slot.future(), today)) {
            return v;
          }
          continue;
        default:
          return v;
      }
    }
    if (slot.type().equals("date_range")) {
      if (dates.size() >= 2) {
        String v = dates.get(0).value() + "/" + dates.get(1).value();
        return validRange(v, slot.future(), today) ? v : null;
      }
      if (dates.size() == 1 && current != null && current.contains("/")) {
        // a correction of one end: the later end when it comes after the start, else the start
        String[] p = current.split("/");
        String d = dates.get(0).value();
        String v = d.compareTo(p[0]) > 0 ? p[0] + "/" + d : d + "/" + p[1];
        return validRange(v, slot.future(), today) ? v : null;
      }
    }
    return null;
  }

  private static boolean validDate(String v, boolean future, LocalDate today) {
    try {
      return !future || !LocalDate.parse(v).isBefore(today);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean validRange(String v, boolean future, LocalDate today) {
    String[] p = v.split("/");
    if (p.length != 2) {
      return false;
    }
    try {
      LocalDate from = LocalDate.parse(p[0]);
      LocalDate to = LocalDate.parse(p[1]);
      return !to.isBefore(from) && (!future || !from.isBefore(today));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static Map<String, String> values(Flow flow, Map<String, String> attributes) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Flow.Slot s : flow.slots()) {
      String v = attributes.get("f." + s.name());
      if (v != null && !v.isEmpty()) {
        values.put(s.name(), v);
      }
    }
    return values;
  }

  private static void clear(Flow flow, Map<String, String> changes) {
    changes.put(FORM, "");
    changes.put(AT, "");
    for (Flow.Slot s : flow.slots()) {
      changes.put("f." + s.name(), "");
    }
  }

  private static Message say(String lang, String key, Object... args) {
    return Message.draft(Role.BOT, Texts.get(lang, key, args), Participant.BOT);
  }
}
