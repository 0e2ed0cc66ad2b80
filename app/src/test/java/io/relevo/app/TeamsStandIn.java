package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.relevo.testkit.Arrivals;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A local server speaking what Teams approvals use of Microsoft's side, with its documented payload
 * shapes: the OpenID metadata and keys the Bot Connector's tokens are checked with, the token
 * endpoint, and the Bot Connector API (create conversation, send, update and get member), recording
 * every Bot Connector call (method, path, body; an activity sent with the id it is given, under
 * {@code answered}, which an invoke's {@code replyToId} names); and what Teams sends Relevo (signed
 * activities, card actions). Every member it is asked about is Pablo. One per test class;
 * thread-safe (calls arrive on the server's event loop).
 */
final class TeamsStandIn {

  /** Every call to the Bot Connector: method, path and body. */
  final Arrivals<JsonObject> calls = new Arrivals<>();
  private KeyPair keys;
  private String base;
  private HttpServer server;
  private Relevo relevo;

  /** Starts the server on a free port. */
  void start(Vertx vertx) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String path = req.path();
      String method = req.method().name();
      if (path.equals("/openid")) {
        req.response().end(new JsonObject().put("issuer", TeamsTest.ISSUER).put("jwks_uri", base + "/keys").encode());
        return;
      } else if (path.equals("/keys")) {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        req.response().end(new JsonObject().put("keys", new JsonArray().add(new JsonObject().put("kty", "RSA")
            .put("kid", "key-1").put("use", "sig").put("n", b64(pub.getModulus())).put("e", b64(pub.getPublicExponent())))).encode());
        return;
      } else if (path.equals("/token")) {
        req.response().end(new JsonObject().put("token_type", "Bearer").put("expires_in", 3600)
            .put("access_token", "test-access-token").encode());
        return;
      }
      JsonObject call = new JsonObject().put("method", method).put("path", path).put("auth", req.getHeader("Authorization"));
      if (b.length() > 0) {
        call.put("body", b.toJsonObject());
      }
      // an activity sent is recorded with the id the Bot Connector gives it (which an invoke's replyToId names)
      String activity = "activity-" + System.nanoTime();
      if (path.startsWith("/connector/v3/conversations/") && path.endsWith("/activities") && method.equals("POST")) {
        call.put("answered", activity);
      }
      calls.add(call);
      if (path.equals("/connector/v3/conversations") && method.equals("POST")) {
        String member = b.toJsonObject().getJsonArray("members").getJsonObject(0).getString("id");
        req.response().setStatusCode(201).end(new JsonObject().put("id", "a:personal-" + member).encode());
      } else if (path.contains("/members/") && method.equals("GET")) {
        String member = path.substring(path.lastIndexOf('/') + 1);
        req.response().end(new JsonObject().put("id", member).put("name", "Pablo").put("aadObjectId", "b-pablo")
            .put("email", "pablo@acme.example").put("userPrincipalName", "pablo@acme.example").encode());
      } else if (path.startsWith("/connector/v3/conversations/")) {
        req.response().setStatusCode(method.equals("PUT") ? 200 : 201).end(new JsonObject().put("id", activity).encode());
      } else {
        req.response().setStatusCode(404).end();
      }
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + server.actualPort();
  }

  /** The settings that point Relevo's Teams channel and approvals at this server (tenant {@code tenant-1}). */
  Map<String, String> settings() {
    return Map.of("RELEVO_TEAMS_APP_ID", TeamsTest.APP_ID,
        "RELEVO_TEAMS_APP_PASSWORD", "s3cret",
        "RELEVO_TEAMS_OPEN_ID_URL", base + "/openid",
        "RELEVO_TEAMS_TOKEN_URL", base + "/token",
        "RELEVO_TEAMS_SERVICE_URLS", serviceUrl(),
        "RELEVO_TEAMS_APPROVALS_SERVICE_URL", serviceUrl(),
        "RELEVO_TEAMS_TENANT_ID", "tenant-1");
  }

  /** The Relevo that Teams sends activities to. */
  void serves(Relevo relevo) {
    this.relevo = relevo;
  }

  String serviceUrl() {
    return base + "/connector/";
  }

  private static String b64(BigInteger n) {
    byte[] bytes = n.toByteArray();
    if (bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A Bot Connector token for the activity's service URL, signed with the stand-in's key. */
  private String token() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    return TeamsTest.jwt(new JsonObject().put("alg", "RS256").put("kid", "key-1").put("typ", "JWT"),
        new JsonObject().put("iss", TeamsTest.ISSUER).put("aud", TeamsTest.APP_ID).put("nbf", now - 10).put("exp", now + 3600)
            .put("serviceurl", serviceUrl()), keys);
  }

  /** A message activity of {@code from} in the personal chat {@code conversation}, as the Bot Connector sends it. */
  JsonObject message(String id, String conversation, JsonObject from, String text) {
    return new JsonObject().put("type", "message").put("id", id).put("timestamp", "2026-11-23T10:00:00.000Z")
        .put("serviceUrl", serviceUrl()).put("channelId", "msteams").put("locale", "en-US")
        .put("from", from)
        .put("conversation", new JsonObject().put("id", conversation).put("conversationType", "personal"))
        .put("recipient", new JsonObject().put("id", "28:" + TeamsTest.APP_ID).put("name", "Relevo"))
        .put("text", text);
  }

  /** An {@code adaptiveCard/action} invoke of {@code verb} with {@code data}, on the card {@code cardActivity}. */
  JsonObject invoke(String id, String aad, String userId, String conversation, String cardActivity, String verb,
      JsonObject data) {
    JsonObject activity = message(id, conversation, new JsonObject().put("id", userId).put("name", "someone")
        .put("aadObjectId", aad), null).put("type", "invoke").put("name", "adaptiveCard/action")
        .put("replyToId", cardActivity)
        .put("value", new JsonObject().put("action", new JsonObject().put("type", "Action.Execute").put("verb", verb)
            .put("data", data)).put("trigger", "manual"));
    activity.remove("text");
    return activity;
  }

  /** Sends {@code activity} to Relevo, signed, and checks it was taken (200); the answer. */
  Api.Response post(JsonObject activity) throws Exception {
    Api.Response r = new Api(relevo.port()).send("POST", "/api/v1/teams/messages",
        activity.encode().getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token()));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  JsonObject await(Predicate<JsonObject> which, String what) {
    return calls.await(which, what);
  }

  /** The activity sent to the (URL-encoded) {@code conversation} that contains {@code text}, once it arrives. */
  JsonObject sentTo(String conversation, String text) {
    return await(c -> "POST".equals(c.getString("method")) && c.getString("path").contains("/conversations/" + conversation + "/")
        && c.encode().contains(text), text);
  }

  /** The updateActivity calls on the activity {@code activity} of the (URL-encoded) conversation {@code chat}. */
  List<JsonObject> updatesOf(String chat, String activity) {
    return calls.all().stream().filter(c -> "PUT".equals(c.getString("method"))
        && c.getString("path").endsWith("/" + chat + "/activities/" + activity)).toList();
  }

  /** The update of the card {@code sent} (as the Bot Connector received it), once it arrives. */
  JsonObject updateOf(JsonObject sent) {
    String path = sent.getString("path") + "/" + sent.getString("answered");
    return await(c -> "PUT".equals(c.getString("method")) && path.equals(c.getString("path")), "the update of " + path);
  }

  /** The Adaptive Card an activity sent carries. */
  static JsonObject content(JsonObject call) {
    return call.getJsonObject("body").getJsonArray("attachments").getJsonObject(0).getJsonObject("content");
  }
}
