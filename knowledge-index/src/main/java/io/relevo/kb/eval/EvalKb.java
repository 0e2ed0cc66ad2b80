package io.relevo.kb.eval;

import io.relevo.texts.Lang;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relevo.kb.Answer;
import io.relevo.kb.Article;
import io.relevo.kb.Articles;
import io.relevo.kb.Band;
import io.relevo.kb.Hit;
import io.relevo.kb.KnowledgeBase;
import io.relevo.kb.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code eval-kb}: retrieval quality and latency of the knowledge base on a labelled question set,
 * with a plain BM25 baseline in the same run. The last line printed is one JSON object.
 *
 * <pre>
 * eval-kb --articles FILE|DIR --queries FILE [--unanswerable FILE] [--bands] [--cache DIR]
 * </pre>
 * Articles: a JSON-lines file ({@code id, lang, title, body[, questions]}) or a directory of
 * Markdown articles. Queries: JSON lines {@code {"text", "relevant": [ids][, "lang"]}}.
 */
public final class EvalKb {

  static final String USAGE = """
      usage: eval-kb --articles FILE|DIR --queries FILE [--unanswerable FILE] [--bands] [--cache DIR]
        --articles      JSON lines (id, lang, title, body[, questions]) or a directory of Markdown articles
        --queries       JSON lines {"text": ..., "relevant": [ids], "lang": "en"|"es" (optional)}
        --unanswerable  JSON lines {"text": ...}: questions no article answers; reports their bands
        --bands         also report confidence bands, with each query's relevant articles left out
        --cache         directory to cache embeddings in (faster reruns)""";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EvalKb() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  record Query(String text, String lang, Set<String> relevant) {
  }

