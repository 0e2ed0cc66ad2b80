package io.relevo.app.bench;

import io.relevo.texts.Lang;
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
 * search take per message, measured in this process on one thread (or one per core at once) with the intent model and the
 * knowledge base a Relevo built in {@code dataDir} (the same caches and articles it served), over
 * the benchmark's messages. {@code floor = cores / cpu per message} is the most turns per second
 * the machine could do if nothing else cost anything. With {@code hurried}, every message gets the
 * hurried analysis an overloaded server gives turns that waited longer than {@code intents.hurryAfter}.
 *
 * <p>The ONNX sessions of both models run on the calling thread (one intra-op thread), so the
 * thread's CPU time is the whole cost of a message.
 */
final class ComputeFloor {

  /**
   * CPU and wall time per message, in microseconds, over {@code messages} measured messages, and the
   * distribution of one message's CPU time (understanding + search) in microseconds.
   */
  record Result(int messages, double understandCpuMicros, double searchCpuMicros, double wallMicros, int cores,
      org.HdrHistogram.Histogram perMessage) {

    /** The {@code percentile} (0-100) of one message's CPU time, in ms. */
    double cpuMs(double percentile) {
      return perMessage.getValueAtPercentile(percentile) / 1000.0;
    }

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
    return measure(dataDir, messages, warmup, measure, cascade, hurried, 1);
  }

  /**
   * With {@code threads} > 1, that many threads analyse and search at once (each from its own
   * start in the messages), as a server's workers do at peak: the cores share caches and memory
   * bandwidth, so a message may cost more CPU time than on one thread alone. The result is over
   * all threads' messages.
   */
  static Result measure(Path dataDir, List<LoadClient.Msg> messages, Duration warmup, Duration measure,
      boolean cascade, boolean hurried, int threads) {
    IntentService intents = new IntentService(dataDir.resolve("models").resolve("intents"), null, null,
        Clock.systemDefaultZone()).cascade(cascade);
    KnowledgeBase knowledge = null;
    try {
      intents.start();
      knowledge = KnowledgeBase.open(Options.defaults().withArticlesDir(dataDir.resolve("knowledge"))
          .withCacheDir(dataDir.resolve("models").resolve("knowledge")));
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      if (!mx.isCurrentThreadCpuTimeSupported()) {
        throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
      }
      mx.setThreadCpuTimeEnabled(true);
      KnowledgeBase kb = knowledge;
      java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      try {
        List<java.util.concurrent.Future<Counts>> parts = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int start = t * messages.size() / threads;
          parts.add(pool.submit(() -> run(intents, kb, messages, start, warmup, measure, hurried, together)));
        }
        Counts sum = new Counts(0, 0, 0, histogram());
        for (java.util.concurrent.Future<Counts> part : parts) {
          sum = sum.plus(part.get());
        }
        return sum.result(threads);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("the compute floor failed", e.getCause());
      } finally {
        pool.shutdownNow();
      }
    } finally {
      if (knowledge != null) {
        knowledge.close();
      }
      intents.close();
    }
  }

  private static org.HdrHistogram.Histogram histogram() {
    return new org.HdrHistogram.Histogram(60_000_000L, 3);
  }

  /**
   * One thread's nanoseconds (its CPU time, and the wall time over its measured messages), and each
   * message's CPU time in microseconds (their count is the number of messages).
   */
  private record Counts(long understandNanos, long searchNanos, long wallNanos, org.HdrHistogram.Histogram perMessage) {
    Counts plus(Counts o) {
      org.HdrHistogram.Histogram both = perMessage.copy();
      both.add(o.perMessage);
      return new Counts(understandNanos + o.understandNanos, searchNanos + o.searchNanos,
          Math.max(wallNanos, o.wallNanos), both);
    }

    /** Per message; the wall time per message of {@code threads} threads at once is their wall time over all messages. */
    Result result(int threads) {
      int messages = (int) perMessage.getTotalCount();
      return new Result(messages, understandNanos / 1000.0 / messages, searchNanos / 1000.0 / messages,
          wallNanos / 1000.0 / messages * threads, Runtime.getRuntime().availableProcessors(), perMessage);
    }
  }

  /** Warms up, waits for the other threads, then measures on this thread. */
  private static Counts run(IntentService intents, KnowledgeBase knowledge, List<LoadClient.Msg> messages, int start,
      Duration warmup, Duration measure, boolean hurried, java.util.concurrent.CyclicBarrier together) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long warmEnd = System.nanoTime() + warmup.toNanos();
    for (int i = 0; System.nanoTime() < warmEnd || i < messages.size(); i++) {
      one(intents, knowledge, messages.get((start + i) % messages.size()), hurried);
    }
    try {
      together.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.BrokenBarrierException e) {
      throw new IllegalStateException("another floor thread failed", e);
    }
    long understand = 0;
    long search = 0;
    int n = 0;
    org.HdrHistogram.Histogram perMessage = histogram();
    long wall0 = System.nanoTime();
    long end = wall0 + measure.toNanos();
    while (System.nanoTime() < end || n < messages.size()) {
      LoadClient.Msg m = messages.get((start + n) % messages.size());
      long c0 = mx.getCurrentThreadCpuTime();
      Analysis analysis = intents.analyze(m.text(), m.lang(), hurried);
      long c1 = mx.getCurrentThreadCpuTime();
      knowledge.answer(m.text(), language(analysis, m.lang()), Set.of(), analysis.sentenceVector());
      long c2 = mx.getCurrentThreadCpuTime();
      understand += c1 - c0;
      search += c2 - c1;
      perMessage.recordValue(Math.max(0, Math.min((c2 - c0) / 1000, perMessage.getHighestTrackableValue())));
      n++;
    }
    return new Counts(understand, search, System.nanoTime() - wall0, perMessage);
  }

  private static void one(IntentService intents, KnowledgeBase knowledge, LoadClient.Msg m, boolean hurried) {
    Analysis analysis = intents.analyze(m.text(), m.lang(), hurried);
    knowledge.answer(m.text(), language(analysis, m.lang()), Set.of(), analysis.sentenceVector());
  }

  /** The language the bot searches in: the detected one when it is es or en, else the conversation's. */
  private static String language(Analysis analysis, String conversationLang) {
    String detected = analysis.language();
    return Lang.exactly(detected).map(Lang::tag).orElse(conversationLang);
  }
}
