package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.handoff.agents.Passwords;
import io.vertx.core.json.JsonArray;
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

  @Test
  void aTokenInTheUrlIsRefusedEverywhereButTheAgentSocket() {
    String token = login(api, "sam", TestServers.DEMO_PASSWORD).json().getString("token");
    for (String path : List.of("/api/v1/agents/me", "/api/v1/queues", "/api/v1/admin/audit")) {
      Api.Response r = api.get(path + "?token=" + token, null);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(api.get(path, token).status()).as(path).isEqualTo(200);
    }
    try (WsClient console = HandoffTest.online(a, token)) {
      assertThat(console.closed).as("the agent socket takes the token from its URL").isFalse();
    }
  }

  @Test
  void signingOutTakesTheTokenBackOnEveryInstance() {
    String first = login(api, "ana", TestServers.DEMO_PASSWORD).json().getString("token");
    String second = login(api, "ana", TestServers.DEMO_PASSWORD).json().getString("token");
    assertThat(api.post("/api/v1/agents/logout", null, first).status()).isEqualTo(204);
    for (Relevo r : new Relevo[] {a, b}) {
      Api.Response me = new Api(r.port()).get("/api/v1/agents/me", first);
      assertThat(me.status()).isEqualTo(401);
      assertThat(me.errorCode()).isEqualTo("unauthorized");
      assertThat(new Api(r.port()).get("/api/v1/agents/me", second).status()).as("another sign-in of hers").isEqualTo(200);
    }
    assertThat(api.post("/api/v1/agents/logout", null, first).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/agents/logout", "{\"everywhere\": \"yes\"}", second).status()).isEqualTo(400);

    // signing out everywhere takes back every token issued so far, not the ones after
    String third = login(api, "ana", TestServers.DEMO_PASSWORD).json().getString("token");
    assertThat(api.post("/api/v1/agents/logout", "{\"everywhere\": true}", second).status()).isEqualTo(204);
    assertThat(new Api(b.port()).get("/api/v1/agents/me", third).status()).isEqualTo(401);
    String fourth = login(api, "ana", TestServers.DEMO_PASSWORD).json().getString("token");
    assertThat(new Api(b.port()).get("/api/v1/agents/me", fourth).status()).isEqualTo(200);
  }

  /** A console left open is closed at its next heartbeat (every 10 s) once its token is revoked. */
  @Test
  void signingOutClosesTheConsolesOpenSocket() {
    String token = login(api, "ana", TestServers.DEMO_PASSWORD).json().getString("token");
    try (WsClient console = WsClient.agent(b.port(), token)) {
      console.nextOfType("hello");
      assertThat(api.post("/api/v1/agents/logout", null, token).status()).isEqualTo(204);
      io.relevo.testkit.Eventually.until("the revoked console's socket closed", java.time.Duration.ofSeconds(30),
          () -> console.closeCode == 1008);
    }
  }

  @Test
  void aTokenWithoutAnExpiryOrLongerLivedThanTheSettingAllowsIsRefused() {
    String secret = "another-known-jwt-secret-for-this-test-0123456789";
    Relevo own = TestServers.start(Map.of("RELEVO_AUTH_JWT_SECRET", secret, "RELEVO_AUTH_TOKEN_TTL", "8h"));
    try {
      Api on = new Api(own.port());
      io.relevo.channels.web.IdentityTokens signer = new io.relevo.channels.web.IdentityTokens(secret, java.time.Clock.systemUTC());
      long now = System.currentTimeMillis() / 1000;
      JsonObject claims = new JsonObject().put("sub", "sam").put("name", "Sam")
          .put("roles", new JsonArray().add("admin")).put("iss", "relevo").put("aud", "relevo-agents");
      assertThat(on.get("/api/v1/agents/me", signer.issue(claims.copy().put("iat", now).put("exp", now + 3600)
          .put("jti", "ok"))).status()).as("well formed").isEqualTo(200);
      Map<String, JsonObject> bad = Map.of(
          "no expiry", claims.copy().put("iat", now).put("jti", "a"),
          "no iat", claims.copy().put("exp", now + 3600).put("jti", "b"),
          "no jti", claims.copy().put("iat", now).put("exp", now + 3600),
          "expiry in 2100", claims.copy().put("iat", now).put("exp", 4102444800L).put("jti", "c"),
          "a 30-day lifetime", claims.copy().put("iat", now - 60).put("exp", now + 30 * 86400).put("jti", "d"));
      bad.forEach((what, c) -> {
        Api.Response r = on.get("/api/v1/agents/me", signer.issue(c));
        assertThat(r.status()).as(what).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo("unauthorized");
      });
    } finally {
      own.stop();
    }
  }

  @Test
  void anAdminOnlyAgentReadsAConversationsContextAndARemovedAgentsTokenStopsWorking(@TempDir Path dir) throws Exception {
    // hashes with few iterations keep the test quick: the count is part of each hash
    String hash = Passwords.hash("pw-of-the-test", 1000);
    Path both = dir.resolve("agents.yaml");
    Files.writeString(both, "agents:\n  - id: lu\n    name: Lu\n    password: " + hash + "\n    roles: [admin]\n"
        + "  - id: mo\n    name: Mo\n    password: " + hash + "\n    roles: [agent]\n");
    Path onlyLu = dir.resolve("fewer-agents.yaml");
    Files.writeString(onlyLu, "agents:\n  - id: lu\n    name: Lu\n    password: " + hash + "\n    roles: [admin]\n");
    Relevo before = TestServers.start(Map.of("RELEVO_AGENTS_FILE", both.toString()));
    Relevo after = TestServers.start(Map.of("RELEVO_AGENTS_FILE", onlyLu.toString()));
    try {
      Api on = new Api(before.port());
      String lu = login(on, "lu", "pw-of-the-test").json().getString("token");
      String mo = login(on, "mo", "pw-of-the-test").json().getString("token");
      Api.Conversation c = on.create("en");
      assertThat(HandoffTest.askForAPerson(on, c, "a person please").status()).isEqualTo(200);
      Api.Response context = on.get("/api/v1/handoffs/" + c.id() + "/context", lu);
      assertThat(context.status()).as("admin grants supervisor: " + context.body()).isEqualTo(200);
      assertThat(on.get("/api/v1/handoffs/" + c.id() + "/context", mo).status()).as("an agent not holding it").isNotEqualTo(200);

      // the same tokens on an instance whose directory no longer lists mo
      Api later = new Api(after.port());
      assertThat(later.get("/api/v1/agents/me", lu).status()).isEqualTo(200);
      assertThat(later.get("/api/v1/agents/me", mo).status()).isEqualTo(401);
    } finally {
      before.stop();
      after.stop();
    }
  }

  @Test
  void theAuditLogKeepsNeitherFormOfAPercentEncodedPersonId() {
    String admin = login(api, "sam", TestServers.DEMO_PASSWORD).json().getString("token");
    String encoded = "/api/v1/admin/people/ana.audit%40example.com";
    assertThat(api.get(encoded + "/export", admin).status()).isEqualTo(200);
    assertThat(api.send("DELETE", encoded, null, Map.of("Authorization", "Bearer " + admin)).status()).isEqualTo(200);

    Api.Response audit = api.get("/api/v1/admin/audit?actor=sam&limit=1000", admin);
    assertThat(audit.status()).isEqualTo(200);
    List<String> actions = audit.json().getJsonArray("entries").stream().map(o -> ((JsonObject) o).getString("action")).toList();
    assertThat(actions).contains("GET /api/v1/admin/people/:userId/export", "DELETE /api/v1/admin/people/:userId");
    assertThat(audit.body().toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("ana.audit@example.com").doesNotContain("ana.audit%40example.com").doesNotContain("ana.audit");
  }
}
