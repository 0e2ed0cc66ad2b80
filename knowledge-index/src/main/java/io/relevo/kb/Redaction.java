package io.relevo.kb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes personal data from free text before it is stored (e.g. in the knowledge-gap report):
 * e-mail addresses become {@code [email]}, card-like numbers (13 to 19 digits, optionally grouped
 * by spaces or dashes, passing the Luhn check) become {@code [card]}, and phone numbers (7 to 15
 * digits, optionally with a leading +, spaces, dots, dashes or parentheses) become {@code [phone]}.
 * Every pattern does work linear in the text's length (the e-mail scan is hand-written; the
 * card and phone patterns repeat only bounded groups), so any length is safe to redact.
 * Stateless and thread-safe.
 */
public final class Redaction {

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
    String result = redactEmails(text);
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

  /** E-mail addresses replaced by {@code [email]}, in one linear pass (no regex backtracking). */
  private static String redactEmails(String text) {
    int at = text.indexOf('@');
    if (at < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    while (at >= 0) {
      int start = at;
      while (start > copied && isLocal(text.charAt(start - 1))) {
        start--;
      }
      int end = start < at ? domainEnd(text, at + 1) : -1;
      if (end > 0) {
        out.append(text, copied, start).append("[email]");
        copied = end;
      }
      at = text.indexOf('@', Math.max(at + 1, copied));
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * Where a domain of at least two labels ({@code label(.label)+}, a label being letters, digits
   * and inner hyphens) starting at {@code from} ends, or -1 when there is none.
   */
  private static int domainEnd(String text, int from) {
    int labels = 0;
    int end = -1;
    int i = from;
    while (i < text.length() && isAlnum(text.charAt(i))) {
      int run = i;
      while (run < text.length() && (isAlnum(text.charAt(run)) || text.charAt(run) == '-')) {
        run++;
      }
      int labelEnd = run;
      while (text.charAt(labelEnd - 1) == '-') {
        labelEnd--;
      }
      labels++;
      end = labelEnd;
      if (labelEnd != run || run + 1 >= text.length() || text.charAt(run) != '.') {
        break;
      }
      i = run + 1;
    }
    return labels >= 2 ? end : -1;
  }

  private static boolean isLocal(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean isAlnum(char c) {
    return c < 128 && Character.isLetterOrDigit(c);
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
