package io.relevo.app;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Dev measurement (run on demand: {@code -Dtest=LongMessageTurnCost}): the process CPU of a whole turn through the
 * HTTP API for 100- and 4,000-character messages (the client's share included; it is small).
 */
class LongMessageTurnCost {

  static final String[] WORDS = ("laptop printer vpn password email outlook teams wifi network screen keyboard mouse "
      + "account locked reset expired broken slow crash error install update license portal payslip holiday badge "
      + "office floor meeting room projector cable docking station battery charger phone mobile sync calendar "
      + "folder share drive permission access denied server down website intranet login sign certificate").split(" ");

  static String prose(int chars, long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder();
    while (b.length() < chars) {
      b.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(8) == 0 ? ". " : " ");
    }
    return b.substring(0, chars);
  }

  @Test
  void measure() {
    Relevo relevo = TestServers.start();
    try {
      Api api = new Api(relevo.port());
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      java.util.Map<String, java.util.function.LongFunction<String>> kinds = new java.util.LinkedHashMap<>();
      kinds.put("short prose", seed -> prose(100, seed));
      kinds.put("long prose", seed -> prose(4000, seed));
      kinds.put("one long word", seed -> "a".repeat(3999) + (char) ('a' + seed % 26));
      kinds.put("digits", seed -> ("1234567890" + seed).repeat(400).substring(0, 4000));
      kinds.put("no spaces", seed -> prose(4000, seed).replace(" ", ""));
      kinds.put("punctuation", seed -> "?!.,-".repeat(800));
      kinds.put("ticket ids", seed -> ("INC-" + (100000 + seed) + " ").repeat(400).substring(0, 4000));
      kinds.put("emoji", seed -> "😀".repeat(2000));
      for (int round = 0; round < 2; round++) {
        for (var kind : kinds.entrySet()) {
          int n = 6;
          long cpu = 0;
          for (int i = 0; i < n; i++) {
            Api.Conversation c = api.create("en");
            String text = kind.getValue().apply(round * 100 + i);
            long t0 = os.getProcessCpuTime();
            api.say(c, text, null);
            cpu += os.getProcessCpuTime() - t0;
          }
          System.out.printf(Locale.ROOT, "round %d, %-14s: %.1f ms process CPU per turn%n", round, kind.getKey(), cpu / 1e6 / n);
        }
      }
    } finally {
      relevo.stop();
    }
  }
}
