package io.relevo.app;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import io.vertx.core.json.JsonObject;

/**
 * Writes the catalogue's texts into the bundled scripts that show them: a script holds the marker
 * {@code {"@texts": "widget."}} where it wants every text whose key starts with {@code widget.},
 * and is served with {@code {"en": {...}, "es": {...}}} in its place (keys without the prefix).
 * So the widget and the console read the one catalogue without a request of their own. Stateless.
 */
final class CatalogueInScripts {

  private static final Pattern MARKER = Pattern.compile("\\{\"@texts\": \"([a-z]+\\.)\"\\}");

  private CatalogueInScripts() {
  }

  /** The script with each marker replaced by its part of the catalogue, in both languages. */
  static String fill(String script) {
    Matcher m = MARKER.matcher(script);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonObject both = new JsonObject();
      for (Lang lang : Lang.values()) {
        both.put(lang.tag(), new JsonObject(new java.util.LinkedHashMap<>(Texts.part(lang, m.group(1)))));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(both.encode()));
    }
    m.appendTail(out);
    return out.toString();
  }
}
