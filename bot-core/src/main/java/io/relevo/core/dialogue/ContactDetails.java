package io.relevo.core.dialogue;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds an email address or a phone number in what a person wrote. */
final class ContactDetails {

  private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
  private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d\\s().-]{6,18}\\d");

  private ContactDetails() {
  }

  static Optional<String> find(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = EMAIL.matcher(text);
    if (m.find()) {
      return Optional.of(m.group());
    }
    m = PHONE.matcher(text);
    if (m.find()) {
      String digits = m.group().replaceAll("\\D", "");
      if (digits.length() >= 7 && digits.length() <= 15) {
        return Optional.of(m.group().trim());
      }
    }
    return Optional.empty();
  }
}
