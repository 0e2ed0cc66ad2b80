package io.relevo.kb;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What kind of passage a question asks for, read from its wording in English or Spanish (typed with or without
 * accents): the steps to do something, the rules (amounts, durations, what is allowed), whom to contact, the urgent
 * steps after a loss, theft or attack, what something is, or nothing in particular. Immutable; thread-safe.
 */
enum Need {
  URGENT, CONTACT, RULES, STEPS, WHAT, ANY;

  private record Cue(Need need, Pattern pattern) {
  }

  /** Tried in order; the first that matches wins. */
  private static final List<Cue> CUES = List.of(
      cue(URGENT, "\\b(lost|stolen|stole|theft|hacked|compromised|robad[oa]s?|robaron|roban|robo|perdi|he perdido|"
          + "perdido|perdida|hackead[oa]|clicked|clicke|pinchad[oa]|pinche|he hecho clic|hice clic)\\b"),
      cue(CONTACT, "\\b(who|whom|a quien|quien|phone number|telephone|which number|what number|contact|contacto|"
          + "telefono|email address|direccion de correo|who do i (call|write|ask))\\b"),
      cue(RULES, "\\b(how many|how much|how long|how often|how soon|how far in advance|deadline|notice|"
          + "cuant[oa]s?|cuanto tiempo|antelacion|plazo|when (do|does|is|are|will)|que dia|"
          + "cuando (se|es|cobr\\w*|pag\\w*|llega\\w*)|what time|a que hora)\\b"),
      cue(STEPS, "\\b(how (do|can|should|would) (i|we|you)|how to|forgot|forget|forgotten|olvid\\w*|"
          + "can ?not|can'?t|unable|won'?t|doesn'?t work|not working|no puedo|no me deja|no funciona|"
          + "what (do|should|can) i do|que (hago|tengo que hacer|debo hacer|hay que hacer)|"
          + "como (hago|puedo|se|pido|solicito|cambio|configuro|instalo|conecto|reservo|registro|"
          + "aviso|notifico|restablezco|recupero|descargo|presento|accedo|entro)|bloquead[oa])\\b"),
      cue(RULES, "\\b(can i|could i|may i|am i allowed|allowed|is it ok|do i (need|have) to|must i|should i|"
          + "policy|rules?|limit|maximum|minimum|entitled|puedo|se puede|tengo derecho|derecho a|hay que|"
          + "necesito|es obligatorio|normas?|politica|limite|maximo|minimo|requisitos?|requirements?)\\b"),
      cue(STEPS, "\\b(reset|set ?up|install|configure|connect|request|book|register|report|download|"
          + "restablecer|configurar|instalar|conectar|pedir|solicitar|reservar|registrar|descargar|donde|where)\\b"),
      cue(WHAT, "\\b(what is|what's|what are|que es|que son|que significa|what does .* mean)\\b"));

  private static Cue cue(Need need, String regex) {
    return new Cue(need, Pattern.compile(regex));
  }

  /** The need of a question; {@link #ANY} when nothing in its wording says. */
  static Need of(String question) {
    if (question == null || question.isBlank()) {
      return ANY;
    }
    String text = fold(question.length() > 400 ? question.substring(0, 400) : question);
    for (Cue c : CUES) {
      if (c.pattern().matcher(text).find()) {
        return c.need();
      }
    }
    return ANY;
  }

  /** Lower case, accents removed, typographic apostrophes made plain. */
  static String fold(String text) {
    String s = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
        .replaceAll("\\p{M}+", "");
    return s.replace('\u2019', '\'');
  }
}
