package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.relevo.channels.web.IdentityTokens;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** A person's data on request: everything exported, then nothing left after erasure. */
class PrivacyTest {

  static final String SECRET = "identity-secret-for-the-privacy-test";

  @Test
  void anExportHoldsEveryMessageAndTicketAndAnErasureLeavesNothing() throws Exception {
    EmbeddedRedis own = TestRedis.dedicated();
    Relevo relevo = TestServers.start(Map.of("REDIS_URL", own.uri(), "RELEVO_WIDGET_IDENTITY_SECRET", SECRET));
    Vertx vertx = Vertx.vertx();
    RedisConnector redis = RedisConnector.connect(own.uri(), Duration.ofSeconds(5));
    try {
      Api api = new Api(relevo.port());
      String token = new IdentityTokens(SECRET, Clock.systemUTC())
          .issue(new JsonObject().put("sub", "emp-77").put("name", "Lucía").put("iat", System.currentTimeMillis() / 1000).put("exp", System.currentTimeMillis() / 1000 + 600));
      String[] ids = new String[2];
      String[] tokens = new String[2];
      for (int i = 0; i < 2; i++) {
        Api.Response created = api.post("/api/v1/conversations", new JsonObject().put("locale", "es").put("identityToken", token).encode(), null);
        ids[i] = created.json().getString("conversationId");
        tokens[i] = created.json().getString("token");
        api.post("/api/v1/conversations/" + ids[i] + "/messages", new JsonObject().put("text", "mensaje privado " + i).encode(), tokens[i]);
      }
      Ticket ticket = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false)
          .create(new NewTicket(Ticket.Kind.INCIDENT, new Ticket.Requester("user:web:emp-77", "Lucía", null), "Mi portátil no arranca",
              "detalles", "laptop", null, null, Map.of(), ids[0], "es"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Api.Conversation someoneElse = api.create("es");
      api.say(someoneElse, "otra persona", null);

      String admin = HandoffTest.login(api, "sam");
      String agent = HandoffTest.login(api, "ana");
      assertThat(api.get("/api/v1/admin/people/emp-77/export", agent).status()).isEqualTo(403);
      JsonObject export = api.get("/api/v1/admin/people/emp-77/export", admin).json();
      assertThat(export.getJsonArray("conversations")).hasSize(2);
      assertThat(export.encode()).contains("mensaje privado 0", "mensaje privado 1", ticket.id(), "Mi portátil no arranca")
          .doesNotContain("otra persona");

      Api.Response erased = api.send("DELETE", "/api/v1/admin/people/emp-77", null, Map.of("Authorization", "Bearer " + admin));
      assertThat(erased.status()).isEqualTo(200);
      assertThat(erased.json().getInteger("conversations")).isEqualTo(2);
      assertThat(erased.json().getInteger("tickets")).isEqualTo(1);

      // nothing of theirs through any API...
      for (int i = 0; i < 2; i++) {
        assertThat(api.get("/api/v1/conversations/" + ids[i] + "/messages", tokens[i]).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tickets/" + ticket.id() + "?conversation=" + ids[i], tokens[i]).status()).isEqualTo(404);
      }
      assertThat(api.get("/api/v1/agent/tickets/" + ticket.id(), agent).status()).isEqualTo(404);
      assertThat(api.get("/api/v1/agent/tickets?q=portátil", agent).json().getJsonArray("tickets")).isEmpty();
      JsonObject after = api.get("/api/v1/admin/people/emp-77/export", admin).json();
      assertThat(after.getJsonArray("conversations")).isEmpty();
      assertThat(after.getJsonArray("tickets")).isEmpty();
      // ...nor in Redis
      var c = redis.commands();
      List<String> all = c.keys("*").toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(all).noneMatch(k -> k.contains(ids[0]) || k.contains(ids[1]) || k.contains(ticket.id()));
      for (String k : all) {
        String type = c.type(k).toCompletableFuture().get(5, TimeUnit.SECONDS);
        String dump = switch (type) {
          case "string" -> String.valueOf(c.get(k).toCompletableFuture().get(5, TimeUnit.SECONDS));
          case "hash" -> String.valueOf(c.hgetall(k).toCompletableFuture().get(5, TimeUnit.SECONDS));
          case "set" -> String.valueOf(c.smembers(k).toCompletableFuture().get(5, TimeUnit.SECONDS));
          case "zset" -> String.valueOf(c.zrange(k, 0, -1).toCompletableFuture().get(5, TimeUnit.SECONDS));
          default -> "";
        };
        assertThat(dump).as(k).doesNotContain("mensaje privado").doesNotContain("emp-77").doesNotContain("Lucía")
            .doesNotContain(ticket.id());
      }
      // the other person's conversation is untouched
      assertThat(api.transcript(someoneElse)).isNotEmpty();
    } finally {
      redis.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      relevo.stop();
      own.close();
    }
  }
}
