package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.app.FuzzRequests.Req;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * More than 10,000 malformed requests and WebSocket frames to every public endpoint: broken JSON
 * and UTF-8, huge and empty bodies, wrong types for every field, unknown fields, deep nesting,
 * wrong content types, bad ids and query parameters, huge headers, wrong methods, with and without
 * valid credentials. No answer is a 5xx, every API error is {@code {"error":{"code","message"}}},
 * sockets answer with an error frame or close with a proper code, and afterwards the service still
 * holds a normal conversation and an earlier conversation is untouched.
 *
 * <p>The requests are generated from one seed, printed at the start; run again with
 * {@code -Drelevo.fuzz.seed=N} to get the same requests (they are sent concurrently, so in
 * another order).
 *
 * <p>{@link FuzzRequests} (with {@link FuzzBodies}) makes the HTTP and raw requests, {@link FuzzSockets}
 * sends the WebSocket frames; this class starts the one server they all attack, sends the requests,
 * checks every answer, and checks the service afterwards.
 */
class FuzzTest {

  private static final long SEED = Long.getLong("relevo.fuzz.seed", 20261123L);
  static final String SLACK_SECRET = "fuzz-slack-signing-secret";
  static final String INBOUND = "fuzz-inbound-token-0123456789";
  static final String IDENTITY = "fuzz-identity-secret-0123456789";
  static final int BODY_LIMIT = 65536;

  @TempDir
  Path dir;

  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> stalls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger frames = new AtomicInteger();
  private final Map<String, java.util.concurrent.atomic.LongAdder> millisByPath = new java.util.concurrent.ConcurrentHashMap<>();

