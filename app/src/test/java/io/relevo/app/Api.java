package io.relevo.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A real HTTP client (the JDK's) speaking Relevo's v1 API, for tests. */
final class Api {

  final int port;
  // HTTP/1.1 as the widget and the channels speak it: the JDK's default (HTTP/2) adds an h2c upgrade the server declines
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Duration timeout;

  Api(int port) {
    this(port, Duration.ofSeconds(30));
  }

  /** With a longer time to wait for each answer, for calls that do seconds of CPU work (retraining). */
  Api(int port, Duration timeout) {
    this.port = port;
    this.timeout = timeout;
  }

  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    JsonObject json() {
      return new JsonObject(body);
    }

    String errorCode() {
      return json().getJsonObject("error").getString("code");
    }

    List<JsonObject> messages() {
      JsonArray arr = json().getJsonArray("messages");
      return arr.stream().map(o -> (JsonObject) o).toList();
    }
  }

  record Conversation(String id, String token, Response created) {
  }

  Response send(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(timeout)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (java.net.http.HttpTimeoutException e) {
      // the server runs in this JVM: say where its event loops were, the only trace a CI summary line keeps
      throw new IllegalStateException(method + " " + path + " got no answer in " + timeout.toSeconds() + " s; "
          + eventLoops(), e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each Vert.x event loop's state and the first frame of ours or Vert.x's it is in, on one line. */
  static String eventLoops() {
    StringBuilder b = new StringBuilder("event loops:");
    Thread.getAllStackTraces().forEach((t, stack) -> {
      if (!t.getName().startsWith("vert.x-eventloop")) {
        return;
      }
      String where = java.util.Arrays.stream(stack).map(StackTraceElement::toString)
          .filter(f -> f.startsWith("io.relevo") || f.startsWith("io.vertx") || f.startsWith("io.lettuce"))
          .findFirst().orElse(stack.length == 0 ? "-" : stack[0].toString());
      b.append(' ').append(t.getName().substring("vert.x-eventloop-".length())).append(' ').append(t.getState())
          .append(' ').append(where).append(';');
    });
    return b.toString();
  }

  Response post(String path, String json, String token) {
    return send("POST", path, json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        token == null ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
  }

  Response get(String path, String token) {
    return send("GET", path, null, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
  }

  Conversation create(String locale) {
    Response r = post("/api/v1/conversations", locale == null ? null : new JsonObject().put("locale", locale).encode(), null);
    if (r.status() != 201) {
      throw new AssertionError("create failed: " + r.status() + " " + r.body());
    }
    return new Conversation(r.json().getString("conversationId"), r.json().getString("token"), r);
  }

  Response say(Conversation c, String text, String clientMessageId) {
    JsonObject body = new JsonObject().put("text", text);
    if (clientMessageId != null) {
      body.put("clientMessageId", clientMessageId);
    }
    return post("/api/v1/conversations/" + c.id() + "/messages", body.encode(), c.token());
  }

  /** The whole transcript, read page by page (the API returns at most 1,000 messages per call). */
  List<JsonObject> transcript(Conversation c) {
    List<JsonObject> all = new java.util.ArrayList<>();
    String after = null;
    while (true) {
      Response r = get("/api/v1/conversations/" + c.id() + "/messages?limit=1000" + (after == null ? "" : "&after=" + after),
          c.token());
      if (r.status() != 200) {
        throw new AssertionError("transcript failed: " + r.status() + " " + r.body());
      }
      List<JsonObject> page = r.messages();
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
      after = page.get(page.size() - 1).getString("id");
    }
  }
}
