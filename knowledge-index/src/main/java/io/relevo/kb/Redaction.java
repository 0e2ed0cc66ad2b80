package io.relevo.kb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes personal data from free text before it is stored (e.g. in the knowledge-gap report):
 * e-mail addresses become {@code [email]}, card-like numbers (13 to 19 digits, optionally grouped
 * by spaces or dashes, passing the Luhn check) become {@code [card]}, and phone numbers (7 to 15
 * digits, optionally with a leading +, spaces, dots, dashes or parentheses) become {@code [phone]}.
 * Stateless and thread-safe.
 */
public final class Redaction {

  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
  private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
  private static final Pattern PHONE = Pattern.compile(
      "(?<![\\w+])(?:\\+|00)?\\(?\\d{1,4}\\)?(?:[ .-]?\\(?\\d{1,4}\\)?){2,6}(?![\\w])");

  private static final Pattern DATE = Pattern.compile("\\d{4}[-.]\\d{1,2}[-.]\\d{1,2}|\\d{1,2}[-.]\\d{1,2}[-.]\\d{4}");

  private Redaction() {
  }

  /** The text with e-mail addresses, card numbers and phone numbers replaced; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = EMAIL.matcher(text).replaceAll("[email]");
    result = replace(CARD, result, m -> luhn(m) ? "[card]" : null);
    result = replace(PHONE, result, m -> {
      if (DATE.matcher(m).matches()) {
        return null;
      }
      int digits = digits(m).length();
      return digits >= 7 && digits <= 15 ? "[phone]" : null;
    });
    return result;
  }

  private interface Replacement {
    String apply(String match);
  }

  private static String replace(Pattern pattern, String text, Replacement replacement) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String r = replacement.apply(m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(r == null ? m.group() : r));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String digits(String s) {
    return s.replaceAll("\\D", "");
  }

  static boolean luhn(String number) {
    String d = digits(number);
    if (d.length() < 13 || d.length() > 19) {
      return false;
    }
    int sum = 0;
    boolean doubleIt = false;
    for (int i = d.length() - 1; i >= 0; i--) {
      int n = d.charAt(i) - '0';
      if (doubleIt) {
        n *= 2;
        if (n > 9) {
          n -= 9;
        }
      }
      sum += n;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }
}
