package io.relevo.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationState;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * {@link Analytics} on a real Redis, from two "instances" (two connections, two Analytics) at once:
 * repeated and concurrent events of one conversation count once, and no sequence of events leaves a
 * count below zero or an article without an id (what the outside check found).
 */
class AnalyticsCountTest {

  private Vertx vertx;
  private RedisConnector redisA;
  private RedisConnector redisB;
  private Analytics one;
  private Analytics other;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redisA = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
    redisB = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
    one = new Analytics(vertx, redisA, ZoneOffset.UTC, Duration.ofDays(30), Duration.ofDays(7), null);
    other = new Analytics(vertx, redisB, ZoneOffset.UTC, Duration.ofDays(30), Duration.ofDays(7), null);
  }

  @AfterEach
  void tearDown() throws Exception {
    redisA.close();
    redisB.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void repeatedAndConcurrentEventsOfOneConversationCountOnce() throws Exception {
    Conversation c = conversation("c1");
    both(20, a -> a.started(c), a -> a.shown(c, "kb-a"));
    both(20, a -> a.handoff(c, "frustration", false));
    both(20, a -> a.handoff(c, "asked_for_person", true), a -> a.handoff(c, "not_helped", true));
    both(20, a -> a.satisfaction(c, 4), a -> a.rated(c, "kb-a", true));

    Map<String, String> day = bucket();
    assertThat(day).containsEntry("conversations", "1").containsEntry("shown|kb-a", "1")
        .containsEntry("deflected|kb-a", "0").containsEntry("unavailable|frustration", "1")
        .containsEntry("outcome|handed_off", "1").containsEntry("csat|4", "1").containsEntry("helpful|kb-a", "1");
    long handoffs = day.entrySet().stream().filter(e -> e.getKey().startsWith("handoff|"))
        .mapToLong(e -> Long.parseLong(e.getValue())).sum();
    assertThat(handoffs).as("one conversation, one handoff, by its first reason").isEqualTo(1);
    assertThat(day).doesNotContainKey("outcome|resolved_by_bot"); // a helpful answer after a person does not make it contained
    assertThat(hash(Analytics.TOTALS)).containsEntry("conversations", "1");
    assertThat(redisA.commands().pttl(Analytics.conversationKey("c1")).toCompletableFuture().get(5, TimeUnit.SECONDS))
        .as("the conversation's record expires like the conversation").isPositive().isLessThanOrEqualTo(Duration.ofDays(7).toMillis());
  }

  @Test
  void noSequenceLeavesAnEmptyArticleOrANegativeCount() throws Exception {
    // the outside check's row: a ticket, then handoffs again and again (the record kept article ""
    // and each later outcome took deflected|"" back), ratings and answers without an article
    Conversation c = conversation("c2");
    await(one.started(c));
    await(one.ticket(c, true));
    for (int i = 0; i < 3; i++) {
      await(one.handoff(c, "asked_for_person", true));
    }
    await(one.rated(c, "", true));
    await(one.shown(c, ""));
    await(one.rated(c, null, false));

    // a score changed back and forth; an article shown, its record erased, then a handoff
    Conversation d = conversation("c3");
    await(one.started(d));
    for (int s : new int[] {2, 5, 2, 5}) {
      await(one.satisfaction(d, s));
    }
    await(one.shown(d, "kb-b"));
    await(one.forget("c3"));
    await(one.handoff(d, "frustration", true));

    Map<String, String> day = bucket();
    assertThat(day.keySet()).noneMatch(k -> k.endsWith("|"));
    assertThat(day.values()).allSatisfy(v -> assertThat(Long.parseLong(v)).isNotNegative());
    assertThat(day).containsEntry("conversations", "2").containsEntry("handoff|asked_for_person", "1")
        .containsEntry("csat|5", "1").containsEntry("csat|2", "0").containsEntry("tickets", "1")
        .containsEntry("outcome|handed_off", "2").containsEntry("outcome|resolved_by_bot", "0");
    assertThat(hash(Analytics.OUTCOMES).values()).allSatisfy(v -> assertThat(Long.parseLong(v)).isNotNegative());
  }

  private static Conversation conversation(String id) {
    return new Conversation(id, "en", ConversationState.BOT, "web", null, Instant.now(), Map.of(), Map.of());
  }

  /** Runs each event {@code times} times on each instance, all at once, and waits for them. */
  @SafeVarargs
  private void both(int times, java.util.function.Function<Analytics, Future<Void>>... events) throws Exception {
    List<Supplier<Future<Void>>> all = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      for (var e : events) {
        all.add(() -> e.apply(one));
        all.add(() -> e.apply(other));
      }
    }
    List<Future<Void>> running = new ArrayList<>();
    for (var s : all) {
      running.add(s.get());
    }
    await(Future.all(running));
  }

  private Map<String, String> bucket() throws Exception {
    return hash(Analytics.bucket(LocalDate.now(ZoneOffset.UTC), "web"));
  }

  private Map<String, String> hash(String key) throws Exception {
    return redisA.commands().hgetall(key).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
