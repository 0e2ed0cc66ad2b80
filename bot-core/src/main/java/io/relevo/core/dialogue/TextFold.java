package io.relevo.core.dialogue;

import java.text.Normalizer;
import java.util.Locale;

/** Text as matched against short phrases: lowercase, without accents. Stateless. */
public final class TextFold {

  private TextFold() {
  }

  /** Lowercase and without accents ("Cómo" → "como"); null is empty. */
  public static String fold(String text) {
    if (text == null) {
      return "";
    }
    return Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
  }

  /** {@link #fold} with punctuation turned into single spaces, trimmed ("¡Hola, Ana!" → "hola ana"). */
  public static String words(String text) {
    return fold(text).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }
}
