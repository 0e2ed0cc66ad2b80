package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** An administrator's article cannot carry extra front-matter lines in its one-line fields. */
class ArticleFrontMatterTest {

  static Relevo relevo;
  static Path articles;

  @BeforeAll
  static void start() throws Exception {
    articles = TestRedis.tempDir("frontmatter-articles");
    Files.createDirectories(articles);
    relevo = TestServers.start(Map.of("RELEVO_KNOWLEDGE_DIR", articles.toString()));
  }

  @AfterAll
  static void stop() {
    relevo.stop();
  }

  private static Api.Response put(Api api, String admin, String id, JsonObject article) {
    return api.send("PUT", "/api/v1/admin/articles/" + id, article.encode().getBytes(),
        Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json"));
  }

  @Test
  void controlCharactersInOneLineFieldsAreRefusedAndNothingIsWritten() throws Exception {
    Api api = new Api(relevo.port());
    String admin = HandoffTest.login(api, "sam");
    JsonObject base = new JsonObject().put("lang", "en").put("visibility", "employees").put("body", "Internal steps.");
    for (JsonObject bad : new JsonObject[] {
        base.copy().put("title", "Title\rvisibility: public"),
        base.copy().put("title", "Title\u2028visibility: public"),
        base.copy().put("title", "Ok").put("visibility", "employees\rvisibility: public"),
        base.copy().put("title", "Ok").put("department", "it\u0085visibility: public"),
        base.copy().put("title", "Ok").put("tags", new JsonArray().add("vpn\r- x")),
        base.copy().put("title", "Ok").put("questions", new JsonArray().add("how?\rvisibility: public"))}) {
      Api.Response refused = put(api, admin, "en-internal-steps", bad);
      assertThat(refused.status()).as(bad.encode()).isEqualTo(400);
      assertThat(refused.errorCode()).isEqualTo("invalid_article");
    }
    assertThat(Files.exists(articles.resolve("en-internal-steps.md"))).isFalse();
    assertThat(api.get("/api/v1/admin/articles/en-internal-steps", admin).status()).isEqualTo(404);

    // a body may keep its CRLF line breaks, and the article stays for employees only
    Api.Response ok = put(api, admin, "en-internal-steps",
        base.copy().put("title", "Internal steps").put("body", "Line one.\r\nLine two.\rLine three."));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    JsonObject stored = api.get("/api/v1/admin/articles/en-internal-steps", admin).json();
    assertThat(stored.getString("visibility")).isEqualTo("employees");
    assertThat(stored.getString("body")).isEqualTo("Line one.\nLine two.\nLine three.");
    assertThat(Files.readString(articles.resolve("en-internal-steps.md"))).doesNotContain("\r");
  }
}
