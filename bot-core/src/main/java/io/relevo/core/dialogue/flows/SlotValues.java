package io.relevo.core.dialogue.flows;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.core.dialogue.TextFold;
import io.relevo.intents.Entity;

/** Reads and validates one slot's value from a message. Stateless. */
final class SlotValues {

  static final String SKIPPED = "-";
  private static final Set<String> SKIP = Set.of("skip", "no", "nope", "nothing", "none", "nothing else", "no thanks",
      "no thank you", "n a", "saltar", "salta", "nada", "nada mas", "ninguna", "ninguno", "no gracias", "sin nota");
  /** "ok", "vale", "that's all" to "anything to add?": nothing to add ("yes" or "sí" would mean there is). */
  private static final Set<String> NOTHING_TO_ADD = Set.of("ok", "okay", "k", "okey", "fine", "alright", "all right",
      "all good", "perfect", "great", "thats all", "that s all", "thats it", "that s it", "no need", "not needed",
      "nothing to add", "vale", "ok vale", "bien", "esta bien", "muy bien", "de acuerdo", "perfecto", "genial", "bueno",
      "va", "eso es todo", "todo bien", "no hace falta", "nada que anadir", "nada que decir");
  private static final String ORD = "(?:st|nd|rd|th|o|º)?";
  /** "del 10 al 12", "10-12", "from the 10th to the 12th": days of the month of the value being corrected. */
  private static final Pattern DAY_RANGE = Pattern.compile("(?<![\\d/.:])(\\d{1,2})" + ORD
      + "\\s*(?:-|–|to|until|till|through|and|al|a|hasta el|y el)\\s*(?:the\\s+|el\\s+)?(\\d{1,2})" + ORD
      + "(?![\\d/.:]|\\s*(?:de|of)\\s+[a-z])");
  /** "the 8th", "el 8", "on the 8th", "8th". */
  private static final Pattern DAY = Pattern.compile("(?:\\b(?:the|el|dia|day)\\s+(\\d{1,2})" + ORD + "|\\b(\\d{1,2})"
      + "(?:st|nd|rd|th))\\b(?!\\s*(?:floor|planta|piso|room|sala|de [a-z]|of [a-z]))");

  private SlotValues() {
  }

  /** The value of {@code slot} in an answer to its question, or null when it is not valid. */
  static String answer(Flow.Slot slot, String text, String payload, List<Entity> entities, LocalDate today,
      String current) {
    String words = TextFold.words(text == null ? "" : text);
    if (slot.optional() && (FormEngine.P_SKIP.equals(payload) || SKIP.contains(words)
        || slot.type().equals("text") && payload == null && NOTHING_TO_ADD.contains(words))) {
      return SKIPPED;
    }
    if (slot.type().equals("choice")) {
      if (payload != null && payload.startsWith(FormEngine.P_CHOICE)) {
        String v = payload.substring(FormEngine.P_CHOICE.length());
        return slot.options().stream().anyMatch(o -> o.value().equals(v)) ? v : null;
      }
      String v = ChoiceWords.choiceOrMisspelt(slot, text, true);
      if (v == null && yesNoChoice(slot)) {
        TypedAnswers.Reply r = TypedAnswers.yesNo(text);
        v = r == null ? null : r == TypedAnswers.Reply.YES ? "yes" : "no";
      }
      return v != null ? v : fromEntities(slot, entities, today, current);
    }
    if (slot.type().equals("text")) {
      // a bare "yes", "ok" or "no" answers no "what do you need?": asked again, never stored as the text
      return payload == null && TypedAnswers.yesNo(text) != null && TextFold.words(text).split(" ").length <= 3
          ? null : text(slot, text);
    }
    String v = fromEntities(slot, entities, today, current, text);
    return v != null ? v : days(slot, text, entities, today, current);
  }

  private static boolean yesNoChoice(Flow.Slot slot) {
    return slot.options().stream().anyMatch(o -> o.value().equals("yes"))
        && slot.options().stream().anyMatch(o -> o.value().equals("no"));
  }

