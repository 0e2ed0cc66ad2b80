package io.relevo.core.dialogue.flows;

import io.relevo.texts.Texts;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;
import io.relevo.core.tickets.Ticket;

/** The messages a form shows: questions, confirmations, what changed, the way out. Stateless. */
final class FormTexts {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");

  private FormTexts() {
  }

  static Message say(String lang, String key, Object... args) {
    return Message.draft(Role.BOT, Texts.get(lang, key, args), Participant.BOT);
  }

  static Message plain(String text) {
    return Message.draft(Role.BOT, text, Participant.BOT);
  }

  static Message ask(Flow.Slot slot, String lang, String prefix) {
    String l = io.relevo.texts.Lang.of(lang).tag();
    List<QuickReply> quick = new ArrayList<>();
    for (Flow.Option o : slot.options()) {
      quick.add(new QuickReply(o.label().get(l), FormEngine.P_CHOICE + o.value()));
    }
    if (slot.optional()) {
      quick.add(new QuickReply(Texts.get(l, "form.skip"), FormEngine.P_SKIP));
    }
    quick.add(new QuickReply(Texts.get(l, "form.cancel"), FormEngine.P_CANCEL));
    String text = slot.ask().get(l);
    return Message.draft(Role.BOT, prefix == null ? text : prefix + " " + text, Participant.BOT).withQuickReplies(quick);
  }

  static Message reask(Flow.Slot slot, String lang) {
    String l = io.relevo.texts.Lang.of(lang).tag();
    String why = slot.reask().get(l);
    if (why == null) {
      why = Texts.get(l, "form.reask." + slot.type());
    }
    return ask(slot, l, why);
  }

  static Message confirm(Flow flow, Map<String, String> values, String lang, String prefix) {
    String l = io.relevo.texts.Lang.of(lang).tag();
    String text = fill(flow, flow.confirm().get(l), values, l);
    return Message.draft(Role.BOT, prefix == null ? text : prefix + " " + text, Participant.BOT).withQuickReplies(List.of(
        new QuickReply(Texts.get(l, "form.yes"), FormEngine.P_YES),
        new QuickReply(Texts.get(l, "form.change"), FormEngine.P_NO),
        new QuickReply(Texts.get(l, "form.cancel"), FormEngine.P_CANCEL)));
  }

  /** "What should I change?" with a button per slot and cancel. */
  static Message which(Flow flow, String lang) {
    List<QuickReply> which = new ArrayList<>();
    for (Flow.Slot slot : flow.slots()) {
      which.add(new QuickReply(slotLabel(slot, lang, true), FormEngine.P_EDIT + slot.name()));
    }
    which.add(new QuickReply(Texts.get(lang, "form.cancel"), FormEngine.P_CANCEL));
    return say(lang, "form.which").withQuickReplies(which);
  }

  /** "Changed the dates to … and the type to …." */
  static String changed(Flow flow, Map<String, String> changed, String lang) {
    return values(flow, changed, lang, "form.changed");
  }

  /** "Noted: the urgency is “It can wait”.": answers given before they were asked. */
  static String noted(Flow flow, Map<String, String> found, String lang) {
    return values(flow, found, lang, "form.noted");
  }

  /** The text {@code key} with each slot and value told by {@code key.part}, joined by "and". */
  private static String values(Flow flow, Map<String, String> values, String lang, String key) {
    List<String> parts = new ArrayList<>();
    values.forEach((name, value) -> {
      Flow.Slot s = flow.slot(name);
      parts.add(Texts.get(lang, key + ".part", slotLabel(s, lang, false), shortly(s, value, lang)));
    });
    return Texts.get(lang, key, String.join(" " + Texts.get(lang, "form.changed.and") + " ", parts));
  }

