package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** A person reaches a live agent and back, over the public API only. */
class HandoffTest {

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
  void agentsHaveRoom() {
    free(a, "ana");
    free(a, "sam");
  }

  static String login(Api api, String user) {
    Api.Response r = api.post("/api/v1/agents/login",
        new JsonObject().put("username", user).put("password", TestServers.DEMO_PASSWORD).encode(), null);
    assertThat(r.status()).isEqualTo(200);
    return r.json().getString("token");
  }

  /**
   * Closes every conversation {@code user} holds, so that a test on the shared Redis starts with
   * an agent who has room (capacity is enforced).
   */
  static void free(Relevo on, String user) {
    Api api = new Api(on.port());
    String token = login(api, user);
    try (WsClient console = WsClient.agent(on.port(), token)) {
      for (Object id : console.nextOfType("hello").getJsonArray("held")) {
        api.post("/api/v1/handoffs/" + id + "/close", null, token);
      }
    }
  }

  static Api.Response askForAPerson(Api api, Api.Conversation c, String label) {
    return api.post("/api/v1/conversations/" + c.id() + "/messages",
        new JsonObject().put("text", label).put("payload", "handoff.request").encode(), c.token());
  }

  @Test
  void aPersonReachesAnAgentAndIsHandedBackToTheBot() {
    talkThroughAnAgent(a, a);
  }

  @Test
  void thePersonOnOneInstanceAndTheAgentOnAnother() {
    talkThroughAnAgent(a, b);
  }

