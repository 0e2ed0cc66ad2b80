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
 * than the catalogue item itself: "I need office supplies" leaves the list to be asked. A slot with {@code after}
 * takes what follows one of its phrases up to where the name ends ("I need read access to the HR folder, please":
 * "the HR folder"), and nothing when that names no particular thing ("a folder") or a person ("dar acceso a un
 * compañero a …": the access is for someone else). Stateless.
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

  /** Where a name ends: punctuation, a courtesy, a reason, the access wanted or a day; folded text. */
  private static final Pattern NAME_END = Pattern.compile("[,;.!?()]|\\s(please|pls|plz|porfa|por favor|thanks|"
      + "thank you|gracias|asap|urgent|urgente|for my|for a|for the new|para mi|para un|para una|que|because|since|"
      + "porque|ya que|as a|as an|as admin|como|now|ahora|today|hoy|with|con|read only|solo lectura|is fine|actually|"
      + "instead|en realidad|en vez|en lugar|mejor|tomorrow|manana|tonight|next|this (week|morning|afternoon)|"
      + "(on|from|el|desde el) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|jueves|"
      + "viernes|sabado|domingo)|esta semana|la semana que viene|el proximo|la proxima)\\b");

  /** Where a reason ends: the end of its sentence. */
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?;]+(\\s|$)|\\n");

  /** A courtesy, with its comma, at the end of a reason. */
  private static final Pattern TRAILING_COURTESY = Pattern.compile("[\\s,]*\\b(please|pls|thanks|thank you|"
      + "thx|cheers|por favor|porfa|gracias)\\W*$");

  /** The access is for someone else: the name cannot be read from the words after "acceso a". */
  private static final Pattern PERSON = Pattern.compile("^((a|an|my|mi|un|una|al|nuestro|nuestra)\\s)?"
      + "(colleague|coworker|co-worker|companero|companera|colega|someone|somebody|alguien|new hire|intern|"
      + "becario|becaria|nuevo|nueva)\\b");

  /** A correction word, then a name that starts with an article ("no, the payroll folder"); folded text. */
  private static final Pattern CORRECTED = Pattern.compile("^\\W*(no|nope|sorry|oops|actually|rather|i meant|"
      + "mejor|perdon|perdona|uy|ups|en realidad|quiero decir|queria decir)\\W+(al\\s+|((it's|it is|it was|its|is|es|"
      + "era|en|in|on|to|a)\\s+)?(?=(the|la|el|los|las)\\s))");

  /** A leading "el", which the texts around the value cannot contract ("a el"). */
  private static final Pattern ARTICLE = Pattern.compile("^(?i)el\\s+");

  /** Another person named as the one who gets it. */
  private static final Pattern SOMEONE_ELSE = Pattern.compile("\\b(colleague|coworker|co-worker|companero|companera|"
      + "colega|someone else|somebody else|new hire|new starter|intern|becario|becaria|otra persona|mi jefe|my boss|"
      + "my manager|mi responsable)\\b");

  /** The asker's own mailbox, calendar or files. */
  private static final Pattern OWN = Pattern.compile("\\b(my|mi|mis) (mailbox|inbox|calendar|email|emails|mail|"
      + "onedrive|files|documents|buzon|bandeja|calendario|agenda|correo|correos|archivos|documentos)\\b");

  /** Words that name no particular system. */
  private static final Set<String> GENERIC = Set.of("system", "systems", "folder", "folders", "application", "app",
      "tool", "something", "it", "this", "that", "one", "sistema", "sistemas", "carpeta", "carpetas", "aplicacion",
      "herramienta", "algo", "eso", "esto", "uno", "all", "todo", "everything");

  private FirstMessage() {
  }

  /**
   * Whether {@code text} gives another person access to the asker's own mailbox, calendar or files ("give my colleague
   * access to my mailbox"), where the flow reads a name from the first message: something one does oneself, and not
   * the asker's own access, which is what the form would request.
   */
  static boolean sharesOwn(Flow flow, String text) {
    if (text == null || flow.slots().stream().allMatch(s -> s.after().isEmpty())) {
      return false;
    }
    String folded = aligned(text);
    return SOMEONE_ELSE.matcher(folded).find() && OWN.matcher(folded).find();
  }

  /** The slot's value from the first message, or null when it gives none. */
  static String value(Flow flow, Flow.Slot slot, String text) {
    if (!slot.after().isEmpty()) {
      return after(flow, slot, text == null ? "" : text);
    }
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

  /** What follows the earliest of the slot's phrases, up to where the name ends; null when it names nothing. */
  private static String after(Flow flow, Flow.Slot slot, String text) {
    String folded = aligned(text);
    if (!slot.reason() && SOMEONE_ELSE.matcher(folded).find()) {
      return null; // "give my colleague access to my mailbox": not the access this person's request would ask for
    }
    int start = -1;
    int from = -1;
    for (Pattern p : slot.after()) {
      Matcher m = p.matcher(folded);
      if (m.find() && (start < 0 || m.start() < start)) {
        start = m.start();
        from = m.end();
      }
    }
    if (from < 0) {
      return null;
    }
    return slot.reason() ? reason(slot, text, folded, from) : name(flow, slot, text, folded, from);
  }

  /**
   * The reason that starts at {@code from}, up to the end of its sentence, without a courtesy at its end ("because mine
   * is six years old, thanks": "mine is six years old"); null when it is too short for the slot.
   */
  private static String reason(Flow.Slot slot, String text, String folded, int from) {
    Matcher end = SENTENCE_END.matcher(folded).region(from, folded.length());
    int to = end.find() ? end.start() : folded.length();
    String value = text.substring(from, to).strip();
    Matcher courtesy = TRAILING_COURTESY.matcher(aligned(value));
    if (courtesy.find()) {
      value = value.substring(0, courtesy.start()).strip();
    }
    return SlotValues.text(slot, value);
  }

  /**
   * A correction's new value for a slot with {@code after}: what follows one of its phrases ("actually, access to the
   * payroll folder"), or a name after a correction word ("no, the payroll folder", "perdón, es la carpeta de
   * compras"); null when the message gives none.
   */
  static String corrected(Flow flow, Flow.Slot slot, String text) {
    String t = text == null ? "" : text;
    String named = after(flow, slot, t);
    if (named != null || slot.reason()) {
      return named; // "no, the 13th" names no reason
    }
    String folded = aligned(t);
    Matcher m = CORRECTED.matcher(folded);
    return m.find() ? name(flow, slot, t, folded, m.end()) : null;
  }

  /**
   * The name that starts at {@code from}, up to where it ends; null when it names nothing particular, a person, or
   * an option of the flow's choices ("change the access to admin" is about the access, not the system).
   */
  private static String name(Flow flow, Flow.Slot slot, String text, String folded, int from) {
    String rest = folded.substring(from);
    Matcher end = NAME_END.matcher(rest);
    int to = end.find() ? end.start() : rest.length();
    String value = text.substring(from, from + to).strip();
    Matcher article = ARTICLE.matcher(value);
    if (article.find()) {
      value = value.substring(article.end()); // "acceso a {system}" would read "a el sharepoint"
    }
    String words = TextFold.words(value);
    if (PERSON.matcher(words).find()) {
      return null;
    }
    for (Flow.Slot other : flow.slots()) {
      if (other.type().equals("choice") && ChoiceWords.choiceIn(other, value, false) != null) {
        return null;
      }
    }
    for (String w : words.split(" ")) {
      if (w.length() >= 2 && !EMPTY.contains(w) && !GENERIC.contains(w)) {
        return SlotValues.text(slot, value);
      }
    }
    return null;
  }

  /** {@code text} folded a character at a time, so that positions in it are positions in {@code text}. */
  private static String aligned(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      String f = TextFold.fold(String.valueOf(text.charAt(i)));
      b.append(f.length() == 1 ? f.charAt(0) : Character.toLowerCase(text.charAt(i)));
    }
    return b.toString();
  }
}
