package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The bot answers from the knowledge base; administrators change it live; the report counts. */
class KnowledgeTest {

  static Relevo relevo;
  static Path articles;

  @BeforeAll
  static void start() throws Exception {
    articles = TestRedis.tempDir("articles");
    Files.createDirectories(articles);
    for (String lang : List.of("en", "es")) {
      Path dir = Path.of("..", "knowledge-index", "src", "main", "resources", "io", "relevo", "kb", "demo", lang);
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.copy(f, articles.resolve(f.getFileName()));
        }
      }
    }
    relevo = TestServers.start(Map.of("RELEVO_KNOWLEDGE_DIR", articles.toString(),
        "RELEVO_KNOWLEDGE_RESCAN_INTERVAL", "1s"));
  }

  @AfterAll
  static void stop() {
    relevo.stop();
  }

  private static List<JsonObject> say(Api api, Api.Conversation c, String text) {
    Api.Response r = api.say(c, text, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("messages").stream().map(o -> (JsonObject) o).toList();
  }

  private static List<JsonObject> choose(Api api, Api.Conversation c, String payload) {
    Api.Response r = api.post("/api/v1/conversations/" + c.id() + "/messages",
        new JsonObject().put("text", payload).put("payload", payload).encode(), c.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("messages").stream().map(o -> (JsonObject) o).toList();
  }

  /** The article answered with, else the first one offered as a choice. */
  private static String offered(List<JsonObject> replies) {
    String answered = linkOf(replies);
    if (answered != null) {
      return answered;
    }
    return replies.stream().flatMap(m -> m.getJsonArray("quickReplies", new JsonArray()).stream())
        .map(q -> ((JsonObject) q).getString("payload")).filter(p -> p.startsWith("kb.show:"))
        .map(p -> p.substring("kb.show:".length())).findFirst().orElse(null);
  }

  private static String linkOf(List<JsonObject> replies) {
    return replies.stream().filter(m -> m.containsKey("links"))
        .map(m -> m.getJsonArray("links").getJsonObject(0).getString("articleId")).findFirst().orElse(null);
  }

  @Test
  void answersWithThePassageAndItsArticleThenCountsTheFeedback() {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    List<JsonObject> replies = say(api, c, "how can I get on the vpn when working from home");
    assertThat(linkOf(replies)).isEqualTo("en-it-vpn-connect");
    assertThat(replies.get(0).getString("text")).doesNotContain("##").doesNotContain("**");
    JsonObject ask = replies.get(replies.size() - 1);
    assertThat(ask.getString("text")).isEqualTo("Did this help?");
    assertThat(ask.getJsonArray("quickReplies").getJsonObject(0).getString("payload")).isEqualTo("kb.helped:en-it-vpn-connect");

    assertThat(choose(api, c, "kb.helped:en-it-vpn-connect").get(0).getString("text")).startsWith("Great, glad it helped");
    String admin = HandoffTest.login(api, "sam");
    JsonObject report = api.get("/api/v1/admin/knowledge/report", admin).json();
    JsonObject vpn = report.getJsonArray("articles").stream().map(o -> (JsonObject) o)
        .filter(a -> a.getString("id").equals("en-it-vpn-connect")).findFirst().orElseThrow();
    assertThat(vpn.getLong("shown")).isGreaterThanOrEqualTo(1);
    assertThat(vpn.getLong("helpful")).isGreaterThanOrEqualTo(1);
    assertThat(vpn.getString("title")).isNotBlank();
  }

  @Test
  void answersInSpanishAndAfterTwoUnhelpfulAnswersOffersAPerson() {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("es");
    List<JsonObject> first = say(api, c, "se me ha olvidado la contraseña, como la restablezco?");
    String article = linkOf(first);
    assertThat(article).isEqualTo("es-it-password-reset");
    assertThat(choose(api, c, "kb.not_helped:" + article).get(0).getString("text")).startsWith("Siento que no te haya servido");
    String again = linkOf(say(api, c, "¿cómo configuro el correo del trabajo en el móvil?"));
    assertThat(again).isEqualTo("es-it-email-phone");
    List<JsonObject> handed = choose(api, c, "kb.not_helped:" + again);
    assertThat(handed.get(0).getString("text")).startsWith("Parece que no consigo ayudarte");
  }

  @Test
  void aQuestionTheKnowledgeBaseCannotAnswerIsSaidSoAndRecordedRedacted() {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    List<JsonObject> replies = say(api, c, "what is the share price of our company today? you can reach me at joe@example.com");
    assertThat(linkOf(replies)).isNull();
    assertThat(replies.get(0).getJsonArray("quickReplies").stream().map(o -> ((JsonObject) o).getString("payload")))
        .contains("handoff.request");
    String admin = HandoffTest.login(api, "sam");
    JsonArray gaps = api.get("/api/v1/admin/knowledge/report", admin).json().getJsonArray("unanswered");
    assertThat(gaps.stream().map(o -> ((JsonObject) o).getString("question")))
        .anyMatch(q -> q.contains("share price") && q.contains("[email]") && !q.contains("joe@example.com"));
  }

  @Test
  void administratorsAddReplaceAndDeleteArticlesLive() throws Exception {
    Api api = new Api(relevo.port());
    String admin = HandoffTest.login(api, "sam");
    String agent = HandoffTest.login(api, "ana");
    JsonObject article = new JsonObject().put("lang", "en").put("title", "Borrow a projector for an offsite")
        .put("department", "facilities").put("questions", new JsonArray().add("can I take a projector home for a workshop"))
        .put("body", "Reception lends portable projectors for offsite workshops for up to 3 days.\n\n"
            + "## Borrow one\n\n1. Email reception@nubentia.example two days ahead.\n2. Collect it at reception with your badge.");
    assertThat(api.send("PUT", "/api/v1/admin/articles/en-fac-projector-loan", article.encode().getBytes(),
        Map.of("Authorization", "Bearer " + agent, "Content-Type", "application/json")).status()).isEqualTo(403);
    Api.Response created = api.send("PUT", "/api/v1/admin/articles/en-fac-projector-loan", article.encode().getBytes(),
        Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(Files.exists(articles.resolve("en-fac-projector-loan.md"))).isTrue();

    Api.Conversation c = api.create("en");
    assertThat(linkOf(say(api, c, "can I borrow a projector for an offsite workshop?"))).isEqualTo("en-fac-projector-loan");
    Api.Response page = api.get("/kb/en-fac-projector-loan", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<h1>Borrow a projector for an offsite</h1>").contains("<ol><li>Email reception");

    Api.Response bad = api.send("PUT", "/api/v1/admin/articles/en-fac-projector-loan",
        new JsonObject().put("lang", "fr").put("title", "x").put("body", "y").encode().getBytes(),
        Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(api.get("/api/v1/admin/articles/en-fac-projector-loan", admin).json().getString("title"))
        .isEqualTo("Borrow a projector for an offsite");

    assertThat(api.send("DELETE", "/api/v1/admin/articles/en-fac-projector-loan", null,
        Map.of("Authorization", "Bearer " + admin)).status()).isEqualTo(204);
    assertThat(api.get("/kb/en-fac-projector-loan", null).status()).isEqualTo(404);
    assertThat(Files.exists(articles.resolve("en-fac-projector-loan.md"))).isFalse();
    assertThat(linkOf(say(api, c, "can I borrow a projector for an offsite workshop?"))).isNotEqualTo("en-fac-projector-loan");
  }

  @Test
  void aFileDroppedIntoTheDirectoryIsPickedUpWithoutARestart() throws Exception {
    Api api = new Api(relevo.port());
    Files.writeString(articles.resolve("en-fac-bike-storage.md"), """
        ---
        id: en-fac-bike-storage
        topic: fac-bike-storage
        title: The bicycle repair stand in the garage
        lang: en
        department: facilities
        tags: [bike, bicycle, garage, repair, pump]
        questions:
          - where can I pump up my bike tyres
        updated: 2026-11-01
        visibility: employees
        ---
        The bicycle repair stand, with a pump and tools, is next to the bike cage on level -1 of the garage.
        """);
    // the directory is checked every second: nothing announces the pick-up, so poll with a deadline
    io.relevo.testkit.Eventually.until("the new article's page",
        () -> api.get("/kb/en-fac-bike-storage", null).status() == 200);
    Api.Conversation c = api.create("en");
    assertThat(offered(say(api, c, "is there a pump or a repair stand for bicycles in the garage?"))).isEqualTo("en-fac-bike-storage");
  }

  @Test
  void articlePagesEscapeEverythingAndRefuseOddIds() {
    assertThat(io.relevo.channels.web.ArticlePages.markdown("<script>alert(1)</script>\n\n[x](javascript:alert(1))"))
        .doesNotContain("<script>").doesNotContain("href=\"javascript");
    Api api = new Api(relevo.port());
    assertThat(api.get("/kb/..%2F..%2Fetc%2Fpasswd", null).status()).isEqualTo(404);
  }

  @Test
  void retrainingUnchangedFilesKeepsTheModelAndTheBotKeepsAnswering() {
    Api api = new Api(relevo.port());
    String admin = HandoffTest.login(api, "sam");
    assertThat(api.post("/api/v1/admin/intents/retrain", null, HandoffTest.login(api, "ana")).status()).isEqualTo(403);
    // the shipped training files are those of the model in use: kept, not trained again (a real retrain and swap
    // under load is IntentServiceTest's)
    Api.Response r = new Api(relevo.port(), java.time.Duration.ofMinutes(3)).post("/api/v1/admin/intents/retrain", null, admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getInteger("intents")).isEqualTo(21);
    assertThat(r.json().getBoolean("fromCache")).isTrue();
    assertThat(r.json().getLong("trainingMillis")).isZero();
    Api.Conversation c = api.create("en");
    assertThat(say(api, c, "hello there").get(0).getString("text")).isEqualTo("Hello! What can I help you with?");
  }
}
