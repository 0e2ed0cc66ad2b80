package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A path that exists with another method answers 405 with Allow; an unknown path still answers 404. */
class MethodNotAllowedTest {

  static Relevo relevo;
  static Api api;

  @BeforeAll
  static void start() {
    relevo = TestServers.start();
    api = new Api(relevo.port());
  }

  @AfterAll
  static void stop() {
    relevo.stop();
  }

  private static void assertNotAllowed(String method, String path, String allow) {
    Api.Response r = api.send(method, path, null, Map.of());
    assertThat(r.status()).as(method + " " + path).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).as(method + " " + path).hasValue(allow);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(r.errorCode()).isEqualTo("method_not_allowed");
    assertThat(r.json().getJsonObject("error").getString("message")).contains(allow);
  }

  @Test
  void aWrongMethodOnAnApiPathAnswers405WithTheAllowedMethods() {
    assertNotAllowed("DELETE", "/api/v1/conversations", "POST");
    assertNotAllowed("PUT", "/api/v1/conversations/abc/messages", "GET, POST");
    assertNotAllowed("GET", "/api/v1/handoffs/abc/claim", "POST");
    assertNotAllowed("POST", "/api/v1/admin/articles/some-article", "DELETE, GET, PUT");
    assertNotAllowed("PATCH", "/api/v1/conversations/abc/", "GET");
  }

  @Test
  void aWrongMethodOnHealthAndPagesAnswers405Too() {
    assertNotAllowed("POST", "/health/live", "GET");
    assertNotAllowed("DELETE", "/kb/some-article", "GET");
    assertNotAllowed("POST", "/api/v1/openapi.yaml", "GET");
  }

  @Test
  void anUnknownPathStillAnswers404() {
    Api.Response api404 = api.send("DELETE", "/api/v1/nothing-here", null, Map.of());
    assertThat(api404.status()).isEqualTo(404);
    assertThat(api404.errorCode()).isEqualTo("not_found");
    assertThat(api404.headers().firstValue("Allow")).isEmpty();
    assertThat(api.send("POST", "/api/v1/conversations/a/b/c", null, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void theRightMethodIsStillServed() {
    assertThat(api.get("/health/live", null).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/conversations", null, null).status()).isEqualTo(201);
  }
}
