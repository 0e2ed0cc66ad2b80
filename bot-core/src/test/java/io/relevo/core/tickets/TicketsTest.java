package io.relevo.core.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

class TicketsTest {

  private static final Ticket.Requester ANA = new Ticket.Requester("user:ana", "Ana", "ana@example.com");
  private static final Ticket.Requester LUIS = new Ticket.Requester("conv:abc", "Luis", null);

  private Vertx vertx;
  private RedisConnector redis;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  private static NewTicket incident(Ticket.Requester who, String title, String impact, String urgency) {
    return new NewTicket(Ticket.Kind.INCIDENT, who, title, "details of " + title, "laptop", impact, urgency,
        Map.of(), "conv-1", "en");
  }

  @Test
  void numbersTicketsPerKindAndPrioritisesThemByTheItilMatrix() throws Exception {
    RedisTicketSystem tickets = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false);
    Ticket first = await(tickets.create(incident(ANA, "Laptop won't start", "high", "high")));
    Ticket second = await(tickets.create(incident(ANA, "Printer jam", "low", "medium")));
    Ticket request = await(tickets.create(new NewTicket(Ticket.Kind.REQUEST, ANA, "New monitor", null, "equipment",
        null, null, Map.of("item", "monitor"), null, "en")));

    assertThat(first.id()).isEqualTo("INC-000001");
    assertThat(second.id()).isEqualTo("INC-000002");
    assertThat(request.id()).isEqualTo("REQ-000001");
    assertThat(first.priority()).isEqualTo(Ticket.Priority.CRITICAL);
    assertThat(second.priority()).isEqualTo(Ticket.Priority.LOW);
    assertThat(request.priority()).isEqualTo(Ticket.Priority.MEDIUM);
    assertThat(first.status()).isEqualTo(Ticket.Status.NEW);
    assertThat(await(tickets.listFor(ANA, 10))).extracting(Ticket::id)
        .containsExactly("REQ-000001", "INC-000002", "INC-000001");
    assertThat(await(tickets.find("inc 1"))).map(Ticket::title).contains("Laptop won't start");
    assertThat(RedisTicketSystem.normaliseId("req-45")).isEqualTo("REQ-000045");
    assertThat(RedisTicketSystem.normaliseId("ticket 45")).isNull();
  }

  @Test
  void aPersonReachesOnlyTheirOwnTickets() throws Exception {
    RedisTicketSystem tickets = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false);
    Ticket anas = await(tickets.create(incident(ANA, "VPN drops", "medium", "medium")));
    Ticket.Actor luis = new Ticket.Actor("requester", null, "Luis");

    assertThat(await(tickets.findFor(anas.id(), LUIS))).isEmpty();
    assertThat(await(tickets.listFor(LUIS, 10))).isEmpty();
    assertThatThrownBy(() -> await(tickets.comment(anas.id(), LUIS, luis, "mine now")))
        .isInstanceOf(TicketException.class).extracting(e -> ((TicketException) e).reason())
        .isEqualTo(TicketException.Reason.NOT_FOUND);
    assertThatThrownBy(() -> await(tickets.cancel(anas.id(), LUIS, "no")))
        .isInstanceOf(TicketException.class).extracting(e -> ((TicketException) e).reason())
        .isEqualTo(TicketException.Reason.NOT_FOUND);
    Ticket untouched = await(tickets.find(anas.id())).orElseThrow();
    assertThat(untouched.version()).isEqualTo(1);
    assertThat(untouched.comments()).isEmpty();

    Ticket cancelled = await(tickets.cancel(anas.id(), ANA, "fixed itself"));
    assertThat(cancelled.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(cancelled.history()).extracting(Ticket.Change::to).containsExactly("new", "cancelled");
    assertThatThrownBy(() -> await(tickets.cancel(anas.id(), ANA, "again")))
        .isInstanceOf(TicketException.class).extracting(e -> ((TicketException) e).reason())
        .isEqualTo(TicketException.Reason.CONFLICT);
  }

  @Test
  void concurrentChangesFromTwoInstancesAreAllKept() throws Exception {
    RedisTicketSystem one = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false);
    RedisConnector otherRedis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
    closeables.add(otherRedis);
    RedisTicketSystem two = new RedisTicketSystem(vertx, otherRedis, Clock.systemUTC(), false);
    Ticket t = await(one.create(incident(ANA, "Screen flickers", "medium", "medium")));
    Ticket.Actor agent = new Ticket.Actor("agent", "ana", "Ana");
    List<Future<Ticket>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add((i % 2 == 0 ? one : two).comment(t.id(), null, agent, "note " + i));
    }
    await(Future.all(all));
    Ticket after = await(one.find(t.id())).orElseThrow();
    assertThat(after.comments()).hasSize(20);
    assertThat(after.version()).isEqualTo(21);
  }

  @Test
  void theWebhookIsSignedRetriedAfterA500AndDeadLetteredWhenItNeverSucceeds() throws Exception {
    // each delivery the receiver takes: its headers and body
    io.relevo.testkit.Arrivals<Map.Entry<MultiMap, String>> deliveries = new io.relevo.testkit.Arrivals<>();
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger failFirst = new AtomicInteger(1);
    HttpServer receiver = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      calls.incrementAndGet();
      boolean broken = req.path().equals("/broken");
      if (!broken) {
        deliveries.add(Map.entry(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), b.toString()));
      }
      req.response().setStatusCode(broken || failFirst.getAndDecrement() > 0 ? 500 : 204).end();
    })).listen(0));
    String base = "http://127.0.0.1:" + receiver.actualPort();
    String secret = "s3cret-for-the-receiver";
    TicketWebhook webhook = new TicketWebhook(vertx, redis, new TicketWebhook.Options(base + "/hook", secret, 3,
        Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2), 100), Clock.systemUTC());
    webhook.start();
    RedisTicketSystem tickets = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), true);
    Ticket t = await(tickets.create(incident(ANA, "Wi-Fi down", "high", "medium")));

    List<Map.Entry<MultiMap, String>> two = deliveries.awaitCount(2, "a retried delivery");
    List<String> bodies = two.stream().map(Map.Entry::getValue).toList();
    assertThat(bodies.get(0)).isEqualTo(bodies.get(1)); // the same delivery, again
    MultiMap h = two.get(1).getKey();
    assertThat(h.get("X-Relevo-Event")).isEqualTo("ticket.created");
    assertThat(h.get("X-Relevo-Signature"))
        .isEqualTo("sha256=" + TicketWebhook.sign(secret, h.get("X-Relevo-Timestamp") + "." + bodies.get(1)));
    io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(bodies.get(1));
    assertThat(body.getJsonObject("ticket").getString("id")).isEqualTo(t.id());
    assertThat(body.getString("deliveryId")).isEqualTo(h.get("X-Relevo-Delivery"));
    io.relevo.testkit.Eventually.until("the outbox to empty",
        () -> await(redis.commands().zcard(RedisTicketSystem.OUTBOX).toCompletableFuture()) == 0);
    int before = deliveries.all().size();
    webhook.stop();

    TicketWebhook broken = new TicketWebhook(vertx, redis, new TicketWebhook.Options(base + "/broken", secret, 3,
        Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(2), 100), Clock.systemUTC());
    broken.start();
    await(tickets.changeStatus(t.id(), Ticket.Status.IN_PROGRESS, new Ticket.Actor("agent", "sam", "Sam"), null));
    io.relevo.testkit.Eventually.until("a dead letter", () -> !await(broken.deadLetters(10)).isEmpty());
    TicketWebhook.DeadLetter dead = await(broken.deadLetters(10)).get(0);
    assertThat(dead.ticketId()).isEqualTo(t.id());
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).isEqualTo("HTTP 500");
    broken.stop();

    // the receiver is fixed: an administrator replays the dead letters
    TicketWebhook fixed = new TicketWebhook(vertx, redis, new TicketWebhook.Options(base + "/hook", secret, 3,
        Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofSeconds(2), 100), Clock.systemUTC());
    assertThat(await(fixed.replay())).isEqualTo(1);
    fixed.start();
    List<Map.Entry<MultiMap, String>> all = deliveries.awaitCount(before + 1, "the replayed delivery");
    assertThat(new io.vertx.core.json.JsonObject(all.get(all.size() - 1).getValue()).getString("event")).isEqualTo("ticket.updated");
    assertThat(await(fixed.deadLetters(10))).isEmpty();
    fixed.stop();
    await(receiver.close());
  }

  /** A receiver that always answers 500, and a webhook to it that gives up after one attempt. */
  private TicketWebhook brokenWebhook(int deadLetterMax) throws Exception {
    HttpServer receiver = await(vertx.createHttpServer()
        .requestHandler(req -> req.body().onComplete(b -> req.response().setStatusCode(500).end())).listen(0));
    closeables.add(() -> await(receiver.close()));
    TicketWebhook webhook = new TicketWebhook(vertx, redis, new TicketWebhook.Options(
        "http://127.0.0.1:" + receiver.actualPort() + "/hook", "s3cret-for-the-receiver", 1, Duration.ofMillis(10),
        Duration.ofMillis(10), Duration.ofSeconds(2), deadLetterMax), Clock.systemUTC());
    closeables.add(webhook::stop);
    return webhook;
  }

  private long outboxSize() throws Exception {
    return await(redis.commands().zcard(RedisTicketSystem.OUTBOX).toCompletableFuture());
  }

  @Test
  void theDeadLetterListKeepsOnlyTheNewestUpToItsCap() throws Exception {
    TicketWebhook webhook = brokenWebhook(3);
    RedisTicketSystem tickets = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), true);
    for (int i = 0; i < 8; i++) {
      await(tickets.create(incident(ANA, "Printer " + i, "low", "low")));
    }
    webhook.start();
    io.relevo.testkit.Eventually.until("every delivery to give up", () -> outboxSize() == 0);

    assertThat(await(redis.commands().llen(WebhookStore.DEAD).toCompletableFuture())).isEqualTo(3);
    assertThat(await(webhook.deadLetters(10))).hasSize(3).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
  }

  @Test
  void erasingAPersonRemovesTheirTicketsFromDeadLettersAndPendingDeliveries() throws Exception {
    TicketWebhook webhook = brokenWebhook(100);
    RedisTicketSystem tickets = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), true);
    Ticket anas = await(tickets.create(incident(ANA, "VPN drops", "high", "high")));
    Ticket luis = await(tickets.create(incident(LUIS, "Mouse broken", "low", "low")));
    webhook.start();
    io.relevo.testkit.Eventually.until("both deliveries to give up", () -> outboxSize() == 0);
    webhook.stop();
    // one more change of Ana's waits in the outbox, no webhook running
    await(tickets.comment(anas.id(), ANA, new Ticket.Actor("requester", null, "Ana"), "still dropping"));
    assertThat(outboxSize()).isEqualTo(1);
    assertThat(await(webhook.deadLetters(10))).extracting(TicketWebhook.DeadLetter::ticketId)
        .containsExactlyInAnyOrder(anas.id(), luis.id());

    assertThat(await(tickets.erase(ANA))).isEqualTo(1);

    assertThat(await(webhook.deadLetters(10))).extracting(TicketWebhook.DeadLetter::ticketId).containsExactly(luis.id());
    assertThat(outboxSize()).isZero();
    var c = redis.commands();
    List<String> stored = new ArrayList<>(await(c.lrange(WebhookStore.DEAD, 0, -1).toCompletableFuture()));
    stored.addAll(await(c.hvals(RedisTicketSystem.OUTBOX_ITEMS).toCompletableFuture()));
    assertThat(stored).isNotEmpty().noneMatch(v -> v.contains("ana@example.com") || v.contains("VPN drops"));
  }

  static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }
}
