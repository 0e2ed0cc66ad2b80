package io.relevo.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.relevo.core.config.ConfigException;
import io.relevo.core.config.Setting;
import io.vertx.core.json.JsonObject;

/**
 * Reads the configuration once: built-in defaults, then a YAML or JSON file (nested or dotted
 * keys), then {@code RELEVO_*} environment variables. Every value is validated; the first bad one
 * stops start-up with a {@link ConfigException} naming its key. Unknown keys in the file are
 * refused too, so a typo does not pass silently.
 */
final class ConfigLoader {

  private final List<Setting<?>> settings;

  ConfigLoader(List<Setting<?>> settings) {
    this.settings = settings;
  }

  JsonObject load(Path file, Map<String, String> env) {
    Map<String, String> raw = new LinkedHashMap<>();
    if (file != null) {
      raw.putAll(readFile(file));
    }
    for (Setting<?> s : settings) {
      String v = env.get(s.envName());
      if (v != null) {
        raw.put(s.key(), v);
      }
    }
    if (env.containsKey("REDIS_URL") && !env.containsKey(AppSettings.REDIS_URL.envName())) {
      raw.put(AppSettings.REDIS_URL.key(), env.get("REDIS_URL"));
    }
    JsonObject config = new JsonObject();
    for (Setting<?> s : settings) {
      put(config, s, raw.getOrDefault(s.key(), s.defaultText()));
    }
    return config;
  }

  private static <T> void put(JsonObject config, Setting<T> s, String raw) {
    s.put(config, s.parse(raw));
  }

  private Map<String, String> readFile(Path file) {
    JsonNode root;
    try {
      String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
      ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      root = mapper.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> flat = new HashMap<>();
    if (root != null && !root.isNull()) {
      if (!root.isObject()) {
        throw new ConfigException("--config", file + " must hold an object of settings");
      }
      flatten("", root, flat);
    }
    for (String key : flat.keySet()) {
      if (settings.stream().noneMatch(s -> s.key().equals(key))) {
        throw new ConfigException(key, "unknown setting in " + file);
      }
    }
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject()) {
        flatten(key, e.getValue(), out);
      } else {
        out.put(key, e.getValue().isNull() ? "" : e.getValue().asText());
      }
    }
  }
}
