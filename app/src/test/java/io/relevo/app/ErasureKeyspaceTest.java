package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.relevo.channels.slack.SlackSignature;
import io.relevo.channels.web.IdentityTokens;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.KeyFamily;
import io.relevo.redis.Keyspace;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A person's erasure against every key family of {@link Keyspace}: their data is put in each family
 * through the public APIs (web conversations with messages, a handoff held by an agent with an
 * agent's note, a conversation waiting in a queue, a satisfaction rating, a ticket, a Slack
 * conversation through a local Slack stand-in), the person is erased through the admin API, and
 * then every key in Redis is walked (SCAN) and read whatever its type. Before the erasure, every key
 * must belong to a declared family and carry the expiry its family declares; after it, none names or holds the
 * person's ids, name or words. The documented exceptions are checked too: the audit log references
 * conversation ids as the targets of agents' actions (never the person's name, id or words), and
 * the redacted anonymous streams ({@code {kb}:gaps}, {@code {analytics}:csat:comments}) may keep a
 * redacted question, never an id.
 */
class ErasureKeyspaceTest {

  static final String SECRET = "identity-secret-for-the-erasure-test";
  static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

  @Test
  void anErasureLeavesNoKeyOfThePersonInAnyFamily() throws Exception {
    EmbeddedRedis own = TestRedis.dedicated();
    Vertx vertx = Vertx.vertx();
    HttpServer slack = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> req.response()
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("ok", true).put("ts", System.nanoTime() + ".0001").encode())))
        .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Relevo relevo = TestServers.start(Map.of("REDIS_URL", own.uri(), "RELEVO_WIDGET_IDENTITY_SECRET", SECRET,
        "RELEVO_SLACK_SIGNING_SECRET", SLACK_SECRET, "RELEVO_SLACK_BOT_TOKEN", "xoxb-test-token",
        "RELEVO_SLACK_API_URL", "http://127.0.0.1:" + slack.actualPort() + "/api"));
    RedisConnector redis = RedisConnector.connect(own.uri(), Duration.ofSeconds(5));
    try {
      Api api = new Api(relevo.port());
      String identity = new IdentityTokens(SECRET, Clock.systemUTC()).issue(new JsonObject().put("sub", "emp-zq88")
          .put("name", "Zebulón Quiroga").put("iat", System.currentTimeMillis() / 1000)
          .put("exp", System.currentTimeMillis() / 1000 + 600));
      List<Api.Conversation> mine = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Api.Response created = api.post("/api/v1/conversations",
            new JsonObject().put("locale", "es").put("identityToken", identity).encode(), null);
        mine.add(new Api.Conversation(created.json().getString("conversationId"), created.json().getString("token"), created));
      }
      String agent = HandoffTest.login(api, "ana");
      String admin = HandoffTest.login(api, "sam");
      try (WsClient console = HandoffTest.online(relevo, agent)) {
        // 1: a handoff, claimed and held by an agent, with an agent's note
        Api.Conversation held = mine.get(0);
        assertThat(api.say(held, "mi impresora zq4711 no imprime nada", null).status()).isEqualTo(200);
        assertThat(HandoffTest.askForAPerson(api, held, "Hablar con una persona").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/handoffs/" + held.id() + "/claim", null, agent).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/handoffs/" + held.id() + "/messages",
            new JsonObject().put("text", "Hola Zebulón, reviso la zq4711").encode(), agent).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/handoffs/" + held.id() + "/notes",
            new JsonObject().put("text", "nota interna sobre Zebulón zq4711").encode(), agent).status()).isEqualTo(204);
        // 2: a rating
        Api.Conversation rated = mine.get(1);
        assertThat(api.say(rated, "how do I connect to the VPN from home zq4711?", null).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/conversations/" + rated.id() + "/messages",
            new JsonObject().put("text", "5").put("payload", "csat:5").encode(), rated.token()).status()).isEqualTo(200);
        // 3: waiting for an agent (in a queue, or in the agent's set if assigned at once)
        Api.Conversation waiting = mine.get(2);
        assertThat(api.say(waiting, "necesito ayuda con mi nómina zq4711", null).status()).isEqualTo(200);
        assertThat(HandoffTest.askForAPerson(api, waiting, "Hablar con una persona").status()).isEqualTo(200);
      }
      // a ticket of theirs
      Ticket ticket = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false)
          .create(new NewTicket(Ticket.Kind.INCIDENT, new Ticket.Requester("user:web:emp-zq88", "Zebulón Quiroga", null),
              "Impresora zq4711 rota", "detalles de Zebulón", "printer", null, null, Map.of(), mine.get(0).id(), "es"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      // a Slack conversation of another identity of theirs
      assertThat(slackDm(relevo, "how do I reset my password zq4711slack?").status()).isEqualTo(200);
      String slackPerson = "slack:T0ZQ88:U0ZQ88";
      Eventually.until("the Slack conversation stored", () -> !api.get("/api/v1/admin/people/" + slackPerson + "/export",
          admin).json().getJsonArray("conversations").isEmpty());
      String slackConversation = api.get("/api/v1/admin/people/" + slackPerson + "/export", admin).json()
          .getJsonArray("conversations").getJsonObject(0).getString("conversationId");

      // someone else's conversation, which must stay
      Api.Conversation someoneElse = api.create("es");
      api.say(someoneElse, "otra persona pregunta", null);

      // the person's data is in Redis: the walk sees it before the erasure
      Map<String, String> before = everyKey(redis);
      assertThat(before.keySet()).anyMatch(k -> k.equals(Keyspace.notes(mine.get(0).id())));
      assertThat(before.keySet()).anyMatch(k -> k.startsWith("slack:conv:"));
      assertThat(String.join("\n", before.values())).contains("zq4711", "Zebulón", mine.get(2).id());
      // every key belongs to a declared family, and one that expires on its own has its expiry set
      for (String k : before.keySet()) {
        KeyFamily family = Keyspace.familyOf(k).orElseThrow(() -> new AssertionError("a key of no declared family: " + k));
        if (family.expiry() == KeyFamily.Expiry.WITH_CONVERSATION || family.expiry() == KeyFamily.Expiry.FIXED_TTL) {
          assertThat(redis.commands().pttl(k).toCompletableFuture().get(5, TimeUnit.SECONDS)).as(k).isPositive();
        }
      }

      assertThat(api.send("DELETE", "/api/v1/admin/people/emp-zq88", null, Map.of("Authorization", "Bearer " + admin))
          .status()).isEqualTo(200);
      assertThat(api.send("DELETE", "/api/v1/admin/people/" + slackPerson, null, Map.of("Authorization", "Bearer " + admin))
          .status()).isEqualTo(200);

      List<String> ids = new ArrayList<>(mine.stream().map(Api.Conversation::id).toList());
      ids.add(slackConversation);
      List<String> identifiers = new ArrayList<>(ids);
      identifiers.addAll(List.of(ticket.id(), "emp-zq88", "U0ZQ88"));
      List<String> words = List.of("Zebulón", "Quiroga", "zq4711");
      Map<String, String> after = everyKey(redis);
      after.forEach((key, value) -> {
        boolean audit = key.equals(Keyspace.AUDIT_LOG_KEY);
        boolean redacted = key.equals(Keyspace.KB_GAPS_KEY) || key.equals(Keyspace.CSAT_COMMENTS_KEY);
        for (String id : identifiers) {
          assertThat(key).as("a key name").doesNotContain(id);
          if (!(audit && ids.contains(id))) {
            assertThat(value).as(key).doesNotContain(id);
          }
        }
        if (!redacted) {
          for (String w : words) {
            assertThat(value).as(key).doesNotContain(w);
          }
        }
      });
      assertThat(api.transcript(someoneElse)).isNotEmpty();
    } finally {
      redis.close();
      relevo.stop();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      own.close();
    }
  }

  private static Api.Response slackDm(Relevo relevo, String text) {
    String ts = "1700000000.000100";
    JsonObject event = new JsonObject().put("type", "message").put("channel", "D0ZQ88").put("user", "U0ZQ88")
        .put("text", text).put("ts", ts).put("event_ts", ts).put("channel_type", "im");
    String body = new JsonObject().put("token", "XXYYZZ").put("team_id", "T0ZQ88").put("api_app_id", "A123ABC456")
        .put("event", event).put("type", "event_callback").put("event_id", "EvZQ88").put("event_time", 1355517523).encode();
    long now = System.currentTimeMillis() / 1000;
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "application/json",
        "X-Slack-Request-Timestamp", Long.toString(now),
        "X-Slack-Signature", "v0=" + SlackSignature.sign(SLACK_SECRET, "v0:" + now + ":" + body)));
    return new Api(relevo.port()).send("POST", "/api/v1/slack/events", body.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** Every key in Redis (SCAN) with everything it holds, as text, whatever its type. */
  static Map<String, String> everyKey(RedisConnector redis) throws Exception {
    var c = redis.commands();
    Map<String, String> all = new HashMap<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      var page = c.scan(cursor, ScanArgs.Builder.limit(500)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      for (String k : page.getKeys()) {
        String type = c.type(k).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Object value = switch (type) {
          case "string" -> c.get(k).toCompletableFuture().get(5, TimeUnit.SECONDS);
          case "hash" -> c.hgetall(k).toCompletableFuture().get(5, TimeUnit.SECONDS);
          case "set" -> c.smembers(k).toCompletableFuture().get(5, TimeUnit.SECONDS);
          case "zset" -> c.zrange(k, 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
          case "list" -> c.lrange(k, 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
          case "stream" -> c.xrange(k, Range.create("-", "+")).toCompletableFuture().get(5, TimeUnit.SECONDS).stream()
              .map(m -> m.getBody().toString()).toList();
          default -> throw new AssertionError("a key of an unknown type " + type + ": " + k);
        };
        all.put(k, String.valueOf(value));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return all;
  }
}
