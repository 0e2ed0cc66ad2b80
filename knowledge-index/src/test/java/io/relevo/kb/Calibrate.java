package io.relevo.kb;

import io.relevo.kb.eval.EvalKbAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Development tool (not a test): fits the logistic confidence model on a labelled FAQ set, using
 * each query once normally (label: top hit correct) and once with its relevant articles left out
 * (label 0). Prints the coefficients for {@link Options.Calibration} and band rates per threshold.
 *
 * <pre>java -cp ... io.relevo.kb.Calibrate ARTICLES.jsonl QUERIES.jsonl [CACHE_DIR]</pre>
 */
public final class Calibrate {

  public static void main(String[] args) throws Exception {
    List<Article> articles = EvalKbAccess.readArticles(Path.of(args[0]));
    List<EvalKbAccess.Q> queries = EvalKbAccess.readQueries(Path.of(args[1]), articles);
    Options options = Options.defaults().withArticles(articles);
    if (args.length > 2) {
      options = options.withCacheDir(Path.of(args[2]));
    }
    if (args.length > 3) {
      Options.Fusion f = options.fusion();
      options = options.withFusion(new Options.Fusion(Double.parseDouble(args[3]), f.passageWeight(), f.titleBoost(),
          f.questionsBoost(), f.tagsBoost(), f.tieBreaker(), f.fuzzyWeight()));
    }
    int top1 = 0;
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Boolean> leftOut = new ArrayList<>();
    try (KnowledgeBase kb = KnowledgeBase.open(options)) {
      for (EvalKbAccess.Q q : queries) {
        for (boolean remove : new boolean[] {false, true}) {
          List<Candidate> ranked = kb.rank(q.text(), q.lang(), remove ? q.relevant() : Set.of(), 3);
          if (ranked.isEmpty()) {
            continue;
          }
          x.add(features(ranked));
          if (!remove && q.relevant().contains(ranked.get(0).id())) {
            top1++;
          }
          y.add(!remove && q.relevant().contains(ranked.get(0).id()) ? 1 : 0);
          leftOut.add(remove);
        }
      }
    }
    System.out.printf(Locale.ROOT, "P@1 %.3f%n", (double) top1 / queries.size());
    int n = x.size();
    int d = x.get(0).length;
    double[] w = new double[d + 1];
    double lr = 0.5;
    double l2 = 1e-4;
    for (int iter = 0; iter < 20000; iter++) {
      double[] g = new double[d + 1];
      for (int i = 0; i < n; i++) {
        double p = sigmoid(z(w, x.get(i)));
        double err = p - y.get(i);
        g[0] += err;
        for (int j = 0; j < d; j++) {
          g[j + 1] += err * x.get(i)[j];
        }
      }
      for (int j = 0; j <= d; j++) {
        w[j] -= lr * (g[j] / n + (j > 0 ? l2 * w[j] : 0));
      }
    }
    System.out.println("weights " + java.util.Arrays.toString(w));
    for (double t = 0.5; t < 0.99; t += t >= 0.899 ? 0.01 : 0.05) {
      int answerNormal = 0;
      int correct = 0;
      int answerLeftOut = 0;
      int normal = 0;
      int removed = 0;
      for (int i = 0; i < n; i++) {
        boolean answer = sigmoid(z(w, x.get(i))) >= t;
        if (leftOut.get(i)) {
          removed++;
          answerLeftOut += answer ? 1 : 0;
        } else {
          normal++;
          if (answer) {
            answerNormal++;
            correct += y.get(i);
          }
        }
      }
      System.out.printf(Locale.ROOT, "t=%.2f  ANSWER rate %.3f precision %.3f  left-out ANSWER %.3f%n", t,
          (double) answerNormal / normal, (double) correct / Math.max(1, answerNormal),
          (double) answerLeftOut / removed);
    }
  }

  static double[] features(List<Candidate> ranked) {
    Candidate top = ranked.get(0);
    double second = ranked.size() > 1 ? ranked.get(1).fused : 0;
    double secondSem = ranked.stream().skip(1).mapToDouble(s -> s.sem).max().orElse(0);
    return new double[] {top.sem, top.coverage, top.fused - second, top.sem - secondSem};
  }

  private static double z(double[] w, double[] x) {
    double z = w[0];
    for (int j = 0; j < x.length; j++) {
      z += w[j + 1] * x[j];
    }
    return z;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
