package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * Agents see and take only the queues they serve, and never hold more than their capacity. The
 * demo agents: ana (agent; skills it and hr; capacity 3) and sam (supervisor and admin; capacity 3).
 */
class SkillsAndCapacityTest {

  static final String IDENTITY = "host-site-identity-secret-for-capacity";
  static EmbeddedRedis redis;
  static Relevo a;
  static Relevo b;

  @BeforeAll
  static void start() {
    redis = TestRedis.dedicated();
    a = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_WIDGET_IDENTITY_SECRET", IDENTITY));
    b = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_WIDGET_IDENTITY_SECRET", IDENTITY));
  }

  @AfterAll
  static void stop() {
    a.stop();
    b.stop();
    redis.close();
  }

  @BeforeEach
  void nobodyHoldsAnything() {
    HandoffTest.free(a, "ana");
    HandoffTest.free(a, "sam");
  }

  private static List<String> queueIds(Api.Response queues) {
    return queues.json().getJsonArray("queues").stream().map(q -> ((JsonObject) q).getString("id")).toList();
  }

  private static boolean waitingIn(JsonObject queuesFrame, String conversationId) {
    return queuesFrame.getJsonArray("queues").stream().map(o -> (JsonObject) o)
        .flatMap(q -> q.getJsonArray("waiting").stream().map(w -> (JsonObject) w))
        .anyMatch(w -> w.getString("conversationId").equals(conversationId));
  }

