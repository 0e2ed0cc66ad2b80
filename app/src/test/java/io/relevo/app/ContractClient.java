package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;

/**
 * An {@link Api} that checks every answer against the OpenAPI document the server serves: the
 * operation's method and path, a documented status, a documented content type, the body against
 * the response's schema (JSON), and an error's code named in the documented response. It records
 * which statuses each operation answered. Not thread-safe: one test thread at a time.
 */
final class ContractClient implements AutoCloseable {

  final Api api;
  final OpenAPIContract contract;
  private final JsonObject document;
  private final Vertx vertx;
  private final ResponseValidator validator;
  private final Map<String, Set<Integer>> seen = new TreeMap<>();

  private ContractClient(Api api, Vertx vertx, JsonObject document, OpenAPIContract contract) {
    this.api = api;
    this.document = document;
    this.vertx = vertx;
    this.contract = contract;
    this.validator = ResponseValidator.create(vertx, contract);
  }

  /** Reads the document from the server at {@code port}, as a client would. */
  static ContractClient of(int port) {
    Api api = new Api(port, Duration.ofSeconds(180)); // retraining the intent model takes a while
    Api.Response doc = api.get("/api/v1/openapi.json", null);
    assertThat(doc.status()).isEqualTo(200);
    // the document's server is relative ("/"): resolved against where it was read, as a client does
    JsonObject document = doc.json().put("servers", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("url", "http://127.0.0.1:" + port)));
    Vertx vertx = Vertx.vertx();
    return new ContractClient(api, vertx, document, await(OpenAPIContract.from(vertx, withoutUnsupportedMedia(document.copy()))));
  }

  /**
   * The document without the media types Vert.x's validator refuses to load (CSV, HTML, YAML): this
   * client checks those answers' status and content type against the document itself.
   */
  private static JsonObject withoutUnsupportedMedia(JsonObject document) {
    document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
        operation.getJsonObject("responses").forEach(response -> {
          JsonObject content = ((JsonObject) response.getValue()).getJsonObject("content");
          if (content != null) {
            content.fieldNames().removeIf(type -> !type.equals("application/json") && !type.startsWith("text/plain"));
          }
        });
      }
    }));
    return document;
  }

  /** The statuses each operation answered so far, by operationId. */
  Map<String, Set<Integer>> seen() {
    return seen;
  }

  Api.Response get(String operationId, String path, String token) {
    return send(operationId, "GET", path, null, token, null);
  }

  Api.Response post(String operationId, String path, String json, String token) {
    return send(operationId, "POST", path, json, token, "application/json");
  }

  Api.Response send(String operationId, String method, String path, String body, String token, String contentType) {
    Map<String, String> headers = new HashMap<>();
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return send(operationId, method, path, body, headers);
  }

  Api.Response send(String operationId, String method, String path, String body, Map<String, String> headers) {
    Api.Response r = api.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    check(operationId, method, path, r);
    return r;
  }

  /** A WebSocket upgrade that succeeded: 101 must be documented for the operation. */
  void upgraded(String operationId, String path) {
    Operation op = operation(operationId, "GET", path);
    assertThat(op.getResponse(101)).as(operationId + " documents 101").isNotNull();
    seen.computeIfAbsent(operationId, k -> new TreeSet<>()).add(101);
  }

  private Operation operation(String operationId, String method, String path) {
    Operation op = contract.operation(operationId);
    assertThat(op).as("operation " + operationId + " in the document").isNotNull();
    assertThat(op.getHttpMethod()).as(operationId + "'s method").isEqualTo(HttpMethod.valueOf(method));
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    Operation matched = contract.findOperation(bare, HttpMethod.valueOf(method));
    assertThat(matched).as(method + " " + bare + " matches a documented path").isNotNull();
    assertThat(matched.getOperationId()).as(method + " " + bare).isEqualTo(operationId);
    return op;
  }

  private void check(String operationId, String method, String path, Api.Response r) {
    String call = operationId + " (" + method + " " + path + ") answered " + r.status() + " " + excerpt(r.body());
    Operation op = operation(operationId, method, path);
    Response documented = op.getResponse(r.status());
    if (documented == null) {
      fail("status not documented: " + call);
    }
    JsonObject raw = rawResponse(op, r.status());
    seen.computeIfAbsent(operationId, k -> new TreeSet<>()).add(r.status());
    String contentType = r.headers().firstValue("Content-Type").orElse("");
    String mediaType = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    JsonObject content = raw.getJsonObject("content", new JsonObject());
    if (r.body().isEmpty() && contentType.isEmpty() && raw.getString("description", "").contains("empty body")) {
      return; // an acknowledgement the document says is empty
    }
    if (content.isEmpty()) {
      assertThat(r.body()).as("a body the document does not describe: " + call).isEmpty();
      return;
    }
    assertThat(content.fieldNames()).as("Content-Type '" + contentType + "' of " + call).contains(mediaType);
    if (!mediaType.equals("application/json")) {
      return; // CSV, HTML, YAML, Prometheus text: the status and the content type are what the document says
    }
    Map<String, String> headers = new HashMap<>();
    documented.getHeaders().forEach(h -> r.headers().firstValue(h.getName()).ifPresent(v -> headers.put(h.getName(), v)));
    try {
      validator.validate(ValidatableResponse.create(r.status(), headers, Buffer.buffer(r.body()), mediaType), operationId)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      fail("not as documented: " + call + ": " + e.getCause().getMessage());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    if (r.status() >= 400) {
      String code = new JsonObject(r.body()).getJsonObject("error").getString("code");
      assertThat(raw.getString("description", ""))
          .as("the documented " + r.status() + " of " + operationId + " names the error code").contains(code);
    }
  }

  /** The operation's response for {@code status} in the document as served, its $ref followed. */
  private JsonObject rawResponse(Operation op, int status) {
    JsonObject responses = document.getJsonObject("paths").getJsonObject(op.getOpenAPIPath())
        .getJsonObject(op.getHttpMethod().name().toLowerCase(Locale.ROOT)).getJsonObject("responses");
    JsonObject response = responses.getJsonObject(Integer.toString(status), responses.getJsonObject("default"));
    String ref = response.getString("$ref");
    if (ref != null) {
      response = document.getJsonObject("components").getJsonObject("responses").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
    }
    return response;
  }

  private static String excerpt(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the document does not load: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    vertx.close();
  }
}
