package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class AgentSocketTest {

  static Relevo a;
  static Relevo b;

  @BeforeAll
  static void start() {
    a = TestServers.start();
    b = TestServers.start();
  }

  @AfterAll
  static void stop() {
    a.stop();
    b.stop();
  }

  @BeforeEach
  void anaHasRoom() {
    HandoffTest.free(a, "ana");
  }

  private static boolean waitingIn(JsonObject queuesFrame, String conversationId) {
    return "queues".equals(queuesFrame.getString("type")) && queuesFrame.getJsonArray("queues").stream()
        .map(o -> (JsonObject) o).flatMap(q -> q.getJsonArray("waiting").stream().map(w -> (JsonObject) w))
        .anyMatch(w -> w.getString("conversationId").equals(conversationId));
  }

  @Test
  void anAgentSeesTheQueueClaimsAndFollowsTheConversationAcrossInstances() {
    Api person = new Api(a.port());
    Api agentApi = new Api(b.port());
    String token = HandoffTest.login(agentApi, "ana");
    Api.Conversation c = person.create("en");

    try (WsClient agentWs = WsClient.agent(b.port(), token); WsClient personWs = WsClient.connect(a.port(), c, null)) {
      assertThat(agentWs.nextOfType("hello").getJsonObject("agent").getString("name")).isEqualTo("Ana");
      personWs.messages(1);
      HandoffTest.askForAPerson(person, c, "Talk to a person");
      assertThat(agentWs.next(f -> waitingIn(f, c.id()))).isNotNull();

      assertThat(agentApi.post("/api/v1/handoffs/" + c.id() + "/claim", null, token).status()).isEqualTo(200);
      JsonObject opened = agentWs.next(f -> "conversation".equals(f.getString("type"))
          && c.id().equals(f.getString("conversationId")));
      assertThat(opened.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")))
          .contains("Talk to a person", "Ana joined the chat.");
      assertThat(agentWs.next(f -> "queues".equals(f.getString("type")) && !waitingIn(f, c.id()))).isNotNull();

      personWs.send(new JsonObject().put("type", "typing"));
      assertThat(agentWs.nextOfType("typing").getString("conversationId")).isEqualTo(c.id());
      personWs.send(new JsonObject().put("type", "message").put("text", "my VPN drops every hour").put("clientMessageId", "v1"));
      JsonObject arrived = agentWs.next(f -> "message".equals(f.getString("type"))
          && "customer".equals(f.getJsonObject("message").getString("role")));
      assertThat(arrived.getJsonObject("message").getString("text")).isEqualTo("my VPN drops every hour");

      agentWs.send(new JsonObject().put("type", "typing").put("conversationId", c.id()));
      JsonObject typing = personWs.nextOfType("typing");
      assertThat(typing.getString("role")).isEqualTo("agent");
      assertThat(typing.getString("name")).isEqualTo("Ana");
    }

    // an agent that reconnects gets its conversations back
    try (WsClient again = WsClient.agent(a.port(), token)) {
      assertThat(again.nextOfType("hello").getJsonArray("held").getList()).contains(c.id());
      // ana may hold conversations of other tests too: find this one's
      JsonObject restored = again.next(f -> "conversation".equals(f.getString("type"))
          && c.id().equals(f.getString("conversationId")));
      assertThat(restored.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")))
          .contains("my VPN drops every hour");
    }
  }

  @Test
  void aPersonsConversationTokenCannotOpenTheAgentSocket() {
    Api api = new Api(a.port());
    Api.Conversation c = api.create("en");
    for (String bad : new String[] {c.token(), "nonsense"}) {
      assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + a.port() + "/api/v1/agents/ws?token=" + bad),
              new java.net.http.WebSocket.Listener() { }).join())
          .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }
  }

  /** A test against a Relevo of its own, on a Redis of its own (the test drops Relevo's connections), with ana online. */
  @FunctionalInterface
  private interface OwnRedisTest {
    void run(int redisPort, Api api, String token, WsClient console);
  }

  private static void onOwnRedis(OwnRedisTest test) {
    try (io.relevo.redis.EmbeddedRedis redis = io.relevo.testkit.TestRedis.dedicated()) {
      Relevo relevo = TestServers.start(java.util.Map.of("REDIS_URL", redis.uri(), "RELEVO_HTTP_INSTANCES", "1"));
      try {
        Api api = new Api(relevo.port());
        String token = HandoffTest.login(api, "ana");
        try (WsClient console = HandoffTest.online(relevo, token)) {
          test.run(redis.port(), api, token, console);
        }
      } finally {
        relevo.stop();
      }
    }
  }

  /** Drops Relevo's pub/sub connection: the events published until it has subscribed again are lost. */
  private static void dropPubSub(int redisPort) {
    io.relevo.testkit.RespClient.command(redisPort, "CLIENT", "KILL", "TYPE", "pubsub");
  }

  /** A new conversation handed to a person and claimed by ana, once her console shows it. */
  private static Api.Conversation claimed(Api api, String token, WsClient console) {
    Api.Conversation c = api.create("en");
    HandoffTest.askForAPerson(api, c, "Talk to a person");
    assertThat(console.next(f -> waitingIn(f, c.id()))).isNotNull();
    assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, token).status()).isEqualTo(200);
    return c;
  }

  @Test
  void theConsoleGetsEveryMessageWhenRelevosPubSubConnectionDropsBeforeEach() {
    onOwnRedis((redisPort, api, token, console) -> {
      Api.Conversation c = claimed(api, token, console);
      // the console's view of the conversation: a 'conversation' frame replaces it, a 'message' adds to it
      java.util.Set<String> seen = new java.util.HashSet<>();
      java.util.concurrent.atomic.AtomicInteger wholeTranscripts = new java.util.concurrent.atomic.AtomicInteger();
      java.util.function.Consumer<JsonObject> take = f -> {
        if (!c.id().equals(f.getString("conversationId"))) {
          return;
        }
        if ("conversation".equals(f.getString("type"))) {
          wholeTranscripts.incrementAndGet();
          seen.clear();
          f.getJsonArray("messages").forEach(m -> seen.add(((JsonObject) m).getString("text")));
        } else if ("message".equals(f.getString("type"))) {
          seen.add(f.getJsonObject("message").getString("text"));
        }
      };
      take.accept(console.next(f -> "conversation".equals(f.getString("type")) && c.id().equals(f.getString("conversationId"))));
      java.util.List<String> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        dropPubSub(redisPort);
        String text = "still broken, attempt " + i;
        assertThat(api.say(c, text, "n" + i).status()).isEqualTo(200);
        sent.add(text);
      }
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
      while (!seen.containsAll(sent) && System.nanoTime() < deadline) {
        JsonObject f = console.poll(java.time.Duration.ofMillis(200));
        if (f != null) {
          take.accept(f);
        }
      }
      assertThat(seen).as("what the console shows").containsAll(sent);
      // each catch-up sent only what the console lacked, never the whole transcript again
      assertThat(wholeTranscripts.get()).as("whole transcripts sent").isEqualTo(1);
    });
  }

  @Test
  void theConsolesQueuesCatchUpWhenRelevosPubSubConnectionDropsBeforeAHandoff() {
    onOwnRedis((redisPort, api, token, console) -> {
      for (int i = 0; i < 5; i++) {
        Api.Conversation c = api.create("en");
        // the queue change is published while the connection may be down: lost to pub/sub, the
        // console still gets the new queue once the server has read it again after the reconnect
        dropPubSub(redisPort);
        HandoffTest.askForAPerson(api, c, "Talk to a person");
        assertThat(console.next(f -> waitingIn(f, c.id()))).as("round %d", i).isNotNull();
      }
    });
  }

  @Test
  void theConsoleDropsConversationsGivenBackWhileRelevosPubSubConnectionIsDown() {
    onOwnRedis((redisPort, api, token, console) -> {
      for (int i = 0; i < 3; i++) {
        Api.Conversation c = claimed(api, token, console);
        assertThat(console.next(f -> "conversation".equals(f.getString("type")) && c.id().equals(f.getString("conversationId"))))
            .isNotNull();
        // the events of the hand-back are published while the connection may be down
        dropPubSub(redisPort);
        assertThat(api.post("/api/v1/handoffs/" + c.id() + "/return-to-bot", null, token).status()).isEqualTo(204);
        JsonObject state = console.next(f -> "state".equals(f.getString("type")) && c.id().equals(f.getString("conversationId"))
            && !"agent".equals(f.getString("state")));
        assertThat(state).as("round %d", i).isNotNull();
      }
    });
  }
}