  /** A conversation waiting in the facilities queue: sam takes it from general and moves it there. */
  private static Api.Conversation waitingInFacilities(Api api, String sam) {
    Api.Conversation c = api.create("en");
    assertThat(HandoffTest.askForAPerson(api, c, "My desk lamp is broken").status()).isEqualTo(200);
    assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, sam).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/handoffs/" + c.id() + "/transfer", "{\"queue\":\"facilities\"}", sam).status()).isEqualTo(204);
    return c;
  }

  @Test
  void anAgentWithSkillsItAndHrNeitherSeesNorTakesTheFacilitiesQueue() {
    Api api = new Api(a.port());
    String ana = HandoffTest.login(api, "ana");
    String sam = HandoffTest.login(api, "sam");
    try (WsClient samConsole = HandoffTest.online(b, sam); WsClient anaConsole = HandoffTest.online(a, ana)) {
      Api.Conversation facilities = waitingInFacilities(api, sam);
      // a later conversation in general: the queues frame that shows it was made after the move
      Api.Conversation general = api.create("en");
      HandoffTest.askForAPerson(api, general, "Talk to a person");
      JsonObject frame = anaConsole.next(f -> "queues".equals(f.getString("type")) && waitingIn(f, general.id()));
      assertThat(frame.encode()).doesNotContain(facilities.id()).doesNotContain("desk lamp");
      List<JsonObject> frames = new ArrayList<>(anaConsole.drainNow());
      frames.add(frame);
      assertThat(frames).allSatisfy(f -> assertThat(f.getJsonArray("queues").stream().map(q -> ((JsonObject) q).getString("id")))
          .containsExactly("it", "hr", "general"));

      Api.Response anasQueues = api.get("/api/v1/queues", ana);
      assertThat(queueIds(anasQueues)).containsExactly("it", "hr", "general");
      assertThat(anasQueues.body()).doesNotContain(facilities.id()).doesNotContain("desk lamp");
      Api.Response samsQueues = api.get("/api/v1/queues", sam);
      assertThat(queueIds(samsQueues)).containsExactly("it", "hr", "facilities", "general");
      assertThat(samsQueues.body()).contains(facilities.id()).contains("My desk lamp is broken");

      Api.Response claim = api.post("/api/v1/handoffs/" + facilities.id() + "/claim", null, ana);
      assertThat(claim.status()).isEqualTo(403);
      assertThat(claim.errorCode()).isEqualTo("not_your_queue");
      assertThat(new Api(b.port()).post("/api/v1/handoffs/" + facilities.id() + "/claim", null, ana).status()).isEqualTo(403);
      assertThat(api.get("/api/v1/conversations/" + facilities.id(), facilities.token()).json().getString("state"))
          .isEqualTo("queued");
      assertThat(api.get("/api/v1/conversations/" + facilities.id(), ana).status()).as("its state, to ana").isEqualTo(404);

      // nor can it be handed to her
      assertThat(api.post("/api/v1/handoffs/" + facilities.id() + "/claim", null, sam).status()).isEqualTo(200);
      Api.Response handed = api.post("/api/v1/handoffs/" + facilities.id() + "/transfer", "{\"agent\":\"ana\"}", sam);
      assertThat(handed.status()).isEqualTo(409);
      assertThat(handed.errorCode()).isEqualTo("not_their_queue");
      assertThat(api.post("/api/v1/handoffs/" + general.id() + "/claim", null, ana).status()).as("general is hers").isEqualTo(200);
    }
  }

  @Test
  void anAgentWithCapacityThreeNeverHoldsAFourthEvenWithParallelClaims() throws Exception {
    Api onA = new Api(a.port());
    Api onB = new Api(b.port());
    String ana = HandoffTest.login(onA, "ana");
    String sam = HandoffTest.login(onA, "sam");
    try (WsClient anaConsole = HandoffTest.online(a, ana); WsClient samConsole = HandoffTest.online(b, sam)) {
      List<Api.Conversation> waiting = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Api.Conversation c = onA.create("en");
        assertThat(HandoffTest.askForAPerson(onA, c, "Talk to a person").status()).isEqualTo(200);
        waiting.add(c);
      }
      ExecutorService pool = Executors.newFixedThreadPool(10);
      List<Api.Response> claims;
      try {
        List<CompletableFuture<Api.Response>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          Api via = i % 2 == 0 ? onA : onB;
          String id = waiting.get(i).id();
          all.add(CompletableFuture.supplyAsync(() -> via.post("/api/v1/handoffs/" + id + "/claim", null, ana), pool));
        }
        claims = all.stream().map(CompletableFuture::join).toList();
      } finally {
        pool.shutdown();
      }
      assertThat(claims).filteredOn(r -> r.status() == 200).hasSize(3);
      assertThat(claims).filteredOn(r -> r.status() != 200)
          .allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.errorCode()).isEqualTo("at_capacity");
          });
      assertThat(load(onA, sam, "ana")).isEqualTo(3);
      Api.Response fourth = onA.post("/api/v1/handoffs/" + waiting.get(8).id() + "/claim", null, ana);
      assertThat(fourth.status()).isEqualTo(409);
      assertThat(fourth.errorCode()).isEqualTo("at_capacity");

      // nor is a fourth handed to her
      assertThat(onA.post("/api/v1/handoffs/" + waiting.get(9).id() + "/claim", null, sam).status()).isEqualTo(200);
      Api.Response handed = onA.post("/api/v1/handoffs/" + waiting.get(9).id() + "/transfer", "{\"agent\":\"ana\"}", sam);
      assertThat(handed.status()).isEqualTo(409);
      assertThat(handed.errorCode()).isEqualTo("at_capacity");
      assertThat(load(onA, sam, "ana")).isEqualTo(3);

      // once she closes one, there is room again
      String held = waiting.get(claims.indexOf(claims.stream().filter(r -> r.status() == 200).findFirst().orElseThrow())).id();
      assertThat(onA.post("/api/v1/handoffs/" + held + "/close", null, ana).status()).isEqualTo(204);
      assertThat(onB.post("/api/v1/handoffs/" + waiting.get(8).id() + "/claim", null, ana).status()).isEqualTo(200);
      assertThat(load(onA, sam, "ana")).isEqualTo(3);
    }
  }

  @Test
  void aConversationErasedWhileHeldGivesItsPlaceBack() {
    Api api = new Api(a.port());
    String ana = HandoffTest.login(api, "ana");
    String sam = HandoffTest.login(api, "sam");
    try (WsClient anaConsole = HandoffTest.online(a, ana)) {
      String person = new io.relevo.channels.web.IdentityTokens(IDENTITY, java.time.Clock.systemUTC())
          .issue(new JsonObject().put("sub", "emp-erased").put("iat", System.currentTimeMillis() / 1000)
              .put("exp", System.currentTimeMillis() / 1000 + 600));
      Api.Response created = api.post("/api/v1/conversations", new JsonObject().put("locale", "en").put("identityToken", person).encode(), null);
      Api.Conversation erased = new Api.Conversation(created.json().getString("conversationId"), created.json().getString("token"), created);
      List<Api.Conversation> people = new ArrayList<>(List.of(erased));
      for (int i = 0; i < 3; i++) {
        people.add(api.create("en"));
      }
      for (Api.Conversation c : people) {
        assertThat(HandoffTest.askForAPerson(api, c, "Talk to a person").status()).isEqualTo(200);
      }
      for (Api.Conversation c : people.subList(0, 3)) {
        assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, ana).status()).isEqualTo(200);
      }
      assertThat(api.post("/api/v1/handoffs/" + people.get(3).id() + "/claim", null, ana).errorCode()).isEqualTo("at_capacity");

      assertThat(api.send("DELETE", "/api/v1/admin/people/emp-erased", null, Map.of("Authorization", "Bearer " + sam)).status())
          .isEqualTo(200);
      assertThat(api.post("/api/v1/handoffs/" + people.get(3).id() + "/claim", null, ana).status()).isEqualTo(200);
      assertThat(load(api, sam, "ana")).isEqualTo(3);
    }
  }

  /** How many conversations {@code agentId} holds, from the supervisor's overview. */
  private static long load(Api api, String supervisor, String agentId) {
    return api.get("/api/v1/supervisor/overview", supervisor).json().getJsonArray("agents").stream()
        .map(o -> (JsonObject) o).filter(x -> x.getString("id").equals(agentId)).findFirst().orElseThrow()
        .getLong("conversations");
  }
}
