package io.relevo.core.dialogue.flows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Loads and checks flow files. A flow that cannot be used stops start-up with a
 * {@link FlowException} naming the file and the problem, never at the moment a person reaches
 * it. Stateless.
 */
public final class Flows {

  /**
   * The flows shipped with Relevo, in the order {@link FormEngine#flowFor(String, String)} prefers
   * them: each department's general flow before its more specific ones.
   */
  public static final List<String> SHIPPED = List.of("report_incident", "report_facilities_issue", "hr_query",
      "request_vacation", "request_equipment", "request_access", "request_business_trip", "request_building_pass",
      "request_office_supplies");
  static final Set<String> TYPES = Set.of("text", "choice", "date", "date_range", "email", "phone", "number");
  private static final Set<String> KEYS = Set.of("id", "intent", "department", "queue", "ticket", "slots",
      "confirm", "done", "catalogue", "approval");
  private static final Set<String> CATALOGUE_KEYS = Set.of("title", "description");
  private static final Set<String> APPROVAL_KEYS = Set.of("approver", "escalateAfter", "remindBefore", "escalateTo");
  private static final Pattern APPROVER = Pattern.compile("manager|group:[a-z0-9][a-z0-9_.-]*|role:(agent|supervisor|admin)");
  private static final Pattern ESCALATE_TO = Pattern.compile("manager|none|group:[a-z0-9][a-z0-9_.-]*");
  private static final Set<String> TICKET_KEYS = Set.of("kind", "title", "category", "impact", "urgency");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)\\}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A flow file that cannot be used. */
  public static final class FlowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FlowException(String file, String problem) {
      super(file + ": " + problem);
    }
  }

  private Flows() {
  }

  /** The shipped flows, then every {@code *.yaml} in {@code dir} (which may add or replace flows). */
  public static Map<String, Flow> load(Path dir) {
    Map<String, Flow> flows = new LinkedHashMap<>();
    for (String name : SHIPPED) {
      String resource = "/io/relevo/core/flows/" + name + ".yaml";
      try (InputStream in = Flows.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new FlowException(resource, "missing from the jar");
        }
        Flow f = parse(resource, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        flows.put(f.intent(), f);
      } catch (IOException e) {
        throw new FlowException(resource, e.getMessage());
      }
    }
    if (dir != null) {
      if (!Files.isDirectory(dir)) {
        throw new FlowException(dir.toString(), "not a directory (flows.dir)");
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
          Flow f = parse(file.toString(), Files.readString(file));
          flows.put(f.intent(), f);
        }
      } catch (IOException e) {
        throw new FlowException(dir.toString(), "cannot be read: " + e.getMessage());
      }
    }
    return flows;
  }

  /** Parses and checks one flow file's text; {@code file} names it in errors. */
  public static Flow parse(String file, String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new FlowException(file, "not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (IOException e) {
      throw new FlowException(file, "not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new FlowException(file, "must be a YAML mapping");
    }
    unknownKeys(file, root, KEYS, "");
    String id = required(file, root, "id");
    String intent = required(file, root, "intent");
    String department = root.path("department").asText("general").strip();
    if (!Flow.DEPARTMENTS.contains(department)) {
      throw new FlowException(file, "department must be one of " + new java.util.TreeSet<>(Flow.DEPARTMENTS)
          + ", not '" + department + "'");
    }
    String queue = root.path("queue").asText(department).strip();
    if (!queue.matches("[a-z][a-z0-9_-]*")) {
      throw new FlowException(file, "queue '" + queue + "' must be lowercase letters, digits, _ and -");
    }
    JsonNode ticket = root.path("ticket");
    if (!ticket.isObject()) {
      throw new FlowException(file, "'ticket' (kind, title, category, impact, urgency) is required");
    }
    unknownKeys(file, ticket, TICKET_KEYS, "ticket.");
    String kind = required(file, ticket, "kind");
    if (!kind.equals("incident") && !kind.equals("request")) {
      throw new FlowException(file, "ticket.kind must be incident or request, not '" + kind + "'");
    }
    JsonNode slotsNode = root.path("slots");
    if (!slotsNode.isArray() || slotsNode.isEmpty()) {
      throw new FlowException(file, "'slots' must be a non-empty list");
    }
    List<Flow.Slot> slots = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < slotsNode.size(); i++) {
      Flow.Slot s = FlowSlots.slot(file, slotsNode.get(i), i);
      if (!names.add(s.name())) {
        throw new FlowException(file, "slot '" + s.name() + "' is declared twice");
      }
      slots.add(s);
    }
    Set<String> known = new HashSet<>(names);
    for (Flow.Slot s : slots) {
      if (s.type().equals("choice")) {
        known.add(s.name() + "_label");
      }
    }
    known.addAll(Set.of("ticket", "priority"));
    Map<String, String> confirm = texts(file, root, "confirm");
    Map<String, String> done = texts(file, root, "done");
    String title = required(file, ticket, "title");
    for (String template : Stream.of(title, ticket.path("category").asText(null), ticket.path("impact").asText(null),
        ticket.path("urgency").asText(null), confirm.get("en"), confirm.get("es"), done.get("en"), done.get("es"))
        .filter(java.util.Objects::nonNull).toList()) {
      Matcher m = PLACEHOLDER.matcher(template);
      while (m.find()) {
        if (!known.contains(m.group(1))) {
          throw new FlowException(file, "'{" + m.group(1) + "}' names no slot");
        }
      }
    }
    Flow.Listing listing = null;
    if (root.has("catalogue")) {
      JsonNode c = root.get("catalogue");
      if (!c.isObject()) {
        throw new FlowException(file, "'catalogue' must be a mapping with a title and a description");
      }
      unknownKeys(file, c, CATALOGUE_KEYS, "catalogue.");
      listing = new Flow.Listing(texts(file, c, "title"), texts(file, c, "description"));
    }
    List<Flow.ApprovalStep> approval = approval(file, root.path("approval"));
    if (!approval.isEmpty() && !kind.equals("request")) {
      throw new FlowException(file, "only a request (ticket.kind: request) can need an approval");
    }
    return new Flow(id, intent, kind, title, ticket.path("category").asText(null), ticket.path("impact").asText(null),
        ticket.path("urgency").asText(null), List.copyOf(slots), confirm, done, department, queue, listing, approval);
  }

  private static List<Flow.ApprovalStep> approval(String file, JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new FlowException(file, "'approval' must be a non-empty list of steps");
    }
    List<Flow.ApprovalStep> steps = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode step = node.get(i);
      String where = "approval step " + (i + 1);
      if (!step.isObject()) {
        throw new FlowException(file, where + " must be a mapping");
      }
      unknownKeys(file, step, APPROVAL_KEYS, where + ": ");
      String approver = step.path("approver").asText("").strip();
      if (!APPROVER.matcher(approver).matches()) {
        throw new FlowException(file, where + ": approver must be manager, group:NAME or role:agent|supervisor|admin, not '"
            + approver + "'");
      }
      String escalateTo = step.path("escalateTo").asText("manager").strip();
      if (!ESCALATE_TO.matcher(escalateTo).matches()) {
        throw new FlowException(file, where + ": escalateTo must be manager, group:NAME or none, not '" + escalateTo + "'");
      }
      steps.add(new Flow.ApprovalStep(approver, duration(file, step, "escalateAfter", where),
          duration(file, step, "remindBefore", where), escalateTo));
    }
    return List.copyOf(steps);
  }

  private static java.time.Duration duration(String file, JsonNode step, String key, String where) {
    if (!step.has(key)) {
      return null;
    }
    try {
      java.time.Duration d = io.relevo.core.config.Setting.parseDuration(key, step.get(key).asText(""));
      if (d.isNegative() || d.isZero()) {
        throw new FlowException(file, where + ": " + key + " must be longer than zero");
      }
      return d;
    } catch (io.relevo.core.config.ConfigException e) {
      throw new FlowException(file, where + ": " + key + " '" + step.get(key).asText() + "' is not a duration (48h, 30m, 2d)");
    }
  }

  static Map<String, String> texts(String file, JsonNode node, String key) {
    JsonNode t = node.path(key);
    if (!t.isObject() || !t.path("en").isTextual() || !t.path("es").isTextual()
        || t.get("en").asText().isBlank() || t.get("es").asText().isBlank()) {
      throw new FlowException(file, "'" + key + "' needs a text in en and in es"
          + (node.has("name") ? " (slot '" + node.get("name").asText() + "')" : ""));
    }
    return Map.of("en", t.get("en").asText(), "es", t.get("es").asText());
  }

  static String required(String file, JsonNode node, String key) {
    JsonNode v = node.path(key);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new FlowException(file, "'" + key + "' is required");
    }
    return v.asText().strip();
  }

  static void unknownKeys(String file, JsonNode node, Set<String> allowed, String where) {
    node.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        throw new FlowException(file, where + "unknown key '" + k + "'");
      }
    });
  }
}
