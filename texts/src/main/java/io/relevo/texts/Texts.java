package io.relevo.texts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The catalogue of every text a person, an agent or a supervisor reads, one file per language
 * ({@code texts_en.properties}, {@code texts_es.properties}, UTF-8). Keys are grouped by who reads
 * them: the bot's replies have plain keys ({@code handoff.ticket}), the widget's start with
 * {@code widget.}, the console's with {@code console.} and the dashboard's with {@code dashboard.}.
 *
 * <p>In a text, {@code {0}}, {@code {1}}... stand for the arguments, and
 * {@code {1,plural,one|other}} for the form that fits a count ({@code #} in it is the count:
 * {@code {1,plural,about a minute|about # minutes}}). The widget and the console format the same
 * patterns in the browser.
 *
 * <p>Loaded once, when the class is first used; immutable and thread-safe.
 */
public final class Texts {

  private static final Map<Lang, Map<String, String>> CATALOGUE = load();

  private Texts() {
  }

  /** The text for {@code key} in {@code lang}; an unknown key is a programming error. */
  public static String get(Lang lang, String key, Object... args) {
    String pattern = CATALOGUE.get(lang).get(key);
    if (pattern == null) {
      throw new IllegalArgumentException("no text '" + key + "' for " + lang);
    }
    return format(pattern, args);
  }

  /** The text for {@code key} in the language a tag names ({@link Lang#of}). */
  public static String get(String langTag, String key, Object... args) {
    return get(Lang.of(langTag), key, args);
  }

  /** Whether the catalogue has {@code key} (in every language: the catalogue is checked for it). */
  public static boolean has(String key) {
    return CATALOGUE.get(Lang.EN).containsKey(key);
  }

  /**
   * Every text of {@code lang} whose key starts with {@code prefix}, keyed by the rest of the
   * key, sorted: what the widget and the console are served.
   */
  public static Map<String, String> part(Lang lang, String prefix) {
    Map<String, String> part = new TreeMap<>();
    CATALOGUE.get(lang).forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        part.put(k.substring(prefix.length()), v);
      }
    });
    return part;
  }

  /** The whole catalogue of one language, sorted by key. */
  public static Map<String, String> all(Lang lang) {
    return CATALOGUE.get(lang);
  }

  /** Fills a pattern's {@code {i}} and {@code {i,plural,one|other}} with {@code args}. */
  public static String format(String pattern, Object... args) {
    for (int i = 0; i < args.length; i++) {
      pattern = plural(pattern, i, args[i]);
      pattern = pattern.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return pattern;
  }

  /** Replaces each {@code {i,plural,one|other}} with the form for {@code arg} (one only for 1). */
  static String plural(String pattern, int i, Object arg) {
    String open = "{" + i + ",plural,";
    int start;
    while ((start = pattern.indexOf(open)) >= 0) {
      int end = pattern.indexOf('}', start);
      int bar = pattern.indexOf('|', start);
      if (end < 0 || bar < 0 || bar > end) {
        throw new IllegalArgumentException("bad plural in: " + pattern);
      }
      boolean one = arg instanceof Number n && n.doubleValue() == 1;
      String form = one ? pattern.substring(start + open.length(), bar) : pattern.substring(bar + 1, end);
      pattern = pattern.substring(0, start) + form.replace("#", String.valueOf(arg)) + pattern.substring(end + 1);
    }
    return pattern;
  }

  private static Map<Lang, Map<String, String>> load() {
    Map<Lang, Map<String, String>> all = new EnumMap<>(Lang.class);
    for (Lang lang : Lang.values()) {
      all.put(lang, Collections.unmodifiableMap(read("texts_" + lang.tag() + ".properties")));
    }
    return Collections.unmodifiableMap(all);
  }

  static Map<String, String> read(String file) {
    Properties p = new Properties();
    try (InputStream in = Texts.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing text catalogue " + file);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> texts = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> texts.put(k, p.getProperty(k)));
    return texts;
  }
}
