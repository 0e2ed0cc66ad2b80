package io.relevo.core.dialogue.flows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.Message;

/**
 * A form's state in the conversation's attributes: its values ({@code f.<slot>}), where it is
 * ({@link FormEngine#AT}), and how it goes on to the next unanswered question or the confirmation.
 * Stateless.
 */
final class FormState {

  private FormState() {
  }

  /** The next unanswered slot's question, else the confirmation, after {@code before}. */
  static FormEngine.Step next(Flow flow, Map<String, String> values, Map<String, String> changes, String lang,
      List<Message> before, String rule) {
    List<Message> replies = new ArrayList<>(before);
    changes.putIfAbsent(FormEngine.MISSES, "");
    for (Flow.Slot slot : flow.slots()) {
      if (!values.containsKey(slot.name())) {
        changes.put(FormEngine.AT, slot.name());
        replies.add(FormTexts.ask(slot, lang, null));
        return new FormEngine.Step(FormEngine.Action.CONTINUE, replies, changes, values, rule);
      }
    }
    changes.put(FormEngine.AT, FormEngine.CONFIRM);
    replies.add(FormTexts.confirm(flow, values, lang, null));
    return new FormEngine.Step(FormEngine.Action.CONTINUE, replies, changes, values, rule);
  }

  /** The slots answered so far, in the flow's order. */
  static Map<String, String> values(Flow flow, Map<String, String> attributes) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Flow.Slot s : flow.slots()) {
      String v = attributes.get("f." + s.name());
      if (v != null && !v.isEmpty()) {
        values.put(s.name(), v);
      }
    }
    return values;
  }

  /** Empties the form from {@code changes}: no form, no answers, no counts. */
  static void clear(Flow flow, Map<String, String> changes) {
    changes.put(FormEngine.FORM, "");
    changes.put(FormEngine.AT, "");
    changes.put(FormEngine.MISSES, "");
    changes.put(FormEngine.WAY_OUTS, "");
    for (Flow.Slot s : flow.slots()) {
      changes.put("f." + s.name(), "");
    }
  }
}
