package io.relevo.kb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Prints, for each line of an {@code eval/dialogue} file's given split, the knowledge base's first
 * result and the features its confidence is computed from: the data for fitting the calibration
 * on the team's dev split ({@code java ... DialogueSetProbe eval/dialogue/en.tsv dev}). Not a test.
 */
public final class DialogueSetProbe {

  public static void main(String[] args) throws Exception {
    String split = args.length > 1 ? args[1] : "dev";
    try (KnowledgeBase kb = KnowledgeBase.openDemo()) {
      System.out.println("id\tlang\texpected\ttop\tsecond\tsem\tcoverage\tmargin\tsemMargin\tconfidence\tbm\tbmNorm\tsecondSem\tsemTop\tbmTop");
      for (String line : Files.readAllLines(Path.of(args[0])).subList(1, Files.readAllLines(Path.of(args[0])).size())) {
        String[] f = line.split("\t");
        if (!split.equals("all") && !f[2].equals(split)) {
          continue;
        }
        List<Candidate> ranked = kb.rank(f[4], f[1], Set.of(), 3);
        final List<Candidate> r3 = ranked;
        if (ranked.isEmpty()) {
          System.out.println(f[0] + "\t" + f[1] + "\t" + f[3] + "\t-\t-\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0");
          continue;
        }
        Candidate top = ranked.get(0);
        double second = ranked.size() > 1 ? ranked.get(1).fused : 0;
        double secondSem = ranked.stream().skip(1).mapToDouble(s -> s.sem).max().orElse(0);
        System.out.println(String.join("\t", f[0], f[1], f[3], top.entry.article.topic(),
            ranked.size() > 1 ? ranked.get(1).entry.article.topic() : "-", fmt(top.sem), fmt(top.coverage),
            fmt(top.fused - second), fmt(top.sem - secondSem), fmt(kb.confidence(ranked)), fmt(top.bm), fmt(top.bmNorm),
            fmt(secondSem), ranked.stream().allMatch(r -> r.sem <= top.sem) ? "1" : "0",
            ranked.stream().allMatch(r -> r.bm <= top.bm) ? "1" : "0"));
      }
    }
  }

  private static String fmt(double d) {
    return String.format(java.util.Locale.ROOT, "%.4f", d);
  }
}