  @Test
  @Timeout(240)
  void malformedRequestsAndFramesToEveryEndpointGetNoServerErrorAndChangeNothing() throws Exception {
    System.out.println("FuzzTest seed: " + SEED + " (rerun with -Drelevo.fuzz.seed=" + SEED + ")");
    EmbeddedRedis redis = TestRedis.dedicated();
    // its own articles directory: articles the fuzzer manages to write stay out of other tests' way
    java.nio.file.Files.createDirectories(dir.resolve("knowledge"));
    Relevo relevo = TestServers.start(Map.ofEntries(
        Map.entry("REDIS_URL", redis.uri()),
        Map.entry("RELEVO_KNOWLEDGE_DIR", dir.resolve("knowledge").toString()),
        Map.entry("RELEVO_SLACK_SIGNING_SECRET", SLACK_SECRET),
        Map.entry("RELEVO_SLACK_BOT_TOKEN", "xoxb-fuzz"),
        Map.entry("RELEVO_SLACK_API_URL", "http://127.0.0.1:9/api"),
        Map.entry("RELEVO_TEAMS_APP_ID", "fuzz-app"),
        Map.entry("RELEVO_TEAMS_APP_PASSWORD", "fuzz"),
        Map.entry("RELEVO_TEAMS_OPEN_ID_URL", "http://127.0.0.1:9/openid"),
        Map.entry("RELEVO_TEAMS_TOKEN_URL", "http://127.0.0.1:9/token"),
        Map.entry("RELEVO_TICKETS_INBOUND_TOKEN", INBOUND),
        Map.entry("RELEVO_WIDGET_IDENTITY_SECRET", IDENTITY)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      int port = relevo.port();
      Api api = new Api(port);
      // an earlier conversation, only ever attacked with wrong credentials: it must stay as it is
      Api.Conversation earlier = api.create("en");
      assertThat(api.say(earlier, "how do I reset my password?", "before-1").status()).isEqualTo(200);
      List<JsonObject> earlierTranscript = api.transcript(earlier);
      // the conversation the fuzzer may write to with its own token
      Api.Conversation target = api.create("en");
      String agent = HandoffTest.login(api, "ana");
      String admin = HandoffTest.login(api, "sam");

      long start = System.nanoTime();
      FuzzRequests gen = new FuzzRequests(new Random(SEED), earlier, target, agent, admin);
      List<Req> requests = gen.all();
      System.out.println("FuzzTest: " + requests.size() + " HTTP requests");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).executor(pool).build();
      List<CompletableFuture<Void>> all = new ArrayList<>();
      java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(16);
      for (Req r : requests) {
        inFlight.acquire();
        all.add(send(http, port, r).whenComplete((v, e) -> inFlight.release()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      long httpDone = System.nanoTime();
      millisByPath.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue().sum(), x.getValue().sum())).limit(12)
          .forEach(e -> System.out.println("FuzzTest: " + e.getValue().sum() + " ms in " + e.getKey()));

      // requests no well-behaved client library would send: bytes straight on the socket
      for (byte[] raw : gen.rawRequests(port)) {
        raw(port, raw);
      }
      // WebSocket frames, well-formed and not, on the people's and the agents' sockets
      long rawDone = System.nanoTime();
      new FuzzSockets(new Random(SEED + 1), port, target, agent, problems, frames).run();
      System.out.printf("FuzzTest: HTTP %d ms, raw %d ms, WebSocket %d ms%n", (httpDone - start) / 1_000_000,
          (rawDone - httpDone) / 1_000_000, (System.nanoTime() - rawDone) / 1_000_000);

      System.out.println("FuzzTest: " + sent.get() + " requests and " + frames.get() + " frames sent");
      stalls.forEach(s -> System.out.println("FuzzTest: STALLED CONNECTION: " + s));
      assertThat(stalls).as("keep-alive connections that stopped answering (see KeepAliveTest)").isEmpty();
      assertThat(problems).as("server errors, non-JSON errors or broken sockets").isEmpty();
      assertThat(sent.get() + frames.get()).isGreaterThanOrEqualTo(10_000);

      // the service still works, and stored data of the earlier conversation is untouched
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
      Api.Conversation fresh = api.create("en");
      Api.Response reply = api.say(fresh, "hello", "after-1");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.messages()).isNotEmpty();
      try (WsClient ws = WsClient.connect(port, fresh, null)) {
        assertThat(ws.messages(3)).extracting(m -> m.getString("role")).containsExactly("bot", "customer", "bot");
      }
      assertThat(api.transcript(earlier)).isEqualTo(earlierTranscript);
      assertThat(api.say(earlier, "thanks", "before-2").status()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
      relevo.stop();
      redis.close();
    }
  }

  // --- sending and checking -------------------------------------------------------------------

  private CompletableFuture<Void> send(HttpClient http, int port, Req r) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + r.path()))
          .timeout(Duration.ofSeconds(30))
          .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(r.body()));
      r.headers().forEach(b::header);
    } catch (IllegalArgumentException notSendable) {
      throw new AssertionError("the generator made a request the JDK client refuses: " + r, notSendable);
    }
    sent.incrementAndGet();
    long t0 = System.nanoTime();
    String key = r.method() + " " + r.path().replaceAll("\\?.*", "").replaceAll("/api/v1/([a-z]+)/[^/]+", "/api/v1/$1/*");
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((x, y) -> millisByPath.computeIfAbsent(key, k -> new java.util.concurrent.atomic.LongAdder())
            .add((System.nanoTime() - t0) / 1_000_000))
        .thenAccept(resp -> check(r, resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""), resp.body()))
        .exceptionally(e -> {
          // unanswered on a pooled connection: the same request on a new connection tells whether the
          // service still answers it (it must) or only that connection stalled (a failure too)
          try {
            HttpResponse<byte[]> again = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            check(r, again.statusCode(), again.headers().firstValue("Content-Type").orElse(""), again.body());
            boolean refusedAndClosed = again.statusCode() == 431 && !(e.getCause() instanceof java.net.http.HttpTimeoutException);
            if (!refusedAndClosed) {
              stalls.add(e.getCause() + " on a reused connection, then " + again.statusCode() + " on a new one: " + r);
            }
            // else: headers over the server's limit get 431 and the connection is closed (the stream
            // cannot be parsed further); closing while the client still sends its 20 KB of headers
            // can reset the connection before the client reads the 431 - an immediate failure, not
            // a stalled connection, and the new connection shows the service answers it
          } catch (Exception e2) {
            problems.add("no answer (" + e.getCause() + ", then " + e2 + ") to " + r);
          }
          return null;
        });
  }

  private void check(Req r, int status, String contentType, byte[] body) {
    if (status >= 500) {
      problems.add(status + " " + new String(body, StandardCharsets.UTF_8) + " for " + r);
      return;
    }
    if (status >= 400 && r.path().startsWith("/api/") && !"HEAD".equals(r.method())) {
      String problem = errorBodyProblem(contentType, body);
      if (problem != null) {
        problems.add(status + " " + problem + " for " + r);
      }
    }
  }

  static String errorBodyProblem(String contentType, byte[] body) {
    if (!contentType.startsWith("application/json")) {
      return "error with Content-Type '" + contentType + "'";
    }
    try {
      JsonObject error = new JsonObject(new String(body, StandardCharsets.UTF_8)).getJsonObject("error");
      if (error == null || !(error.getValue("code") instanceof String) || !(error.getValue("message") instanceof String)) {
        return "error body without error.code and error.message: " + new String(body, StandardCharsets.UTF_8);
      }
      return null;
    } catch (RuntimeException e) {
      return "error body that is not JSON: " + new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Writes {@code request} on a fresh connection and checks the status line it gets, if any. */
  private void raw(int port, byte[] request) {
    sent.incrementAndGet();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      s.shutdownOutput();
      StringBuilder line = new StringBuilder();
      for (int c = s.getInputStream().read(); c != -1 && c != '\n' && line.length() < 200; c = s.getInputStream().read()) {
        line.append((char) c);
      }
      String head = line.toString();
      if (head.startsWith("HTTP/1.")) {
        int status = Integer.parseInt(head.substring(9, 12));
        if (status >= 500) {
          problems.add(status + " for raw request " + new String(request, 0, Math.min(200, request.length), StandardCharsets.ISO_8859_1));
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      problems.add("no answer within 10 s to raw request " + new String(request, 0, Math.min(200, request.length), StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      // the server may drop a connection that makes no sense: fine, as long as it keeps answering
    }
  }
}
