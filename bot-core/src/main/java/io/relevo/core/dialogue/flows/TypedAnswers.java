package io.relevo.core.dialogue.flows;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.relevo.core.dialogue.TextFold;

/**
 * What a typed short answer means, in Spanish and English, with or without accents: a yes, a no,
 * a refusal ("not now", "mejor no"), wanting to leave ("I don't want a ticket", "déjalo"),
 * frustration ("this is useless", "no sirve para nada"), or a question. For any yes/no choice the
 * bot offers as buttons: a {@link Reply#YES} acts like the yes button, {@link Reply#NO} and
 * {@link Reply#REFUSE} like the no button, and null means the message is no clear answer (say that
 * nothing was done and ask again with the buttons). Stateless and thread-safe.
 */
public final class TypedAnswers {

  /** A typed answer to a yes/no question. */
  public enum Reply {
    /** yes, sí, vale, ok, claro, go ahead… */
    YES,
    /** a bare no, nope */
    NO,
    /** no that means "don't do it": not now, no thanks, cancel, mejor no, déjalo, nada… */
    REFUSE
  }

  private static final Set<String> YES = Set.of("yes", "y", "yeah", "yea", "yep", "yup", "sure", "ok", "okay", "k",
      "okey", "correct", "right", "go ahead", "do it", "send it", "open it", "please do", "that s right", "thats right",
      "sounds good", "perfect", "great", "fine", "confirm", "confirmed", "absolutely", "of course", "alright",
      "all right", "go", "go for it", "yes go ahead", "si", "vale", "claro", "correcto", "adelante", "dale", "perfecto",
      "de acuerdo", "venga", "por supuesto", "envialo", "enviala", "hazlo", "abrela", "abrelo", "confirmo", "eso es",
      "exacto", "bien", "va", "sip", "ok vale", "esta bien", "muy bien", "genial", "bueno", "afirmativo");
  private static final Set<String> NO = Set.of("no", "n", "nope", "nah", "not really", "no no", "negativo");
  private static final Set<String> REFUSE = Set.of("not now", "no thanks", "no thank you", "cancel", "cancel it",
      "don t", "dont", "do not", "don t send it", "don t do it", "no don t", "not yet", "better not", "nothing",
      "mejor no", "no gracias", "dejalo", "olvidalo", "nada", "ahora no", "cancela", "cancelar", "cancelalo",
      "no lo envies", "no la abras", "todavia no", "aun no", "de momento no", "no mejor no");
  private static final Set<String> POLITE = Set.of("please", "thanks", "thank you", "pls", "por favor", "gracias",
      "porfa", "then", "pues", "entonces");
  private static final Set<String> BUT = Set.of("no", "not", "don", "but", "pero", "wait", "espera", "aunque",
      "although", "change", "cambia", "mal", "wrong");
  /** Taking the request back in so many words ("withdraw the request", "quiero retirar la solicitud", "forget it"). */
  private static final Pattern WITHDRAWS = Pattern.compile("\\b((i want to |i d like to |please )?(withdraw|cancel|drop|scrap) "
      + "(the|this|my|that) (request|form|ticket|application)|forget (the|this|my|that) (\\w+ ){0,3}(request|order|form)|"
      + "(olvida|olvidad|olvidate de|olvidaos de) (la|esta|mi|el|este) (\\w+ ){0,3}(solicitud|peticion|pedido)|((quiero|prefiero|quisiera) )?(retirar|anular|cancelar|dejar) "
      + "(la|esta|mi|el|este) (solicitud|peticion|pedido|formulario)|retiro la solicitud|no (la|lo) (envies|mandes|pidas)|"
      + "^(forget it|forget about it|never ?mind|olvidalo|dejalo|dejalo estar)$|"
      + "i (do not|don t|dont) (want|need) (a |the |any )?(ticket|request|form)|"
      + "no quiero (abrir|ningun|ninguna)|no quiero (un|una|el|la) (ticket|solicitud|incidencia|caso|peticion))\\b");
  private static final Pattern LEAVE = Pattern.compile("\\b(i (do not|don t|dont) (want|need) (a |the |any )?"
      + "(ticket|request|form|this)|forget (it|about it)|never ?mind|leave it|i changed my mind|stop this|"
      + "no quiero (abrir|ningun|ninguna|nada|seguir)|no quiero (un|una|el|la) (ticket|solicitud|incidencia|caso|peticion)|"
      + "dejalo|olvidalo|olvidate|dejalo estar|ya no (lo |la )?(quiero|necesito)|he cambiado de idea|"
      + "^no hace falta( gracias| ya)?$)\\b|" + WITHDRAWS.pattern());
  private static final Pattern FRUSTRATION = Pattern.compile("\\b(useless|stupid|ridiculous|pathetic|"
      + "terrible service|rubbish bot|fed up|sick of|so annoying|(i m|i am|im) (so |really )?(angry|furious|frustrated)|"
      + "waste of (my )?time|"
      + "wtf|this is a joke|not helping|doesn t help|you don t understand|"
      + "inutil|estupido|ridiculo|harto|harta|hasta las narices|no sirve(s)? (para|de) nada|que verguenza|"
      + "una mierda|joder|estoy (muy )?(enfadad[oa]|cabread[oa]|frustrad[oa])|perdiendo el tiempo|es una broma|no me entiendes|"
      + "no me ayudas|no entiendes nada)\\b");
  private static final Pattern QUESTION = Pattern.compile("^(how|"
      + "what (is|are|s|do|does|can|should|about|if|kind|time|happens if)|where (is|are|s|do|does|can|should)|"
      + "when (is|are|s|do|does|can|will|should|did)|why (is|are|s|do|does|can|did|isn t|doesn t)|"
      + "which (one|is|are|do)|who (is|are|s|do|does|can|should|will)|"
      + "(can|could|may) (i|you|we|someone|somebody|they|my)|(do|did) (i|you|we|they)|does|"
      + "is (it|there|this|that|my)|are (there|you|we|they)|should (i|we)|will (i|my|it|you)|am i|have i|"
      + "como (puedo|se|hago|funciona|pido|solicito|va|es|consigo|cambio|puede|podemos|tengo)|"
      + "que (es|son|pasa|hago|tengo|debo|puedo|necesito|dias|tipo|significa)|"
      + "donde (esta|estan|puedo|se|hay|encuentro|tengo|debo|pido)|cuando (puedo|se|es|tengo|debo|llega|empieza|me)|"
      + "cuant[oa]s?|cual|cuales|quien (es|puede|me|aprueba|se)|por que|puedo|podria|puedes|podrias|se puede|"
      + "me puedes|tengo derecho|hay (algun|alguna|manera|forma)|es posible)\\b");

