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

import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
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
  static final io.relevo.testkit.Arrivals<JsonObject> opened = new io.relevo.testkit.Arrivals<>();
  static RedisConnector store;
  static RedisTicketSystem tickets;
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
      } else if (path.equals("/connector/v3/conversations") && req.method().name().equals("POST")) {
        // create conversation: the personal chat of the bot and the one member (the same id every time)
        JsonObject request = b.toJsonObject();
        opened.add(new JsonObject().put("auth", req.getHeader("Authorization")).put("request", request));
        String member = request.getJsonArray("members").getJsonObject(0).getString("id");
        if (member.equals("29:noapp")) { // the app is not installed for this person: no 1:1 chat for the bot
          req.response().setStatusCode(403).end("{\"error\":{\"code\":\"Forbidden\"}}");
          return;
        }
        req.response().setStatusCode(201).end(new JsonObject().put("id", "a:personal-" + member).encode());
      } else if (path.startsWith("/connector/v3/conversations/") || path.startsWith("/elsewhere/")) {
        sent.add(new JsonObject().put("path", path).put("auth", req.getHeader("Authorization")).put("activity", b.toJsonObject()));
        req.response().setStatusCode(201).end("{\"id\":\"reply-1\"}");
      } else {
        req.response().setStatusCode(404).end();
      }
    })).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    base = "http://127.0.0.1:" + botFramework.actualPort();
    redis = TestRedis.dedicated();
    store = RedisConnector.connect(redis.uri(), java.time.Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, store, java.time.Clock.systemUTC(), false);
    relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_TEAMS_APP_ID", APP_ID,
        "RELEVO_TEAMS_APP_PASSWORD", "s3cret", "RELEVO_TEAMS_OPEN_ID_URL", base + "/openid",
        "RELEVO_TEAMS_TOKEN_URL", base + "/token", "RELEVO_HTTP_PUBLIC_URL", "https://help.nubentia.example",
        "RELEVO_TEAMS_SERVICE_URLS", base + "/connector/"));
  }

  @AfterAll
  static void stop() throws Exception {
    relevo.stop();
    store.close();
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
    JsonObject ask = awaitSent(s -> s.getString("path").contains("a%3Aconv-1/")
        && s.getJsonObject("activity").getString("text", "").equals("Did this help?"));
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

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A message from {@code teamsId}/{@code aad} in the group chat {@code conversation} of tenant t-1. */
  static JsonObject groupMessage(String id, String conversation, String teamsId, String aad, String name, String text) {
    return message(id, conversation, text)
        .put("from", new JsonObject().put("id", teamsId).put("name", name).put("aadObjectId", aad))
        .put("conversation", new JsonObject().put("id", conversation).put("conversationType", "groupChat")
            .put("isGroup", true).put("tenantId", "t-1"))
        .put("channelData", new JsonObject().put("tenant", new JsonObject().put("id", "t-1")));
  }

  static String personalPath(String teamsId) {
    return "/connector/v3/conversations/" + java.net.URLEncoder.encode("a:personal-" + teamsId, StandardCharsets.UTF_8)
        + "/activities";
  }

  @Test
  void twoPeopleInOneGroupChatEachSeeOnlyTheirOwnTicketsInTheirPersonalChat() throws Exception {
    String group = "19:group-1@thread.v2";
    Ticket lucias = await(tickets.create(new NewTicket(Ticket.Kind.INCIDENT, new Ticket.Requester("user:teams:aad-lucia", "Lucía", null),
        "Lucía's VPN token expired", "details", "vpn", null, null, Map.of(), "teams-test", "en")));

    assertThat(post(groupMessage("g-1", group, "29:lucia", "aad-lucia", "Lucía", "<at>Relevo</at> show my tickets"), token())
        .status()).isEqualTo(200);
    JsonObject toLucia = awaitSent(s -> s.getString("path").equals(personalPath("29:lucia"))
        && s.encode().contains(lucias.id()));
    assertThat(toLucia.getJsonObject("activity").getString("text")).contains("Lucía's VPN token expired");
    JsonObject open = opened.await(o -> o.encode().contains("29:lucia"), "a personal chat opened for Lucía");
    assertThat(open.getJsonObject("request").getJsonObject("channelData").encode()).contains("t-1");
    // the group only hears that she was answered in private
    awaitSent(s -> s.getString("path").startsWith("/connector/v3/conversations/" + java.net.URLEncoder.encode(group, StandardCharsets.UTF_8))
        && s.encode().contains("private chat"));

    assertThat(post(groupMessage("g-2", group, "29:pablo", "aad-pablo", "Pablo", "<at>Relevo</at> show my tickets"), token())
        .status()).isEqualTo(200);
    JsonObject toPablo = awaitSent(s -> s.getString("path").equals(personalPath("29:pablo")) && s.encode().contains("no tickets"));
    assertThat(toPablo.encode()).doesNotContain(lucias.id());
    // a suggested action's payload naming Lucía's ticket, sent by Pablo, is his own: he has no such ticket
    JsonObject forged = message("p-1", "a:personal-29:pablo", "Yes, cancel it")
        .put("from", new JsonObject().put("id", "29:pablo").put("name", "Pablo").put("aadObjectId", "aad-pablo"))
        .put("value", new JsonObject().put("payload", "ticket.cancel.yes:" + lucias.id()));
    assertThat(post(forged, token()).status()).isEqualTo(200);
    awaitSent(s -> s.getString("path").endsWith("/activities/p-1") && s.encode().contains("I can't find a ticket"));
    assertThat(await(tickets.find(lucias.id())).orElseThrow().status()).isEqualTo(Ticket.Status.NEW);

    String groupPath = "/connector/v3/conversations/" + java.net.URLEncoder.encode(group, StandardCharsets.UTF_8);
    assertThat(sent.all()).filteredOn(s -> s.getString("path").startsWith(groupPath))
        .allMatch(s -> !s.encode().contains(lucias.id()) && !s.encode().contains("tickets"));
  }

  @Test
  void aTokenWithoutTheServiceUrlClaimIsRefused() throws Exception {
    JsonObject noClaim = claims();
    noClaim.remove("serviceurl");
    String token = jwt(new JsonObject().put("alg", "RS256").put("kid", "key-1"), noClaim, keys);
    assertThat(post(message("act-nc", "a:conv-nc", "hello"), token).status()).isEqualTo(401);
    assertThat(post(message("act-nc2", "a:conv-nc2", "hello"), token()).status()).isEqualTo(200);
    awaitSent(s -> s.getString("path").contains("conv-nc2"));
    assertThat(sent.all()).noneMatch(s -> s.getString("path").contains("conv-nc/") || s.getString("path").endsWith("conv-nc"));
  }

  @Test
  void aServiceUrlOutsideTheAllowListIsRefusedAndNothingIsSentThere() throws Exception {
    String elsewhere = base + "/elsewhere/";
    String token = jwt(new JsonObject().put("alg", "RS256").put("kid", "key-1"), claims().put("serviceurl", elsewhere), keys);
    Api.Response r = post(message("act-el", "a:conv-el", "hello").put("serviceUrl", elsewhere), token);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().getJsonObject("error").getString("code")).isEqualTo("forbidden");
    // a later allowed activity is answered; nothing went to the other URL
    assertThat(post(message("act-el2", "a:conv-el2", "hello"), token()).status()).isEqualTo(200);
    awaitSent(s -> s.getString("path").contains("conv-el2"));
    assertThat(sent.all()).noneMatch(s -> s.getString("path").startsWith("/elsewhere/"));
  }

  @Test
  void afterAnErasureThePersonsNextMessageIsAnswered() throws Exception {
    JsonObject from = new JsonObject().put("id", "29:erased").put("name", "Eva").put("aadObjectId", "aad-erased");
    assertThat(post(message("e-1", "a:conv-erase", "where do I find my payslip?").put("from", from), token()).status()).isEqualTo(200);
    awaitSent(s -> s.getString("path").endsWith("/activities/e-1") && s.encode().contains("kb/en-hr-payslip"));
    String key = "teams:conv:a:conv-erase:aad-erased";
    long ttl = await(io.vertx.core.Future.fromCompletionStage(store.commands().pttl(key)));
    assertThat(ttl).as("the mapping lives no longer than the conversation").isPositive()
        .isLessThanOrEqualTo(java.time.Duration.ofDays(30).toMillis());

    Api api = new Api(relevo.port());
    String admin = HandoffTest.login(api, "sam");
    Api.Response erased = api.send("DELETE", "/api/v1/admin/people/teams:aad-erased", null, Map.of("Authorization", "Bearer " + admin));
    assertThat(erased.status()).isEqualTo(200);
    assertThat(await(io.vertx.core.Future.fromCompletionStage(store.commands().exists(key)))).isZero();

    assertThat(post(message("e-2", "a:conv-erase", "how do I connect to the VPN from home?").put("from", from), token()).status())
        .isEqualTo(200);
    awaitSent(s -> s.getString("path").endsWith("/activities/e-2") && s.encode().contains("kb/en-it-vpn-connect"));
  }

  @Test
  void inAGroupChatSomeoneTheBotCannotReachPrivatelyIsAskedToWriteInAPersonalChat() throws Exception {
    String group = "19:group-2@thread.v2";
    await(tickets.create(new NewTicket(Ticket.Kind.INCIDENT, new Ticket.Requester("user:teams:aad-noapp", "Nora", null),
        "Nora's badge does not open the door", "details", "badge", null, null, Map.of(), "teams-test", "en")));
    assertThat(post(groupMessage("g-9", group, "29:noapp", "aad-noapp", "Nora", "<at>Relevo</at> show my tickets"), token())
        .status()).isEqualTo(200);
    JsonObject notice = awaitSent(s -> s.getString("path").endsWith("/activities/g-9"));
    assertThat(notice.getJsonObject("activity").getString("text")).contains("1:1 chat").doesNotContain("badge");
  }
}
