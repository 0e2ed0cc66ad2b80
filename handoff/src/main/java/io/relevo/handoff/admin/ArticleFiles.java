package io.relevo.handoff.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

import io.relevo.kb.Article;

/** Knowledge articles as files: Markdown with YAML front matter, written atomically. Stateless. */
public final class ArticleFiles {

  private ArticleFiles() {
  }

  /** The file text of {@code a}, in the format {@link io.relevo.kb.Articles#parse} reads. */
  public static String toMarkdown(Article a) {
    StringBuilder md = new StringBuilder("---\n");
    md.append("id: ").append(a.id()).append('\n');
    md.append("topic: ").append(quote(a.topic() == null ? a.id() : a.topic())).append('\n');
    md.append("title: ").append(quote(a.title())).append('\n');
    md.append("lang: ").append(quote(a.lang())).append('\n');
    md.append("department: ").append(quote(a.department() == null || a.department().isEmpty() ? "general" : a.department())).append('\n');
    md.append("tags: ").append(list(a.tags())).append('\n');
    md.append("questions:\n");
    for (String q : a.questions()) {
      md.append("  - ").append(quote(q)).append('\n');
    }
    if (a.updated() != null) {
      md.append("updated: ").append(a.updated()).append('\n');
    }
    md.append("visibility: ").append(quote(a.visibility())).append('\n');
    md.append("---\n").append(a.body().strip()).append('\n');
    return md.toString();
  }

  /** Writes {@code text} to {@code dir/id.md} through a temporary file and an atomic move. */
  public static void write(Path dir, String id, String text) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(id + ".md");
    Path tmp = dir.resolve("." + id + ".md.tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Makes {@code dir} hold the shipped demo articles when it does not exist yet (first start), so
   * that they can be edited like any others. Returns how many were written.
   */
  public static int seed(Path dir, List<Article> shipped) throws IOException {
    if (Files.exists(dir)) {
      return 0;
    }
    Path tmp = dir.resolveSibling(dir.getFileName() + ".seeding");
    Files.createDirectories(tmp);
    for (Article a : shipped) {
      write(tmp.resolve(a.lang()), a.id(), toMarkdown(a));
    }
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    return shipped.size();
  }

  /** A YAML double-quoted scalar; control characters and line separators are written as escapes. */
  static String quote(String s) {
    StringBuilder q = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '"') {
        q.append('\\').append(c);
      } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        q.append(String.format("\\u%04X", (int) c));
      } else {
        q.append(c);
      }
    }
    return q.append('"').toString();
  }

  private static String list(List<String> values) {
    return values.stream().map(ArticleFiles::quote).collect(Collectors.joining(", ", "[", "]"));
  }
}