  private void talkThroughAnAgent(Relevo personSide, Relevo agentSide) {
    Api person = new Api(personSide.port());
    Api agentApi = new Api(agentSide.port());
    Api.Conversation c = person.create("es");
    assertThat(person.say(c, "no puedo entrar en el portal de nóminas", null).status()).isEqualTo(200);

    String token = login(agentApi, "ana");
    try (WsClient console = online(agentSide, token); WsClient ws = WsClient.connect(personSide.port(), c, null)) {
      ws.messages(3);
      Api.Response queued = askForAPerson(person, c, "Hablar con una persona");
      assertThat(queued.messages()).singleElement().satisfies(m ->
          assertThat(m.getString("text")).startsWith("Paso tu conversación").containsPattern("Eres el número \\d+ de la cola"));
      assertThat(person.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("queued");

      // the payroll portal is HR's matter: the person waits in HR's queue
      JsonObject hr = agentApi.get("/api/v1/queues", token).json().getJsonArray("queues").stream()
          .map(o -> (JsonObject) o).filter(q -> q.getString("id").equals("hr")).findFirst().orElseThrow();
      JsonObject item = hr.getJsonArray("waiting").stream().map(o -> (JsonObject) o)
          .filter(w -> w.getString("conversationId").equals(c.id())).findFirst().orElseThrow();
      assertThat(item.getString("reason")).isEqualTo("asked_for_person");
      assertThat(item.getString("locale")).isEqualTo("es");
      assertThat(item.getString("preview")).isEqualTo("Hablar con una persona");

      Api.Response claimed = agentApi.post("/api/v1/handoffs/" + c.id() + "/claim", null, token);
      assertThat(claimed.status()).isEqualTo(200);
      assertThat(claimed.json().getString("reason")).isEqualTo("asked_for_person");
      assertThat(claimed.messages()).extracting(m -> m.getString("text"))
          .contains("no puedo entrar en el portal de nóminas", "Ana se ha unido al chat.");
      assertThat(ws.next(f -> isMessage(f, "system")).getJsonObject("message").getString("text"))
          .isEqualTo("Ana se ha unido al chat.");

      assertThat(agentApi.post("/api/v1/handoffs/" + c.id() + "/messages",
          new JsonObject().put("text", "Hola, soy Ana. ¿Qué error ves?").encode(), token).status()).isEqualTo(200);
      JsonObject fromAgent = ws.next(f -> isMessage(f, "agent")).getJsonObject("message");
      assertThat(fromAgent.getString("text")).isEqualTo("Hola, soy Ana. ¿Qué error ves?");
      assertThat(fromAgent.getJsonObject("author").getString("name")).isEqualTo("Ana");

      assertThat(agentApi.post("/api/v1/handoffs/" + c.id() + "/notes",
          new JsonObject().put("text", "posible bloqueo de cuenta").encode(), token).status()).isEqualTo(204);

      // the person answers: stored, and the bot stays silent
      Api.Response answer = person.say(c, "dice 'acceso denegado'", "p-1");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.messages()).isEmpty();

      assertThat(agentApi.post("/api/v1/handoffs/" + c.id() + "/return-to-bot", null, token).status()).isEqualTo(204);
      assertThat(ws.next(f -> isMessage(f, "system") && f.getJsonObject("message").getString("text").startsWith("Ana ha salido"))).isNotNull();
      assertThat(person.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("bot");

      Api.Response botAgain = person.say(c, "gracias", null);
      assertThat(botAgain.messages()).singleElement().satisfies(m -> assertThat(m.getString("role")).isEqualTo("bot"));
    }
    List<JsonObject> transcript = person.transcript(c);
    assertThat(transcript).extracting(m -> m.getString("text")).doesNotContain("posible bloqueo de cuenta");
    int answered = indexOf(transcript, "dice 'acceso denegado'");
    assertThat(transcript.get(answered + 1).getString("role")).as("no bot reply while the agent held it").isNotEqualTo("bot");
  }

  /** Opens the agent's console socket: the agent is online until it closes. */
  static WsClient online(Relevo on, String token) {
    WsClient ws = WsClient.agent(on.port(), token);
    ws.nextOfType("hello");
    return ws;
  }

  @Test
  void withNobodyOnlineThePersonIsToldSoAndOfferedAnotherWay() {
    io.relevo.redis.EmbeddedRedis ownRedis = io.relevo.testkit.TestRedis.dedicated(); // no agent anywhere
    Relevo alone = TestServers.start(java.util.Map.of("REDIS_URL", ownRedis.uri()));
    try {
      Api person = new Api(alone.port());
      Api.Conversation c = person.create("es");
      assertThat(person.say(c, "la vpn se corta cada hora desde ayer", null).status()).isEqualTo(200);
      Api.Response r = askForAPerson(person, c, "Hablar con una persona");
      assertThat(r.messages()).singleElement().satisfies(m -> {
        assertThat(m.getString("text")).startsWith("Ahora mismo no hay nadie disponible");
        assertThat(m.getJsonArray("quickReplies").stream().map(q -> ((JsonObject) q).getString("payload")))
            .containsExactly("handoff.ticket", "contact.leave");
      });
      assertThat(person.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("bot");

      // frustration with nobody there: no "I'll pass you to a person" before "nobody is available"
      Api.Conversation angry = person.create("es");
      Api.Response said = person.say(angry, "esto es una broma, estoy perdiendo el tiempo", null);
      assertThat(said.messages().stream().map(m -> m.getString("text")).toList())
          .noneMatch(t -> t.contains("Te paso con una persona"))
          .anyMatch(t -> t.startsWith("Siento que esto esté siendo frustrante."))
          .anyMatch(t -> t.startsWith("Ahora mismo no hay nadie disponible"));

      // the person takes the ticket: it carries the transcript
      Api.Response opened = person.post("/api/v1/conversations/" + c.id() + "/messages",
          new JsonObject().put("text", "Abrir un ticket con esta conversación").put("payload", "handoff.ticket").encode(), c.token());
      String text = opened.messages().get(0).getString("text");
      assertThat(text).startsWith("He abierto el ticket INC-");
      String ticketId = text.replaceAll("(?s).*?(INC-\\d{6}).*", "$1");
      JsonObject ticket = person.get("/api/v1/tickets/" + ticketId + "?conversation=" + c.id(), c.token()).json();
      assertThat(ticket.getString("description")).contains("customer: la vpn se corta cada hora desde ayer");
      assertThat(ticket.getString("conversationId")).isEqualTo(c.id());

      // once an agent is online, the same request queues the person
      String token = login(person, "sam");
      try (WsClient console = online(alone, token)) {
        assertThat(askForAPerson(person, c, "Hablar con una persona").messages().get(0).getString("text"))
            .startsWith("Paso tu conversación");
      }
    } finally {
      alone.stop();
      ownRedis.close();
    }
  }

  @Test
  void aGoodbyeWhileWaitingTakesTheConversationOutOfTheQueue() {
    Api api = new Api(a.port());
    String token = login(api, "ana");
    try (WsClient console = online(a, token)) {
      Api.Conversation c = api.create("en");
      assertThat(askForAPerson(api, c, "Talk to a person").messages().get(0).getString("text")).startsWith("I'm passing");
      assertThat(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("queued");
      assertThat(inLine(api, token, c.id())).isTrue();

      Api.Response bye = api.say(c, "never mind, bye", null);
      assertThat(bye.messages().get(0).getString("text")).contains("taken you out of the queue");
      assertThat(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("bot");
      assertThat(inLine(api, token, c.id())).as("no agent can claim it any more").isFalse();
      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, token).status()).isNotEqualTo(200);
    }
  }

  private static boolean inLine(Api api, String token, String conversationId) {
    return api.get("/api/v1/queues", token).json().getJsonArray("queues").stream().map(o -> (JsonObject) o)
        .flatMap(q -> q.getJsonArray("waiting").stream())
        .anyMatch(w -> w.toString().contains(conversationId));
  }

  @Test
  void peopleWaitingHearTheirNewPlaceInLine() {
    Api api = new Api(a.port());
    String token = login(api, "ana");
    try (WsClient console = online(a, token)) {
      Api.Conversation first = api.create("en");
      Api.Conversation second = api.create("en");
      askForAPerson(api, first, "Talk to a person");
      askForAPerson(api, second, "Talk to a person");
      try (WsClient ws = WsClient.connect(a.port(), second, null)) {
        ws.messages(3);
        long before = position(api, token, second.id());
        assertThat(api.post("/api/v1/handoffs/" + first.id() + "/claim", null, token).status()).isEqualTo(200);
        JsonObject update = ws.nextOfType("queue");
        assertThat(update.getLong("position")).isEqualTo(before - 1);
        assertThat(update.getLong("estimatedWaitMinutes")).isPositive();
      }
    }
  }

  @Test
  void anAgentTransfersToAnotherAgentOrQueueAndOnlySupervisorsSeeTheOverview() {
    Api api = new Api(a.port());
    String ana = login(api, "ana");
    String sam = login(api, "sam");
    try (WsClient anaConsole = online(a, ana); WsClient samConsole = online(b, sam)) {
      Api.Conversation c = api.create("en");
      askForAPerson(api, c, "Talk to a person");
      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, ana).status()).isEqualTo(200);

      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/transfer", "{\"agent\":\"sam\"}", ana).status()).isEqualTo(204);
      assertThat(samConsole.next(f -> "conversation".equals(f.getString("type")) && c.id().equals(f.getString("conversationId"))))
          .isNotNull();
      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/messages", "{\"text\":\"x\"}", ana).status())
          .as("ana no longer holds it").isEqualTo(409);
      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/messages", "{\"text\":\"Sam here\"}", sam).status()).isEqualTo(200);

      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/transfer", "{\"queue\":\"it\"}", sam).status()).isEqualTo(204);
      assertThat(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("queued");
      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, ana).status()).isEqualTo(200);
      assertThat(api.transcript(c)).extracting(m -> m.getString("text"))
          .contains("Sam joined the chat.", "Sam here", "Ana joined the chat.");

      Api.Response overview = api.get("/api/v1/supervisor/overview", sam);
      assertThat(overview.status()).isEqualTo(200);
      assertThat(overview.json().getJsonArray("agents").stream().map(o -> (JsonObject) o)
          .filter(x -> x.getString("id").equals("ana")).findFirst().orElseThrow().getBoolean("online")).isTrue();
      Api.Response forbidden = api.get("/api/v1/supervisor/overview", ana);
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(forbidden.errorCode()).isEqualTo("forbidden");
      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/transfer", "{\"queue\":\"nowhere\"}", ana).status()).isEqualTo(400);
    }
  }

  @Test
  void aTransferGoesOnlyToAnOnlineAgentWhoIsToldWhoSentItAndIsAudited() {
    Api api = new Api(a.port());
    String ana = login(api, "ana");
    String sam = login(api, "sam");
    try (WsClient anaConsole = online(a, ana)) {
      Api.Conversation c = api.create("en");
      askForAPerson(api, c, "Talk to a person");
      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, ana).status()).isEqualTo(200);

      // Sam is offline: not offered, and refused with a JSON error that says why
      JsonObject targets = api.get("/api/v1/handoffs/" + c.id() + "/transfer-targets", ana).json();
      assertThat(targets.getJsonArray("agents").stream().map(o -> ((JsonObject) o).getString("id"))).doesNotContain("sam", "ana");
      assertThat(targets.getJsonArray("queues").getList()).contains("it", "general");
      Api.Response offline = api.post("/api/v1/handoffs/" + c.id() + "/transfer", "{\"agent\":\"sam\"}", ana);
      assertThat(offline.status()).isEqualTo(409);
      assertThat(offline.errorCode()).isEqualTo("agent_unavailable");
      assertThat(offline.json().getJsonObject("error").getString("message")).isEqualTo("Sam is not online.");
      assertThat(api.post("/api/v1/handoffs/" + c.id() + "/transfer", "{\"agent\":\"nobody\"}", ana).errorCode())
          .isEqualTo("not_found");
      assertThat(api.get("/api/v1/handoffs/" + c.id() + "/transfer-targets", sam).errorCode()).as("not sam's")
          .isEqualTo("not_yours");
      assertThat(api.get("/api/v1/handoffs/" + c.id() + "/transfer-targets", null).status()).isEqualTo(401);

      try (WsClient samConsole = online(b, sam)) {
        assertThat(api.get("/api/v1/handoffs/" + c.id() + "/transfer-targets", ana).json().getJsonArray("agents"))
            .contains(new JsonObject().put("id", "sam").put("name", "Sam"));
        assertThat(api.post("/api/v1/handoffs/" + c.id() + "/transfer", "{\"agent\":\"sam\"}", ana).status()).isEqualTo(204);
        JsonObject told = samConsole.next(f -> "transferred".equals(f.getString("type")));
        assertThat(told.getString("conversationId")).isEqualTo(c.id());
        assertThat(told.getJsonObject("from")).isEqualTo(new JsonObject().put("id", "ana").put("name", "Ana"));
        assertThat(samConsole.next(f -> "conversation".equals(f.getString("type"))).getString("conversationId")).isEqualTo(c.id());
      }

      JsonObject audited = new JsonObject().put("id", c.id()).put("toAgent", "sam");
      io.relevo.testkit.Eventually.until("the transfer in the audit log", () -> api.get("/api/v1/admin/audit?actor=ana&limit=50", sam)
          .json().getJsonArray("entries").stream().map(o -> (JsonObject) o)
          .anyMatch(e -> e.getString("action").equals("POST /api/v1/handoffs/:id/transfer") && e.getInteger("status") == 204
              && audited.equals(e.getJsonObject("target"))));
    }
  }

  /** The conversation's place in the general queue, as agents see it. */
  private static long position(Api api, String token, String conversationId) {
    JsonObject general = api.get("/api/v1/queues", token).json().getJsonArray("queues").stream()
        .map(o -> (JsonObject) o).filter(q -> q.getString("id").equals("general")).findFirst().orElseThrow();
    List<Object> waiting = general.getJsonArray("waiting").getList();
    for (int i = 0; i < waiting.size(); i++) {
      Object w = waiting.get(i);
      String id = w instanceof JsonObject jo ? jo.getString("conversationId") : (String) ((java.util.Map<?, ?>) w).get("conversationId");
      if (conversationId.equals(id)) {
        return i + 1;
      }
    }
    throw new AssertionError("not waiting: " + conversationId);
  }

  private static boolean isMessage(JsonObject frame, String role) {
    return "message".equals(frame.getString("type")) && role.equals(frame.getJsonObject("message").getString("role"));
  }

  private static int indexOf(List<JsonObject> transcript, String text) {
    for (int i = 0; i < transcript.size(); i++) {
      if (text.equals(transcript.get(i).getString("text"))) {
        return i;
      }
    }
    throw new AssertionError("not in transcript: " + text);
  }

  @Test
  void twoAgentsClaimingAtTheSameMomentExactlyOneWinsEveryTime() throws Exception {
    Api person = new Api(a.port());
    Api apiA = new Api(a.port());
    Api apiB = new Api(b.port());
    String ana = login(apiA, "ana");
    String sam = login(apiB, "sam");
    List<Api.Conversation> waiting = new ArrayList<>();
    WsClient console = online(a, ana);
    for (int i = 0; i < 100; i++) {
      Api.Conversation c = person.create("en");
      assertThat(askForAPerson(person, c, "Talk to a person").status()).isEqualTo(200);
      waiting.add(c);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Api.Conversation c : waiting) {
        CompletableFuture<Integer> byAna = CompletableFuture.supplyAsync(
            () -> apiA.post("/api/v1/handoffs/" + c.id() + "/claim", null, ana).status(), pool);
        CompletableFuture<Integer> bySam = CompletableFuture.supplyAsync(
            () -> apiB.post("/api/v1/handoffs/" + c.id() + "/claim", null, sam).status(), pool);
        int anas = byAna.get();
        assertThat(List.of(anas, bySam.get())).containsExactlyInAnyOrder(200, 409);
        // the winner closes it: each agent holds at most their capacity
        assertThat(apiA.post("/api/v1/handoffs/" + c.id() + "/close", null, anas == 200 ? ana : sam).status()).isEqualTo(204);
      }
    } finally {
      pool.shutdown();
      console.close();
    }
    assertThat(waiting).allSatisfy(c -> assertThat(person.transcript(c))
        .filteredOn(m -> m.getString("text").endsWith("joined the chat.")).hasSize(1));
  }

  @Test
  void onlyAgentsReachTheAgentApi() {
    Api api = new Api(a.port());
    Api.Conversation c = api.create("en");
    assertThat(api.get("/api/v1/queues", c.token()).status()).isEqualTo(401);
    assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, c.token()).status()).isEqualTo(401);
    String ana = login(api, "ana");
    assertThat(api.post("/api/v1/handoffs/" + c.id() + "/claim", null, ana).status()).as("not waiting").isEqualTo(409);
    assertThat(api.post("/api/v1/handoffs/" + c.id() + "/messages", "{\"text\":\"hi\"}", ana).status())
        .as("not held by ana").isEqualTo(409);
  }

  @Test
  void anAgentReadsAConversationsStateWithTheirOwnToken() {
    Api api = new Api(a.port());
    String token = login(api, "ana");
    try (WsClient console = online(a, token)) {
      Api.Conversation c = api.create("en");
      askForAPerson(api, c, "Talk to a person");
      JsonObject byAgent = api.get("/api/v1/conversations/" + c.id(), token).json();
      assertThat(byAgent.getString("state")).isEqualTo("queued");
      assertThat(byAgent.getString("reason")).isEqualTo("asked_for_person");
      assertThat(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("queued");
      String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
      assertThat(api.get("/api/v1/conversations/" + c.id(), forged).status()).isEqualTo(401);
    }
  }
}