  private TypedAnswers() {
  }

  /** The answer {@code text} gives to a yes/no question, or null when it gives none clearly. */
  public static Reply yesNo(String text) {
    String raw = TextFold.words(text);
    List<String> words = stripPolite(raw);
    if (words.isEmpty()) {
      return null;
    }
    String said = String.join(" ", words);
    if (YES.contains(said)) {
      return Reply.YES;
    }
    if (NO.contains(said)) {
      return said.equals(raw) ? Reply.NO : Reply.REFUSE; // "no, thanks" declines
    }
    if (REFUSE.contains(said)) {
      return Reply.REFUSE;
    }
    // "yes go ahead", "si claro", "ok, send it please": every part a yes, and no "but"
    if (allIn(words, YES)) {
      return Reply.YES;
    }
    // "no, not now", "no gracias, mejor no"
    if ((NO.contains(words.get(0)) || REFUSE.contains(words.get(0))) && allIn(words, REFUSE_OR_NO)) {
      return Reply.REFUSE;
    }
    return null;
  }

  /** Whether the message holds back ("yes but…", "no", "wait", "pero"): never read as a plain yes. */
  public static boolean hedged(String text) {
    return java.util.Arrays.stream(TextFold.words(text).split(" ")).anyMatch(BUT::contains);
  }

  /** Whether any word of the message is a yes ("yes but no" says yes, and no). */
  public static boolean saysYes(String text) {
    return java.util.Arrays.stream(TextFold.words(text).split(" ")).anyMatch(YES::contains);
  }

  /**
   * Whether the person takes the request back in so many words: "withdraw the request", "quiero retirar la
   * solicitud", "I don't want a ticket", or "forget it" alone. At the confirmation these cancel; "no hace falta
   * que sea mac" does not.
   */
  public static boolean withdraws(String text) {
    return WITHDRAWS.matcher(TextFold.words(text)).find();
  }

  /** Whether the person wants out of the form: "I don't want a ticket", "forget it", "déjalo". */
  public static boolean wantsToLeave(String text) {
    return LEAVE.matcher(TextFold.words(text)).find();
  }

  /**
   * Whether the message is a bare "nothing" ("nada", "nothing else"): at a confirmation it may answer the note asked
   * just before as well as refuse, so it neither sends nor cancels.
   */
  static boolean nothing(String text) {
    return NOTHING.contains(TextFold.words(text));
  }

  private static final Set<String> NOTHING = Set.of("nothing", "nothing else", "nada", "nada mas");

  /** Whether the message shows frustration ("this is useless", "no sirve para nada"). */
  public static boolean frustrated(String text) {
    return FRUSTRATION.matcher(TextFold.words(text)).find();
  }

  /** Whether the message is a question: it ends with "?" or starts like one (how, can I, cómo, cuántos…). */
  public static boolean question(String text) {
    return text != null && text.strip().endsWith("?") || startsLikeAQuestion(text);
  }

  /** Whether the message starts like a question, whatever its punctuation. */
  public static boolean startsLikeAQuestion(String text) {
    return QUESTION.matcher(TextFold.words(text)).find();
  }

  private static List<String> stripPolite(String said) {
    String s = " " + said + " ";
    for (String p : POLITE) {
      s = s.replace(" " + p + " ", " ");
    }
    return s.isBlank() ? List.of() : Arrays.asList(s.strip().split(" +"));
  }

  /** Whether the words split into phrases of {@code set} (greedy, longest first), with no "but". */
  private static boolean allIn(List<String> words, Set<String> set) {
    if (words.stream().anyMatch(w -> BUT.contains(w)) && set == YES) {
      return false;
    }
    int i = 0;
    while (i < words.size()) {
      int next = -1;
      for (int j = Math.min(words.size(), i + 4); j > i; j--) {
        if (set.contains(String.join(" ", words.subList(i, j)))) {
          next = j;
          break;
        }
      }
      if (next < 0) {
        return false;
      }
      i = next;
    }
    return true;
  }

  private static final Set<String> REFUSE_OR_NO = merged();

  private static Set<String> merged() {
    java.util.HashSet<String> all = new java.util.HashSet<>(NO);
    all.addAll(REFUSE);
    all.addAll(List.of("thanks", "gracias", "not", "now", "ahora"));
    return Set.copyOf(all);
  }
}
