package io.relevo.handoff.agents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.relevo.core.config.ConfigException;

/**
 * The agents who may sign in, read once from a YAML file:
 *
 * <pre>
 * agents:
 *   - id: ana
 *     name: Ana
 *     password: pbkdf2-sha256$600000$...   # java -jar relevo.jar hash-password
 *     roles: [agent]
 *     skills: [it, hr]
 *     capacity: 3
 * </pre>
 *
 * Without a file, the demo agents {@code ana} (agent; IT and HR) and {@code sam} (supervisor and
 * admin) sign in with one demo password. Immutable and thread-safe.
 */
public final class AgentDirectory {

  private final Map<String, Agent> agents;
  private final boolean demo;

  private AgentDirectory(Map<String, Agent> agents, boolean demo) {
    this.agents = Map.copyOf(agents);
    this.demo = demo;
  }

  /** The demo agents, all with {@code demoPasswordHash}. */
  public static AgentDirectory demo(String demoPasswordHash) {
    try (InputStream in = AgentDirectory.class.getResourceAsStream("demo-agents.yaml")) {
      return new AgentDirectory(parse(new ObjectMapper(new YAMLFactory()).readTree(in), "demo-agents.yaml",
          demoPasswordHash), true);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The agents of {@code file}; a bad entry stops start-up naming the file and the agent. */
  public static AgentDirectory load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException(HandoffSettings.AGENTS_FILE.key(), "cannot read " + file + ": " + e.getMessage());
    }
    return new AgentDirectory(parse(root, file.toString(), null), false);
  }

  private static Map<String, Agent> parse(JsonNode root, String source, String passwordHashForAll) {
    String key = HandoffSettings.AGENTS_FILE.key();
    if (root == null || !root.path("agents").isArray() || root.path("agents").isEmpty()) {
      throw new ConfigException(key, source + " must list 'agents'");
    }
    Map<String, Agent> out = new LinkedHashMap<>();
    for (JsonNode a : root.get("agents")) {
      String id = a.path("id").asText("");
      if (!id.matches("[a-z0-9._-]{1,64}")) {
        throw new ConfigException(key, source + ": agent id '" + id + "' must be 1-64 of a-z 0-9 . _ -");
      }
      String hash = passwordHashForAll != null ? passwordHashForAll : a.path("password").asText("");
      if (!Passwords.isHash(hash)) {
        throw new ConfigException(key, source + ": agent '" + id + "' needs a password hash (java -jar relevo.jar hash-password)");
      }
      Set<AgentRole> roles = new HashSet<>();
      for (JsonNode r : a.path("roles")) {
        try {
          roles.add(AgentRole.parse(r.asText()));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(key, source + ": agent '" + id + "' has unknown role '" + r.asText() + "'");
        }
      }
      if (roles.isEmpty()) {
        roles.add(AgentRole.AGENT);
      }
      Set<String> skills = new HashSet<>();
      a.path("skills").forEach(s -> skills.add(s.asText()));
      int capacity = a.path("capacity").asInt(3);
      if (capacity < 1 || capacity > 100) {
        throw new ConfigException(key, source + ": agent '" + id + "' capacity must be 1..100");
      }
      if (out.put(id, new Agent(id, a.path("name").asText(id), roles, skills, capacity, hash)) != null) {
        throw new ConfigException(key, source + ": agent '" + id + "' is listed twice");
      }
    }
    return out;
  }

  public Optional<Agent> find(String id) {
    return Optional.ofNullable(id == null ? null : agents.get(id));
  }

  public List<Agent> all() {
    return List.copyOf(agents.values());
  }

  /** Whether these are the built-in demo agents. */
  public boolean isDemo() {
    return demo;
  }
}
