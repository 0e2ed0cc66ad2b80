package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class AgentAuthTest {

  static Relevo a;
  static Relevo b;
  static Api api;

  @BeforeAll
  static void start() {
    a = TestServers.start();
    b = TestServers.start();
    api = new Api(a.port());
  }

  @AfterAll
  static void stop() {
    a.stop();
    b.stop();
  }

  private static Api.Response login(Api on, String user, String password) {
    return on.post("/api/v1/agents/login", new JsonObject().put("username", user).put("password", password).encode(), null);
  }

  @Test
  void signsInWithTheDemoPasswordAndTheTokenWorksOnEveryInstance() {
    Api.Response ok = login(api, "ana", TestServers.DEMO_PASSWORD);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Cache-Control")).hasValue("no-store");
    String token = ok.json().getString("token");
    assertThat(ok.json().getJsonObject("agent").getJsonArray("roles").getList()).containsExactly("agent");

    for (Relevo r : new Relevo[] {a, b}) {
      Api.Response me = new Api(r.port()).get("/api/v1/agents/me", token);
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json().getString("name")).isEqualTo("Ana");
    }
  }

  @Test
  void refusesAWrongPasswordOrAnUnknownAgentAlike() {
    Api.Response wrong = login(api, "sam", "not the password");
    Api.Response unknown = login(api, "mallory", TestServers.DEMO_PASSWORD);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
    assertThat(unknown.body()).isEqualTo(wrong.body());
    assertThat(api.post("/api/v1/agents/login", "{\"username\": 1}", null).status()).isEqualTo(400);
  }

  @Test
  void refusesMissingForgedAndForeignTokensWith401() {
    String token = login(api, "sam", TestServers.DEMO_PASSWORD).json().getString("token");
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
    Api.Conversation person = api.create("en");

    for (String bad : new String[] {null, "", forged, person.token(), "x.y.z"}) {
      Api.Response r = api.get("/api/v1/agents/me", bad);
      assertThat(r.status()).as(String.valueOf(bad)).isEqualTo(401);
      assertThat(r.errorCode()).isEqualTo("unauthorized");
    }
  }

  @Test
  void agentsSearchCannedResponsesInTheConversationsLanguage() {
    String token = login(api, "ana", TestServers.DEMO_PASSWORD).json().getString("token");
    Api.Response es = api.get("/api/v1/canned?q=contrasena&lang=es", token);
    assertThat(es.status()).isEqualTo(200);
    assertThat(es.json().getJsonArray("responses").getJsonObject(0).getString("text")).startsWith("He iniciado el restablecimiento");
    assertThat(api.get("/api/v1/canned?q=x&lang=fr", token).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/canned?q=x", api.create("en").token()).status()).isEqualTo(401);
  }

  @Test
  void slowsDownRepeatedFailedSignInsButNeverSuccessfulOnes() {
    Relevo strict = TestServers.start(Map.of("RELEVO_AUTH_LOGIN_FAILURES", "3"));
    try {
      Api s = new Api(strict.port());
      String typo = "ana-typo-" + System.nanoTime();
      List<Integer> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        statuses.add(login(s, typo, "guess-" + i).status());
      }
      assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
      Api.Response refused = login(s, typo, "guess-5");
      assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("rate_limited");
      for (int i = 0; i < 6; i++) {
        assertThat(login(s, "sam", TestServers.DEMO_PASSWORD).status()).isEqualTo(200);
      }
    } finally {
      strict.stop();
    }
  }

  @Test
  void anExpiredTokenGets401AndNothingElse() {
    String secret = "a-known-jwt-secret-for-this-test-only-0123456789";
    Relevo own = TestServers.start(Map.of("RELEVO_AUTH_JWT_SECRET", secret));
    try {
      Api a = new Api(own.port());
      io.relevo.channels.web.IdentityTokens signer = new io.relevo.channels.web.IdentityTokens(secret, java.time.Clock.systemUTC());
      long now = System.currentTimeMillis() / 1000;
      io.vertx.core.json.JsonObject claims = new io.vertx.core.json.JsonObject().put("sub", "sam").put("name", "Sam")
          .put("roles", new io.vertx.core.json.JsonArray().add("admin").add("supervisor").add("agent"))
          .put("iss", "relevo").put("aud", "relevo-agents").put("iat", now - 7200).put("jti", "test-" + now);
      String valid = signer.issue(claims.copy().put("exp", now + 600));
      String expired = signer.issue(claims.copy().put("exp", now - 3600));
      assertThat(a.get("/api/v1/agents/me", valid).status()).isEqualTo(200);
      for (String path : List.of("/api/v1/agents/me", "/api/v1/queues", "/api/v1/supervisor/overview", "/api/v1/admin/articles")) {
        Api.Response r = a.get(path, expired);
        assertThat(r.status()).as(path).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("unauthorized");
        assertThat(r.body()).doesNotContain("Sam");
      }
    } finally {
      own.stop();
    }
  }
}
