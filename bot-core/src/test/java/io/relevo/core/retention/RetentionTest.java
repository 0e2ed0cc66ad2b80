package io.relevo.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Retention: closed tickets, feedback, audit entries and webhook dead letters older than their periods go; the rest stays. */
class RetentionTest {

  private static final Ticket.Requester ANA = new Ticket.Requester("user:ana", "Ana", "ana@example.com");

  private Vertx vertx;
  private RedisConnector redis;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() throws Exception {
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static NewTicket incident(String title) {
    return new NewTicket(Ticket.Kind.INCIDENT, ANA, title, "details", "laptop", "medium", "medium", Map.of(), "conv-1", "en");
  }

  @Test
  void sweepsOnlyWhatOutlivedItsPeriod() throws Exception {
    Instant longAgo = Instant.now().minus(Duration.ofDays(400));
    RedisTicketSystem past = new RedisTicketSystem(vertx, redis, Clock.fixed(longAgo, ZoneOffset.UTC), false);
    Ticket oldClosed = await(past.create(incident("old and cancelled")));
    await(past.cancel(oldClosed.id(), ANA, "no longer needed"));
    Ticket oldOpen = await(past.create(incident("old but still open")));
    RedisTicketSystem now = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false);
    Ticket recentClosed = await(now.create(incident("recent and resolved")));
    await(now.changeStatus(recentClosed.id(), Ticket.Status.RESOLVED, new Ticket.Actor("agent", "ana", "Ana"), "done"));
    // many old open tickets ahead of an old closed one: the sweep goes past them
    for (int i = 0; i < 510; i++) {
      await(past.create(incident("old open " + i)));
    }
    Ticket oldClosedLater = await(past.create(incident("old, cancelled after the open ones")));
    await(past.cancel(oldClosedLater.id(), ANA, null));

    var c = redis.commands();
    long oldMs = longAgo.toEpochMilli();
    await(Future.fromCompletionStage(c.xadd(KnowledgeStats.GAPS, new io.lettuce.core.XAddArgs().id(oldMs + "-1"),
        Map.of("q", "old question", "lang", "en", "reason", "no_answer"))));
    await(new KnowledgeStats(vertx, redis).gap("a recent question", "en", "no_answer"));
    await(Future.fromCompletionStage(c.xadd(RetentionSweeper.AUDIT_STREAM, new io.lettuce.core.XAddArgs().id(oldMs + "-1"),
        Map.of("actor", "ana", "action", "POST /x"))));
    await(Future.fromCompletionStage(c.xadd(RetentionSweeper.AUDIT_STREAM, Map.of("actor", "sam", "action", "POST /y"))));

    String deadLetters = "{tickets}:webhook:dead"; // newest first
    await(Future.fromCompletionStage(c.lpush(deadLetters,
        new io.vertx.core.json.JsonObject().put("deliveryId", "d-old").put("at", Instant.now().minus(Duration.ofDays(31)).toString()).encode(),
        new io.vertx.core.json.JsonObject().put("deliveryId", "d-new").put("at", Instant.now().minus(Duration.ofDays(29)).toString()).encode())));

    RetentionSweeper sweeper = new RetentionSweeper(vertx, redis, now, new RetentionSweeper.Periods(
        Duration.ofDays(365), Duration.ofDays(365), Duration.ofDays(365), Duration.ofDays(30), Duration.ofHours(1)),
        Clock.systemUTC());
    RetentionSweeper.Swept swept = await(sweeper.sweep());

    assertThat(swept.tickets()).isEqualTo(2);
    assertThat(await(now.find(oldClosed.id()))).isEmpty();
    assertThat(await(now.find(oldClosedLater.id()))).isEmpty();
    assertThat(await(now.find(oldOpen.id()))).as("open tickets are never swept").isPresent();
    assertThat(await(now.find(recentClosed.id()))).isPresent();
    assertThat(await(now.listFor(ANA, 1000))).extracting(Ticket::id).doesNotContain(oldClosed.id(), oldClosedLater.id())
        .contains(oldOpen.id(), recentClosed.id());

    assertThat(swept.feedback()).isEqualTo(1);
    assertThat(await(Future.fromCompletionStage(c.xrange(KnowledgeStats.GAPS, io.lettuce.core.Range.create("-", "+")))))
        .extracting(m -> m.getBody().get("q")).containsExactly("a recent question");
    assertThat(swept.audit()).isEqualTo(1);
    assertThat(await(Future.fromCompletionStage(c.xrange(RetentionSweeper.AUDIT_STREAM, io.lettuce.core.Range.create("-", "+")))))
        .extracting(m -> m.getBody().get("actor")).containsExactly("sam");

    assertThat(swept.deadLetters()).isEqualTo(1);
    assertThat(await(Future.fromCompletionStage(c.lrange(deadLetters, 0, -1)))).singleElement().asString().contains("d-new");

    assertThat(await(sweeper.sweep()).total()).as("a second sweep finds nothing").isZero();
  }

  @Test
  void theLegacySlackPlaceKeysWrittenWithNoExpiryAreDeletedAndNothingElse() throws Exception {
    var c = redis.commands();
    for (int i = 0; i < 1200; i++) {
      await(Future.fromCompletionStage(c.hset(io.relevo.redis.Keyspace.legacySlackPlace("conv-" + i), "channel", "D" + i)));
    }
    await(Future.fromCompletionStage(c.set(io.relevo.redis.Keyspace.slackConversation("T1", "D1", null, "U1"), "conv-1")));
    RetentionSweeper sweeper = new RetentionSweeper(vertx, redis, new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false),
        new RetentionSweeper.Periods(Duration.ofDays(365), Duration.ofDays(365), Duration.ofDays(365), Duration.ofDays(30),
            Duration.ofHours(1)), Clock.systemUTC());
    await(sweeper.sweep());
    assertThat(await(Future.fromCompletionStage(c.keys("slack:*")))).containsExactly("slack:conv:T1:D1::U1");
  }
}
