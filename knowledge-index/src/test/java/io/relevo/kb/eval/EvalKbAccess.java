package io.relevo.kb.eval;

import io.relevo.kb.Article;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gives development tools in other packages the eval file readers. */
public final class EvalKbAccess {

  public record Q(String text, String lang, Set<String> relevant) {
  }

  private EvalKbAccess() {
  }

  public static List<Article> readArticles(Path file) throws IOException {
    return EvalKb.readArticles(file);
  }

  public static List<Q> readQueries(Path file, List<Article> articles) throws IOException {
    Map<String, Article> byId = new LinkedHashMap<>();
    articles.forEach(a -> byId.put(a.id(), a));
    return EvalKb.readQueries(file, byId).stream().map(q -> new Q(q.text(), q.lang(), q.relevant())).toList();
  }
}
