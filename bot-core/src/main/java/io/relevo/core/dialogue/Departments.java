package io.relevo.core.dialogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.relevo.intents.Analysis;
import io.relevo.intents.Entity;
import io.relevo.kb.Answer;

/**
 * Which department a matter belongs to and which queue it is handed to, as declared in
 * {@code departments.yaml}: not in code. Immutable and thread-safe.
 */
public final class Departments {

  private record Department(String name, String queue, List<String> intents, Pattern words) {
  }

  private final Map<String, Department> departments;
  private final String fallback;
  private final Map<String, String> intentTopics;
  private final Map<String, String> formTopics;
  private final Map<String, Pattern> selfService;

  private Departments(Map<String, Department> departments, String fallback, Map<String, String> intentTopics,
      Map<String, String> formTopics, Map<String, Pattern> selfService) {
    this.departments = departments;
    this.fallback = fallback;
    this.intentTopics = intentTopics;
    this.formTopics = formTopics;
    this.selfService = selfService;
  }

  /**
   * Whether {@code topic}'s article tells how to do oneself what {@code text} asks for: the topic is one to do
   * oneself (install software, add a printer) and the text says that doing ("install", "instalen").
   */
  public boolean selfService(String topic, String text) {
    Pattern doing = selfService.get(topic);
    return doing != null && doing.matcher(TextFold.fold(text)).find();
  }

  /** The form a problem reported about {@code topic}'s article is filed with, or null. */
  public String formOf(String topic) {
    return formTopics.get(topic);
  }

  /** The topic of the article about {@code intent}'s matter, or null. */
  public String topicOf(String intent) {
    return intentTopics.get(intent);
  }

  /** The departments shipped with Relevo. */
  public static Departments shipped() {
    try (InputStream in = Departments.class.getResourceAsStream("/io/relevo/core/dialogue/departments.yaml")) {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      Map<String, Department> all = new LinkedHashMap<>();
      root.path("departments").fields().forEachRemaining(e -> {
        JsonNode d = e.getValue();
        List<String> intents = new java.util.ArrayList<>();
        d.path("intents").forEach(i -> intents.add(i.asText()));
        List<String> words = new java.util.ArrayList<>();
        d.path("words").forEach(w -> words.add(Pattern.quote(TextFold.fold(w.asText()))));
        Pattern p = words.isEmpty() ? null : Pattern.compile("\\b(" + String.join("|", words) + ")\\b");
        all.put(e.getKey(), new Department(e.getKey(), d.path("queue").asText(e.getKey()), List.copyOf(intents), p));
      });
      Map<String, String> topics = new LinkedHashMap<>();
      root.path("intentTopics").fields().forEachRemaining(e -> topics.put(e.getKey(), e.getValue().asText()));
      Map<String, String> forms = new LinkedHashMap<>();
      root.path("formTopics").fields().forEachRemaining(e -> forms.put(e.getKey(), e.getValue().asText()));
      Map<String, Pattern> selfService = new LinkedHashMap<>();
      root.path("selfServiceTopics").fields().forEachRemaining(e -> {
        List<String> words = new java.util.ArrayList<>();
        e.getValue().forEach(w -> words.add(Pattern.quote(TextFold.fold(w.asText()))));
        selfService.put(e.getKey(), Pattern.compile("\\b(" + String.join("|", words) + ")"));
      });
      return new Departments(all, root.path("default").asText("general"), Map.copyOf(topics), Map.copyOf(forms),
          Map.copyOf(selfService));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The department of a message: the one it names, else the one its words point to, else its intent's (when the
   * classifier is sure, or no article answers surely), else the matched article's.
   */
  public String of(String text, Analysis analysis, Answer answer) {
    return of(text, analysis, answer, null);
  }

  /** The intent's confidence from which its department goes before a sure answer's. */
  private static final double SURE_INTENT = 0.5;

  /**
   * Words, typed in lower case, that name no department though a department is called so: pronouns that spell an
   * acronym ("it just doesn't work", "para ti") and everyday words ("el wifi de la oficina", "mi móvil personal").
   */
  private static final java.util.Set<String> NOT_NAMES = java.util.Set.of("it", "ti", "oficina", "personal");

  /**
   * As {@link #of(String, Analysis, Answer)}, with {@code shown} (the department of the article just shown, or null) before
   * the default: "it just doesn't work" after the badge article is the badge's, a facilities matter.
   */
  public String of(String text, Analysis analysis, Answer answer, String shown) {
    if (analysis != null) {
      for (Entity entity : analysis.entities()) {
        if (entity.kind().equals(Entity.DEPARTMENT) && entity.value() != null && !NOT_NAMES.contains(entity.text())
            && departments.containsKey(entity.value().toLowerCase(java.util.Locale.ROOT))) {
          return entity.value().toLowerCase(java.util.Locale.ROOT);
        }
      }
    }
    String folded = TextFold.fold(text);
    String byWords = null;
    int most = 0;
    for (Department d : departments.values()) {
      if (d.words() == null) {
        continue;
      }
      var m = d.words().matcher(folded);
      int n = 0;
      while (m.find()) {
        n++;
      }
      if (n > most) {
        most = n;
        byWords = d.name();
      }
    }
    if (byWords != null) {
      return byWords;
    }
    String ofIntent = ofIntent(Acts.intent(analysis));
    String answered = answer == null || answer.hits().isEmpty() ? null : answer.hits().get(0).article().department();
    boolean found = answered != null && departments.containsKey(answered);
    // an unsure intent gives way to a sure answer: "need to register a visitor for tomorrow, John Smith from Deloitte"
    // (request_business_trip at 0.35) is about the visitors' article, a facilities matter
    double sure = analysis == null || analysis.top() == null ? 0 : analysis.top().confidence();
    if (ofIntent != null && (sure >= SURE_INTENT || !(found && answer.band() == io.relevo.kb.Band.ANSWER))) {
      return ofIntent;
    }
    if (found && answer.band() != io.relevo.kb.Band.UNKNOWN) {
      return answered;
    }
    if (shown != null && departments.containsKey(shown)) {
      return shown; // the article just shown says more than a search that found nothing sure
    }
    return found ? answered : fallback;
  }

  /** The department whose intents include {@code intent}, or null. */
  public String ofIntent(String intent) {
    return departments.values().stream().filter(d -> d.intents().contains(intent)).map(Department::name).findFirst()
        .orElse(null);
  }

  /** The queue of {@code department} (the default department's for an unknown one). */
  public String queue(String department) {
    Department d = departments.get(department);
    return d != null ? d.queue() : departments.getOrDefault(fallback, new Department(fallback, fallback, List.of(), null)).queue();
  }
}
