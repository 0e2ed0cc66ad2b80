package io.relevo.handoff.admin;

import io.relevo.texts.Lang;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.auth.AgentAuth;
import io.relevo.intents.IntentService;
import io.relevo.kb.Article;
import io.relevo.kb.Articles;
import io.relevo.kb.KnowledgeBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The administrators' API (admin role): knowledge articles (list, read, add or replace, delete),
 * the knowledge report (deflection per article and unanswered questions) and retraining the
 * intent model. Article changes take effect in search at once and are written to the articles
 * directory, so they outlive a restart. One instance per HTTP verticle; stateless.
 */
public final class AdminRoutes {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,119}");
  private static final int MAX_ARTICLE_CHARS = 100_000;

  private final Vertx vertx;
  private final AgentAuth auth;
  private final KnowledgeBase knowledge;
  private final Path articlesDir;
  private final KnowledgeStats stats;
  private final IntentService intents;

  /** @param articlesDir where article files are kept; null keeps changes in memory only */
  public AdminRoutes(Vertx vertx, AgentAuth auth, KnowledgeBase knowledge, Path articlesDir, KnowledgeStats stats,
      IntentService intents) {
    this.vertx = vertx;
    this.auth = auth;
    this.knowledge = knowledge;
    this.articlesDir = articlesDir;
    this.stats = stats;
    this.intents = intents;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(4 * MAX_ARTICLE_CHARS);
    String base = "/api/v1/admin";
    router.get(base + "/articles").handler(auth.require(AgentRole.ADMIN)).handler(this::list);
    router.get(base + "/articles/:id").handler(auth.require(AgentRole.ADMIN)).handler(this::get);
    router.put(base + "/articles/:id").handler(body).handler(auth.require(AgentRole.ADMIN)).handler(this::put);
    router.delete(base + "/articles/:id").handler(auth.require(AgentRole.ADMIN)).handler(this::delete);
    router.get(base + "/knowledge/report").handler(auth.require(AgentRole.SUPERVISOR)).handler(this::report);
    router.post(base + "/intents/retrain").handler(auth.require(AgentRole.ADMIN)).handler(this::retrain);
  }

  private void list(RoutingContext ctx) {
    vertx.executeBlocking(knowledge::list, false).onSuccess(all -> {
      JsonArray out = new JsonArray();
      all.stream().sorted(java.util.Comparator.comparing(Article::id)).forEach(a -> out.add(summary(a)));
      json(ctx, 200, new JsonObject().put("articles", out));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = id(ctx);
    vertx.executeBlocking(() -> knowledge.get(id), false).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(new ApiException(404, "not_found", "No article " + id + "."));
      } else {
        json(ctx, 200, full(found.get()));
      }
    }).onFailure(ctx::fail);
  }

  private void put(RoutingContext ctx) {
    String id = id(ctx);
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    String markdown = toMarkdown(id, body);
    Article article;
    try {
      article = Articles.parse(id + ".md", markdown);
    } catch (RuntimeException e) {
      throw new ApiException(400, "invalid_article", e.getMessage());
    }
    vertx.executeBlocking(() -> {
      boolean existed = knowledge.get(id).isPresent();
      if (articlesDir != null) {
        // replace the article's file wherever it is in the tree, else add it at the top
        Path existing = findFile(id);
        ArticleFiles.write(existing != null ? existing.getParent() : articlesDir, id, markdown);
      }
      knowledge.put(article);
      return existed;
    }, false).onSuccess(existed -> json(ctx, existed ? 200 : 201, full(article))).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = id(ctx);
    vertx.executeBlocking(() -> {
      Path existing = articlesDir == null ? null : findFile(id);
      if (existing != null) {
        Files.delete(existing);
      }
      return knowledge.delete(id);
    }, false).onSuccess(deleted -> {
      if (deleted) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(new ApiException(404, "not_found", "No article " + id + "."));
      }
    }).onFailure(ctx::fail);
  }

  private void report(RoutingContext ctx) {
    Future.all(stats.articles(), stats.gaps(5000, 100)).onSuccess(all -> {
      List<KnowledgeStats.ArticleCounts> counts = all.resultAt(0);
      List<KnowledgeStats.Gap> gaps = all.resultAt(1);
      JsonArray articles = new JsonArray();
      for (KnowledgeStats.ArticleCounts c : counts) {
        String title = knowledge.get(c.articleId()).map(Article::title).orElse(null);
        articles.add(new JsonObject().put("id", c.articleId()).put("title", title).put("shown", c.shown())
            .put("helpful", c.helpful()).put("notHelpful", c.notHelpful())
            .put("helpfulRate", Math.round(c.helpfulRate() * 1000) / 1000.0));
      }
      JsonArray unanswered = new JsonArray();
      gaps.forEach(g -> unanswered.add(new JsonObject().put("question", g.question()).put("lang", g.lang())
          .put("count", g.count()).put("lastAsked", g.lastAsked().toString()).put("reason", g.reason())));
      json(ctx, 200, new JsonObject().put("articles", articles).put("unanswered", unanswered));
    }).onFailure(ctx::fail);
  }

  private void retrain(RoutingContext ctx) {
    vertx.executeBlocking(intents::retrain, false)
        .onSuccess(summary -> json(ctx, 200, JsonObject.mapFrom(summary)))
        .onFailure(e -> ctx.fail(new ApiException(500, "retrain_failed", "Retraining failed: " + e.getMessage())));
  }

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      throw new ApiException(400, "bad_request", "An article id is 1 to 120 lowercase letters, digits, '.', '_' or '-'.");
    }
    return id;
  }

  /** Builds the article file (front matter and body) from the request, checking the fields. */
  static String toMarkdown(String id, JsonObject body) {
    String lang = string(body, "lang", true);
    if (Lang.exactly(lang).isEmpty()) {
      throw new ApiException(400, "invalid_article", "'lang' must be es or en.");
    }
    String title = string(body, "title", true);
    String text = string(body, "body", true);
    if (text.length() > MAX_ARTICLE_CHARS) {
      throw new ApiException(413, "article_too_large", "An article body has at most " + MAX_ARTICLE_CHARS + " characters.");
    }
    String updated = string(body, "updated", false);
    java.time.LocalDate date;
    try {
      date = updated.isEmpty() ? java.time.LocalDate.now(java.time.ZoneOffset.UTC) : java.time.LocalDate.parse(updated);
    } catch (java.time.format.DateTimeParseException e) {
      throw new ApiException(400, "invalid_article", "'updated' must be a date, YYYY-MM-DD.");
    }
    return ArticleFiles.toMarkdown(new Article(id, orDefault(string(body, "topic", false), id), lang, title,
        orDefault(string(body, "department", false), "general"), strings(body, "tags"), strings(body, "questions"),
        date, orDefault(string(body, "visibility", false), "public"), text));
  }

  private static String string(JsonObject body, String key, boolean required) {
    Object v = body.getValue(key);
    if (v == null) {
      if (required) {
        throw new ApiException(400, "invalid_article", "'" + key + "' is required.");
      }
      return "";
    }
    if (!(v instanceof String s)) {
      throw new ApiException(400, "invalid_article", "'" + key + "' must be a string.");
    }
    if (required && s.isBlank()) {
      throw new ApiException(400, "invalid_article", "'" + key + "' must not be empty.");
    }
    if (!key.equals("body") && !oneLine(s)) {
      throw new ApiException(400, "invalid_article", "'" + key + "' must be one line without control characters.");
    }
    return key.equals("body") ? s.replace("\r\n", "\n").replace('\r', '\n').strip() : s.strip();
  }

  private static List<String> strings(JsonObject body, String key) {
    Object v = body.getValue(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray a) || a.stream().anyMatch(x -> !(x instanceof String s) || !oneLine(s))) {
      throw new ApiException(400, "invalid_article", "'" + key + "' must be a list of one-line strings without control characters.");
    }
    return a.stream().map(x -> ((String) x).strip()).filter(s -> !s.isEmpty()).toList();
  }

  /** No CR, LF or other control character (tab included), nor a Unicode line or paragraph separator. */
  private static boolean oneLine(String s) {
    return s.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
  }

  private static String orDefault(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }

  private Path findFile(String id) throws IOException {
    if (!Files.isDirectory(articlesDir)) {
      return null;
    }
    try (var files = Files.walk(articlesDir)) {
      return files.filter(f -> f.getFileName().toString().equals(id + ".md")).findFirst().orElse(null);
    }
  }

  private static JsonObject summary(Article a) {
    return new JsonObject().put("id", a.id()).put("lang", a.lang()).put("title", a.title())
        .put("department", a.department()).put("topic", a.topic()).put("visibility", a.visibility())
        .put("updated", a.updated() == null ? null : a.updated().toString()).put("url", "/kb/" + a.id());
  }

  private static JsonObject full(Article a) {
    return summary(a).put("tags", new JsonArray(a.tags())).put("questions", new JsonArray(a.questions()))
        .put("body", a.body());
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
