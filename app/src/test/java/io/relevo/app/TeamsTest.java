package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Microsoft Teams, with locally generated signing keys and a local server speaking the OpenID
 * metadata, the token endpoint and the Bot Connector API.
 */
class TeamsTest {

  static final String APP_ID = "6a6f3d6b-0000-4000-8000-relevo000001";
  static final String ISSUER = "https://api.botframework.com";
  static Vertx vertx;
  static HttpServer botFramework;
  static KeyPair keys;
  static KeyPair strangerKeys;
  static final io.relevo.testkit.Arrivals<JsonObject> sent = new io.relevo.testkit.Arrivals<>();
  static EmbeddedRedis redis;
  static Relevo relevo;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
    strangerKeys = gen.generateKeyPair();
    vertx = Vertx.vertx();
    botFramework = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String path = req.path();
      if (path.equals("/openid")) {
        req.response().end(new JsonObject().put("issuer", ISSUER).put("jwks_uri", base + "/keys").encode());
      } else if (path.equals("/keys")) {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        req.response().end(new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "RSA")
            .put("kid", "key-1").put("use", "sig").put("n", b64(unsigned(pub.getModulus().toByteArray())))
            .put("e", b64(unsigned(pub.getPublicExponent().toByteArray()))))).encode());
      } else if (path.equals("/token")) {
        boolean ok = b.toString().contains("client_id=" + APP_ID) && b.toString().contains("client_secret=s3cret");
        req.response().setStatusCode(ok ? 200 : 401).end(new JsonObject().put("token_type", "Bearer")
            .put("expires_in", 3600).put("access_token", "test-access-token").encode());
      } else if (path.startsWith("/connector/v3/conversations/")) {
        sent.add(new JsonObject().put("path", path).put("auth", req.getHeader("Authorization")).put("activity", b.toJsonObject()));
        req.response().setStatusCode(201).end("{\"id\":\"reply-1\"}");
      } else {
        req.response().setStatusCode(404).end();
      }
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + botFramework.actualPort();
    redis = TestRedis.dedicated();
    relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_TEAMS_APP_ID", APP_ID,
        "RELEVO_TEAMS_APP_PASSWORD", "s3cret", "RELEVO_TEAMS_OPEN_ID_URL", base + "/openid",
        "RELEVO_TEAMS_TOKEN_URL", base + "/token", "RELEVO_HTTP_PUBLIC_URL", "https://help.nubentia.example"));
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement[0] == 0 ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String jwt(JsonObject header, JsonObject claims, KeyPair signer) throws Exception {
    String head = b64(header.encode().getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
    if (signer == null) {
      return head + ".";
    }
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(signer.getPrivate());
    rsa.update(head.getBytes(StandardCharsets.US_ASCII));
    return head + "." + b64(rsa.sign());
  }

  static JsonObject claims() {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", ISSUER).put("aud", APP_ID).put("nbf", now - 10).put("exp", now + 3600)
        .put("serviceurl", base + "/connector/");
  }

  static String token() throws Exception {
    return jwt(new JsonObject().put("alg", "RS256").put("kid", "key-1").put("typ", "JWT"), claims(), keys);
  }

  static JsonObject message(String id, String conversation, String text) {
    return new JsonObject().put("type", "message").put("id", id).put("timestamp", "2026-11-23T10:00:00.000Z")
        .put("serviceUrl", base + "/connector/").put("channelId", "msteams").put("locale", "en-US")
        .put("from", new JsonObject().put("id", "29:1Abc").put("name", "Marta Ruiz").put("aadObjectId", "a9b8c7"))
        .put("conversation", new JsonObject().put("id", conversation).put("conversationType", "personal"))
        .put("recipient", new JsonObject().put("id", "28:" + APP_ID).put("name", "Relevo"))
        .put("text", text);
  }

  static Api.Response post(JsonObject activity, String token) {
    return new Api(relevo.port()).send("POST", "/api/v1/teams/messages", activity.encode().getBytes(StandardCharsets.UTF_8),
        token == null ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
  }

  static JsonObject awaitSent(Predicate<JsonObject> which) {
    return sent.await(which, "an activity sent to the Bot Connector");
  }

  @Test
  void aValidActivityGetsAReplyThroughTheServiceUrlWithABearerToken() throws Exception {
    assertThat(post(message("act-1", "a:conv-1", "how do I connect to the VPN from home?"), token()).status()).isEqualTo(200);
    JsonObject reply = awaitSent(s -> s.getString("path").equals("/connector/v3/conversations/a%3Aconv-1/activities/act-1")
        && s.encode().contains("kb/en-it-vpn-connect"));
    assertThat(reply.getString("auth")).isEqualTo("Bearer test-access-token");
    assertThat(reply.getJsonObject("activity").getString("text")).contains("https://help.nubentia.example/kb/en-it-vpn-connect");
    JsonObject ask = awaitSent(s -> s.getJsonObject("activity").getString("text", "").equals("Did this help?"));
    assertThat(ask.getJsonObject("activity").getJsonObject("suggestedActions").encode()).contains("kb.helped:en-it-vpn-connect");

    // a suggested action comes back as messageBack with the payload in value
    JsonObject back = message("act-2", "a:conv-1", "Yes, it helped").put("value", new JsonObject().put("payload", "kb.helped:en-it-vpn-connect"));
    assertThat(post(back, token()).status()).isEqualTo(200);
    awaitSent(s -> s.getString("path").endsWith("/activities/act-2") && s.encode().contains("glad it helped"));
  }

  @Test
  void wrongAudienceIssuerExpiryOrSignatureGet401AndNothingIsSent() throws Exception {
    JsonObject header = new JsonObject().put("alg", "RS256").put("kid", "key-1");
    long now = System.currentTimeMillis() / 1000;
    List<String> bad = List.of(
        jwt(header, claims().put("aud", "someone-else"), keys),
        jwt(header, claims().put("iss", "https://evil.example"), keys),
        jwt(header, claims().put("exp", now - 3600).put("nbf", now - 7200), keys),
        jwt(new JsonObject().put("alg", "none"), claims(), null),
        jwt(header, claims(), strangerKeys),
        jwt(header, claims().put("serviceurl", "https://elsewhere.example/"), keys),
        "not-a-token");
    int before = sent.all().size();
    for (String token : bad) {
      assertThat(post(message("act-x", "a:conv-x", "hello"), token).status()).as(token).isEqualTo(401);
    }
    assertThat(post(message("act-x", "a:conv-x", "hello"), null).status()).isEqualTo(401);
    // a later valid activity is answered; nothing was sent for the refused ones
    assertThat(post(message("act-y", "a:conv-y", "hello"), token()).status()).isEqualTo(200);
    awaitSent(s -> s.getString("path").contains("a%3Aconv-y"));
    assertThat(sent.all().subList(before, sent.all().size())).noneMatch(s -> s.getString("path").contains("conv-x"));
  }

  @Test
  void aNewMemberIsWelcomed() throws Exception {
    JsonObject update = message("act-3", "a:conv-3", null).put("type", "conversationUpdate")
        .put("membersAdded", new JsonArray().add(new JsonObject().put("id", "29:1Abc")));
    update.remove("text");
    assertThat(post(update, token()).status()).isEqualTo(200);
    JsonObject welcome = awaitSent(s -> s.getString("path").equals("/connector/v3/conversations/a%3Aconv-3/activities"));
    assertThat(welcome.getJsonObject("activity").getString("text")).startsWith("Hi! I'm Relevo");
  }
}
