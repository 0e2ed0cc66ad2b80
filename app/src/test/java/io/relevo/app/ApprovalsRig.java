package io.relevo.app;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.Keyspace;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Vertx;

/**
 * What a test class of approvals in a chat channel starts once in its {@code @BeforeAll} and closes
 * in its {@code @AfterAll}: Vert.x, a dedicated Redis, a connection to it ({@link #store}), the ticket
 * system on that connection ({@link #tickets}) and, by {@link #start}, the Relevo under test on that
 * Redis; with the two look-ups those tests make, a request's {@link #ticket} and the approval messages
 * of its first step {@link #awaitRemembered remembered} in Redis.
 *
 * <p>Ownership: the rig owns all it makes, and {@link #close()} stops it in this order: Relevo (if
 * started), the store's connection, the Redis, then Vert.x (waiting up to 10 s). A channel's stand-in
 * started on {@link #vertx} stops with Vert.x and is not closed apart; files the test class writes for
 * the settings stay the class's.
 *
 * <p>Thread-safety: {@link #start} and {@link #close()} are for one thread, the class's set-up and
 * tear-down. Between them the fields do not change, and {@link #ticket} and {@link #awaitRemembered}
 * only read them, so tests may call those from any thread (the store and the ticket system are
 * Vert.x clients, safe to share).
 */
final class ApprovalsRig implements AutoCloseable {

  final Vertx vertx;
  final EmbeddedRedis redis;
  final RedisConnector store;
  final RedisTicketSystem tickets;
  /** What {@link #awaitRemembered} waits for, as its message names them ("approval cards", …). */
  private final String remembered;
  private Relevo relevo;

  /** Starts Vert.x and a dedicated Redis; {@code remembered} names a step's messages in a wait's description. */
  ApprovalsRig(String remembered) throws Exception {
    this.remembered = remembered;
    vertx = Vertx.vertx();
    EmbeddedRedis started = null;
    try {
      started = TestRedis.dedicated();
      store = RedisConnector.connect(started.uri(), Duration.ofSeconds(5));
    } catch (Exception | Error e) {
      if (started != null) {
        started.close();
      }
      vertx.close();
      throw e;
    }
    redis = started;
    tickets = new RedisTicketSystem(vertx, store, Clock.systemUTC(), false);
  }

  /** Starts Relevo with {@code settings} on this rig's Redis ({@code REDIS_URL} is the rig's); the rig stops it. */
  Relevo start(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("REDIS_URL", redis.uri());
    relevo = TestServers.start(all);
    return relevo;
  }

  /** The ticket {@code id} as the ticket system reads it now. */
  Ticket ticket(String id) throws Exception {
    return tickets.find(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  /** Waits until {@code n} messages of the request's first step are remembered in Redis (0: all updated and forgotten). */
  void awaitRemembered(String id, int n) {
    Eventually.until(n + " " + remembered + " of " + id + " remembered", () -> store.commands()
        .hlen(Keyspace.approvalMessages(id + ".1")).toCompletableFuture().get() == n);
  }

  @Override
  public void close() throws Exception {
    if (relevo != null) {
      relevo.stop();
    }
    store.close();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
