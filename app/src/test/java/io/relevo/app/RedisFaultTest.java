package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.Arrivals;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * Redis is killed (SIGKILL, as a crash) while people are writing, then restarted on the same port
 * and data: the service tells clients to retry while it is gone and recovers by itself, and no
 * acknowledged message is lost or stored twice.
 *
 * <p>Why an acknowledged message survives the kill: the embedded Redis runs with append-only
 * persistence and {@code appendfsync always} (the default of {@code redis.embedded.fsync}): Redis
 * writes and fsyncs the append-only file before it sends any reply, so everything the app
 * acknowledged (a 200 or an {@code ack} frame comes only after Redis answered the append) is on
 * disk. (Against a killed process even {@code everysec} would keep it, since the write already
 * reached the OS; {@code always} also covers a machine that loses power.) A write whose reply
 * was lost in the kill may or may not be stored: the client got an error and sends it again with
 * the same {@code clientMessageId}, which stores it at most once.
 */
class RedisFaultTest {

  private static final int REST_CLIENTS = 10;
  private static final int WS_CLIENTS = 10;
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration PATIENCE = Duration.ofSeconds(1);
  private static final String[] TEXTS = {"hello", "how do I reset my password?", "thanks", "what is the vpn?"};

  /** What the clients saw, shared by their threads. */
  private static final class Observed {
    final Arrivals<String> retriable = new Arrivals<>();
    final Map<String, AtomicInteger> retriesBy = new java.util.concurrent.ConcurrentHashMap<>();

    void retriable(String client, String what) {
      retriesBy.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
      retriable.add(what);
    }

    /** Whether every one of {@code clients} was told to retry at least {@code n} times. */
    boolean everyoneRetried(List<String> clients, int n) {
      return clients.stream().allMatch(c -> retriesBy.getOrDefault(c, new AtomicInteger()).get() >= n);
    }
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    final AtomicInteger acked = new AtomicInteger();
  }

