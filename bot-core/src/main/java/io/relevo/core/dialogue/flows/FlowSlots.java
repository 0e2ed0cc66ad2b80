package io.relevo.core.dialogue.flows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.relevo.core.dialogue.flows.Flows.FlowException;

/** Reads and checks one slot of a flow file (its type, options, limits, texts and first-message reading). Stateless. */
final class FlowSlots {

  private static final Set<String> SLOT_KEYS = Set.of("name", "type", "entity", "options", "min", "max", "future",
      "fromFirstMessage", "optional", "ask", "reask", "label", "questionIsAnswer", "after", "reason");
  private static final Set<String> OPTION_KEYS = Set.of("value", "en", "es", "also");

  private FlowSlots() {
  }

  static Flow.Slot slot(String file, JsonNode node, int index) {
    if (!node.isObject()) {
      throw new FlowException(file, "slot " + (index + 1) + " must be a mapping");
    }
    String where = "slot " + (index + 1);
    Flows.unknownKeys(file, node, SLOT_KEYS, where + ": ");
    String name = Flows.required(file, node, "name");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new FlowException(file, where + ": name '" + name + "' must be lowercase letters, digits and _");
    }
    String type = Flows.required(file, node, "type");
    if (!Flows.TYPES.contains(type)) {
      throw new FlowException(file, "slot '" + name + "': unknown type '" + type + "' (one of " + new java.util.TreeSet<>(Flows.TYPES) + ")");
    }
    List<Flow.Option> options = new ArrayList<>();
    if (type.equals("choice")) {
      JsonNode opts = node.path("options");
      if (!opts.isArray() || opts.size() < 2) {
        throw new FlowException(file, "slot '" + name + "': a choice needs at least two options");
      }
      for (JsonNode o : opts) {
        String value = o.path("value").asText("");
        if (value.isEmpty() || !o.path("en").isTextual() || !o.path("es").isTextual()) {
          throw new FlowException(file, "slot '" + name + "': every option needs a value, an en and an es label");
        }
        Flows.unknownKeys(file, o, OPTION_KEYS, "slot '" + name + "' option '" + value + "': ");
        List<String> also = new ArrayList<>();
        if (o.has("also")) {
          if (!o.get("also").isArray()) {
            throw new FlowException(file, "slot '" + name + "' option '" + value + "': 'also' must be a list of words");
          }
          o.get("also").forEach(w -> also.add(w.asText()));
        }
        options.add(new Flow.Option(value, Map.of("en", o.get("en").asText(), "es", o.get("es").asText()),
            List.copyOf(also)));
      }
    } else if (node.has("options")) {
      throw new FlowException(file, "slot '" + name + "': only a choice has options");
    }
    Integer min = node.has("min") ? node.get("min").asInt() : null;
    Integer max = node.has("max") ? node.get("max").asInt() : null;
    if (min != null && max != null && min > max) {
      throw new FlowException(file, "slot '" + name + "': min is greater than max");
    }
    Map<String, String> reask = node.has("reask") ? Flows.texts(file, node, "reask") : Map.of();
    Map<String, String> label = node.has("label") ? Flows.texts(file, node, "label") : Map.of();
    List<java.util.regex.Pattern> after = after(file, name, type, node);
    if (node.path("reason").asBoolean(false) && after.isEmpty()) {
      throw new FlowException(file, "slot '" + name + "': 'reason' needs the 'after' phrases that introduce it");
    }
    return new Flow.Slot(name, type, node.path("entity").asText(defaultEntity(type)), List.copyOf(options), min, max,
        node.path("future").asBoolean(false), node.path("fromFirstMessage").asBoolean(false),
        node.path("optional").asBoolean(false), Flows.texts(file, node, "ask"), reask, label,
        node.path("questionIsAnswer").asBoolean(false), after, node.path("reason").asBoolean(false));
  }

  /** A text slot's {@code after}: patterns on folded text (lowercase, no accents), each checked here. */
  private static List<java.util.regex.Pattern> after(String file, String name, String type, JsonNode node) {
    if (!node.has("after")) {
      return List.of();
    }
    if (!type.equals("text") || !node.path("fromFirstMessage").asBoolean(false) || !node.get("after").isArray()) {
      throw new FlowException(file, "slot '" + name + "': 'after' is a list of patterns, for a text slot with fromFirstMessage");
    }
    List<java.util.regex.Pattern> patterns = new ArrayList<>();
    for (JsonNode p : node.get("after")) {
      try {
        patterns.add(java.util.regex.Pattern.compile("\\b(?:" + p.asText() + ")\\b"));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new FlowException(file, "slot '" + name + "': 'after' pattern '" + p.asText() + "': " + e.getDescription());
      }
    }
    return List.copyOf(patterns);
  }

  private static String defaultEntity(String type) {
    return switch (type) {
      case "date", "date_range", "email", "phone", "number" -> type;
      default -> null;
    };
  }
}
