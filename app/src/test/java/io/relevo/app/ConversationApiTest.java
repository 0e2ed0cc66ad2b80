package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class ConversationApiTest {

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

  @Test
  void greetsInTheRequestedLanguageOrTheAcceptLanguage() {
    assertThat(api.create("es").created().messages().get(0).getString("text")).startsWith("¡Hola!");
    Api.Response viaHeader = api.send("POST", "/api/v1/conversations", null,
        Map.of("Accept-Language", "fr-FR, es;q=0.8, en;q=0.5"));
    assertThat(viaHeader.status()).isEqualTo(201);
    assertThat(viaHeader.json().getString("locale")).isEqualTo("es");
    assertThat(viaHeader.headers().firstValue("Location")).hasValue(
        "/api/v1/conversations/" + viaHeader.json().getString("conversationId"));
    Api.Response english = api.send("POST", "/api/v1/conversations", null, Map.of("Accept-Language", "en-GB"));
    assertThat(english.messages().get(0).getString("text")).startsWith("Hi!");
  }

  @Test
  void answersAMessageAndKeepsTheTranscriptInOrder() {
    Api.Conversation c = api.create("en");
    Api.Response reply = api.say(c, "my screen is black", "c1");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.messages()).isNotEmpty().allSatisfy(m -> {
      assertThat(m.getString("role")).isEqualTo("bot");
      assertThat(m.getString("text")).isNotBlank();
    });
    // whatever the answer, the last message offers a next step (feedback, a person...)
    assertThat(reply.messages().get(reply.messages().size() - 1).getJsonArray("quickReplies")).isNotEmpty();
    List<JsonObject> transcript = api.transcript(c);
    assertThat(transcript).extracting(m -> m.getString("role")).startsWith("bot", "customer", "bot")
        .hasSize(2 + reply.messages().size()).endsWith("bot"); // the greeting, the message, then the replies
    assertThat(transcript.get(1).getString("text")).isEqualTo("my screen is black");
    assertThat(transcript.get(1).getString("clientMessageId")).isEqualTo("c1");

    String afterGreeting = transcript.get(0).getString("id");
    Api.Response since = api.get("/api/v1/conversations/" + c.id() + "/messages?after=" + afterGreeting, c.token());
    assertThat(since.messages()).extracting(m -> m.getString("role")).hasSize(1 + reply.messages().size())
        .startsWith("customer", "bot");
  }

  @Test
  void aResendWithTheSameClientMessageIdIsStoredOnce() {
    Api.Conversation c = api.create("en");
    Api.Response first = api.say(c, "hello?", "same-id");
    Api.Response again = api.say(c, "hello?", "same-id");

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.messages()).isEqualTo(first.messages());
    assertThat(api.transcript(c)).hasSize(3);
  }

  @Test
  void fiftyConcurrentSendsAreStoredOnceEachAndAnsweredInOrder() throws Exception {
    Api.Conversation c = api.create("en");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<Api.Response>> sends = IntStream.range(0, 50)
          .mapToObj(i -> CompletableFuture.supplyAsync(() -> api.say(c, "m" + i, "cm-" + i), pool))
          .toList();
      for (CompletableFuture<Api.Response> s : sends) {
        assertThat(s.get().status()).isEqualTo(200);
      }
    } finally {
      pool.shutdown();
    }
    assertOrdered(api.transcript(c), 50);
  }

  /** Each person's message once, each answered once and after it, answers in the same order. */
  static void assertOrdered(List<JsonObject> transcript, int expected) {
    List<JsonObject> customer = transcript.stream().filter(m -> m.getString("role").equals("customer")).toList();
    List<JsonObject> replies = transcript.stream().filter(m -> m.getString("inReplyTo") != null).toList();
    assertThat(customer).hasSize(expected);
    assertThat(customer.stream().map(m -> m.getString("clientMessageId")).distinct().count()).isEqualTo(expected);
    // every message answered, in order (an answer may take more than one message)
    assertThat(replies.stream().map(m -> m.getString("inReplyTo")).distinct().toList())
        .containsExactlyElementsOf(customer.stream().map(m -> m.getString("id")).toList());
    List<String> order = transcript.stream().map(m -> m.getString("id")).toList();
    for (JsonObject r : replies) {
      assertThat(order.indexOf(r.getString("id"))).isGreaterThan(order.indexOf(r.getString("inReplyTo")));
    }
  }

  @Test
  void refusesBadInputWithJsonErrorsAndStoresNothing() {
    Api.Conversation c = api.create("en");
    String path = "/api/v1/conversations/" + c.id() + "/messages";
    List<JsonObject> before = api.transcript(c);

    Api.Response malformed = api.post(path, "{\"text\": ", c.token());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("bad_request");
    assertThat(malformed.json().getJsonObject("error").getString("message")).isNotBlank();

    assertThat(api.post(path, "[1,2]", c.token()).status()).isEqualTo(400);
    assertThat(api.post(path, "{\"text\": 42}", c.token()).errorCode()).isEqualTo("bad_request");
    assertThat(api.post(path, "{\"text\": \"   \"}", c.token()).errorCode()).isEqualTo("bad_request");
    assertThat(api.post(path, "{\"text\": \"x\", \"clientMessageId\": \"no spaces allowed\"}", c.token()).status()).isEqualTo(400);

    Api.Response tooLong = api.post(path, new JsonObject().put("text", "a".repeat(4001)).encode(), c.token());
    assertThat(tooLong.status()).isEqualTo(413);
    assertThat(tooLong.errorCode()).isEqualTo("message_too_large");
    assertThat(api.post(path, new JsonObject().put("text", "ñ".repeat(4000)).encode(), c.token()).status())
        .as("4,000 characters is allowed").isEqualTo(200);
    before = api.transcript(c);

    Api.Response hugeBody = api.post(path, new JsonObject().put("text", "a".repeat(100_000)).encode(), c.token());
    assertThat(hugeBody.status()).isEqualTo(413);
    assertThat(hugeBody.errorCode()).isEqualTo("message_too_large");

    byte[] latin1 = "{\"text\":\"se\u00f1or\"}".getBytes(StandardCharsets.ISO_8859_1);
    Api.Response notUtf8 = api.send("POST", path, latin1, Map.of("Authorization", "Bearer " + c.token()));
    assertThat(notUtf8.status()).isEqualTo(400);
    assertThat(notUtf8.errorCode()).isEqualTo("bad_encoding");

    Api.Response noToken = api.post(path, "{\"text\":\"hi\"}", null);
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.errorCode()).isEqualTo("unauthorized");
    assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

    Api.Response wrongToken = api.post(path, "{\"text\":\"hi\"}", api.create("en").token());
    assertThat(wrongToken.status()).isEqualTo(403);
    assertThat(wrongToken.errorCode()).isEqualTo("forbidden");

    Api.Response unknown = api.post("/api/v1/conversations/doesNotExist/messages", "{\"text\":\"hi\"}", c.token());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("not_found");

    assertThat(api.get("/api/v1/conversations/" + c.id() + "/messages?after=bogus", c.token()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/conversations/" + c.id() + "/messages?limit=0", c.token()).status()).isEqualTo(400);
    assertThat(api.post("/api/v1/conversations", "{\"locale\":\"fr\"}", null).status()).isEqualTo(400);
    assertThat(api.post("/api/v1/conversations", "{\"user\":\"me\"}", null).status()).isEqualTo(400);
    assertThat(api.send("DELETE", "/api/v1/conversations", null, Map.of()).status()).isEqualTo(405);

    assertThat(api.transcript(c)).isEqualTo(before);
    // and the server is fine
    assertThat(api.say(c, "still here", null).status()).isEqualTo(200);
  }

  @Test
  void servesItsOpenApiDocument() {
    Api.Response yaml = api.get("/api/v1/openapi.yaml", null);
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.body()).startsWith("openapi: 3");
    JsonObject json = api.get("/api/v1/openapi.json", null).json();
    assertThat(json.getJsonObject("paths").fieldNames()).contains(
        "/api/v1/conversations", "/api/v1/conversations/{id}/messages", "/api/v1/conversations/{id}/ws",
        "/health/live", "/health/ready", "/api/v1/conversations/{id}", "/api/v1/agents/login", "/api/v1/agents/me", "/api/v1/agents/ws",
        "/api/v1/queues", "/api/v1/handoffs/{id}/claim", "/api/v1/handoffs/{id}/messages", "/api/v1/handoffs/{id}/notes",
        "/api/v1/handoffs/{id}/return-to-bot", "/api/v1/handoffs/{id}/close", "/api/v1/handoffs/{id}/transfer",
        "/api/v1/handoffs/{id}/transfer-targets", "/api/v1/supervisor/overview");
  }

  @Test
  void reportsLiveAndReady() {
    assertThat(api.get("/health/live", null).status()).isEqualTo(200);
    Api.Response ready = api.get("/health/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("outcome")).isEqualTo("UP");
  }

  @Test
  void servesTheDemoPageWithAStrictContentSecurityPolicy() {
    Api.Response page = api.get("/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("/widget.js");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
  }
}
