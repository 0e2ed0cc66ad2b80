package io.relevo.app.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.relevo.app.bench.LoadClient.Conn;
import io.relevo.app.bench.LoadClient.Msg;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Opens and closes a {@link LoadClient}'s connections, a bounded number at a time: conversations
 * created over the REST API, their WebSockets (ready once the greeting was replayed), or plain
 * connections to the echo server. Its methods block the calling thread (never an event loop);
 * failures are counted in {@link LoadErrors} and the connection dropped.
 */
final class Connections {

  private final WebClient web;
  private final WebSocketClient sockets;
  private final String host;
  private final int port;
  private final Map<String, List<Msg>> messages;
  private final LoadErrors errors;
  private final Frames frames;

  Connections(WebClient web, WebSocketClient sockets, String host, int port, Map<String, List<Msg>> messages,
      LoadErrors errors, Frames frames) {
    this.web = web;
    this.sockets = sockets;
    this.host = host;
    this.port = port;
    this.messages = messages;
    this.errors = errors;
    this.frames = frames;
  }

  private Conn conn(String conversationId, String token, String lang) {
    return new Conn(conversationId, token, lang, messages.getOrDefault(lang, messages.values().iterator().next()));
  }

  List<Conn> createConversations(int n, int parallel) {
    List<String> langs = new ArrayList<>(messages.keySet());
    Collections.sort(langs);
    return bounded(n, parallel, i -> {
      String lang = langs.get(i % langs.size());
      return web.post("/api/v1/conversations").putHeader("Content-Type", "application/json")
          .sendJsonObject(new JsonObject().put("locale", lang))
          .compose(resp -> resp.statusCode() == 201
              ? Future.succeededFuture(conn(resp.bodyAsJsonObject().getString("conversationId"),
                  resp.bodyAsJsonObject().getString("token"), lang))
              : Future.failedFuture("POST /api/v1/conversations: HTTP " + resp.statusCode() + " " + resp.bodyAsString()));
    }, "create a conversation");
  }

  List<Conn> echoConnections(int n, String path, int parallel) {
    List<String> langs = new ArrayList<>(messages.keySet());
    Collections.sort(langs);
    List<Conn> conns = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      conns.add(conn(null, null, langs.get(i % langs.size())));
    }
    return connect(conns, path, parallel);
  }

  /** Opens the WebSockets of {@code conns}: to {@code echoPath} for echo connections, else to their conversations. */
  List<Conn> connect(List<Conn> conns, String echoPath, int parallel) {
    return bounded(conns.size(), parallel, i -> {
      Conn c = conns.get(i);
      String uri = c.echo() ? echoPath : "/api/v1/conversations/" + c.conversationId + "/ws?token=" + c.token;
      return sockets.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri))
          .compose(ws -> {
            c.socket = ws;
            c.context = Vertx.currentContext();
            ws.textMessageHandler(text -> frames.onFrame(c, text));
            ws.exceptionHandler(e -> errors.error(c.phase, "socket: " + e));
            ws.closeHandler(v -> {
              if (!c.closing) {
                errors.error(c.phase, "socket closed by the server (" + ws.closeStatusCode() + " " + ws.closeReason() + ")");
              }
            });
            if (c.echo()) {
              return Future.succeededFuture(c);
            }
            return c.greeted.future().timeout(30, TimeUnit.SECONDS).map(c);
          });
    }, "open a WebSocket");
  }

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
          errors.error(null, "could not " + what + ": " + ar.cause().getMessage());
        }
        slots.release();
        done.countDown();
      });
    }
    try {
      if (!done.await(10, TimeUnit.MINUTES)) {
        errors.error(null, "timed out: " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new ArrayList<>(results);
  }
}