  private static final Pattern MONEY_AFTER = Pattern.compile("^\\s*(€|eur\\b|euros?\\b|\\$|usd\\b|dollars?\\b|dolares\\b|k\\b)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern MONEY_BEFORE = Pattern.compile("(€|\\$|eur)\\s*$", Pattern.CASE_INSENSITIVE);

  /** Whether a number of the text is an amount of money ("300 €", "unos 200 euros", "$450"), not a count or a day. */
  static boolean amountSaid(String text, List<Entity> entities) {
    for (Entity e : entities) {
      if (e.kind().equals(Entity.NUMBER) && e.end() <= text.length()
          && (MONEY_AFTER.matcher(text.substring(e.end())).find()
          || MONEY_BEFORE.matcher(text.substring(0, e.start())).find())) {
        return true;
      }
    }
    return false;
  }

  static String text(Flow.Slot slot, String text) {
    String t = text == null ? "" : text.strip();
    int min = slot.min() == null ? 1 : slot.min();
    int max = slot.max() == null ? 2000 : slot.max();
    return t.length() >= min && t.length() <= max ? t : null;
  }

  /** Whether the text names {@code value} of {@code slot} (a choice's words, a date entity equal to it). */
  static boolean mentions(Flow.Slot slot, String value, String text, List<Entity> entities) {
    String said = TextFold.words(text);
    for (Flow.Option o : slot.options()) {
      if (o.value().equals(value)) {
        return ChoiceWords.names(o, said);
      }
    }
    return entities.stream().anyMatch(e -> value.equals(e.value()));
  }

  /** A value for {@code slot} from the message's entities, valid for it, or null. */
  static String fromEntities(Flow.Slot slot, List<Entity> entities, LocalDate today, String current) {
    return fromEntities(slot, entities, today, current, null);
  }

  /**
   * As {@link #fromEntities(Flow.Slot, List, LocalDate, String)}; {@code text}, the message the entities were read
   * from (or null), tells which end of a range one day moves: "no, mejor del 23" the start, "until the 30th" the end.
   */
  static String fromEntities(Flow.Slot slot, List<Entity> entities, LocalDate today, String current, String text) {
    if (slot.entity() == null) {
      return null;
    }
    List<Entity> said = entities.stream().filter(e -> e.kind().startsWith("date")).toList();
    if (!said.isEmpty() && said.stream().allMatch(SlotValues::monthless) && current != null) {
      // "no, the 8th" while the dates are in August: the 8th of August, not the next 8th
      String v = days(slot, String.join(" ", said.stream().map(Entity::text).toList()), List.of(), today, current,
          end(text, said.get(0)));
      if (v != null) {
        return v;
      }
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
    if (slot.type().equals("date")) {
      // "del 11 al 29 de enero" to "from which day?": the day it starts
      for (Entity e : entities) {
        if (e.kind().equals(Entity.DATE_RANGE) && e.value() != null && validDate(e.value().split("/")[0], slot.future(),
            today)) {
          return e.value().split("/")[0];
        }
      }
    }
    if (slot.type().equals("date_range") && !dates.isEmpty()) {
      String v;
      if (dates.size() >= 2) {
        v = dates.get(0).value() + "/" + dates.get(1).value();
      } else {
        v = oneEnd(current, dates.get(0).value(), end(text, dates.get(0)));
      }
      return validRange(v, slot.future(), today) ? v : null;
    }
    return null;
  }

  /** Days of the month without their month: "the 8th", "del 10 al 12", "el 14 y 15". */
  private static final Pattern MONTHLESS = Pattern.compile(
      "(?:\\d{1,2}|st|nd|rd|th|o|º|the|el|del|al|dia|day|y|a|and|to|from|between|entre|desde|hasta|until|till"
          + "|through|thru|[\\s\\-–])+");

  private static boolean monthless(Entity e) {
    return e.text() != null && MONTHLESS.matcher(TextFold.fold(e.text())).matches();
  }

  /**
   * A date or range for {@code slot} from days of the month alone ("no, the 8th", "mejor del 10 al
   * 12"), read in the month of {@code current}; null without a current value or such days.
   */
  static String days(Flow.Slot slot, String text, List<Entity> entities, LocalDate today, String current) {
    return days(slot, text, entities, today, current, End.EITHER);
  }

  /** As {@link #days(Flow.Slot, String, List, LocalDate, String)}; {@code end}: the end of a range a day moves, when told. */
  private static String days(Flow.Slot slot, String text, List<Entity> entities, LocalDate today, String current, End end) {
    if (current == null || current.equals(SKIPPED) || !slot.type().startsWith("date")
        || entities.stream().anyMatch(e -> e.kind().startsWith("date"))) {
      return null;
    }
    String folded = TextFold.fold(text);
    try {
      LocalDate base = LocalDate.parse(current.split("/")[0]);
      Matcher r = DAY_RANGE.matcher(folded);
      if (r.find() && slot.type().equals("date_range")) {
        LocalDate from = base.withDayOfMonth(Integer.parseInt(r.group(1)));
        LocalDate to = base.withDayOfMonth(Integer.parseInt(r.group(2)));
        String v = from + "/" + (to.isBefore(from) ? to.plusMonths(1) : to);
        return validRange(v, slot.future(), today) ? v : null;
      }
      Matcher d = DAY.matcher(folded);
      if (d.find()) {
        LocalDate day = base.withDayOfMonth(Integer.parseInt(d.group(1) != null ? d.group(1) : d.group(2)));
        if (slot.type().equals("date")) {
          return validDate(day.toString(), slot.future(), today) ? day.toString() : null;
        }
        String v = oneEnd(current, day.toString(), end != End.EITHER ? end : end(folded.substring(0, d.start())));
        return validRange(v, slot.future(), today) ? v : null;
      }
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  /** Which end of a range a day said alone is: the words before it say ("from", "del", "until", "hasta"), or not. */
  private enum End { START, END, EITHER }

  private static final Pattern START_CUE = Pattern.compile("\\b(del|desde|desde el|from|from the|starting|starting on|"
      + "starting the|a partir del?|empezando el|start on the|start the)\\s*$");
  private static final Pattern END_CUE = Pattern.compile("\\b(al|hasta|hasta el|to|to the|until|until the|till|"
      + "till the|through|through the|end on the|terminando el)\\s*$");

  private static End end(String text, Entity e) {
    return text == null || e.start() < 0 || e.start() > text.length() ? End.EITHER
        : end(TextFold.fold(text.substring(0, e.start())));
  }

  private static End end(String foldedBefore) {
    return START_CUE.matcher(foldedBefore).find() ? End.START : END_CUE.matcher(foldedBefore).find() ? End.END : End.EITHER;
  }

  /**
   * One date said for a range: a single day when there is no range yet or it was a single day; else the end its words
   * name ("from the 23rd" the start, keeping the end when it still comes after), or without such words the end when
   * it comes after the start, otherwise the start.
   */
  private static String oneEnd(String current, String d, End end) {
    if (current == null || !current.contains("/")) {
      return d + "/" + d;
    }
    String[] p = current.split("/");
    if (p[0].equals(p[1])) {
      return d + "/" + d;
    }
    return switch (end) {
      case START -> d.compareTo(p[1]) <= 0 ? d + "/" + p[1] : d + "/" + d;
      case END -> d.compareTo(p[0]) >= 0 ? p[0] + "/" + d : d + "/" + d;
      case EITHER -> d.compareTo(p[0]) > 0 ? p[0] + "/" + d : d + "/" + p[1];
    };
  }

  static boolean validDate(String v, boolean future, LocalDate today) {
    try {
      return !future || !LocalDate.parse(v).isBefore(today);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static boolean validRange(String v, boolean future, LocalDate today) {
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
}
