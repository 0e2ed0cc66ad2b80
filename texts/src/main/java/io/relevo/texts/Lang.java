package io.relevo.texts;

import java.util.Locale;
import java.util.Optional;

/**
 * The two languages Relevo speaks. A conversation, an article, a text and a training example each
 * have one; anything that is not Spanish is answered in English. Immutable and thread-safe.
 */
public enum Lang {
  EN("en", Locale.ENGLISH),
  ES("es", Locale.forLanguageTag("es"));

  private final String tag;
  private final Locale locale;

  Lang(String tag, Locale locale) {
    this.tag = tag;
    this.locale = locale;
  }

  /** The language tag: {@code en} or {@code es}, as stored and as the API speaks it. */
  public String tag() {
    return tag;
  }

  /** The Java locale, for formatting dates and numbers. */
  public Locale locale() {
    return locale;
  }

  /** The other language. */
  public Lang other() {
    return this == ES ? EN : ES;
  }

  public boolean isSpanish() {
    return this == ES;
  }

  /**
   * The language a tag or locale names: Spanish for {@code es}, {@code es-MX} or {@code es_ES} (any
   * case), English for anything else, {@code null} included.
   */
  public static Lang of(String tagOrLocale) {
    return parse(tagOrLocale).orElse(EN);
  }

  /**
   * The language a tag or locale names, or empty when it names neither: {@code es}, {@code es-*},
   * {@code en}, {@code en-*}, any case, {@code _} read as {@code -}.
   */
  public static Optional<Lang> parse(String tagOrLocale) {
    if (tagOrLocale == null) {
      return Optional.empty();
    }
    String t = tagOrLocale.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Lang lang : values()) {
      if (t.equals(lang.tag) || t.startsWith(lang.tag + "-")) {
        return Optional.of(lang);
      }
    }
    return Optional.empty();
  }

  /** The language for exactly {@code en} or {@code es}, or empty: for validating input. */
  public static Optional<Lang> exactly(String tag) {
    for (Lang lang : values()) {
      if (lang.tag.equals(tag)) {
        return Optional.of(lang);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return tag;
  }
}
