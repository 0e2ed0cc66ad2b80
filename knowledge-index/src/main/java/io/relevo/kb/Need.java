package io.relevo.kb;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What kind of passage a question asks for, read from its wording in English or Spanish (typed with or without
 * accents): the steps to do something, the rules (amounts, durations, what is allowed), whom to contact, the urgent
 * steps after a loss, theft or attack or in an emergency (a leak, smoke), what to do when something keeps failing
 * (a code that never arrives, a connection that keeps dropping), what something is, or nothing in particular. Immutable; thread-safe.
 */
enum Need {
  URGENT, CONTACT, RULES, PROBLEM, STEPS, WHAT, ANY;

  /** The longest head of a question read (characters); the need is in its first words. */
  static final int MAX_CHARS = 300;

  /**
   * A cue: words or phrases of folded text (lower case, no accents, words separated by single spaces); one ending
   * in {@code *} matches any word starting so.
   */
  private record Cue(Need need, List<String> phrases) {
  }

  /** Tried in order; the first with a phrase in the question wins. */
  private static final List<Cue> CUES = List.of(
      cue(URGENT, "lost", "stolen", "stole", "theft", "hacked", "compromised", "robad*", "robaron", "roban", "robo",
          "perdi", "he perdido", "perdido", "perdida", "hackead*", "clicked", "pinchad*", "pinche", "hecho clic",
          "hice clic", "leak", "leaking", "flood", "flooded", "flooding", "smoke", "fire", "smell of gas",
          "smell of burning", "burning smell", "stuck in the lift", "stuck in the elevator", "fuga", "fugas", "inundad*",
          "inundacion", "humo", "fuego", "incendio", "olor a gas", "olor a quemado", "huele a gas", "huele a quemado",
          "atrapad*", "encerrad*", "power cut", "power outage", "power is out", "power went out", "no power", "blackout",
          "apagon", "se ha ido la luz", "se fue la luz", "corte de luz", "someone inside",
          "someone is inside", "alguien dentro",
          "no hay luz"),
      // "who pays for it?" asks for a rule, not a contact
      cue(RULES, "who pays", "who covers", "who will pay", "quien paga", "quien lo paga", "quien la paga", "quien los paga",
          "quien las paga"),
      cue(CONTACT, "who", "whom", "quien", "phone number", "telephone", "which number", "what number", "contact",
          "contacto", "telefono", "email address", "direccion de correo"),
      cue(RULES, "how many", "how much", "how long", "how often", "how soon", "in advance", "deadline", "notice",
          "cuant*", "antelacion", "plazo", "when do", "when does", "when is", "when are", "when will", "que dia",
          "cuando se", "cuando es", "cuando cobr*", "cuando pag*", "what time", "a que hora"),
      cue(PROBLEM, "never arrives", "never arrive", "never came", "doesn't arrive", "doesnt arrive",
          "does not arrive", "don't arrive", "not arriving", "never get", "never gets", "keeps dropping",
          "keeps disconnecting", "keeps failing", "keeps crashing", "still doesn't", "still does not", "still not",
          "still won't", "still can't", "no me llega", "no me llegan", "no llega", "no llegan", "nunca llega",
          "va fatal", "va muy lento", "va lentisimo", "se corta", "se cae", "sigue sin", "sigue fallando",
          "crash", "crashes", "crashing", "keeps closing", "closes by itself", "freezes", "frozen", "keeps freezing",
          "not responding", "won't open", "wont open", "will not open", "se cierra", "se cierra solo", "se cuelga",
          "se queda colgad*", "no responde", "no se abre", "no abre"),
      cue(STEPS, "how do i", "how can i", "how should i", "how do we", "how can we", "how do you", "how to",
          "forgot", "forget", "forgotten", "olvid*", "cannot", "can not", "can't", "cant", "unable", "won't", "wont",
          "doesn't work", "not working", "no puedo", "no me deja", "no funciona", "what do i do",
          "what do i need to do", "what do i have to do", "what do we need to do", "what do we have to do",
          "what i need to do", "what i have to do", "que necesito hacer", "que necesitamos hacer", "que me instalen",
          "que me instale", "me instalen", "me instaleis",
          "what should i do", "what can i do", "que hago", "que tengo que hacer", "que debo hacer",
          "que hay que hacer", "necesito cambiar", "tengo que cambiar", "need to change", "have to change",
          "necesito restablecer", "need to reset", "caducad*", "expired", "como hago", "como lo hago", "como la hago", "como los hago", "como lo hacemos", "como hacerlo",
          "como puedo", "como me", "como se", "como pido", "como solicito", "como cambio",
          "como configuro", "como instalo", "como conecto", "como reservo", "como registro", "como aviso",
          "como notifico", "como restablezco", "como recupero", "como descargo", "como presento", "como accedo",
          "como entro", "como pongo", "como activo", "como desactivo", "como quito", "como creo", "como anado",
          "como agrego", "como borro", "como elimino", "como envio", "como comparto", "como abro", "como uso",
          "como imprimo", "como escaneo", "como actualizo", "como doy", "como saco", "bloquead*", "broken", "broke", "is not printing", "roto", "rota", "estropead*", "averiad*",
          "no va", "no anda", "falla", "stopped working", "stopped", "dejo de funcionar", "ha dejado de funcionar",
          "dejado de funcionar"),
      cue(RULES, "can i", "could i", "may i", "am i allowed", "allowed", "is it ok", "do i need", "do i have to",
          "must i", "should i", "policy", "rule", "rules", "limit", "maximum", "minimum", "entitled", "puedo",
          "se puede", "tengo derecho", "derecho a", "hay que", "necesito", "es obligatorio", "norma", "normas",
          "politica", "limite", "maximo", "minimo", "requisito", "requisitos", "requirement", "requirements"),
      cue(STEPS, "reset", "set up", "setup", "install", "installed", "installing", "configure", "connect", "request",
          "book", "register", "instalen", "instale", "instalado", "instalada",
          "report", "download", "restablecer", "configurar", "instalar", "conectar", "pedir", "solicitar",
          "reservar", "registrar", "descargar", "donde", "where"),
      cue(WHAT, "what is", "what's", "what are", "que es", "que son", "que significa", "mean"));

  /** A cue whose phrases are kept as searched: " phrase " for a whole phrase, " stem" for a prefix. */
  private static Cue cue(Need need, String... phrases) {
    return new Cue(need, Arrays.stream(phrases)
        .map(p -> p.endsWith("*") ? " " + p.substring(0, p.length() - 1) : " " + p + " ").toList());
  }

  /** The need of a question; {@link #ANY} when nothing in its wording says. */
  static Need of(String question) {
    if (question == null || question.isBlank()) {
      return ANY;
    }
    String text = " " + words(question.length() > MAX_CHARS ? question.substring(0, MAX_CHARS) : question) + " ";
    for (Cue c : CUES) {
      for (String phrase : c.phrases()) {
        if (text.contains(phrase)) {
          return c.need();
        }
      }
    }
    return ANY;
  }

  /** Lower case, accents removed, typographic apostrophes made plain. */
  static String fold(String text) {
    String s = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.getType(c) != Character.NON_SPACING_MARK) {
        out.append(c == '\u2019' ? '\'' : c);
      }
    }
    return out.toString();
  }

  /** {@link #fold folded}, each run of characters other than letters, digits and apostrophes one space. */
  static String words(String text) {
    String folded = fold(text);
    StringBuilder out = new StringBuilder(folded.length());
    boolean space = true;
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '\'') {
        out.append(c);
        space = false;
      } else if (!space) {
        out.append(' ');
        space = true;
      }
    }
    return out.toString().strip();
  }
}
