package io.relevo.core.dialogue.flows;

import io.relevo.core.dialogue.TextFold;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the message that started a form says for a text slot marked {@code fromFirstMessage}. An incident's
 * description is the whole message. A catalogue request's list ("I need some post-its and 2 notebooks") is the
 * message without its greeting and request words ("some post-its and 2 notebooks"), and only when it names more
 * than the catalogue item itself: "I need office supplies" leaves the list to be asked. Stateless.
 */
final class FirstMessage {

  /** A greeting and the words that ask, before the list; folded text. */
  private static final Pattern LEAD = Pattern.compile("^((hi|hello|hey|hola|buenas|buenos dias|good morning)[\\s,.!]+)?"
      + "(please[\\s,]+|por favor[\\s,]+)?"
      + "(i need|i'd need|we need|i would like to order|i would like|i'd like to order|i'd like|i want to order|i want|"
      + "can i get|can i have|could i get|could i have|"
      + "can you send me|could you send me|can you bring me|could you bring me|please send me|send me|"
      + "i'm out of|im out of|i am out of|we're out of|we are out of|we ran out of|i ran out of|"
      + "necesito|necesitamos|quiero pedir|quiero|queria pedir|queria|quisiera pedir|quisiera|me hace falta|me hacen falta|nos hace falta|nos hacen falta|"
      + "me he quedado sin|nos hemos quedado sin|se han acabado|se ha acabado|me podeis traer|me podrias traer|"
      + "me traeis|me traes|pedir|order|request)\\b[\\s,:]*");

  /** Words that say nothing of what is wanted. */
  private static final Set<String> EMPTY = Set.of("some", "more", "new", "a", "an", "the", "of", "for", "my", "me",
      "please", "order", "request", "stuff", "things", "un", "una", "unos", "unas", "el", "la", "los", "las", "de",
      "del", "para", "mi", "mis", "nuevo", "nueva", "mas", "algo", "algunos", "cosas", "pedido", "por", "favor");

  private FirstMessage() {
  }

  /** The slot's value from the first message, or null when it gives none. */
  static String value(Flow flow, Flow.Slot slot, String text) {
    if (flow.catalogue() == null) {
      return SlotValues.text(slot, text);
    }
    String t = text == null ? "" : text.strip();
    Matcher m = LEAD.matcher(TextFold.fold(t).toLowerCase(Locale.ROOT));
    String rest = m.find() && m.end() <= t.length() ? t.substring(m.end()).strip() : t;
    return namesMore(flow, rest) ? SlotValues.text(slot, rest) : null;
  }

  /** Whether {@code rest} has a word beyond the catalogue item's title and words that say nothing. */
  private static boolean namesMore(Flow flow, String rest) {
    Set<String> item = new HashSet<>(EMPTY);
    for (String title : flow.catalogue().title().values()) {
      for (String w : TextFold.words(title).split(" ")) {
        item.add(w);
        item.add(w.endsWith("s") ? w.substring(0, w.length() - 1) : w + "s");
      }
    }
    for (String w : TextFold.words(rest).split(" ")) {
      if (w.length() >= 2 && !item.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
