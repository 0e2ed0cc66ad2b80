package io.relevo.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.json.JsonObject;

/** A real WebSocket client (the JDK's) collecting Relevo's frames, for tests. */
final class WsClient implements AutoCloseable {

  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<JsonObject> all = new ArrayList<>();
  private final List<JsonObject> pending = new ArrayList<>();
  final WebSocket ws;
  volatile boolean closed;
  /** The close code the server sent, or -1. */
  volatile int closeCode = -1;

  private WsClient(int port, String path) {
    StringBuilder text = new StringBuilder();
    ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              frames.add(new JsonObject(text.toString()));
              text.setLength(0);
            }
            w.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
            closeCode = status;
            closed = true;
            return null;
          }

          @Override
          public void onError(WebSocket w, Throwable error) {
            closed = true; // the connection broke (reset, server gone)
          }
        }).join();
  }

  static WsClient connect(int port, Api.Conversation c, String after) {
    return new WsClient(port, "/api/v1/conversations/" + c.id() + "/ws?token=" + c.token()
        + (after == null ? "" : "&after=" + after));
  }

  /** The agents' socket, signed in with {@code token}. */
  static WsClient agent(int port, String token) {
    return new WsClient(port, "/api/v1/agents/ws?token=" + token);
  }

  void send(JsonObject frame) {
    ws.sendText(frame.encode(), true).join();
  }

  void sendBinary(byte[] data) {
    ws.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  /**
   * The first frame matching {@code filter} not yet taken, waiting up to 20 s; frames it passes
   * over stay for later calls, in order.
   */
  JsonObject next(Predicate<JsonObject> filter) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      for (java.util.Iterator<JsonObject> it = pending.iterator(); it.hasNext(); ) {
        JsonObject f = it.next();
        if (filter.test(f)) {
          it.remove();
          return f;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching frame within 20 s; got " + all);
      }
      try {
        JsonObject f = frames.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        if (f != null) {
          all.add(f);
          pending.add(f);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  JsonObject nextOfType(String type) {
    return next(f -> type.equals(f.getString("type")));
  }

  /** The next {@code n} message frames' messages. */
  List<JsonObject> messages(int n) {
    List<JsonObject> out = new ArrayList<>();
    while (out.size() < n) {
      out.add(nextOfType("message").getJsonObject("message"));
    }
    return out;
  }

  /**
   * The next frame not yet taken, waiting up to {@code timeout}; null when none came in time or
   * the connection is closed with nothing left to read.
   */
  JsonObject poll(Duration timeout) {
    if (!pending.isEmpty()) {
      return pending.remove(0);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        JsonObject f = frames.poll(50, TimeUnit.MILLISECONDS);
        if (f != null) {
          all.add(f);
          return f;
        }
        if ((closed && frames.isEmpty()) || System.nanoTime() > deadline) {
          return null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Frames received so far that nobody took yet, without waiting. */
  List<JsonObject> drainNow() {
    List<JsonObject> fresh = new ArrayList<>();
    frames.drainTo(fresh);
    all.addAll(fresh);
    List<JsonObject> out = new ArrayList<>(pending);
    out.addAll(fresh);
    pending.clear();
    return out;
  }

  @Override
  public void close() {
    if (!closed) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
  }
}
