package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class WebSocketApiTest {

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

  private static JsonObject message(String text, String clientMessageId) {
    return new JsonObject().put("type", "message").put("text", text).put("clientMessageId", clientMessageId);
  }

  @Test
  void replaysTheTranscriptThenCarriesAMessageAndItsReply() {
    Api.Conversation c = api.create("es");
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      assertThat(ws.messages(1).get(0).getString("text")).startsWith("¡Hola!");

      ws.send(message("la impresora no imprime", "w1"));
      JsonObject ack = ws.nextOfType("ack");
      assertThat(ack.getString("clientMessageId")).isEqualTo("w1");
      assertThat(ack.getBoolean("duplicate")).isFalse();
      List<JsonObject> next = ws.messages(2);
      assertThat(next.get(0).getString("id")).isEqualTo(ack.getString("messageId"));
      assertThat(next.get(0).getString("role")).isEqualTo("customer");
      assertThat(next.get(1).getString("inReplyTo")).isEqualTo(ack.getString("messageId"));
      assertThat(next.get(1).getString("role")).isEqualTo("bot");
      assertThat(next.get(1).getString("text")).isNotBlank();
    }
  }

  @Test
  void replaysWhatWasMissedAfterAReconnect() {
    Api.Conversation c = api.create("en");
    String lastSeen;
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      ws.send(message("first", "r1"));
      ws.messages(3); // the greeting, "first" and the first reply: the turn's replies are stored together
      List<JsonObject> stored = api.transcript(c);
      lastSeen = stored.get(stored.size() - 1).getString("id");
    }
    // while disconnected
    api.say(c, "second", "r2");
    api.say(c, "third", "r3");

    try (WsClient ws = WsClient.connect(relevo.port(), c, lastSeen)) {
      // what was missed, in order: "second", the bot's replies, "third", its replies (how many replies
      // the bot gives is its own business)
      List<String> missed = new java.util.ArrayList<>();
      List<String> ids = new java.util.ArrayList<>();
      while (!missed.contains("third")) {
        JsonObject m = ws.messages(1).get(0);
        missed.add(m.getString("text"));
        ids.add(m.getString("id"));
        assertThat(missed.size()).as("replayed before 'third'").isLessThan(10);
      }
      assertThat(missed.get(0)).isEqualTo("second");
      assertThat(ids).doesNotContain(lastSeen);
      ws.send(message("fourth", "r4"));
      // the third's replies may still be on their way; the next message of the person's is "fourth"
      JsonObject next;
      int read = 0;
      do {
        next = ws.messages(1).get(0);
        assertThat(++read).as("messages before 'fourth'").isLessThan(10);
      } while (!"customer".equals(next.getString("role")));
      assertThat(next.getString("text")).isEqualTo("fourth");
      assertThat(ws.drainNow()).noneMatch(f -> f.getString("type").equals("message")
          && f.getJsonObject("message").getString("text").equals("second"));
    }
  }

  @Test
  void aResentFrameWithTheSameClientMessageIdIsStoredOnce() {
    Api.Conversation c = api.create("en");
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      ws.send(message("hello", "dup-1"));
      String id = ws.nextOfType("ack").getString("messageId");
      ws.send(message("hello", "dup-1"));
      JsonObject again = ws.nextOfType("ack");
      assertThat(again.getBoolean("duplicate")).isTrue();
      assertThat(again.getString("messageId")).isEqualTo(id);
      ws.next(f -> "message".equals(f.getString("type")) && id.equals(f.getJsonObject("message").getString("inReplyTo")));
    }
    assertThat(api.transcript(c)).extracting(m -> m.getString("role")).containsExactly("bot", "customer", "bot");
  }

  @Test
  void answersBadFramesWithErrorFramesAndKeepsTheSocketOpen() {
    Api.Conversation c = api.create("en");
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      ws.messages(1);
      ws.ws.sendText("{not json", true).join();
      assertThat(ws.nextOfType("error").getJsonObject("error").getString("code")).isEqualTo("bad_frame");
      ws.send(new JsonObject().put("type", "launch-rockets"));
      assertThat(ws.nextOfType("error").getJsonObject("error").getString("code")).isEqualTo("bad_frame");
      ws.sendBinary(new byte[] {1, 2, 3});
      assertThat(ws.nextOfType("error").getJsonObject("error").getString("code")).isEqualTo("bad_frame");
      ws.send(message("x".repeat(4001), "long"));
      JsonObject tooLong = ws.nextOfType("error");
      assertThat(tooLong.getJsonObject("error").getString("code")).isEqualTo("message_too_large");
      assertThat(tooLong.getString("clientMessageId")).isEqualTo("long");
      ws.send(new JsonObject().put("type", "message"));
      assertThat(ws.nextOfType("error").getJsonObject("error").getString("code")).isEqualTo("bad_request");

      ws.send(message("still works", "ok"));
      assertThat(ws.nextOfType("ack").getString("clientMessageId")).isEqualTo("ok");
      assertThat(ws.closed).isFalse();
    }
    assertThat(api.transcript(c)).extracting(m -> m.getString("text")).contains("still works")
        .noneMatch(t -> t.startsWith("xxxx"));
  }

  @Test
  void refusesTheUpgradeWithoutTheRightToken() {
    Api.Conversation c = api.create("en");
    HttpClient http = HttpClient.newHttpClient();
    assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + relevo.port()
        + "/api/v1/conversations/" + c.id() + "/ws?token=wrong"), new java.net.http.WebSocket.Listener() { }).join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + relevo.port()
        + "/api/v1/conversations/" + c.id() + "/ws"), new java.net.http.WebSocket.Listener() { }).join())
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
  }

  @Test
  void quickReplyPostbacksReachTheBot() {
    Api.Conversation c = api.create("en");
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      JsonObject greeting = ws.messages(1).get(0);
      JsonObject quick = greeting.getJsonArray("quickReplies").stream().map(o -> (JsonObject) o)
          .filter(q -> q.getString("payload").equals("contact.leave")).findFirst().orElseThrow();
      ws.send(new JsonObject().put("type", "postback").put("payload", quick.getString("payload"))
          .put("text", quick.getString("label")).put("clientMessageId", "p1"));
      List<JsonObject> next = ws.messages(2);
      assertThat(next.get(0).getString("text")).isEqualTo("Leave my contact details");
      assertThat(next.get(1).getString("text")).contains("email address or phone number");
      ws.send(message("you can reach me at jo@example.com", "p2"));
      assertThat(ws.messages(2).get(1).getString("text")).contains("jo@example.com");
    }
  }
}
