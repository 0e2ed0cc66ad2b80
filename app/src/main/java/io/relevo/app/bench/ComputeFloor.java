package io.relevo.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.relevo.intents.Analysis;
import io.relevo.intents.IntentService;
import io.relevo.kb.KnowledgeBase;
import io.relevo.kb.Options;

/**
 * The compute floor: the CPU time that understanding (language, intent, entities) and knowledge
 * search take per message, measured in this process on one thread with the intent model and the
 * knowledge base a Relevo built in {@code dataDir} (the same caches and articles it served), over
 * the benchmark's messages. {@code floor = cores / cpu per message} is the most turns per second
 * the machine could do if nothing else cost anything. With {@code hurried}, every message gets the
 * hurried analysis an overloaded server gives turns that waited longer than {@code intents.hurryAfter}.
 *
 * <p>The ONNX sessions of both models run on the calling thread (one intra-op thread), so the
 * thread's CPU time is the whole cost of a message.
 */
final class ComputeFloor {

  /** CPU and wall time per message, in microseconds, over {@code messages} measured messages. */
  record Result(int messages, double understandCpuMicros, double searchCpuMicros, double wallMicros, int cores) {

    double cpuMicros() {
      return understandCpuMicros + searchCpuMicros;
    }

    /** Turns per second the cores could do on understanding and search alone. */
    double floorPerSecond() {
      return cores * 1_000_000.0 / cpuMicros();
    }
  }

  private ComputeFloor() {
  }

  static Result measure(Path dataDir, List<LoadClient.Msg> messages, Duration warmup, Duration measure,
      boolean cascade, boolean hurried) {
    IntentService intents = new IntentService(dataDir.resolve("models").resolve("intents"), null, null,
        Clock.systemDefaultZone()).cascade(cascade);
    KnowledgeBase knowledge = null;
    try {
      intents.start();
      knowledge = KnowledgeBase.open(Options.defaults().withArticlesDir(dataDir.resolve("knowledge"))
          .withCacheDir(dataDir.resolve("models").resolve("knowledge")));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      if (!threads.isCurrentThreadCpuTimeSupported()) {
        throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
      }
      threads.setThreadCpuTimeEnabled(true);
      long warmEnd = System.nanoTime() + warmup.toNanos();
      for (int i = 0; System.nanoTime() < warmEnd || i < messages.size(); i++) {
        one(intents, knowledge, messages.get(i % messages.size()), hurried);
      }
      long understand = 0;
      long search = 0;
      int n = 0;
      long wall0 = System.nanoTime();
      long end = wall0 + measure.toNanos();
      while (System.nanoTime() < end || n < messages.size()) {
        LoadClient.Msg m = messages.get(n % messages.size());
        long c0 = threads.getCurrentThreadCpuTime();
        Analysis analysis = intents.analyze(m.text(), m.lang(), hurried);
        long c1 = threads.getCurrentThreadCpuTime();
        knowledge.answer(m.text(), language(analysis, m.lang()), Set.of(), analysis.sentenceVector());
        long c2 = threads.getCurrentThreadCpuTime();
        understand += c1 - c0;
        search += c2 - c1;
        n++;
      }
      long wall = System.nanoTime() - wall0;
      return new Result(n, understand / 1000.0 / n, search / 1000.0 / n, wall / 1000.0 / n,
          Runtime.getRuntime().availableProcessors());
    } finally {
      if (knowledge != null) {
        knowledge.close();
      }
      intents.close();
    }
  }

  private static void one(IntentService intents, KnowledgeBase knowledge, LoadClient.Msg m, boolean hurried) {
    Analysis analysis = intents.analyze(m.text(), m.lang(), hurried);
    knowledge.answer(m.text(), language(analysis, m.lang()), Set.of(), analysis.sentenceVector());
  }

  /** The language the bot searches in: the detected one when it is es or en, else the conversation's. */
  private static String language(Analysis analysis, String conversationLang) {
    String detected = analysis.language();
    return "es".equals(detected) || "en".equals(detected) ? detected : conversationLang;
  }
}
