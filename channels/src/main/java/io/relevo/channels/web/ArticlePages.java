package io.relevo.channels.web;

import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.kb.Article;
import io.relevo.kb.KnowledgeBase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /kb/{id}}: a knowledge article as a page, the target of the links under the bot's
 * answers. The Markdown is rendered by a small renderer that escapes all text and allows only
 * headings, paragraphs, lists, emphasis, code and http(s) or site-relative links, so an article
 * can never inject markup. Stateless and thread-safe.
 */
public final class ArticlePages {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,119}");

  private final Vertx vertx;
  private final KnowledgeBase knowledge;

  public ArticlePages(Vertx vertx, KnowledgeBase knowledge) {
    this.vertx = vertx;
    this.knowledge = knowledge;
  }

  public void mount(Router router) {
    router.get("/kb/:id").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      notFound(ctx);
      return;
    }
    vertx.executeBlocking(() -> knowledge.get(id), false).onComplete(ar -> {
      if (ar.failed() || ar.result().isEmpty()) {
        notFound(ctx);
        return;
      }
      Article a = ar.result().get();
      Lang lang = Lang.of(a.lang());
      String html = "<!doctype html><html lang=\"" + escape(a.lang()) + "\"><head><meta charset=\"utf-8\">"
          + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          + "<title>" + escape(a.title()) + "</title><link rel=\"stylesheet\" href=\"/article.css\"></head><body>"
          + "<main class=\"article\"><p class=\"crumbs\"><a href=\"/\">" + escape(Texts.get(lang, "article.helpCentre"))
          + "</a></p><h1>" + escape(a.title()) + "</h1>"
          + (a.updated() == null ? "" : "<p class=\"meta\">" + escape(Texts.get(lang, "article.updated", a.updated()))
              + " · " + escape(a.id()) + "</p>")
          + markdown(a.body()) + "</main></body></html>";
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
          .putHeader("Cache-Control", "no-cache").end(html);
    });
  }

  private static void notFound(RoutingContext ctx) {
    ctx.response().setStatusCode(404).putHeader("Content-Type", "text/html; charset=utf-8")
        .end("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title>"
            + "<link rel=\"stylesheet\" href=\"/article.css\"></head><body><main class=\"article\">"
            + "<h1>Article not found</h1><p>This article does not exist or was removed.</p>"
            + "<p lang=\"es\">Este artículo no existe o se ha retirado.</p><p><a href=\"/\">Help centre · Centro de ayuda</a></p>"
            + "</main></body></html>");
  }

  /** Renders the Markdown subset used by articles; all text is escaped. */
  public static String markdown(String source) {
    StringBuilder out = new StringBuilder();
    String list = null;
    StringBuilder para = new StringBuilder();
    for (String raw : (source + "\n").split("\n", -1)) {
      String line = raw.stripTrailing();
      Matcher ordered = Pattern.compile("^\\s*\\d+[.)]\\s+(.*)").matcher(line);
      Matcher bullet = Pattern.compile("^\\s*[-*+]\\s+(.*)").matcher(line);
      Matcher heading = Pattern.compile("^(#{1,6})\\s+(.*)").matcher(line);
      String kind = ordered.matches() ? "ol" : bullet.matches() ? "ul" : null;
      if (kind != null || line.isBlank() || heading.matches()) {
        flush(out, para);
      }
      // a blank line between items keeps the list open (loose lists); anything else closes it
      if (list != null && !line.isBlank() && !list.equals(kind)) {
        out.append("</").append(list).append('>');
        list = null;
      }
      if (heading.matches()) {
        int level = Math.min(6, heading.group(1).length() + 1); // the page's h1 is the title
        out.append("<h").append(level).append('>').append(inline(heading.group(2))).append("</h").append(level).append('>');
      } else if (kind != null) {
        if (list == null) {
          out.append('<').append(kind).append('>');
          list = kind;
        }
        out.append("<li>").append(inline((kind.equals("ol") ? ordered : bullet).group(1))).append("</li>");
      } else if (!line.isBlank()) {
        para.append(para.length() == 0 ? "" : " ").append(line.strip());
      }
    }
    flush(out, para);
    if (list != null) {
      out.append("</").append(list).append('>');
    }
    return out.toString();
  }

  private static void flush(StringBuilder out, StringBuilder para) {
    if (para.length() > 0) {
      out.append("<p>").append(inline(para.toString())).append("</p>");
      para.setLength(0);
    }
  }

  private static final Pattern INLINE = Pattern.compile(
      "\\[([^\\]]+)\\]\\(([^)\\s]+)\\)|\\*\\*([^*]+)\\*\\*|`([^`]+)`|\\*([^*]+)\\*");

  static String inline(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = INLINE.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(escape(text.substring(last, m.start())));
      if (m.group(1) != null) {
        String url = m.group(2);
        if (url.startsWith("https://") || url.startsWith("http://") || (url.startsWith("/") && !url.startsWith("//"))) {
          out.append("<a href=\"").append(escape(url)).append("\" rel=\"noopener noreferrer\">")
              .append(escape(m.group(1))).append("</a>");
        } else {
          out.append(escape(m.group(1)));
        }
      } else if (m.group(3) != null) {
        out.append("<strong>").append(escape(m.group(3))).append("</strong>");
      } else if (m.group(4) != null) {
        out.append("<code>").append(escape(m.group(4))).append("</code>");
      } else {
        out.append("<em>").append(escape(m.group(5))).append("</em>");
      }
      last = m.end();
    }
    out.append(escape(text.substring(last)));
    return out.toString();
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
