package io.relevo.core.approvals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.relevo.core.config.ConfigException;
import io.relevo.texts.Lang;

/**
 * The people directory the approvals read: each person's e-mail (their identity everywhere:
 * console, Slack, Teams), name, manager, the ids under which channels know them, the agent
 * account they sign in to the console with, the language they read, and when they are away with
 * whom they delegate to; and named groups of approvers. Loaded from a YAML file ({@link ApprovalSettings#DIRECTORY_FILE})
 * or the demo one shipped. E-mails are compared without case. Immutable and thread-safe.
 */
public final class Directory {

  static final String DEMO = "/io/relevo/core/approvals/demo-directory.yaml";

  private final Map<String, Person> byEmail;
  private final Map<String, Person> byId;
  private final Map<String, Person> byAgent;
  private final Map<String, List<String>> groups;

  /**
   * One person.
   *
   * @param email their identity (lowercase)
   * @param manager their manager's e-mail; may be null
   * @param ids the ids channels know them by ({@code web:SUB}, {@code slack:TEAM:USER}, {@code teams:AAD_ID})
   * @param agent the console sign-in they decide with; may be null
   * @param awayFrom start of an absence; null with no absence (or one that has begun)
   * @param awayUntil end of an absence; null with none
   * @param delegate who decides for them while away (e-mail); may be null
   * @param locale the language their approval messages are written in ({@code locale: es}, {@code es-MX},
   *     {@code en}...); null when the directory does not say or names a language Relevo does not speak
   */
  public record Person(String email, String name, String manager, List<String> ids, String agent, Instant awayFrom,
      Instant awayUntil, String delegate, Lang locale) {

    /** Whether they are away at {@code now} and someone decides for them. */
    public boolean delegatesAt(Instant now) {
      return delegate != null && awayUntil != null && now.isBefore(awayUntil)
          && (awayFrom == null || !now.isBefore(awayFrom));
    }
  }

  Directory(List<Person> people, Map<String, List<String>> groups) {
    Map<String, Person> email = new LinkedHashMap<>();
    Map<String, Person> ids = new HashMap<>();
    Map<String, Person> agents = new HashMap<>();
    for (Person p : people) {
      email.put(p.email(), p);
      p.ids().forEach(i -> ids.put(i, p));
      if (p.agent() != null) {
        agents.put(p.agent(), p);
      }
    }
    this.byEmail = Map.copyOf(email);
    this.byId = Map.copyOf(ids);
    this.byAgent = Map.copyOf(agents);
    Map<String, List<String>> g = new HashMap<>();
    groups.forEach((k, v) -> g.put(k, List.copyOf(v)));
    this.groups = Map.copyOf(g);
  }

  /** The directory in {@code file}, or the demo one for null. */
  public static Directory load(Path file) {
    if (file == null) {
      try (InputStream in = Directory.class.getResourceAsStream(DEMO)) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEMO);
      } catch (IOException e) {
        throw new IllegalStateException("the demo directory is missing from the jar", e);
      }
    }
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException(ApprovalSettings.DIRECTORY_FILE.key(), "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Parses a directory's YAML; {@code source} names it in errors. */
  public static Directory parse(String yaml, String source) {
    String key = ApprovalSettings.DIRECTORY_FILE.key();
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new ConfigException(key, source + " is not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(key, source + " must be a mapping with 'people' and 'groups'");
    }
    List<Person> people = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (JsonNode p : root.path("people")) {
      String email = email(p.path("email").asText(""));
      if (!email.contains("@")) {
        throw new ConfigException(key, source + ": every person needs an e-mail ('" + p.path("email").asText("") + "')");
      }
      if (!seen.add(email)) {
        throw new ConfigException(key, source + ": " + email + " is listed twice");
      }
      List<String> ids = new ArrayList<>();
      p.path("ids").forEach(i -> ids.add(i.asText()));
      JsonNode away = p.path("away");
      Instant from = away.has("from") ? instant(key, source, email, away.get("from").asText(), false) : null;
      Instant until = away.has("until") ? instant(key, source, email, away.get("until").asText(), true) : null;
      String delegate = away.has("delegate") ? email(away.get("delegate").asText()) : null;
      if (!away.isMissingNode() && (until == null || delegate == null)) {
        throw new ConfigException(key, source + ": " + email + "'s 'away' needs 'until' and 'delegate'");
      }
      people.add(new Person(email, p.path("name").asText(email), p.has("manager") ? email(p.get("manager").asText()) : null,
          List.copyOf(ids), p.has("agent") ? p.get("agent").asText() : null, from, until, delegate,
          locale(key, source, email, p.path("locale"))));
    }
    Map<String, List<String>> groups = new LinkedHashMap<>();
    root.path("groups").fields().forEachRemaining(e -> {
      List<String> members = new ArrayList<>();
      e.getValue().forEach(m -> members.add(email(m.asText())));
      if (members.isEmpty()) {
        throw new ConfigException(key, source + ": group '" + e.getKey() + "' has no members");
      }
      groups.put(e.getKey(), members);
    });
    return new Directory(people, groups);
  }

  private static Lang locale(String key, String source, String who, JsonNode locale) {
    if (locale.isMissingNode() || locale.isNull()) {
      return null;
    }
    if (!locale.isTextual() || locale.asText().isBlank()) {
      throw new ConfigException(key, source + ": " + who + "'s 'locale' must be a language tag (es, en, es-MX...)");
    }
    return Lang.parse(locale.asText()).orElse(null);
  }

  private static Instant instant(String key, String source, String who, String raw, boolean endOfDay) {
    try {
      if (raw.length() == 10) {
        LocalDate d = LocalDate.parse(raw);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(raw);
    } catch (RuntimeException e) {
      throw new ConfigException(key, source + ": " + who + "'s absence date '" + raw + "' is not a date (2026-08-15) or an instant");
    }
  }

  /** An e-mail as the directory keeps it: trimmed, lowercase. */
  public static String email(String raw) {
    return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
  }

  public Optional<Person> byEmail(String email) {
    return Optional.ofNullable(email == null ? null : byEmail.get(email(email)));
  }

  /** The person a channel knows by {@code id} ({@code web:SUB}...). */
  public Optional<Person> byId(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  /** The person who signs in to the console as {@code agentId}. */
  public Optional<Person> byAgent(String agentId) {
    return Optional.ofNullable(agentId == null ? null : byAgent.get(agentId));
  }

  /** The members (e-mails) of {@code group}; empty for an unknown group. */
  public List<String> group(String group) {
    return groups.getOrDefault(group, List.of());
  }

  /**
   * Who is asked to decide for {@code approvers} at {@code now}: each of them, and the delegate of
   * each one who is away (a delegate decides while their principal is away), without repeats.
   */
  public java.util.Set<String> askedFor(java.util.Collection<String> approvers, Instant now) {
    java.util.Set<String> asked = new java.util.LinkedHashSet<>();
    for (String email : approvers) {
      asked.add(email);
      byEmail(email).filter(p -> p.delegatesAt(now)).ifPresent(p -> asked.add(p.delegate()));
    }
    return asked;
  }

  /** The manager of {@code email}, or null. */
  public String managerOf(String email) {
    return byEmail(email).map(Person::manager).orElse(null);
  }
}
