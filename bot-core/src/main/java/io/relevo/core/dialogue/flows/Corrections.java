package io.relevo.core.dialogue.flows;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.relevo.core.dialogue.TextFold;
import io.relevo.intents.Entity;

/**
 * Finds the answers a message corrects ("no, the 8th", "actually it affects my whole team",
 * "mejor del 10 al 12", "no, es la impresora"): each slot already answered whose value the message
 * names differently, by entity, by days of the month, or by a choice's words. Stateless.
 */
final class Corrections {

  /** Words that say "I'm correcting": at the start, or anywhere for the unambiguous ones. */
  private static final Pattern AT_START = Pattern.compile("^(no|nope|not|sorry|oops|wait|rather|mejor|perdon|perdona|"
      + "uy|ups|espera|mas bien|err|erm)\\b");
  private static final Pattern ANYWHERE = Pattern.compile("\\b(change|changed|instead|actually|i meant|i mean|"
      + "make it|correction|my mistake|i made a mistake|cambia|cambiar|cambialo|cambiala|cambiame|en vez de|"
      + "en lugar de|en realidad|quiero decir|queria decir|ponlo|ponla|ponme|me equivoque|corrijo|correccion)\\b");

  /** "no, …", "sorry: …": a correction word set off by punctuation, as typed. */
  private static final Pattern SET_OFF = Pattern.compile("^\\W*(no|nope|sorry|oops|wait|perd[oó]n|perdona|mejor|"
      + "uy|ups|espera)\\s*[,.;:!–-]", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private Corrections() {
  }

  /**
   * Whether the message is only a correction ("no, it's the printer", "actually it affects my
   * team"), not also an answer in its own words ("no funciona la impresora").
   */
  static boolean only(String text) {
    return SET_OFF.matcher(text == null ? "" : text).find() || ANYWHERE.matcher(TextFold.words(text)).find();
  }

  /** Whether the message says it corrects something. */
  static boolean marked(String text) {
    String said = TextFold.words(text);
    return AT_START.matcher(said).find() || ANYWHERE.matcher(said).find();
  }

  /**
   * The new values the message gives to slots already answered, other than {@code asking} (null at
   * the confirmation); a free-text slot only when it holds a name read after phrases ({@code after}: "no, the
   * payroll folder"), never a description. A value is a correction only
   * when it differs from the answer and the message does not also name the answer itself ("the
   * printer can't reach the wifi" does not correct wifi into printer).
   *
   * @param byChoiceWords whether a choice's words count, not only entities and dates
   */
  static Map<String, String> find(Flow flow, Map<String, String> values, Flow.Slot asking, String text,
      List<Entity> entities, LocalDate today, boolean byChoiceWords) {
    Map<String, String> found = new LinkedHashMap<>();
    for (Flow.Slot s : flow.slots()) {
      String current = values.get(s.name());
      if (s == asking || current == null) {
        continue;
      }
      if (s.type().equals("text")) {
        String named = s.after().isEmpty() ? null : FirstMessage.corrected(flow, s, text);
        if (named != null && !TextFold.words(named).equals(TextFold.words(current))) {
          found.put(s.name(), named);
        }
        continue;
      }
      String v = SlotValues.fromEntities(s, entities, today, current, text);
      if (v == null) {
        v = SlotValues.days(s, text, entities, today, current);
      }
      if (v == null && byChoiceWords && s.type().equals("choice")) {
        v = ChoiceWords.choiceIn(s, text, false);
      }
      if (v != null && !v.equals(current) && !SlotValues.mentions(s, current, text, entities)) {
        found.put(s.name(), v);
      }
    }
    return found;
  }
}
