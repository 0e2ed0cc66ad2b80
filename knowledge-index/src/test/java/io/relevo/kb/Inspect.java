package io.relevo.kb;

import io.relevo.kb.eval.EvalKbAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Development tool (not a test): prints the misses of a question set against the shipped demo, and
 * the non-UNKNOWN answers of an unanswerable set, with each candidate's ranking features.
 *
 * <pre>java -cp ... io.relevo.kb.Inspect src/test/resources/kb-eval/es/questions.jsonl [CACHE_DIR]</pre>
 */
public final class Inspect {

  public static void main(String[] args) throws Exception {
    List<Article> articles = Articles.loadShipped();
    Path questions = Path.of(args[0]);
    List<EvalKbAccess.Q> queries = EvalKbAccess.readQueries(questions, articles);
    Options options = Options.defaults().withArticles(articles);
    if (args.length > 1) {
      options = options.withCacheDir(Path.of(args[1]));
    }
    try (KnowledgeBase kb = KnowledgeBase.open(options)) {
      for (EvalKbAccess.Q q : queries) {
        List<Candidate> ranked = kb.rank(q.text(), q.lang(), Set.of(), 3);
        boolean ok = !ranked.isEmpty() && q.relevant().contains(ranked.get(0).id());
        Answer a = kb.answer(q.text(), q.lang());
        if (!ok || (q.relevant().isEmpty() && a.band() != Band.UNKNOWN)) {
          System.out.printf(Locale.ROOT, "%s [%s] want %s band %s %.2f%n", q.text(), q.lang(), q.relevant(), a.band(), a.confidence());
          for (Candidate s : ranked) {
            System.out.printf(Locale.ROOT, "   %-28s fused %.3f sem %.3f bm %.3f cov %.2f%n", s.id(), s.fused, s.sem, s.bmNorm, s.coverage);
          }
        }
      }
    }
  }
}
