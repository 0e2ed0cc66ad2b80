package io.relevo.app.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
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
 * Opening and closing connections is done by {@code Connections}, the frames of each connection by
 * {@code Frames}, a run's counters are a {@code Phase} and the errors {@code LoadErrors}.
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

  private final Vertx vertx;
  private final LoadErrors errors = new LoadErrors();
  private final Frames frames = new Frames(errors);
  private final Connections connections;

  LoadClient(String host, int port, List<Msg> messages, int eventLoops) {
    Map<String, List<Msg>> byLang = new HashMap<>();
    for (Msg m : messages) {
      byLang.computeIfAbsent(m.lang(), k -> new ArrayList<>()).add(m);
    }
    if (byLang.isEmpty()) {
      throw new IllegalArgumentException("no messages to send");
    }
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000_000)
        .setConnectTimeout(30_000));
    this.connections = new Connections(web, sockets, host, port, byLang, errors, frames);
  }

  /** One WebSocket conversation (or echo connection). Confined to its event loop after connecting. */
  static final class Conn {
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

    /** {@code mine}: the messages it sends, those of its language. */
    Conn(String conversationId, String token, String lang, List<Msg> mine) {
      this.conversationId = conversationId;
      this.token = token;
      this.lang = lang;
      this.mine = mine;
      this.nextMessage = ThreadLocalRandom.current().nextInt(mine.size());
    }

    boolean echo() {
      return conversationId == null;
    }
  }

  // ---------------------------------------------------------------- opening

  /** Creates {@code n} conversations over the REST API (alternating the messages' languages). */
  List<Conn> createConversations(int n, int parallel) {
    return connections.createConversations(n, parallel);
  }

  /** {@code n} connections to the echo server at {@code path}. */
  List<Conn> echoConnections(int n, String path, int parallel) {
    return connections.echoConnections(n, path, parallel);
  }

  /**
   * Opens the WebSocket of each conversation and waits until its transcript (the greeting) was
   * replayed, so the server holds the whole session; failures are counted as errors and dropped.
   */
  List<Conn> connect(List<Conn> conns, int parallel) {
    return connections.connect(conns, null, parallel);
  }

  /** Closes the connections and waits for the closes (up to 30 s). */
  void close(List<Conn> conns) {
    connections.close(conns);
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
        frames.send(c, System.nanoTime());
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
        frames.send(c, at);
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
      errors.note(unanswered + " message(s) unanswered 30 s after the run");
    }
    List<String> samples = errors.takeSamples();
    return new Result(name, conns.size(), measure.toNanos() / 1e9, phase.completed.get(), phase.sent.get(),
        phase.errors.get(), unanswered, phase.recorder.getIntervalHistogram(), samples, phase.worst());
  }

  /** Errors outside any run (opening, closing), since the last call. */
  long takeErrors() {
    return errors.take();
  }

  List<String> takeErrorSamples() {
    return errors.takeSamples();
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

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing the client at the end of a run: nothing left to report
    }
  }
}
