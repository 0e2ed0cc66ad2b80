package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class RateLimitTest {

  @Test
  void refusesMessagesOverTheConversationRateWithRetryAfter() {
    Relevo relevo = TestServers.start(Map.of("RELEVO_LIMITS_CONVERSATION_RATE", "3", "RELEVO_LIMITS_RATE_WINDOW", "1h"));
    try {
      Api api = new Api(relevo.port());
      Api.Conversation c = api.create("en");
      for (int i = 0; i < 3; i++) {
        assertThat(api.say(c, "m" + i, null).status()).isEqualTo(200);
      }
      Api.Response refused = api.say(c, "one too many", null);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.errorCode()).isEqualTo("rate_limited");
      assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
          s -> assertThat(s).isBetween(1L, 3600L));
      // the refused message is not stored: three messages from the person, each answered
      List<JsonObject> transcript = api.transcript(c);
      assertThat(transcript.stream().filter(m -> m.getString("role").equals("customer")).map(m -> m.getString("text")))
          .containsExactly("m0", "m1", "m2");

      // over the WebSocket: an error frame, and the socket stays open
      try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
        ws.send(new JsonObject().put("type", "message").put("text", "again").put("clientMessageId", "r1"));
        JsonObject error = ws.nextOfType("error");
        assertThat(error.getJsonObject("error").getString("code")).isEqualTo("rate_limited");
        assertThat(error.getString("clientMessageId")).isEqualTo("r1");
        assertThat(error.getLong("retryAfterMs")).isPositive();
        ws.send(new JsonObject().put("type", "ping"));
        assertThat(ws.nextOfType("pong")).isNotNull();
      }
      // another conversation is not affected
      assertThat(api.say(api.create("en"), "hi", null).status()).isEqualTo(200);
    } finally {
      relevo.stop();
    }
  }

  @Test
  void refusesRequestsOverTheAddressRate() {
    Relevo relevo = TestServers.start(Map.of("RELEVO_LIMITS_ADDRESS_RATE", "2", "RELEVO_LIMITS_RATE_WINDOW", "1h",
        "RELEVO_HTTP_TRUST_FORWARDED_FOR", "true"));
    try {
      Api api = new Api(relevo.port());
      Map<String, String> from = Map.of("X-Forwarded-For", "203.0.113.7");
      assertThat(api.send("POST", "/api/v1/conversations", null, from).status()).isEqualTo(201);
      assertThat(api.send("POST", "/api/v1/conversations", null, from).status()).isEqualTo(201);
      Api.Response refused = api.send("POST", "/api/v1/conversations", null, from);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(api.send("POST", "/api/v1/conversations", null, Map.of("X-Forwarded-For", "203.0.113.8")).status())
          .isEqualTo(201);
    } finally {
      relevo.stop();
    }
  }

  @Test
  void onlyConfiguredHostSitesMayCallThePeoplesApiFromTheirPages() {
    Relevo cors = TestServers.start(Map.of("RELEVO_WIDGET_ALLOWED_ORIGINS", "https://www.nubentia.example"));
    try {
      Api api = new Api(cors.port());
      Api.Response allowed = api.send("OPTIONS", "/api/v1/conversations", null, Map.of("Origin", "https://www.nubentia.example",
          "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
      assertThat(allowed.status()).isBetween(200, 204);
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://www.nubentia.example");
      Api.Response refused = api.send("OPTIONS", "/api/v1/conversations", null, Map.of("Origin", "https://evil.example",
          "Access-Control-Request-Method", "POST"));
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      Api.Response created = api.send("POST", "/api/v1/conversations", "{}".getBytes(), Map.of("Origin", "https://www.nubentia.example",
          "Content-Type", "application/json"));
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://www.nubentia.example");
    } finally {
      cors.stop();
    }
  }
}
