package io.relevo.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * One configuration key: its name, type, default, bounds and description.
 *
 * <p>Keys are dotted ({@code http.port}); each can be set in the config file (nested or flat) or
 * by the environment variable {@link #envName()} ({@code RELEVO_HTTP_PORT}). The launcher parses
 * every setting once, from text, with {@link #parse(String)}, and passes the resolved values down
 * as a {@link JsonObject}; code reads them back with {@link #get(JsonObject)}. Modules declare
 * their settings as constants next to the code that reads them. Immutable and thread-safe.
 *
 * @param <T> the value type
 */
public final class Setting<T> {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private final String key;
  private final String description;
  private final String defaultText;
  private final boolean secret;
  private final Function<String, T> parser;
  private final Function<T, Object> toJson;
  private final Function<Object, T> fromJson;

  private Setting(String key, String defaultText, String description, boolean secret,
      Function<String, T> parser, Function<T, Object> toJson, Function<Object, T> fromJson) {
    this.key = key;
    this.defaultText = defaultText;
    this.description = description;
    this.secret = secret;
    this.parser = parser;
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  public static Setting<Integer> integer(String key, int def, int min, int max, String description) {
    return new Setting<>(key, Integer.toString(def), description, false, raw -> {
      int v;
      try {
        v = Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key, "'" + raw + "' is not a whole number");
      }
      if (v < min || v > max) {
        throw new ConfigException(key, v + " is out of range " + min + ".." + max);
      }
      return v;
    }, v -> v, o -> ((Number) o).intValue());
  }

  public static Setting<String> string(String key, String def, String description) {
    return new Setting<>(key, def, description, false, String::trim, v -> v, o -> (String) o);
  }

  /** A string never printed in logs or errors (passwords, signing secrets, tokens). */
  public static Setting<String> secret(String key, String description) {
    return new Setting<>(key, "", description, true, String::trim, v -> v, o -> (String) o);
  }

  public static Setting<String> oneOf(String key, String def, String description, String... values) {
    List<String> allowed = Arrays.asList(values);
    return new Setting<>(key, def, description, false, raw -> {
      String v = raw.trim().toLowerCase(Locale.ROOT);
      if (!allowed.contains(v)) {
        throw new ConfigException(key, "'" + raw + "' is not one of " + allowed);
      }
      return v;
    }, v -> v, o -> (String) o);
  }

  public static Setting<Boolean> bool(String key, boolean def, String description) {
    return new Setting<>(key, Boolean.toString(def), description, false, raw -> {
      String v = raw.trim().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("yes") || v.equals("1")) {
        return true;
      }
      if (v.equals("false") || v.equals("no") || v.equals("0")) {
        return false;
      }
      throw new ConfigException(key, "'" + raw + "' is not true or false");
    }, v -> v, o -> (Boolean) o);
  }

  /** A duration written {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 30d} or ISO-8601. */
  public static Setting<Duration> duration(String key, String def, Duration min, Duration max,
      String description) {
    return new Setting<>(key, def, description, false, raw -> {
      Duration d = parseDuration(key, raw.trim());
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new ConfigException(key, raw + " is out of range " + min + ".." + max);
      }
      return d;
    }, Duration::toMillis, o -> Duration.ofMillis(((Number) o).longValue()));
  }

  /** Parses a duration as the settings do ({@code 48h}, {@code 30m}, ISO-8601); {@code key} names it in the error. */
  public static Duration parseDuration(String key, String raw) {
    Matcher m = DURATION.matcher(raw.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(raw.toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new ConfigException(key, "'" + raw + "' is not a duration (e.g. 500ms, 30s, 15m, 12h, 30d)");
    }
  }

  public String key() {
    return key;
  }

  /** {@code RELEVO_} and the key in upper case, dots and camel-case humps as underscores. */
  public String envName() {
    return "RELEVO_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_')
        .toUpperCase(Locale.ROOT);
  }

  public String defaultText() {
    return defaultText;
  }

  public String description() {
    return description;
  }

  public boolean isSecret() {
    return secret;
  }

  /** Parses and validates text from a file or the environment. */
  public T parse(String raw) {
    if (raw == null) {
      throw new ConfigException(key, "no value");
    }
    return parser.apply(raw);
  }

  /** Stores a parsed value in a resolved configuration. */
  public void put(JsonObject config, T value) {
    config.put(key, toJson.apply(value));
  }

  /** Reads this setting from a resolved configuration, falling back to the default. */
  public T get(JsonObject config) {
    Object v = config.getValue(key);
    return v == null ? parse(defaultText) : fromJson.apply(v);
  }

  @Override
  public String toString() {
    return key;
  }
}
