package io.relevo.kb.bench;

import io.relevo.kb.Article;
import io.relevo.kb.KnowledgeBase;
import io.relevo.kb.Options;
import io.relevo.kb.eval.Bm25Baseline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Search latency on a synthetic 10,000-article knowledge base (not a unit test). Prints the machine,
 * the command, and p50/p99 per query for the hybrid search and for plain BM25 in the same run: wall
 * time, and the searching thread's CPU time, which on a shared machine is not inflated by other
 * processes (the embedding model runs in the calling thread).
 *
 * <pre>
 * cd /work/main &amp;&amp; ./mvnw -B -q -o -pl knowledge-index test-compile
 * ./mvnw -B -q -o -pl knowledge-index dependency:build-classpath -Dmdep.outputFile=/tmp/kb-cp.txt
 * java -cp knowledge-index/target/test-classes:knowledge-index/target/classes:$(cat /tmp/kb-cp.txt) \
 *     io.relevo.kb.bench.SearchBenchmark [ARTICLES=10000] [QUERIES=2000] [CACHE_DIR]
 * </pre>
 */
public final class SearchBenchmark {

  private static final String[] COMMON = ("account access add app approve badge book calendar change "
      + "client computer connect contract copy delete desk device document download email error expense "
      + "file folder form holiday install invoice laptop leave license locked login mailbox manager meeting "
      + "monitor network office order parking password payroll phone policy portal printer profile remote "
      + "report request reset room salary scan screen security setting share sick software storage team "
      + "ticket token training travel update upload user vacation visitor vpn wifi window work").split(" ");

  private SearchBenchmark() {
  }

  public static void main(String[] args) {
    int articles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    Path cache = args.length > 2 ? Path.of(args[2]) : null;
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "machine: %d cores, %s %s (%s), max heap %d MB, %s %s%n",
        rt.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("java.vendor"), rt.maxMemory() >> 20, System.getProperty("os.name"),
        System.getProperty("os.arch"));
    System.out.println("command: java " + String.join(" ",
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
        + " -cp <test-classes:classes:dependencies> " + SearchBenchmark.class.getName() + " " + String.join(" ", args));
    System.out.printf(Locale.ROOT, "load average at start: %.2f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    Random random = new Random(42);
    String[] vocabulary = vocabulary(random, 5_000);
    List<Article> kbArticles = new ArrayList<>();
    for (int i = 0; i < articles; i++) {
      String title = sentence(random, vocabulary, 6);
      String body = sentence(random, vocabulary, 30) + ".\n\n## Steps\n" + sentence(random, vocabulary, 60) + ".";
      kbArticles.add(new Article("syn-" + i, null, "en", title, "it", List.of(), List.of(), null, "public", body));
    }
    List<String> queryTexts = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      Article a = kbArticles.get(random.nextInt(articles));
      String[] words = (a.title() + " " + a.body()).replaceAll("[^a-z ]", " ").trim().split("\\s+");
      StringBuilder q = new StringBuilder("how do i");
      for (int w = 0; w < 3 + random.nextInt(4); w++) {
        q.append(' ').append(words[random.nextInt(words.length)]);
      }
      queryTexts.add(q.toString());
    }

    long start = System.nanoTime();
    Options options = Options.defaults().withArticles(kbArticles);
    if (cache != null) {
      options = options.withCacheDir(cache);
    }
    try (KnowledgeBase kb = KnowledgeBase.open(options)) {
      System.out.printf(Locale.ROOT, "hybrid index: %d articles in %.1f s%n", kb.size(), (System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      try (Bm25Baseline baseline = new Bm25Baseline(kbArticles)) {
        System.out.printf(Locale.ROOT, "baseline index: %.1f s%n", (System.nanoTime() - start) / 1e9);
        report("hybrid answer(q, en)", queryTexts, q -> kb.answer(q, "en"));
        report("hybrid search(q, en, 10)", queryTexts, q -> kb.search(q, "en", 10));
        report("hybrid search(q, en, 3)", queryTexts, q -> kb.search(q, "en", 3));
        report("baseline BM25 (title+body)", queryTexts, q -> baseline.search(q, "en", 10));
      }
    }
  }

  /** Warms up (JIT, and the garbage of the index build) with every query, then times each query once. */
  private static void report(String name, List<String> queries, Consumer<String> search) {
    System.gc();
    for (String q : queries) {
      search.accept(q);
    }
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long[] nanos = new long[queries.size()];
    long[] cpu = new long[queries.size()];
    for (int i = 0; i < queries.size(); i++) {
      long c = threads.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      search.accept(queries.get(i));
      nanos[i] = System.nanoTime() - t;
      cpu[i] = threads.getCurrentThreadCpuTime() - c;
    }
    Arrays.sort(nanos);
    Arrays.sort(cpu);
    System.out.printf(Locale.ROOT, "%-28s queries %d  wall p50 %.2f ms  p99 %.2f ms  max %.2f ms | cpu p50 %.2f ms"
            + "  p99 %.2f ms%n", name, nanos.length, pct(nanos, 50), pct(nanos, 99), nanos[nanos.length - 1] / 1e6,
        pct(cpu, 50), pct(cpu, 99));
  }

  private static double pct(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static String[] vocabulary(Random random, int size) {
    String[] words = new String[size];
    String letters = "abcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < size; i++) {
      if (i < COMMON.length) {
        words[i] = COMMON[i];
        continue;
      }
      StringBuilder w = new StringBuilder();
      int len = 4 + random.nextInt(6);
      for (int c = 0; c < len; c++) {
        w.append(letters.charAt(random.nextInt(letters.length())));
      }
      words[i] = w.toString();
    }
    return words;
  }

  /** Words drawn with a Zipf-like distribution, as in natural text. */
  private static String sentence(Random random, String[] vocabulary, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      double u = random.nextDouble();
      int index = (int) Math.min(vocabulary.length - 1, Math.floor(Math.pow(vocabulary.length + 1, u)) - 1);
      s.append(i == 0 ? "" : " ").append(vocabulary[index]);
    }
    return s.toString();
  }
}
