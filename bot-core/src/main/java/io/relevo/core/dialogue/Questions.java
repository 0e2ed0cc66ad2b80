package io.relevo.core.dialogue;

import java.util.regex.Pattern;

/**
 * Whether a message asks about something ("how do I …", "¿cuántos días …?", "need visio installed, how?")
 * rather than asks for it, in Spanish and English. Stateless.
 */
final class Questions {

  /** The words a question starts with, once a greeting or a preposition before them is set aside. */
  private static final Pattern START = Pattern.compile(
      "^(how|what|whats|where|when|which|who|whom|why|is|are|am|do|does|did|should|must|may|might|will|would|"
      + "can i|can we|can my|can you tell|could i|is it|is there|are there|any idea|"
      + "como|que|donde|cuando|cual|cuales|quien|quienes|por que|porque|cuanto|cuanta|cuantos|cuantas|"
      + "puedo|podemos|se puede|hay|tengo que|tengo derecho|debo|es posible|sabes|alguien sabe|"
      + "me puedes decir|me podrias decir|me dices|necesito saber|quiero saber|i want to know|i need to know|"
      + "i'?d like to know|i would like to know|me gustaria saber|quisiera saber|queria saber|"
      + "i wonder|wondering|no se como|no se donde|no se si|dont know how|i dont know how|not sure how)\\b");

  /** "how do I", "what should I do", "cómo puedo", "cuántos": a question inside a longer message. */
  static final Pattern INSIDE = Pattern.compile("\\b(how (do|can|should|would|long|much|many) (i|we|you)|how to|"
      + "(when|where|what|which|who) (should|do|can|must|would) (i|we)|do i need|what do i need|how long does|how long do|"
      + "(cuando|donde|como|que|quien|cuanto) (debo|tengo que|hay que|puedo|se)|necesito aprobacion|"
      + "what (do|should|can) i do|what are the (rules|steps|options)|is there a way|"
      + "como (puedo|hago|se|lo hago|debo|tengo que)|como (lo |la |los |las )?(consigo|pido|saco|solicito)|que (tengo que|debo|puedo) hacer|que hago|hay alguna forma|"
      + "cuantos|cuantas|cuanta|cuanto tiempo|con cuanta|con que antelacion|cada cuanto|"
      + "can i get (it|them|this|that|those|my \\w+) back|se (puede|pueden) recuperar|puedo recuperar(lo|la|los|las)?)\\b");

  /** Whether a message asks about something rather than asks for it. */
  static boolean isQuestion(String text) {
    String t = INTERJECTION.matcher(TextFold.fold(text.strip()).replaceAll("^[¿¡\\s]+", "")).replaceFirst("");
    t = PREPOSITION.matcher(t).replaceFirst(""); // "a quién aviso", "con cuánta antelación", "in which room"
    return text.strip().endsWith("?") || ASKED_THEN_MORE.matcher(text).find() || START.matcher(t).find()
        || INSIDE.matcher(t).find() || ENDS_ASKING_HOW.matcher(t).find();
  }

  /** A preposition before a question word: "a quién", "con cuánta", "de qué", "in which", "to whom". */
  private static final Pattern PREPOSITION = Pattern.compile("^(a|con|de|en|para|por|desde|hasta|in|at|on|for|by|to|"
      + "from|with)\\s+(?=(que|cual|cuales|quien|quienes|cuanto|cuanta|cuantos|cuantas|donde|cuando|what|which|"
      + "whom|who|when|where|how)\\b)");
  /** "need visio installed, how?": the question word last. */
  private static final Pattern ENDS_ASKING_HOW = Pattern.compile("[,;:-]\\s*(how|how so|como|como lo hago|como se hace)"
      + "\\s*[?!.]*$");

  /** "oye, ...", "hi, ...", "una pregunta: ...": words before the message that say nothing of what it is. */
  private static final Pattern INTERJECTION = Pattern.compile("^((oye|oiga|hola|buenas|buenos dias|buenas tardes|hey|hi|hello|"
      + "perdona|perdon|disculpa|disculpe|sorry|quick question|una pregunta|pregunta|question|una duda|duda|"
      + "good morning|morning)[\\s,.!:;-]+)+");
  /** "how do I get X? I need it for Y": a question followed by its reason. */
  private static final Pattern ASKED_THEN_MORE = Pattern.compile("\\?\\s+\\S");

  private Questions() {
  }
}
