package io.relevo.app.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The benchmark's load client: WebSocket conversations against Relevo (or against the bare echo
 * server, with the same frames and the same bookkeeping), driven closed-loop (each connection
 * sends its next message as soon as the previous one is answered) or open-loop (each connection
 * sends on its own schedule, whatever the answers do).
 *
 * <p>A turn is one message frame sent and its answer received: for Relevo the first bot message
 * whose {@code inReplyTo} is the id acknowledged for that frame, for the echo server the echoed
 * frame. Its latency runs from the send (in open loop from the scheduled send time, so a client
 * that falls behind still counts the delay) to the answer frame's arrival.
 *
 * <p>Its own Vert.x with {@code eventLoops} event loops; the run methods block the calling thread
 * (never an event loop) until the run is over. Each connection is confined to its event loop.
 */
final class LoadClient implements AutoCloseable {

  /** A message to send, in its language. */
  record Msg(String lang, String text) {
  }

  /** What one run measured; latencies in microseconds. */
  record Result(String name, int connections, double seconds, long turns, long sent, long errors, long unanswered,
      Histogram latency, List<String> errorSamples, long[] worstBySecond) {

    double turnsPerSecond() {
      return seconds <= 0 ? 0 : turns / seconds;
    }

    double ms(double percentile) {
      return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    long allErrors() {
      return errors + unanswered;
    }
  }

  private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(2);

  private final Vertx vertx;
  private final WebClient web;
  private final WebSocketClient sockets;
  private final String host;
  private final int port;
  private final Map<String, List<Msg>> messages;
  private final AtomicLong errors = new AtomicLong();
  private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

  LoadClient(String host, int port, List<Msg> messages, int eventLoops) {
    this.host = host;
    this.port = port;
    this.messages = new HashMap<>();
    for (Msg m : messages) {
      this.messages.computeIfAbsent(m.lang(), k -> new ArrayList<>()).add(m);
    }
    if (this.messages.isEmpty()) {
      throw new IllegalArgumentException("no messages to send");
    }
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    this.web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000_000)
        .setConnectTimeout(30_000));
  }

  /** One WebSocket conversation (or echo connection). Confined to its event loop after connecting. */
  final class Conn {
    final String conversationId;
    final String token;
    final String lang;
    final List<Msg> mine;
    WebSocket socket;
    Context context;
    Phase phase;
    int sequence;
    int nextMessage;
    boolean closing;
    final Map<String, Long> byClientId = new HashMap<>();
    final Map<String, Long> byMessageId = new HashMap<>();
    final Set<String> early = new LinkedHashSet<>();
    final Set<String> answered = new LinkedHashSet<>();
    final io.vertx.core.Promise<Void> greeted = io.vertx.core.Promise.promise();

    Conn(String conversationId, String token, String lang) {
      this.conversationId = conversationId;
      this.token = token;
      this.lang = lang;
      this.mine = messages.getOrDefault(lang, messages.values().iterator().next());
      this.nextMessage = ThreadLocalRandom.current().nextInt(mine.size());
    }

    boolean echo() {
      return conversationId == null;
    }
  }

  /** The bookkeeping of one run; counters are shared by all event loops. */
  static final class Phase {
    final boolean closedLoop;
    final long windowStart;
    final long windowEnd;
    volatile boolean sending = true;
    final Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
    final AtomicLong completed = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong outstanding = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    /** The longest latency (µs) of the turns sent in each second of the window. */
    final java.util.concurrent.atomic.AtomicLongArray worstBySecond;

    Phase(boolean closedLoop, long windowStart, long windowEnd) {
      this.closedLoop = closedLoop;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
      this.worstBySecond = new java.util.concurrent.atomic.AtomicLongArray(
          (int) Math.max(1, (windowEnd - windowStart + 999_999_999L) / 1_000_000_000L));
    }
  }

  // ---------------------------------------------------------------- opening

  /** Creates {@code n} conversations over the REST API (alternating the messages' languages). */
  List<Conn> createConversations(int n, int parallel) {
    List<String> langs = new ArrayList<>(messages.keySet());
    Collections.sort(langs);
    return bounded(n, parallel, i -> {
      String lang = langs.get(i % langs.size());
      return web.post("/api/v1/conversations").putHeader("Content-Type", "application/json")
          .sendJsonObject(new JsonObject().put("locale", lang))
          .compose(resp -> resp.statusCode() == 201
              ? Future.succeededFuture(new Conn(resp.bodyAsJsonObject().getString("conversationId"),
                  resp.bodyAsJsonObject().getString("token"), lang))
              : Future.failedFuture("POST /api/v1/conversations: HTTP " + resp.statusCode() + " " + resp.bodyAsString()));
    }, "create a conversation");
  }

  /** {@code n} connections to the echo server at {@code path}. */
  List<Conn> echoConnections(int n, String path, int parallel) {
    List<String> langs = new ArrayList<>(messages.keySet());
    Collections.sort(langs);
    List<Conn> conns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      conns.add(new Conn(null, null, langs.get(i % langs.size())));
    }
    return connect(conns, path, parallel);
  }

  /**
   * Opens the WebSocket of each conversation and waits until its transcript (the greeting) was
   * replayed, so the server holds the whole session; failures are counted as errors and dropped.
   */
  List<Conn> connect(List<Conn> conns, int parallel) {
    return connect(conns, null, parallel);
  }

  private List<Conn> connect(List<Conn> conns, String echoPath, int parallel) {
    return bounded(conns.size(), parallel, i -> {
      Conn c = conns.get(i);
      String uri = c.echo() ? echoPath : "/api/v1/conversations/" + c.conversationId + "/ws?token=" + c.token;
      return sockets.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri))
          .compose(ws -> {
            c.socket = ws;
            c.context = Vertx.currentContext();
            ws.textMessageHandler(text -> onFrame(c, text));
            ws.exceptionHandler(e -> error(c.phase, "socket: " + e));
            ws.closeHandler(v -> {
              if (!c.closing) {
                error(c.phase, "socket closed by the server (" + ws.closeStatusCode() + " " + ws.closeReason() + ")");
              }
            });
            if (c.echo()) {
              return Future.succeededFuture(c);
            }
            return c.greeted.future().timeout(30, TimeUnit.SECONDS).map(c);
          });
    }, "open a WebSocket");
  }

  /** Closes the connections and waits for the closes (up to 30 s). */
  void close(List<Conn> conns) {
    bounded(conns.size(), 512, i -> {
      Conn c = conns.get(i);
      c.closing = true;
      return c.socket == null ? Future.succeededFuture() : c.socket.close().recover(e -> Future.succeededFuture());
    }, "close a WebSocket");
  }

  private <T> List<T> bounded(int n, int parallel, IntFunction<Future<T>> task, String what) {
    Semaphore slots = new Semaphore(parallel);
    CountDownLatch done = new CountDownLatch(n);
    List<T> results = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      slots.acquireUninterruptibly();
      Future<T> f;
      try {
        f = task.apply(i);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          if (ar.result() != null) {
            results.add(ar.result());
          }
        } else {
          error(null, "could not " + what + ": " + ar.cause().getMessage());
        }
        slots.release();
        done.countDown();
      });
    }
    try {
      if (!done.await(10, TimeUnit.MINUTES)) {
        error(null, "timed out: " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new ArrayList<>(results);
  }

  // ---------------------------------------------------------------- runs

  /**
   * Closed loop: every connection keeps one message in flight; the first {@code warmup} is not
   * counted, then turns are counted for {@code measure}.
   */
  Result closedLoop(String name, List<Conn> conns, Duration warmup, Duration measure) {
    return closedLoop(name, conns, warmup, measure, null);
  }

  /** As {@link #closedLoop(String, List, Duration, Duration)}, calling {@code window} at the measured window's start and end. */
  Result closedLoop(String name, List<Conn> conns, Duration warmup, Duration measure, Window window) {
    long start = System.nanoTime();
    Phase phase = new Phase(true, start + warmup.toNanos(), start + warmup.toNanos() + measure.toNanos());
    for (Conn c : conns) {
      c.context.runOnContext(v -> {
        c.phase = phase;
        send(c, System.nanoTime());
      });
    }
    return finish(name, conns, phase, measure, window);
  }

  /** Told when the measured window starts and ends (on the thread running the benchmark). */
  interface Window {
    void started();

    void ended();
  }

  /**
   * Open loop: every connection sends one message per {@code interval}, starting at a random
   * phase; turns sent during {@code measure} (after {@code warmup}) are counted, and the run
   * waits for their answers.
   */
  Result openLoop(String name, List<Conn> conns, Duration interval, Duration warmup, Duration measure) {
    return openLoop(name, conns, interval, warmup, measure, null);
  }

  /** As {@link #openLoop(String, List, Duration, Duration, Duration)}, calling {@code window} at the window's start and end. */
  Result openLoop(String name, List<Conn> conns, Duration interval, Duration warmup, Duration measure, Window window) {
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    Phase phase = new Phase(false, start + warmup.toNanos(), start + warmup.toNanos() + measure.toNanos());
    long every = interval.toNanos();
    for (Conn c : conns) {
      long offset = ThreadLocalRandom.current().nextLong(every);
      c.context.runOnContext(v -> {
        c.phase = phase;
        schedule(c, phase, start + offset, every);
      });
    }
    return finish(name, conns, phase, measure, window);
  }

  private void schedule(Conn c, Phase phase, long at, long every) {
    if (at >= phase.windowEnd || !phase.sending) {
      return;
    }
    long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime()));
    vertx.setTimer(delayMs, t -> {
      if (phase.sending) {
        send(c, at);
        schedule(c, phase, at + every, every);
      }
    });
  }

  private Result finish(String name, List<Conn> conns, Phase phase, Duration measure, Window window) {
    sleepUntil(phase.windowStart);
    if (window != null) {
      window.started();
    }
    sleepUntil(phase.windowEnd);
    if (window != null) {
      window.ended();
    }
    phase.sending = false;
    // the answers to what was sent in the window are still counted (latency), up to 30 s late
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (phase.outstanding.get() > 0 && System.nanoTime() < drainUntil) {
      sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
    }
    long unanswered = Math.max(0, phase.outstanding.get());
    for (Conn c : conns) {
      c.context.runOnContext(v -> {
        c.byClientId.clear();
        c.byMessageId.clear();
        c.early.clear();
        c.phase = null;
      });
    }
    if (unanswered > 0) {
      errorSamples.add(unanswered + " message(s) unanswered 30 s after the run");
    }
    List<String> samples;
    synchronized (errorSamples) {
      samples = new ArrayList<>(errorSamples);
      errorSamples.clear();
    }
    return new Result(name, conns.size(), measure.toNanos() / 1e9, phase.completed.get(), phase.sent.get(),
        phase.errors.get(), unanswered, phase.recorder.getIntervalHistogram(), samples, worst(phase));
  }

  /** Errors outside any run (opening, closing), since the last call. */
  long takeErrors() {
    return errors.getAndSet(0);
  }

  List<String> takeErrorSamples() {
    synchronized (errorSamples) {
      List<String> out = new ArrayList<>(errorSamples);
      errorSamples.clear();
      return out;
    }
  }

  private static void sleepUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // ---------------------------------------------------------------- per connection (on its event loop)

  private void send(Conn c, long t0) {
    Phase phase = c.phase;
    if (phase == null || c.socket == null || c.closing) {
      return;
    }
    Msg m = c.mine.get(c.nextMessage++ % c.mine.size());
    String cmid = "b" + c.sequence++;
    c.byClientId.put(cmid, t0);
    phase.sent.incrementAndGet();
    phase.outstanding.incrementAndGet();
    c.socket.writeTextMessage(new JsonObject().put("type", "message").put("text", m.text())
        .put("clientMessageId", cmid).encode())
        .onFailure(e -> {
          if (c.byClientId.remove(cmid) != null) {
            phase.outstanding.decrementAndGet();
          }
          error(phase, "send failed: " + e.getMessage());
        });
  }

  private void onFrame(Conn c, String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      error(c.phase, "not JSON: " + text);
      return;
    }
    if (c.echo()) {
      Long t0 = c.byClientId.remove(frame.getString("clientMessageId", ""));
      if (t0 != null) {
        answered(c, t0);
      }
      return;
    }
    switch (frame.getString("type", "")) {
      case "ack" -> {
        Long t0 = c.byClientId.remove(frame.getString("clientMessageId", ""));
        String messageId = frame.getString("messageId");
        if (t0 != null) {
          if (c.early.remove(messageId)) {
            remember(c, messageId);
            answered(c, t0);
          } else {
            c.byMessageId.put(messageId, t0);
          }
        }
      }
      case "message" -> {
        JsonObject m = frame.getJsonObject("message");
        if (m == null || !"bot".equals(m.getString("role"))) {
          return;
        }
        String inReplyTo = m.getString("inReplyTo");
        if (inReplyTo == null) {
          c.greeted.tryComplete();
          return;
        }
        Long t0 = c.byMessageId.remove(inReplyTo);
        if (t0 != null) {
          remember(c, inReplyTo);
          answered(c, t0);
        } else if (!c.answered.contains(inReplyTo) && c.phase != null) {
          c.early.add(inReplyTo); // the answer came before the ack
        }
      }
      case "error" -> {
        String cmid = frame.getString("clientMessageId");
        Phase phase = c.phase;
        if (cmid != null && c.byClientId.remove(cmid) != null && phase != null) {
          phase.outstanding.decrementAndGet();
          if (phase.closedLoop && phase.sending) {
            send(c, System.nanoTime());
          }
        }
        error(phase, "error frame: " + frame.getJsonObject("error", new JsonObject()).encode());
      }
      default -> {
        // pong, typing, queue updates: not a turn
      }
    }
  }

  private static long[] worst(Phase phase) {
    long[] out = new long[phase.worstBySecond.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = phase.worstBySecond.get(i);
    }
    return out;
  }

  private static void remember(Conn c, String messageId) {
    c.answered.add(messageId);
    if (c.answered.size() > 8) {
      c.answered.remove(c.answered.iterator().next());
    }
  }

  private void answered(Conn c, long t0) {
    Phase phase = c.phase;
    if (phase == null) {
      return;
    }
    long now = System.nanoTime();
    phase.outstanding.decrementAndGet();
    if (t0 >= phase.windowStart && t0 < phase.windowEnd) {
      long micros = Math.min(MAX_LATENCY_MICROS, Math.max(0, (now - t0) / 1000));
      phase.recorder.recordValue(micros);
      phase.worstBySecond.accumulateAndGet((int) ((t0 - phase.windowStart) / 1_000_000_000L), micros, Math::max);
    }
    if (now >= phase.windowStart && now < phase.windowEnd) {
      phase.completed.incrementAndGet();
    }
    if (phase.closedLoop && phase.sending) {
      send(c, now);
    }
  }

  private void error(Phase phase, String what) {
    if (phase != null) {
      phase.errors.incrementAndGet();
    } else {
      errors.incrementAndGet();
    }
    if (errorSamples.size() < 10) {
      errorSamples.add(what);
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing the client at the end of a run: nothing left to report
    }
  }
}
