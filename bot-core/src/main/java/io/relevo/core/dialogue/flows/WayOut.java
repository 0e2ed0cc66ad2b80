package io.relevo.core.dialogue.flows;

import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.Message;

/**
 * Counts answers not understood in a row at one question and offers the way out (a person,
 * cancel, keep going), never twice with the same words. Stateless; the counts are attributes.
 */
final class WayOut {

  private WayOut() {
  }

  /** Not understood: asks again with {@code again}, or offers the way out the second time in a row. */
  static FormEngine.Step miss(Map<String, String> attributes, Map<String, String> values,
      Map<String, String> changes, String lang, Message again) {
    String at = attributes.getOrDefault(FormEngine.AT, "");
    String before = attributes.getOrDefault(FormEngine.MISSES, "");
    int n = before.startsWith(at + ":") ? Integer.parseInt(before.substring(at.length() + 1)) + 1 : 1;
    if (n >= 2) {
      return offer(attributes, values, changes, "misses", lang);
    }
    changes.put(FormEngine.MISSES, at + ":" + n);
    return new FormEngine.Step(FormEngine.Action.NOT_AN_ANSWER, List.of(again), changes, values, "unclear");
  }

  /** The way out; {@code why} is leave, frustration or misses. */
  static FormEngine.Step offer(Map<String, String> attributes, Map<String, String> values,
      Map<String, String> changes, String why, String lang) {
    String w = attributes.get(FormEngine.WAY_OUTS);
    int times = (w == null || w.isEmpty() ? 0 : Integer.parseInt(w)) + 1;
    changes.put(FormEngine.WAY_OUTS, Integer.toString(times));
    changes.put(FormEngine.MISSES, "");
    return new FormEngine.Step(FormEngine.Action.OFFER_WAY_OUT, List.of(FormTexts.wayOut(why, times, lang)), changes,
        values, "way_out." + why);
  }
}
