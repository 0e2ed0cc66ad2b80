package io.relevo.core.dialogue.flows;

import io.relevo.texts.Texts;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.Message;
import io.relevo.core.dialogue.TextFold;
import io.relevo.intents.Entity;

/**
 * One typed message while a form waits, read in this order: a refusal at the confirmation, wanting
 * to leave, frustration, a correction of earlier answers, a question, a typed yes/no at the
 * confirmation, a short answer to another question not asked yet. {@link #step} is null when the message is to be read as the asked slot's answer.
 * Made per message; not shared.
 */
final class Typed {

  private final FormEngine engine;
  private final Flow flow;
  private final Map<String, String> attributes;
  private final Map<String, String> values;
  private final Map<String, String> changes;
  private final Flow.Slot slot;
  private final String text;
  private final List<Entity> entities;
  private final String intent;
  private final String lang;
  private final LocalDate today;

  Typed(FormEngine engine, Flow flow, Map<String, String> attributes, Map<String, String> values,
      Map<String, String> changes, Flow.Slot slot, String text, List<Entity> entities, String intent, String lang,
      LocalDate today) {
    this.engine = engine;
    this.flow = flow;
    this.attributes = attributes;
    this.values = values;
    this.changes = changes;
    this.slot = slot;
    this.text = text == null ? "" : text.strip();
    this.entities = entities == null ? List.of() : entities;
    this.intent = intent;
    this.lang = lang;
    this.today = today;
  }

  FormEngine.Step step() {
    boolean confirming = slot == null;
    TypedAnswers.Reply reply = TypedAnswers.yesNo(text);
    if (text.isEmpty()) {
      return null;
    }
    if (confirming && (reply == TypedAnswers.Reply.REFUSE && !TypedAnswers.nothing(text)
        || TypedAnswers.withdraws(text))) {
      // "forget it" or "quiero retirar la solicitud" when asked to send it: nothing is sent
      FormState.clear(flow, changes);
      return new FormEngine.Step(FormEngine.Action.CANCELLED, List.of(FormTexts.say(lang, "form.cancelled")), changes,
          values, "cancelled");
    }
    if (TypedAnswers.wantsToLeave(text) || TypedAnswers.withdraws(text)) { // "forget the supplies request", mid-form
      return WayOut.offer(attributes, values, changes, "leave", lang);
    }
    if (TypedAnswers.frustrated(text)) {
      return WayOut.offer(attributes, values, changes, "frustration", lang);
    }
    boolean marked = Corrections.marked(text);
    boolean question = TypedAnswers.question(text) && (confirming || !slot.questionIsAnswer());
    boolean textSlot = !confirming && slot.type().equals("text");
    String own = confirming || textSlot ? null
        : SlotValues.answer(slot, text, null, entities, today, values.get(slot.name()));
    int words = TextFold.words(text).split(" ").length;
    boolean correcting = question ? marked : confirming || !textSlot || marked || slot.describes() || words <= 5;
    if (correcting) {
      boolean byChoiceWords = confirming || textSlot || marked || own == null;
      Map<String, String> found = Corrections.find(flow, values, slot, text, entities, today, byChoiceWords);
      if (!found.isEmpty()) {
        return corrected(found, own, Corrections.only(text), words);
      }
    }
    if (question && (own == null || TypedAnswers.startsLikeAQuestion(text))) {
      Message again = confirming ? FormTexts.confirm(flow, values, lang, Texts.get(lang, "form.question"))
          : FormTexts.ask(slot, lang, Texts.get(lang, "form.question"));
      return new FormEngine.Step(FormEngine.Action.NOT_AN_ANSWER, List.of(again), changes, values, "question");
    }
    if (textSlot && words <= 4 && SlotValues.fromEntities(slot, entities, today, null) == null
        || !confirming && !textSlot && own == null && words <= 5) {
      Map<String, String> other = otherSlot();
      if (other.size() == 1) {
        // "urgente no" when asked where, "solo a mi equipo" when asked what fails: that answer, and the question again
        return noted(other);
      }
    }
    if (!confirming) {
      return null;
    }
    if (reply == TypedAnswers.Reply.YES || reply == null && "affirm".equals(intent) && !marked
        && !TypedAnswers.hedged(text)) {
      FormState.clear(flow, changes);
      return new FormEngine.Step(FormEngine.Action.CREATE, List.of(), changes, values, "typed_yes");
    }
    if (reply == TypedAnswers.Reply.NO || reply == null && "deny".equals(intent) && !TypedAnswers.saysYes(text)) {
      return new FormEngine.Step(FormEngine.Action.CONTINUE, List.of(FormTexts.which(flow, lang)), changes, values,
          "change_menu");
    }
    return WayOut.miss(attributes, values, changes, lang,
        FormTexts.confirm(flow, values, lang, Texts.get(lang, "form.did_nothing")));
  }

  /** The unanswered choices, other than the one asked, that a short message names by their words. */
  private Map<String, String> otherSlot() {
    Map<String, String> found = new java.util.LinkedHashMap<>();
    for (Flow.Slot s : flow.slots()) {
      if (s != slot && s.type().equals("choice") && !values.containsKey(s.name())) {
        String v = ChoiceWords.choiceIn(s, text, false);
        if (v != null) {
          found.put(s.name(), v);
        }
      }
    }
    return found;
  }

  /** Stores answers given to slots not asked yet, says so, and asks the asked slot again. */
  private FormEngine.Step noted(Map<String, String> found) {
    found.forEach((name, v) -> {
      values.put(name, v);
      changes.put("f." + name, v);
    });
    changes.put(FormEngine.MISSES, "");
    return new FormEngine.Step(FormEngine.Action.CONTINUE, List.of(FormTexts.plain(FormTexts.noted(flow, found, lang)),
        FormTexts.ask(slot, lang, null)), changes, values, "other_slot");
  }

  private FormEngine.Step corrected(Map<String, String> found, String own, boolean only, int words) {
    found.forEach((name, v) -> {
      values.put(name, v);
      changes.put("f." + name, v);
    });
    List<Message> said = List.of(FormTexts.plain(FormTexts.changed(flow, found, lang)));
    if (slot == null) {
      return FormState.next(flow, values, changes, lang, said, "corrected");
    }
    String value = own;
    if (slot.type().equals("text") && slot.describes() && !only && words >= 4) {
      value = SlotValues.text(slot, text); // "my laptop is broken" tells the category and what happens
    }
    if (value == null) {
      List<Message> replies = new java.util.ArrayList<>(said);
      replies.add(FormTexts.ask(slot, lang, null));
      changes.put(FormEngine.MISSES, "");
      return new FormEngine.Step(FormEngine.Action.CONTINUE, replies, changes, values, "corrected");
    }
    return engine.answered(flow, slot, value, values, changes, entities, lang, today, said);
  }
}