  @Test
  @Timeout(150)
  void noAcknowledgedMessageIsLostOrDuplicatedWhenRedisIsKilledDuringTraffic() throws Exception {
    EmbeddedRedis redis = TestRedis.dedicated();
    Relevo relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_REDIS_TIMEOUT", "1s"));
    ExecutorService pool = Executors.newFixedThreadPool(REST_CLIENTS + WS_CLIENTS);
    AtomicBoolean stop = new AtomicBoolean();
    Observed seen = new Observed();
    try {
      Api api = new Api(relevo.port());
      List<RestPerson> rest = new ArrayList<>();
      List<WsPerson> sockets = new ArrayList<>();
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int i = 0; i < REST_CLIENTS; i++) {
        RestPerson p = new RestPerson(api, api.create("en"), "r" + i, seen, stop);
        rest.add(p);
        running.add(CompletableFuture.runAsync(p::run, pool));
      }
      for (int i = 0; i < WS_CLIENTS; i++) {
        WsPerson p = new WsPerson(relevo.port(), api.create("en"), "w" + i, seen, stop);
        sockets.add(p);
        running.add(CompletableFuture.runAsync(p::run, pool));
      }

      // traffic flows: every client has had messages answered
      Eventually.until("every client had two messages accepted", Duration.ofSeconds(30),
          () -> rest.stream().allMatch(p -> p.acked.size() >= 2) && sockets.stream().allMatch(p -> p.acked.size() >= 2));

      redis.kill();
      int ackedAtKill = seen.acked.get();
      // while Redis is gone, clients are told to retry, and the service says it is not ready;
      // the outage lasts beyond the Redis command timeout (1 s), so commands in flight at the kill
      // fail rather than being sent again after the restart
      seen.retriable.awaitCount(REST_CLIENTS + WS_CLIENTS, "retriable errors during the outage");
      Eventually.until("/health/ready reports 503", () -> api.get("/health/ready", null).status() == 503);
      List<String> names = new ArrayList<>();
      rest.forEach(p -> names.add(p.name));
      sockets.forEach(p -> names.add(p.name));
      Eventually.until("every client was told to retry 10 times", Duration.ofSeconds(30),
          () -> seen.everyoneRetried(names, 10));

      redis.start();
      // it recovers by itself: ready again, and every client gets messages through again
      Eventually.until("/health/ready reports 200", Duration.ofSeconds(30),
          () -> api.get("/health/ready", null).status() == 200);
      Map<Object, Integer> before = new java.util.HashMap<>();
      rest.forEach(p -> before.put(p, p.acked.size()));
      sockets.forEach(p -> before.put(p, p.acked.size()));
      Eventually.until("every client had two more messages accepted after the restart", Duration.ofSeconds(45),
          () -> rest.stream().allMatch(p -> p.acked.size() >= before.get(p) + 2)
              && sockets.stream().allMatch(p -> p.acked.size() >= before.get(p) + 2));
      stop.set(true);
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

      assertThat(seen.unexpected).as("responses other than success or a retriable error").isEmpty();
      assertThat(seen.acked.get()).isGreaterThan(ackedAtKill);
      for (RestPerson p : rest) {
        assertTranscript(api.transcript(p.conversation), p.acked);
      }
      for (WsPerson p : sockets) {
        p.awaitAnswerToLast();
        List<JsonObject> transcript = api.transcript(p.conversation);
        System.out.printf("%s: %d messages acknowledged, %d in the transcript%n", p.name, p.acked.size(), transcript.size());
        assertTranscript(transcript, p.acked);
        p.awaitReceived(transcript.size());
        // the socket delivered the whole transcript, each message once, in order (across reconnects)
        assertThat(p.received).as(p.name + " received over its WebSocket")
            .extracting(m -> m.getString("id"))
            .containsExactlyElementsOf(transcript.stream().map(m -> m.getString("id")).toList());
        p.close();
      }

      // and new conversations work as before
      Api.Conversation fresh = api.create("en");
      Api.Response reply = api.say(fresh, "hello", "fresh-1");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.messages()).isNotEmpty();
    } finally {
      stop.set(true);
      pool.shutdownNow();
      relevo.stop();
      redis.close();
    }
  }

  /**
   * Every acknowledged client message id is in the transcript exactly once, in the order sent,
   * and answered by the bot after it.
   */
  static void assertTranscript(List<JsonObject> transcript, List<String> acked) {
    List<JsonObject> customer = transcript.stream().filter(m -> "customer".equals(m.getString("role"))).toList();
    List<String> stored = customer.stream().map(m -> m.getString("clientMessageId")).toList();
    assertThat(stored).as(() -> differences(stored, acked)).containsExactlyElementsOf(acked);
    List<String> order = transcript.stream().map(m -> m.getString("id")).toList();
    for (JsonObject m : customer) {
      List<JsonObject> replies = transcript.stream().filter(r -> m.getString("id").equals(r.getString("inReplyTo"))).toList();
      assertThat(replies).as("the bot's answer to " + m.getString("clientMessageId")).isNotEmpty();
      assertThat(replies).allMatch(r -> "bot".equals(r.getString("role")));
      assertThat(order.indexOf(replies.get(0).getString("id"))).isGreaterThan(order.indexOf(m.getString("id")));
    }
    // one answer per message: a message processed twice would have two groups of replies
    assertThat(transcript.stream().map(m -> m.getString("id")).distinct().count()).isEqualTo(transcript.size());
  }

  /** A short account of how the stored client message ids differ from the acknowledged ones. */
  static String differences(List<String> stored, List<String> acked) {
    List<String> missing = acked.stream().filter(id -> !stored.contains(id)).toList();
    List<String> extra = stored.stream().filter(id -> !acked.contains(id)).toList();
    List<String> twice = stored.stream().filter(id -> stored.indexOf(id) != stored.lastIndexOf(id)).distinct().toList();
    int at = 0;
    while (at < Math.min(stored.size(), acked.size()) && stored.get(at).equals(acked.get(at))) {
      at++;
    }
    return "stored " + stored.size() + ", acknowledged " + acked.size() + "; missing " + missing + ", not acknowledged "
        + extra + ", stored twice " + twice + "; first difference at " + at + ": stored "
        + stored.subList(at, Math.min(stored.size(), at + 3)) + ", acknowledged " + acked.subList(at, Math.min(acked.size(), at + 3));
  }

  /** The client's pause before sending again after a retriable error (bounded by the deadline). */
  private static void backOff() {
    try {
      TimeUnit.MILLISECONDS.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A person on the REST API: sends, and on a retriable error sends the same message again. */
  private static final class RestPerson {
    final Api api;
    final Api.Conversation conversation;
    final String name;
    final Observed seen;
    final AtomicBoolean stop;
    final List<String> acked = new java.util.concurrent.CopyOnWriteArrayList<>();

    RestPerson(Api api, Api.Conversation conversation, String name, Observed seen, AtomicBoolean stop) {
      this.api = api;
      this.conversation = conversation;
      this.name = name;
      this.seen = seen;
      this.stop = stop;
    }

    void run() {
      for (int seq = 0; !stop.get() && !Thread.currentThread().isInterrupted(); seq++) {
        String cmid = name + "-" + seq;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
          Api.Response r;
          try {
            r = api.say(conversation, TEXTS[seq % TEXTS.length], cmid);
          } catch (IllegalStateException e) {
            seen.unexpected.add(cmid + ": " + e.getCause());
            return;
          }
          if (r.status() == 200) {
            acked.add(cmid);
            seen.acked.incrementAndGet();
            break;
          }
          if (r.status() == 503 && r.headers().firstValue("Retry-After").isPresent()) {
            seen.retriable(name, cmid + " " + r.errorCode());
            backOff();
            continue;
          }
          seen.unexpected.add(cmid + ": " + r.status() + " " + r.body());
          return;
        }
        if (System.nanoTime() >= deadline) {
          seen.unexpected.add(cmid + ": not accepted within " + DEADLINE);
          return;
        }
      }
    }
  }

  /**
   * A person on the WebSocket, as the widget: sends a frame, waits for its ack, sends it again on
   * a retriable error, reconnects from the last message it has when the socket closes, and waits
   * a moment for the bot's answer before writing again.
   */
  private static final class WsPerson {
    final int port;
    final Api.Conversation conversation;
    final String name;
    final Observed seen;
    final AtomicBoolean stop;
    final List<String> acked = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> ackedIds = new ArrayList<>();
    /** The messages received, in order, over every connection. */
    final List<JsonObject> received = new ArrayList<>();
    private WsClient ws;

    WsPerson(int port, Api.Conversation conversation, String name, Observed seen, AtomicBoolean stop) {
      this.port = port;
      this.conversation = conversation;
      this.name = name;
      this.seen = seen;
      this.stop = stop;
    }

    void run() {
      try {
        for (int seq = 0; !stop.get() && !Thread.currentThread().isInterrupted(); seq++) {
          if (!sendUntilAcked(name + "-" + seq, TEXTS[seq % TEXTS.length])) {
            return;
          }
          // as a person does, waits for the answer before writing again, with some patience
          awaitReceived(answerToLast(), PATIENCE, false);
        }
      } catch (RuntimeException e) {
        seen.unexpected.add(name + ": " + e);
      }
    }

    private boolean sendUntilAcked(String cmid, String text) {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      JsonObject frame = new JsonObject().put("type", "message").put("text", text).put("clientMessageId", cmid);
      while (System.nanoTime() < deadline) {
        if (!connected()) {
          backOff();
          continue;
        }
        try {
          ws.send(frame);
        } catch (RuntimeException closedMeanwhile) {
          continue;
        }
        JsonObject answer = awaitAnswer(cmid, Duration.ofSeconds(25));
        if (answer == null) {
          continue; // the socket closed, or no answer: send it again
        }
        if ("ack".equals(answer.getString("type"))) {
          acked.add(cmid);
          ackedIds.add(answer.getString("messageId"));
          seen.acked.incrementAndGet();
          return true;
        }
        JsonObject error = answer.getJsonObject("error");
        if (answer.getLong("retryAfterMs") != null) {
          seen.retriable(name, cmid + " " + error.getString("code"));
          backOff();
          continue;
        }
        seen.unexpected.add(cmid + ": " + answer.encode());
        return false;
      }
      seen.unexpected.add(cmid + ": not acknowledged within " + DEADLINE);
      return false;
    }

    private boolean connected() {
      if (ws != null && !ws.closed) {
        return true;
      }
      String last = received.isEmpty() ? null : received.get(received.size() - 1).getString("id");
      try {
        ws = WsClient.connect(port, conversation, last);
        return true;
      } catch (RuntimeException refused) {
        ws = null; // e.g. 503 while Redis is away: try again after a pause
        seen.retriable(name, name + " reconnect");
        return false;
      }
    }

    /** The ack or error frame for {@code cmid}, taking in the message frames that come first. */
    private JsonObject awaitAnswer(String cmid, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        JsonObject f = ws.poll(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        if (f == null) {
          return null;
        }
        String type = f.getString("type");
        if ("message".equals(type)) {
          received.add(f.getJsonObject("message"));
        } else if (("ack".equals(type) || "error".equals(type)) && cmid.equals(f.getString("clientMessageId"))) {
          return f;
        }
      }
      return null;
    }

    /** Waits until the socket delivered the bot's answer to the last acknowledged message. */
    void awaitAnswerToLast() {
      awaitReceived(answerToLast(), DEADLINE, true);
    }

    private java.util.function.BooleanSupplier answerToLast() {
      String last = ackedIds.get(ackedIds.size() - 1);
      return () -> received.stream().anyMatch(m -> last.equals(m.getString("inReplyTo")));
    }

    /** Waits until the socket delivered {@code n} messages (or more). */
    void awaitReceived(int n) {
      awaitReceived(() -> received.size() >= n, DEADLINE, true);
    }

    private void awaitReceived(java.util.function.BooleanSupplier done, Duration timeout, boolean required) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          if (!required) {
            return;
          }
          throw new AssertionError(name + ": not received within " + timeout + "; received " + received);
        }
        if (!connected()) {
          backOff();
          continue;
        }
        JsonObject f = ws.poll(Duration.ofMillis(200));
        if (f != null && "message".equals(f.getString("type"))) {
          received.add(f.getJsonObject("message"));
        }
      }
    }

    void close() {
      if (ws != null) {
        ws.close();
      }
    }
  }
}
