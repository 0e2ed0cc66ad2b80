package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.relevo.testkit.Arrivals;
import io.vertx.core.json.JsonObject;

/**
 * People writing during a fault, as the widget and a REST client do: each sends numbered messages
 * with a clientMessageId, sends the same one again after a retriable error, and remembers what was
 * acknowledged; a WebSocket person also remembers every message delivered. The fault tests compare
 * that with the stored transcripts.
 */
final class FaultTraffic {

  static final Duration DEADLINE = Duration.ofSeconds(60);
  static final Duration PATIENCE = Duration.ofSeconds(1);
  static final String[] TEXTS = {"hello", "how do I reset my password?", "thanks", "what is the vpn?"};

  /** What the clients saw, shared by their threads. */
  static final class Observed {
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
  static void backOff() {
    try {
      TimeUnit.MILLISECONDS.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A person on the REST API: sends, and on a retriable error sends the same message again. */
  static final class RestPerson {
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
  /** Orders stream ids ({@code millis-sequence}). */
  static int compareIds(String a, String b) {
    String[] x = a.split("-");
    String[] y = b.split("-");
    int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
    return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
  }

  static final class WsPerson {
    final int port;
    final Api.Conversation conversation;
    final String name;
    final Observed seen;
    final AtomicBoolean stop;
    final List<String> acked = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> ackedIds = new ArrayList<>();
    /** The messages received, in order, over every connection. */
    final List<JsonObject> received = new ArrayList<>();
    /** How many received messages were taken back by retract frames. */
    int retracted;
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
        if (("ack".equals(type) || "error".equals(type)) && cmid.equals(f.getString("clientMessageId"))) {
          return f;
        }
        take(f);
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
        if (f != null) {
          take(f);
        }
      }
    }

    /**
     * Takes in a message frame, or a retract frame: a master crash lost the messages after
     * {@code after} (never acknowledged ones, delivered live just before), shown no more.
     */
    private void take(JsonObject f) {
      if ("message".equals(f.getString("type"))) {
        received.add(f.getJsonObject("message"));
      } else if ("retract".equals(f.getString("type"))) {
        String after = f.getString("after");
        int before = received.size();
        received.removeIf(m -> after == null || compareIds(m.getString("id"), after) > 0);
        retracted += before - received.size();
      }
    }

    void close() {
      if (ws != null) {
        ws.close();
      }
    }
  }

  /**
   * People spread over several Relevo instances (REST and WebSocket alternately), writing on their
   * own threads until {@link #finish}, which then checks every transcript against what was
   * acknowledged: nothing lost, nothing stored twice, every message answered, every socket
   * delivered the whole transcript in order.
   */
  static final class Crowd implements AutoCloseable {
    final Observed seen = new Observed();
    final AtomicBoolean stop = new AtomicBoolean();
    final List<RestPerson> rest = new ArrayList<>();
    final List<WsPerson> sockets = new ArrayList<>();
    private final java.util.concurrent.ExecutorService pool;
    private final List<java.util.concurrent.CompletableFuture<Void>> running = new ArrayList<>();
    private final Api api;

    /** {@code people} of each kind, on conversations created by {@code creators} in turn. */
    Crowd(List<Integer> ports, int people, java.util.function.Function<Api, Api.Conversation> create) {
      pool = java.util.concurrent.Executors.newFixedThreadPool(2 * people);
      api = new Api(ports.get(0));
      for (int i = 0; i < people; i++) {
        Api on = new Api(ports.get(i % ports.size()));
        RestPerson r = new RestPerson(on, create.apply(on), "r" + i, seen, stop);
        rest.add(r);
        running.add(java.util.concurrent.CompletableFuture.runAsync(r::run, pool));
        int wsPort = ports.get((i + 1) % ports.size());
        WsPerson w = new WsPerson(wsPort, create.apply(new Api(wsPort)), "w" + i, seen, stop);
        sockets.add(w);
        running.add(java.util.concurrent.CompletableFuture.runAsync(w::run, pool));
      }
    }

    /** Each person's acknowledged messages so far. */
    Map<Object, Integer> counts() {
      Map<Object, Integer> out = new java.util.HashMap<>();
      rest.forEach(p -> out.put(p, p.acked.size()));
      sockets.forEach(p -> out.put(p, p.acked.size()));
      return out;
    }

    /** Waits until every person of {@code who} had {@code more} messages acknowledged since {@code before}. */
    void awaitEach(Map<Object, Integer> before, int more, Duration timeout, java.util.function.Predicate<Object> who) {
      try {
        io.relevo.testkit.Eventually.until("every person had " + more + " more messages accepted", timeout,
            () -> before.entrySet().stream().filter(e -> who.test(e.getKey()))
                .allMatch(e -> acked(e.getKey()) >= e.getValue() + more));
      } catch (AssertionError e) {
        StringBuilder lagging = new StringBuilder();
        before.forEach((p, n) -> {
          if (who.test(p) && acked(p) < n + more) {
            lagging.append(' ').append(p instanceof RestPerson r ? r.name : ((WsPerson) p).name)
                .append(" (").append(acked(p) - n).append(" more)");
          }
        });
        throw new AssertionError(e.getMessage() + "; behind:" + lagging + "; retries " + seen.retriesBy
            + "; unexpected " + seen.unexpected, e);
      }
    }

    static int acked(Object person) {
      return person instanceof RestPerson r ? r.acked.size() : ((WsPerson) person).acked.size();
    }

    static Api.Conversation conversation(Object person) {
      return person instanceof RestPerson r ? r.conversation : ((WsPerson) person).conversation;
    }

    /** Messages the sockets were sent live and then told a master crash took away (after {@link #finish}). */
    int retracted;

    /** Stops the writers and checks every transcript; returns the number of acknowledged messages. */
    int finish() throws Exception {
      stop.set(true);
      java.util.concurrent.CompletableFuture.allOf(running.toArray(java.util.concurrent.CompletableFuture[]::new))
          .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(seen.unexpected).as("responses other than success or a retriable error").isEmpty();
      int total = 0;
      for (RestPerson p : rest) {
        assertTranscript(api.transcript(p.conversation), p.acked);
        total += p.acked.size();
      }
      for (WsPerson p : sockets) {
        p.awaitAnswerToLast();
        List<JsonObject> transcript = api.transcript(p.conversation);
        assertTranscript(transcript, p.acked);
        p.awaitReceived(transcript.size());
        assertThat(p.received).as(p.name + " received over its WebSocket")
            .extracting(m -> m.getString("id"))
            .containsExactlyElementsOf(transcript.stream().map(m -> m.getString("id")).toList());
        total += p.acked.size();
        retracted += p.retracted;
      }
      return total;
    }

    @Override
    public void close() {
      stop.set(true);
      sockets.forEach(WsPerson::close);
      pool.shutdownNow();
    }
  }

  private FaultTraffic() {
  }
}