  /** A value in few words: dates as "10 Aug 2027 – 12 Aug 2027". */
  private static String shortly(Flow.Slot slot, String value, String lang) {
    if (!slot.type().startsWith("date") || SlotValues.SKIPPED.equals(value)) {
      return display(slot, value, lang);
    }
    Locale locale = "es".equals(lang) ? Locale.forLanguageTag("es") : Locale.ENGLISH;
    DateTimeFormatter f = DateTimeFormatter.ofPattern("d MMM yyyy", locale);
    try {
      String[] p = value.split("/");
      String from = LocalDate.parse(p[0]).format(f);
      return p.length < 2 || p[0].equals(p[1]) ? from : from + " – " + LocalDate.parse(p[1]).format(f);
    } catch (DateTimeParseException e) {
      return value;
    }
  }

  /**
   * The way out of a form: a person, cancel, keep going. {@code why} is leave, frustration or
   * misses; from the second time on the text says sorry and puts the person first more plainly.
   */
  static Message wayOut(String why, int times, String lang) {
    String key = times > 1 ? "form.wayout.again" : "form.wayout." + why;
    return say(lang, key).withQuickReplies(List.of(
        new QuickReply(Texts.get(lang, "handoff.request"), FormEngine.P_PERSON),
        new QuickReply(Texts.get(lang, "form.wayout.cancel"), FormEngine.P_CANCEL),
        new QuickReply(Texts.get(lang, "form.keep_going"), FormEngine.P_RESUME)));
  }

  /** What a slot is called: its label ("the dates"), else its question, shortened. */
  static String slotLabel(Flow.Slot slot, String lang, boolean button) {
    String l = io.relevo.texts.Lang.of(lang).tag();
    String label = slot.label().get(l);
    if (label != null) {
      return button ? Character.toUpperCase(label.charAt(0)) + label.substring(1) : label;
    }
    String q = slot.ask().get(l);
    return q.length() > 40 ? q.substring(0, 37) + "…" : q;
  }

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
    String l = io.relevo.texts.Lang.of(lang).tag();
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
      m.appendReplacement(out, Matcher.quoteReplacement(withoutRepeatedWord(template, m.start(), v)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * A typed value that begins with the word the template puts before it ("for {holder}" and "for me,
   * Lucía Pérez") without that word, so that the summary does not say it twice; likewise a place's preposition
   * after the template's own ("lo llevará a {place}" and "en la planta 2": "a la planta 2").
   */
  static String withoutRepeatedWord(String template, int at, String value) {
    Matcher before = WORD_BEFORE.matcher(template.substring(0, at));
    if (!before.find()) {
      return value;
    }
    String word = before.group(1);
    if (value.length() > word.length() + 1 && value.regionMatches(true, 0, word, 0, word.length())
        && Character.isWhitespace(value.charAt(word.length()))) {
      return value.substring(word.length()).strip();
    }
    Matcher own = PLACE_PREPOSITION.matcher(value);
    if (PLACE_PREPOSITIONS.contains(word.toLowerCase(Locale.ROOT)) && own.find() && own.end() < value.length()) {
      return value.substring(own.end());
    }
    return value;
  }

  /** Prepositions that put a place after them, in the templates and at the start of a typed place. */
  private static final java.util.Set<String> PLACE_PREPOSITIONS = java.util.Set.of("to", "in", "on", "at", "into", "a",
      "en");
  private static final Pattern PLACE_PREPOSITION = Pattern.compile("(?i)^(to|in|on|at|into|en)\\s+");

  private static final Pattern WORD_BEFORE = Pattern.compile("(\\p{L}+)\\s+$");

  /** A value as the person reads it: a choice's label, a date range in words. */
  static String display(Flow.Slot slot, String value, String lang) {
    if (SlotValues.SKIPPED.equals(value)) {
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
          if (p[0].equals(p[1])) {
            return Texts.get(lang, "form.range.day", LocalDate.parse(p[0]).format(f));
          }
          return Texts.get(lang, "form.range", LocalDate.parse(p[0]).format(f), LocalDate.parse(p[1]).format(f));
        }
        default:
          return value;
      }
    } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
      return value;
    }
  }
}
