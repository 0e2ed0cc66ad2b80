package io.relevo.core.dialogue;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every text the bot says, in Spanish and English ({@code texts_es.properties},
 * {@code texts_en.properties}); {@code {0}}, {@code {1}}... stand for the arguments, and
 * {@code {1,plural,one|other}} for the form that fits a count ({@code #} in it is the count:
 * {@code {1,plural,about a minute|about # minutes}}). Thread-safe.
 */
public final class Texts {

  public static final String BUNDLE = "io.relevo.core.dialogue.texts";

  private Texts() {
  }

  /** The text for {@code key} in {@code locale} (es or en; anything else is English). */
  public static String get(String locale, String key, Object... args) {
    return from(BUNDLE, locale, key, args);
  }

  /** The text for {@code key} in {@code locale} from another module's bundle. */
  public static String from(String bundleName, String locale, String key, Object... args) {
    ResourceBundle bundle = ResourceBundle.getBundle(bundleName, Locale.forLanguageTag(normalize(locale)),
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalArgumentException("no text '" + key + "' for " + locale, e);
    }
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

  /** {@code es} for Spanish, {@code en} for anything else. */
  public static String normalizeLocale(String locale) {
    return normalize(locale);
  }

  static String normalize(String locale) {
    return "es".equals(locale) ? "es" : "en";
  }
}
