package io.relevo.core.dialogue.flows;

import java.util.ArrayList;
import java.util.List;

import io.relevo.core.dialogue.TextFold;

/**
 * The choice of a form's slot that a typed text names: by its value, its label in either language or its other
 * words, the longest name winning ("no es urgente" is the low urgency though it contains "urgente"), or with one
 * letter wrong ("laptp"). Stateless.
 */
final class ChoiceWords {

  private ChoiceWords() {
  }

  /**
   * A choice named in the text: its value, its label (either language) or one of its other words,
   * or its number when {@code numbers}.
   */
  static String choiceIn(Flow.Slot slot, String text, boolean numbers) {
    String said = TextFold.words(text);
    if (said.isEmpty() || slot.options().isEmpty()) {
      return null;
    }
    if (numbers && said.matches("\\d{1,2}")) {
      int i = Integer.parseInt(said) - 1;
      return i >= 0 && i < slot.options().size() ? slot.options().get(i).value() : null;
    }
    String best = null;
    int longest = 0;
    for (Flow.Option o : slot.options()) {
      int n = longestName(o, said); // "no es urgente" is the low urgency, though it contains "urgente"
      if (n > longest) {
        longest = n;
        best = o.value();
      }
    }
    return best;
  }

  /** The length of the longest of {@code o}'s names the folded words {@code said} contain; 0 when none. */
  private static int longestName(Flow.Option o, String said) {
    int longest = 0;
    for (String name : namesOf(o)) {
      String n = TextFold.words(name);
      String padded = " " + said + " ";
      if (!n.isEmpty() && (padded.contains(" " + n + " ") || plural(padded, n))) {
        longest = Math.max(longest, n.length());
      }
    }
    return longest;
  }

  /** Whether the padded words hold a one-word name in the plural ("bins", "luces"). */
  private static boolean plural(String padded, String name) {
    return name.length() >= 3 && name.indexOf(' ') < 0
        && (padded.contains(" " + name + "s ") || padded.contains(" " + name + "es ")
            || name.endsWith("z") && padded.contains(" " + name.substring(0, name.length() - 1) + "ces "));
  }

  /** {@link #choiceIn}, else the one choice a word names {@link #misspelt misspelt}: for a slot being filled. */
  static String choiceOrMisspelt(Flow.Slot slot, String text, boolean numbers) {
    String v = choiceIn(slot, text, numbers);
    return v != null ? v : misspelt(slot, TextFold.words(text));
  }

  /**
   * The one choice a word of the text names with one letter wrong, missing, extra or two swapped ("laptp",
   * "impresroa"), for names of six letters or more and never in the first letter ("later" is not "water");
   * null when none or several do. Not used for corrections, where any word may be another slot's value
   * ("floor" is one letter from "flood").
   */
  static String misspelt(Flow.Slot slot, String said) {
    String found = null;
    for (String word : said.split(" ")) {
      if (word.length() < 4) {
        continue;
      }
      for (Flow.Option o : slot.options()) {
        for (String name : namesOf(o)) {
          String n = TextFold.words(name);
          if (n.length() >= 6 && n.indexOf(' ') < 0 && n.charAt(0) == word.charAt(0) && !n.equals(word)
              && oneEditApart(n, word)) {
            if (found != null && !found.equals(o.value())) {
              return null;
            }
            found = o.value();
          }
        }
      }
    }
    return found;
  }

  /** Whether {@code a} and {@code b} differ by one insertion, deletion, substitution or swap of neighbours. */
  static boolean oneEditApart(String a, String b) {
    int la = a.length();
    int lb = b.length();
    if (Math.abs(la - lb) > 1) {
      return false;
    }
    int i = 0;
    while (i < Math.min(la, lb) && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (la == lb) {
      return a.substring(i + 1).equals(b.substring(i + 1))
          || i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
          && a.substring(i + 2).equals(b.substring(i + 2));
    }
    return la > lb ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(b.substring(i + 1));
  }

  /** What names option {@code o}: its value, its label in either language and its other words. */
  private static List<String> namesOf(Flow.Option o) {
    List<String> names = new ArrayList<>(List.of(o.value().replace('_', ' '), o.label().get("en"), o.label().get("es")));
    names.addAll(o.also());
    return names;
  }

  /** Whether the folded words {@code said} name option {@code o}. */
  static boolean names(Flow.Option o, String said) {
    return longestName(o, said) > 0;
  }
}