  /** Runs the evaluation; returns the process exit code (0 ok, 1 failure, 2 bad arguments). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> opts = new LinkedHashMap<>();
    boolean bands = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--bands")) {
        bands = true;
      } else if (Set.of("--articles", "--queries", "--unanswerable", "--cache").contains(a) && i + 1 < args.length) {
        opts.put(a.substring(2), args[++i]);
      } else {
        err.println("eval-kb: unexpected argument '" + a + "'");
        err.println(USAGE);
        return 2;
      }
    }
    if (!opts.containsKey("articles") || !opts.containsKey("queries")) {
      err.println("eval-kb: --articles and --queries are required");
      err.println(USAGE);
      return 2;
    }
    try {
      return evaluate(opts, bands, out);
    } catch (IOException | RuntimeException e) {
      err.println("eval-kb: " + e.getMessage());
      return 1;
    }
  }

  private static int evaluate(Map<String, String> opts, boolean bands, PrintStream out) throws IOException {
    Path articlesPath = Path.of(opts.get("articles"));
    List<Article> articles = Files.isDirectory(articlesPath)
        ? Articles.loadDirectory(articlesPath) : readArticles(articlesPath);
    Map<String, Article> byId = new LinkedHashMap<>();
    articles.forEach(a -> byId.put(a.id(), a));
    List<Query> queries = readQueries(Path.of(opts.get("queries")), byId);
    if (queries.isEmpty()) {
      throw new IllegalArgumentException(opts.get("queries") + " has no queries");
    }
    out.printf(Locale.ROOT, "articles: %d (%s)  queries: %d (%s)%n", articles.size(), articlesPath,
        queries.size(), opts.get("queries"));
    Options options = Options.defaults().withArticles(articles);
    if (opts.containsKey("cache")) {
      options = options.withCacheDir(Path.of(opts.get("cache")));
    }
    long t0 = System.nanoTime();
    try (KnowledgeBase kb = KnowledgeBase.open(options); Bm25Baseline baseline = new Bm25Baseline(articles)) {
      out.printf(Locale.ROOT, "index built in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      for (Query q : queries.subList(0, Math.min(500, queries.size()))) {
        kb.search(q.text(), q.lang(), 10);
      }
      Metrics hybrid = new Metrics();
      Metrics plain = new Metrics();
      for (Query q : queries) {
        long start = System.nanoTime();
        List<Hit> hits = kb.search(q.text(), q.lang(), 10);
        long nanos = System.nanoTime() - start;
        hybrid.add(hits.stream().map(h -> h.article().id()).toList(), q.relevant(), nanos);
        start = System.nanoTime();
        List<String> ids = baseline.search(q.text(), q.lang(), 10);
        plain.add(ids, q.relevant(), System.nanoTime() - start);
      }
      out.println("                       P@1    Recall@5  MRR@10  p50 ms  p99 ms");
      out.println(hybrid.row("hybrid (relevo)"));
      out.println(plain.row("baseline BM25"));
      if (bands) {
        reportBands(kb, queries, out);
      }
      if (opts.containsKey("unanswerable")) {
        reportUnanswerable(kb, Path.of(opts.get("unanswerable")), queries.get(0).lang(), out);
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("p1", round(hybrid.p1()));
      summary.put("recall5", round(hybrid.recall5()));
      summary.put("mrr10", round(hybrid.mrr10()));
      summary.put("latencyP50Ms", round(hybrid.percentileMs(50)));
      summary.put("latencyP99Ms", round(hybrid.percentileMs(99)));
      summary.put("baselineP1", round(plain.p1()));
      summary.put("baselineMrr10", round(plain.mrr10()));
      out.println(JSON.writeValueAsString(summary));
    }
    return 0;
  }

  private static void reportBands(KnowledgeBase kb, List<Query> queries, PrintStream out) {
    Map<Band, Integer> normal = new EnumMap<>(Band.class);
    Map<Band, Integer> removed = new EnumMap<>(Band.class);
    int answerCorrect = 0;
    int chooseContains = 0;
    for (Query q : queries) {
      Answer a = kb.answer(q.text(), q.lang());
      normal.merge(a.band(), 1, Integer::sum);
      if (a.band() == Band.ANSWER && q.relevant().contains(a.hits().get(0).article().id())) {
        answerCorrect++;
      }
      if (a.band() == Band.CHOOSE && a.hits().stream().anyMatch(h -> q.relevant().contains(h.article().id()))) {
        chooseContains++;
      }
      removed.merge(kb.answer(q.text(), q.lang(), q.relevant()).band(), 1, Integer::sum);
    }
    int n = queries.size();
    int answers = normal.getOrDefault(Band.ANSWER, 0);
    int chooses = normal.getOrDefault(Band.CHOOSE, 0);
    out.printf(Locale.ROOT, "bands, normal queries:        ANSWER %.3f  CHOOSE %.3f  UNKNOWN %.3f%n",
        frac(answers, n), frac(chooses, n), frac(normal.getOrDefault(Band.UNKNOWN, 0), n));
    out.printf(Locale.ROOT, "  ANSWER precision %.3f (%d/%d); CHOOSE lists the answer %.3f (%d/%d)%n",
        frac(answerCorrect, answers), answerCorrect, answers, frac(chooseContains, chooses), chooseContains, chooses);
    out.printf(Locale.ROOT, "bands, answer left out:       ANSWER %.3f  CHOOSE %.3f  UNKNOWN %.3f"
            + "  (UNKNOWN or CHOOSE %.3f)%n",
        frac(removed.getOrDefault(Band.ANSWER, 0), n), frac(removed.getOrDefault(Band.CHOOSE, 0), n),
        frac(removed.getOrDefault(Band.UNKNOWN, 0), n), 1 - frac(removed.getOrDefault(Band.ANSWER, 0), n));
  }

  private static void reportUnanswerable(KnowledgeBase kb, Path file, String lang, PrintStream out) throws IOException {
    Map<Band, Integer> bands = new EnumMap<>(Band.class);
    int n = 0;
    for (JsonNode node : readJsonLines(file)) {
      String l = node.hasNonNull("lang") ? node.get("lang").asText() : lang;
      bands.merge(kb.answer(node.path("text").asText(), l).band(), 1, Integer::sum);
      n++;
    }
    out.printf(Locale.ROOT, "unanswerable (%d): ANSWER %d  CHOOSE %d  UNKNOWN %d%n", n,
        bands.getOrDefault(Band.ANSWER, 0), bands.getOrDefault(Band.CHOOSE, 0), bands.getOrDefault(Band.UNKNOWN, 0));
  }

  static List<Article> readArticles(Path file) throws IOException {
    List<Article> articles = new ArrayList<>();
    int line = 0;
    for (JsonNode n : readJsonLines(file)) {
      line++;
      if (!n.hasNonNull("id") || !n.hasNonNull("title")) {
        throw new IllegalArgumentException(file + ": article " + line + " lacks id or title");
      }
      List<String> questions = new ArrayList<>();
      n.path("questions").forEach(q -> questions.add(q.asText()));
      articles.add(new Article(n.get("id").asText(), null, n.path("lang").asText("en"), n.get("title").asText(),
          null, List.of(), questions, null, "public", n.path("body").asText("")));
    }
    return articles;
  }

  static List<Query> readQueries(Path file, Map<String, Article> articles) throws IOException {
    String dirLang = file.getParent() == null ? null : file.getParent().getFileName().toString();
    List<Query> queries = new ArrayList<>();
    for (JsonNode n : readJsonLines(file)) {
      Set<String> relevant = new HashSet<>();
      n.path("relevant").forEach(r -> relevant.add(r.asText()));
      String lang;
      if (n.hasNonNull("lang")) {
        lang = n.get("lang").asText();
      } else if (Lang.exactly(dirLang).isPresent()) {
        lang = dirLang;
      } else {
        lang = relevant.stream().map(articles::get).filter(a -> a != null).map(Article::lang).findFirst().orElse("en");
      }
      queries.add(new Query(n.path("text").asText(), lang, relevant));
    }
    return queries;
  }

  private static List<JsonNode> readJsonLines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    int line = 0;
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      try {
        nodes.add(JSON.readTree(text));
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ":" + line + ": not a JSON object: " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    return nodes;
  }

  private static double frac(int a, int b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Rank metrics and latencies over a query set. */
  static final class Metrics {
    private int n;
    private double p1;
    private double recall5;
    private double mrr10;
    private final List<Long> nanos = new ArrayList<>();

    void add(List<String> ranked, Set<String> relevant, long latencyNanos) {
      n++;
      nanos.add(latencyNanos);
      if (!ranked.isEmpty() && relevant.contains(ranked.get(0))) {
        p1++;
      }
      if (!relevant.isEmpty()) {
        recall5 += (double) ranked.stream().limit(5).filter(relevant::contains).count() / relevant.size();
      }
      for (int i = 0; i < Math.min(10, ranked.size()); i++) {
        if (relevant.contains(ranked.get(i))) {
          mrr10 += 1.0 / (i + 1);
          break;
        }
      }
    }

    double p1() {
      return p1 / n;
    }

    double recall5() {
      return recall5 / n;
    }

    double mrr10() {
      return mrr10 / n;
    }

    double percentileMs(int p) {
      long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    String row(String name) {
      return String.format(Locale.ROOT, "%-20s %7.3f %9.3f %7.3f %7.2f %7.2f", name, p1(), recall5(), mrr10(),
          percentileMs(50), percentileMs(99));
    }
  }
}
