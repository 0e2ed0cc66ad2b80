package io.relevo.kb;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Dev measurement (run on demand: {@code -Dtest=LongQueryCost}): the CPU time of answering a 4,000-character
 * question against a 100-character one on the demo knowledge base, for repeated words and for distinct made-up words.
 */
class LongQueryCost {

  static final String SENTENCE = "My laptop won't connect to the VPN since this morning and the printer on floor 3 shows an error. ";

  static String repeated(int chars) {
    StringBuilder b = new StringBuilder();
    while (b.length() < chars) {
      b.append(SENTENCE);
    }
    return b.substring(0, chars);
  }

  static String distinct(int chars) {
    Random r = new Random(7);
    StringBuilder b = new StringBuilder();
    while (b.length() < chars) {
      int n = 4 + r.nextInt(6);
      for (int i = 0; i < n; i++) {
        b.append((char) ('a' + r.nextInt(26)));
      }
      b.append(' ');
    }
    return b.substring(0, chars);
  }

  @Test
  void measure() {
    KnowledgeBase kb = KnowledgeBase.openDemo();
    for (int chars : new int[] {100, 1000, 4000}) {
      String a = repeated(chars);
      String b = distinct(chars);
      String w = "a".repeat(chars);
      String d = "1234567890".repeat(chars / 10);
      System.out.printf(Locale.ROOT, "%5d chars: answer repeated %.1f ms, distinct %.1f ms, one word %.1f ms, digits %.1f ms, "
          + "embed word %.1f ms%n", chars, cpu(() -> kb.answer(a, "en")), cpu(() -> kb.answer(b, "en")),
          cpu(() -> kb.answer(w, "en")), cpu(() -> kb.answer(d, "en")), cpu(() -> kb.answer(w, "en", java.util.Set.of(), new float[0])));
    }
  }

  static double cpu(Supplier<?> step) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 3; i++) {
      step.get();
    }
    int n = 8;
    long t0 = mx.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      step.get();
    }
    return (mx.getCurrentThreadCpuTime() - t0) / 1e6 / n;
  }
}
