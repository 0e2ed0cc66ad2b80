package io.relevo.core.dialogue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Dev measurement (run on demand: {@code -Dtest=LongMessageTextCost}): CPU of the text steps of a turn outside
 * understanding and search (redaction of a gap question, frustration and question patterns) on long messages.
 */
class LongMessageTextCost {

  static String repeated(int chars) {
    return "My laptop won't connect to the VPN since this morning and the printer on floor 3 shows an error. "
        .repeat(chars / 90 + 1).substring(0, chars);
  }

  static String distinct(int chars) {
    Random r = new Random(7);
    StringBuilder b = new StringBuilder();
    while (b.length() < chars) {
      for (int i = 0, n = 4 + r.nextInt(6); i < n; i++) {
        b.append((char) ('a' + r.nextInt(26)));
      }
      b.append(r.nextInt(10) == 0 ? ". " : " ");
    }
    return b.substring(0, chars);
  }

  @Test
  void measure() {
    for (int chars : new int[] {100, 4000}) {
      for (String t : new String[] {repeated(chars), distinct(chars), "a".repeat(chars), "1234567890".repeat(chars / 10)}) {
        System.out.printf(Locale.ROOT, "%5d chars: redact %.2f ms, frustrated %.2f ms, isQuestion %.2f ms, fold %.2f ms%n", chars,
            cpu(() -> io.relevo.kb.Redaction.redact(t)), cpu(() -> HelpDeskBot.frustrated(t)),
            cpu(() -> HelpDeskBot.isQuestion(t)), cpu(() -> TextFold.fold(t)));
      }
    }
  }

  static double cpu(Supplier<?> step) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20; i++) {
      step.get();
    }
    int n = 50;
    long t0 = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      step.get();
    }
    return (mx.getCurrentThreadCpuTime() - t0) / 1e6 / n;
  }
}
