package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonArray;
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
 */
class FuzzTest {

  private static final long SEED = Long.getLong("relevo.fuzz.seed", 20261123L);
  private static final String SLACK_SECRET = "fuzz-slack-signing-secret";
  private static final String INBOUND = "fuzz-inbound-token-0123456789";
  private static final String IDENTITY = "fuzz-identity-secret-0123456789";
  private static final int BODY_LIMIT = 65536;

  @TempDir
  Path dir;

  private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> stalls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger frames = new AtomicInteger();
  private final Map<String, java.util.concurrent.atomic.LongAdder> millisByPath = new java.util.concurrent.ConcurrentHashMap<>();

  /** One request to send: everything about it decided by the seeded generator. */
  record Req(String method, String path, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      String b = body == null ? "" : new String(body, 0, Math.min(body.length, 120), StandardCharsets.ISO_8859_1);
      return method + " " + (path.length() > 160 ? path.substring(0, 160) + "..." : path) + " " + headers.keySet() + " " + b;
    }
  }

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
      Gen gen = new Gen(new Random(SEED), earlier, target, agent, admin);
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
      new SocketFuzz(new Random(SEED + 1), port, target, agent).run();
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

  // --- the generator ---------------------------------------------------------------------------

  /** Makes the requests, all from one {@link Random}. */
  static final class Gen {
    final Random rnd;
    final Api.Conversation earlier;
    final Api.Conversation target;
    final String agent;
    final String admin;
    final List<Req> out = new ArrayList<>();

    Gen(Random rnd, Api.Conversation earlier, Api.Conversation target, String agent, String admin) {
      this.rnd = rnd;
      this.earlier = earlier;
      this.target = target;
      this.agent = agent;
      this.admin = admin;
    }

    /** An endpoint: method, path template ({id}), its JSON fields, and the credentials that fit it. */
    record Endpoint(String method, String path, List<String> fields, String kind) {
    }

    List<Endpoint> endpoints() {
      List<String> none = List.of();
      return List.of(
          new Endpoint("POST", "/api/v1/conversations", List.of("locale", "user", "identityToken"), "public"),
          new Endpoint("POST", "/api/v1/conversations/{conv}/messages", List.of("text", "clientMessageId", "payload"), "person"),
          new Endpoint("GET", "/api/v1/conversations/{conv}/messages", none, "person"),
          new Endpoint("GET", "/api/v1/conversations/{conv}", none, "person"),
          new Endpoint("GET", "/api/v1/tickets", none, "person"),
          new Endpoint("GET", "/api/v1/tickets/{ticket}", none, "person"),
          new Endpoint("POST", "/api/v1/agents/login", List.of("username", "password"), "public"),
          new Endpoint("GET", "/api/v1/agents/me", none, "agent"),
          new Endpoint("GET", "/api/v1/queues", none, "agent"),
          new Endpoint("POST", "/api/v1/handoffs/{conv}/claim", none, "agent"),
          new Endpoint("POST", "/api/v1/handoffs/{conv}/messages", List.of("text"), "agent"),
          new Endpoint("POST", "/api/v1/handoffs/{conv}/notes", List.of("text"), "agent"),
          new Endpoint("POST", "/api/v1/handoffs/{conv}/return-to-bot", none, "agent"),
          new Endpoint("POST", "/api/v1/handoffs/{conv}/close", List.of("resolution", "note"), "agent"),
          new Endpoint("POST", "/api/v1/handoffs/{conv}/transfer", List.of("queue", "agent", "note"), "agent"),
          new Endpoint("GET", "/api/v1/handoffs/{conv}/context", none, "agent"),
          new Endpoint("GET", "/api/v1/handoffs/{conv}/transfer-targets", none, "agent"),
          new Endpoint("GET", "/api/v1/canned", none, "agent"),
          new Endpoint("GET", "/api/v1/supervisor/overview", none, "admin"),
          new Endpoint("GET", "/api/v1/agent/tickets", none, "agent"),
          new Endpoint("GET", "/api/v1/agent/tickets/{ticket}", none, "agent"),
          new Endpoint("POST", "/api/v1/agent/tickets/{ticket}/status", List.of("status", "note"), "agent"),
          new Endpoint("POST", "/api/v1/agent/tickets/{ticket}/comments", List.of("text"), "agent"),
          new Endpoint("POST", "/api/v1/integrations/tickets/{ticket}", List.of("status", "comment", "externalId"), "inbound"),
          new Endpoint("GET", "/api/v1/admin/webhooks/dead-letters", none, "admin"),
          new Endpoint("POST", "/api/v1/admin/webhooks/dead-letters/replay", none, "admin"),
          new Endpoint("GET", "/api/v1/admin/articles", none, "admin"),
          new Endpoint("GET", "/api/v1/admin/articles/{article}", none, "admin"),
          new Endpoint("PUT", "/api/v1/admin/articles/{article}",
              List.of("lang", "title", "body", "questions", "tags", "department", "topic", "visibility"), "admin"),
          new Endpoint("DELETE", "/api/v1/admin/articles/{article}", none, "admin"),
          new Endpoint("GET", "/api/v1/admin/people/{user}/export", none, "admin"),
          new Endpoint("DELETE", "/api/v1/admin/people/{user}", none, "admin"),
          new Endpoint("GET", "/api/v1/admin/knowledge/report", none, "admin"),
          new Endpoint("GET", "/api/v1/admin/audit", none, "admin"),
          new Endpoint("GET", "/api/v1/analytics", none, "admin"),
          new Endpoint("GET", "/api/v1/analytics/export", none, "admin"),
          // retraining with a valid admin token takes seconds of CPU each: fuzzed without one
          new Endpoint("POST", "/api/v1/admin/intents/retrain", none, "admin-refused"),
          new Endpoint("GET", "/kb/{article}", none, "public"),
          new Endpoint("POST", "/api/v1/slack/events", List.of("type", "challenge", "event", "event_id", "team_id"), "slack"),
          new Endpoint("POST", "/api/v1/slack/interactions", List.of("payload"), "slack-form"),
          new Endpoint("POST", "/api/v1/teams/messages",
              List.of("type", "id", "serviceUrl", "conversation", "from", "recipient", "text", "value", "membersAdded"), "teams"),
          new Endpoint("GET", "/api/v1/openapi.yaml", none, "public"),
          new Endpoint("GET", "/api/v1/openapi.json", none, "public"),
          new Endpoint("GET", "/metrics", none, "public"),
          new Endpoint("GET", "/health/live", none, "public"),
          new Endpoint("GET", "/health/ready", none, "public"),
          new Endpoint("GET", "/", none, "public"),
          new Endpoint("GET", "/widget.js", none, "public"),
          new Endpoint("GET", "/console/", none, "public"),
          new Endpoint("GET", "/console/dashboard.html", none, "public"));
    }

    List<Req> all() {
      List<Endpoint> endpoints = endpoints();
      for (Endpoint e : endpoints) {
        int n = e.path().contains("login") ? 120 : e.kind().equals("public") && e.fields().isEmpty() ? 60 : 230;
        for (int i = 0; i < n; i++) {
          out.add(request(e));
        }
      }
      return out;
    }

    private Req request(Endpoint e) {
      String method = e.method();
      int m = rnd.nextInt(100);
      if (m < 6) {
        method = pick("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND");
      }
      String path = path(e);
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      credentials(e, headers);
      byte[] body = null;
      boolean sendsBody = method.equals("POST") || method.equals("PUT") || rnd.nextInt(10) == 0;
      if (sendsBody) {
        body = body(e);
        headers.put("Content-Type", contentType());
      }
      if (rnd.nextInt(12) == 0) {
        headers.put("X-Fuzz-" + rnd.nextInt(1000), junkHeader(rnd.nextInt(4) == 0 ? 20_000 : 200));
      }
      if (rnd.nextInt(15) == 0) {
        headers.put("Accept-Language", pick("es", "en;q=x", ";;;,", "zz-ZZ, *;q=0", "es-ES;q=1.5", junkHeader(300)));
      }
      if (e.kind().startsWith("slack")) {
        slackSignature(headers, body);
      }
      return new Req(method, path, headers, body);
    }

    private String path(Endpoint e) {
      String p = e.path()
          .replace("{conv}", convId(e))
          .replace("{ticket}", pick("INC-000001", "REQ-000001", "INC-999999", "inc-1", "0", "-1", idJunk()))
          .replace("{article}", pick("en-it-password-reset", "nope", "../../etc/passwd", "x".repeat(300), idJunk()))
          .replace("{user}", pick("someone", "u-1", idJunk()));
      String query = query(e);
      return query.isEmpty() ? p : p + "?" + query;
    }

    private String convId(Endpoint e) {
      int k = rnd.nextInt(10);
      if (k < 5) {
        return target.id();
      }
      if (k < 7 && !e.kind().equals("person")) {
        return earlier.id(); // agents may act on it only with valid tokens: they get refused or find it in the bot's hands
      }
      return idJunk();
    }

    private String query(Endpoint e) {
      List<String> parts = new ArrayList<>();
      if (e.kind().equals("person") && e.path().contains("tickets")) {
        parts.add("conversation=" + pick(target.id(), earlier.id(), idJunk(), ""));
      }
      if (rnd.nextInt(3) == 0) {
        String[] names = {"after", "limit", "q", "status", "token", "conversation", "zzz", "from", "to", "channel",
            "table", "before", "actor"};
        String[] values = {"", "-1", "0", "1001", "99999999999999999999", "abc", "1-1", "0-0", "999999999999999-0",
            "2026-02-30", "2026-01-01", "1900-01-01", "+999999999-12-31", "all", "days", "articles", "web",
            "1795441338190-0", "%25", "%E2%82%AC", "%C3%28", "%00", "%FF%FE", "a%20b", "x".repeat(3000), "%5B%5D", "%7B%7D"};
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
          parts.add(pick(names) + "=" + pick(values));
        }
      }
      return String.join("&", parts);
    }

    private String idJunk() {
      return pick("", "x", "%20", "%00", "%2F", "%2e%2e", "..", "a".repeat(1000), "%C3%28", "%E2%82%AC%E2%82%AC",
          "%F0%9F%98%80", "null", "0", "-1", "1e309", "%FF", "%25", "id%3Bdrop", "%0d%0aX-Injected:%201",
          "AAAAAAAAAAAAAAAAAAAAAA", "____", "a.b", "%5B%5D");
    }

    private void credentials(Endpoint e, Map<String, String> headers) {
      int k = rnd.nextInt(10);
      String good = switch (e.kind()) {
        case "person" -> target.token();
        case "agent" -> pick(agent, admin);
        case "admin" -> admin;
        case "inbound" -> INBOUND;
        default -> null;
      };
      String auth;
      if (k < 5 && good != null) {
        auth = "Bearer " + good;
      } else if (k < 6 && e.kind().equals("admin")) {
        auth = "Bearer " + agent; // an agent without the admin role
      } else if (k < 7 && e.kind().equals("person")) {
        auth = "Bearer " + earlier.token(); // another conversation's token
      } else if (k < 9) {
        auth = pick("Bearer ", "Bearer", "Basic YWRtaW46YWRtaW4=", "bearer " + agent + "x", "Bearer " + junkJwt(),
            "Bearer " + "x".repeat(5000), "Bearer a b c", "Token abc", "Bearer \u00e9t\u00e9");
        auth = new String(auth.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
      } else {
        auth = null;
      }
      if (auth != null) {
        headers.put("Authorization", asciiOnly(auth));
      }
    }

    /** A JWT-shaped token that is wrong in one way or another. */
    String junkJwt() {
      String[] headers = {"{\"alg\":\"none\"}", "{\"alg\":\"HS256\"}", "null", "[]", "{\"alg\":1}", "{", "\"x\"",
          "{\"alg\":\"RS256\",\"kid\":\"x\"}"};
      String[] claims = {"{\"sub\":\"ana\",\"exp\":1}", "{\"sub\":1,\"exp\":\"x\"}", "null", "[]", "{}", "1",
          "{\"sub\":\"sam\",\"roles\":[\"admin\"],\"exp\":99999999999}", "{\"exp\":1e400}"};
      String h = b64(pick(headers));
      String c = b64(pick(claims));
      String sig = pick("", "x", "AAAA", b64("sig"), "!!!", hmac(IDENTITY, h + "." + c));
      return pick(h + "." + c + "." + sig, h + "." + c, h, "...", "a.b.c.d", h + ".!!!." + sig);
    }

    private byte[] body(Endpoint e) {
      int k = rnd.nextInt(100);
      if (k < 6) {
        return new byte[0];
      }
      if (k < 10) {
        return huge();
      }
      if (k < 18) {
        return invalidUtf8(e);
      }
      if (k < 28) {
        return brokenJson(e).getBytes(StandardCharsets.UTF_8);
      }
      if (k < 32) {
        return deep();
      }
      if (e.kind().equals("slack-form")) {
        return slackForm();
      }
      if (e.kind().equals("public") && e.path().equals("/api/v1/conversations") && rnd.nextInt(4) == 0) {
        return new JsonObject().put("identityToken", rnd.nextBoolean() ? junkJwt() : identityToken()).encode()
            .getBytes(StandardCharsets.UTF_8);
      }
      return typedJson(e).encode().getBytes(StandardCharsets.UTF_8);
    }

    /** Every field of the endpoint with a value of a random, mostly wrong, type; plus unknown fields. */
    private JsonObject typedJson(Endpoint e) {
      JsonObject o = new JsonObject();
      for (String f : e.fields()) {
        if (rnd.nextInt(4) != 0) {
          o.put(f, value(f));
        }
      }
      if (rnd.nextInt(3) == 0) {
        o.put(pick("zzz", "__proto__", "constructor", "", "text ", "\u0000", "\ud83d\ude00"), value("x"));
      }
      return o;
    }

    private Object value(String field) {
      int k = rnd.nextInt(22);
      return switch (k) {
        case 0 -> null;
        case 1 -> rnd.nextInt();
        case 2 -> rnd.nextLong();
        case 3 -> rnd.nextDouble() * 1e300;
        case 4 -> rnd.nextBoolean();
        case 5 -> new JsonArray().add(1).add("a").addNull();
        case 6 -> new JsonObject().put("a", new JsonObject().put("b", 1));
        case 7 -> "";
        case 8 -> "   ";
        case 9 -> "x".repeat(4001 + rnd.nextInt(5000));
        case 10 -> "\u0000\u0001\u001f\u007f";
        case 11 -> "\ud83d\ude00".repeat(50);
        case 12 -> "<script>alert(1)</script>";
        case 13 -> "es";
        case 14 -> "INC-000001";
        case 15 -> "handoff.request";
        case 16 -> "in_progress";
        case 17 -> "https://127.0.0.1:9/x";
        case 18 -> new JsonObject().put("id", 1).put("name", new JsonArray());
        case 19 -> new JsonArray().add(new JsonObject().put("id", "x"));
        case 20 -> "\ud800"; // a lone surrogate
        default -> field.equals("text") ? "hello" : "a" + rnd.nextInt(100);
      };
    }

    private String brokenJson(Endpoint e) {
      String good = typedJson(e).encode();
      return switch (rnd.nextInt(12)) {
        case 0 -> good.substring(0, rnd.nextInt(Math.max(1, good.length())));
        case 1 -> "{";
        case 2 -> "}";
        case 3 -> "[1,2";
        case 4 -> "{\"text\":}";
        case 5 -> "nul";
        case 6 -> "{\"text\":\"a\",}";
        case 7 -> "{'text':'single quotes'}";
        case 8 -> "{\"text\":\"\\uZZZZ\"}";
        case 9 -> good + good;
        case 10 -> "{\"text\":\"a\"} trailing";
        default -> "\"just a string\"";
      };
    }

    private byte[] invalidUtf8(Endpoint e) {
      byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
          {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
      String f = e.fields().isEmpty() ? "text" : pick(e.fields().toArray(String[]::new));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(("{\"" + f + "\":\"a").getBytes(StandardCharsets.UTF_8));
      b.writeBytes(bad[rnd.nextInt(bad.length)]);
      b.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
      return b.toByteArray();
    }

    private byte[] huge() {
      int size = BODY_LIMIT + 1 + rnd.nextInt(rnd.nextBoolean() ? 1000 : 400_000);
      byte[] b = new byte[size];
      java.util.Arrays.fill(b, (byte) 'a');
      byte[] start = "{\"text\":\"".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(start, 0, b, 0, start.length);
      b[size - 2] = '"';
      b[size - 1] = '}';
      return b;
    }

    private byte[] deep() {
      int depth = pick(1500, 5000, 20_000);
      boolean arrays = rnd.nextBoolean();
      StringBuilder s = new StringBuilder(arrays ? "" : "{\"text\":");
      for (int i = 0; i < depth; i++) {
        s.append(arrays ? "[" : "{\"a\":");
      }
      s.append("1");
      for (int i = 0; i < depth; i++) {
        s.append(arrays ? "]" : "}");
      }
      if (!arrays) {
        s.append("}");
      }
      return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] slackForm() {
      String payload = pick("%7B", "%zz", "", "%7B%22type%22%3A1%7D", "%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%22x%22%7D",
          "%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%22value%22%3A1%7D%5D%2C%22user%22%3A2%7D",
          "%5B%5D", "null", "%22s%22");
      return pick("payload=" + payload, "x=1", "payload", "payload=" + payload + "&payload=%7B%7D", "&&&=")
          .getBytes(StandardCharsets.UTF_8);
    }

    private String contentType() {
      return pick("application/json", "application/json", "application/json", "application/json; charset=utf-8",
          "application/json; charset=latin1", "text/plain", "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=xyz", "application/xml", "*/*", "garbage", "application/json; charset=\"");
    }

    /** Slack's signature: valid for some requests (so their bodies get parsed), wrong for others. */
    private void slackSignature(Map<String, String> headers, byte[] body) {
      long now = System.currentTimeMillis() / 1000;
      String ts = pick(Long.toString(now), Long.toString(now - 10_000), "abc", "", "99999999999999999999");
      String raw = body == null ? "" : new String(body, StandardCharsets.UTF_8);
      headers.put("X-Slack-Request-Timestamp", ts);
      int k = rnd.nextInt(10);
      if (k < 6) {
        headers.put("X-Slack-Signature", "v0=" + hmac(SLACK_SECRET, "v0:" + ts + ":" + raw));
      } else if (k < 9) {
        headers.put("X-Slack-Signature", pick("v0=", "v0=zz", "v1=abc", "", "v0=" + "0".repeat(64)));
      }
    }

    String identityToken() {
      String h = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
      String c = b64(pick("{\"sub\":\"u-1\",\"exp\":99999999999,\"name\":1,\"email\":[]}", "{\"sub\":\"\",\"exp\":99999999999}",
          "{\"sub\":\"u-2\",\"exp\":\"soon\"}", "null", "[]", "{\"sub\":\"u-3\",\"exp\":1e400}",
          "{\"sub\":\"" + "u".repeat(300) + "\",\"exp\":99999999999}", "{\"sub\":{\"a\":1},\"exp\":99999999999}"));
      return h + "." + c + "." + hmac(IDENTITY, h + "." + c);
    }

    /** Requests written as bytes: malformed request lines, bad encodings, lying lengths, junk. */
    List<byte[]> rawRequests(int port) {
      List<String> r = new ArrayList<>(List.of(
          "GET /api/v1/conversations/%zz/messages HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/v1/conversations/%/messages HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/v1/%C0%AF HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/v1/openapi.json?%zz=1 HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /health/ready?a=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
          "POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{}",
          "POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}",
          "POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
          "POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
          "POST /api/v1/conversations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
          "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
          "GARBAGE\r\n\r\n",
          "\r\n\r\n\r\n",
          "GET /api/v1/conversations HTTP/1.1\r\nNo colon here\r\n\r\n",
          "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n",
          "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/v1/conversations/x/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Version: 13\r\n\r\n",
          "GET /api/v1/conversations/" + target.id() + "/ws?token=" + target.token() + " HTTP/1.1\r\nHost: x\r\n"
              + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: !!!\r\nSec-WebSocket-Version: 7\r\n\r\n",
          "GET /api/v1/agents/ws?token=" + agent + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
      List<byte[]> out = new ArrayList<>();
      r.forEach(s -> out.add(s.getBytes(StandardCharsets.ISO_8859_1)));
      byte[] nul = "GET /api/v1/conversations/\u0000/messages HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
      out.add(nul);
      byte[] latin = "POST /api/v1/agents/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"a\":\"\u00ff\"}"
          .getBytes(StandardCharsets.ISO_8859_1);
      out.add(latin);
      for (int i = 0; i < 30; i++) {
        byte[] junk = new byte[1 + rnd.nextInt(2000)];
        rnd.nextBytes(junk);
        out.add(junk);
      }
      return out;
    }

    private String junkHeader(int length) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < length; i++) {
        s.append((char) (0x21 + rnd.nextInt(0x5e)));
      }
      return s.toString();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
      return options[rnd.nextInt(options.length)];
    }
  }

  // --- WebSocket frames ------------------------------------------------------------------------

  /** Sends malformed frames on real sockets; each must get an error frame or a proper close. */
  final class SocketFuzz {
    final Random rnd;
    final int port;
    final Api.Conversation target;
    final String agent;

    SocketFuzz(Random rnd, int port, Api.Conversation target, String agent) {
      this.rnd = rnd;
      this.port = port;
      this.target = target;
      this.agent = agent;
    }

    void run() throws Exception {
      // frames of the wrong shape each get an error frame, and the socket stays open
      for (boolean agentSide : new boolean[] {false, true}) {
        try (WsClient ws = agentSide ? WsClient.agent(port, agent) : WsClient.connect(port, target, null)) {
          for (String frame : List.of("{\"type\":1}", "{\"type\":null}", "{\"type\":[\"message\"]}", "{\"type\":{}}",
              "{\"type\":\"status\",\"status\":7}", "{\"type\":\"typing\",\"conversationId\":[]}",
              "{\"type\":\"message\",\"text\":\"ok\",\"clientMessageId\":[]}", "{\"type\":\"postback\",\"payload\":1}")) {
            frames.incrementAndGet();
            ws.ws.sendText(frame, true).join();
            ws.send(new JsonObject().put("type", "ping"));
            JsonObject answer = ws.next(f -> "error".equals(f.getString("type")) || "pong".equals(f.getString("type")));
            // a typing frame is fine on either side: one with a bad conversationId is ignored
            if (!"error".equals(answer.getString("type")) && !frame.contains("typing")) {
              problems.add((agentSide ? "agent" : "person") + " socket: no error frame for " + frame);
            } else if ("error".equals(answer.getString("type"))) {
              ws.nextOfType("pong");
            }
          }
        }
      }
      // well-formed frames with wrong content, 400 per socket, each socket then still answers a ping
      for (int round = 0; round < 5; round++) {
        boolean agentSide = round == 4;
        try (WsClient ws = agentSide ? WsClient.agent(port, agent) : WsClient.connect(port, target, null)) {
          for (int i = 0; i < 400; i++) {
            String frame = frame(agentSide);
            frames.incrementAndGet();
            ws.ws.sendText(frame, true).join();
          }
          ws.send(new JsonObject().put("type", "ping"));
          JsonObject pong = ws.next(f -> "pong".equals(f.getString("type")) || ws.closed);
          assertThat(pong.getString("type")).isEqualTo("pong");
          for (JsonObject f : ws.drainNow()) {
            if ("error".equals(f.getString("type"))) {
              JsonObject error = f.getJsonObject("error");
              if (error == null || error.getString("code") == null || error.getString("message") == null) {
                problems.add("error frame without code and message: " + f);
              }
              if ("internal_error".equals(error == null ? null : error.getString("code"))) {
                problems.add("internal error frame: " + f);
              }
            }
          }
          if (ws.closed) {
            problems.add("the socket was closed (" + ws.closeCode + ") by well-formed frames");
          }
        }
      }
      // frames that break the protocol: the server closes with a proper code, or drops the connection
      for (int i = 0; i < 60; i++) {
        rawFrame(i);
      }
    }

    private String frame(boolean agentSide) {
      int k = rnd.nextInt(16);
      String type = agentSide ? pickS("ping", "typing", "subscribe", "message", "x") : pickS("message", "postback", "typing", "ping", "x", "");
      return switch (k) {
        case 0 -> "{";
        case 1 -> "[]";
        case 2 -> "null";
        case 3 -> "\"text\"";
        case 4 -> "{\"type\":1}";
        case 5 -> "{\"type\":null}";
        case 6 -> "{\"type\":[\"message\"]}";
        case 7 -> new JsonObject().put("type", type).put("text", rnd.nextInt()).encode();
        case 8 -> new JsonObject().put("type", type).put("text", "x".repeat(4001)).encode();
        case 9 -> new JsonObject().put("type", type).put("text", "ok").put("clientMessageId", new JsonArray()).encode();
        case 10 -> new JsonObject().put("type", type).put("payload", new JsonObject()).encode();
        case 11 -> new JsonObject().put("type", type).put("text", "").put("clientMessageId", "bad id!").encode();
        case 12 -> "[".repeat(3000) + "]".repeat(3000);
        case 13 -> new JsonObject().put("type", type).put("conversationId", "x").put("zzz", 1).encode();
        case 14 -> "";
        default -> new JsonObject().put("type", type).put("text", "\u0000\u001f").put("clientMessageId", 5).encode();
      };
    }

    private String pickS(String... options) {
      return options[rnd.nextInt(options.length)];
    }

    /** One connection with a frame that breaks the protocol; the server must close it properly. */
    private void rawFrame(int i) throws Exception {
      frames.incrementAndGet();
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        String path = i % 3 == 0 ? "/api/v1/agents/ws?token=" + agent
            : "/api/v1/conversations/" + target.id() + "/ws?token=" + target.token();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
          problems.add("WebSocket upgrade refused: " + head.lines().findFirst().orElse(""));
          return;
        }
        byte[] payload;
        int opcode;
        boolean masked = true;
        boolean fin = true;
        switch (i % 8) {
          case 0 -> { opcode = 1; payload = new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'}; } // text, invalid UTF-8
          case 1 -> { opcode = 1; payload = new byte[BODY_LIMIT + 10]; } // bigger than the frame limit
          case 2 -> { opcode = 3 + rnd.nextInt(5); payload = "x".getBytes(StandardCharsets.US_ASCII); } // reserved opcode
          case 3 -> { opcode = 1; payload = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII); masked = false; } // unmasked client frame
          case 4 -> { opcode = 8; payload = new byte[] {0x03, (byte) 0xE7}; } // close with a forbidden code (999)
          case 5 -> { opcode = 0; payload = "continuation without a start".getBytes(StandardCharsets.US_ASCII); }
          case 6 -> { opcode = 9; payload = new byte[200]; } // a ping longer than 125 bytes
          default -> { opcode = 1; payload = "{\"type\":\"ping\"".getBytes(StandardCharsets.US_ASCII); fin = false; } // never finished
        }
        out.write(frameBytes(opcode, payload, masked, fin));
        // then a good frame: the socket either still answers it, or is closed
        out.write(frameBytes(1, "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII), true, true));
        out.flush();
        int outcome = readOutcome(in);
        if (outcome == 1011) {
          problems.add("WebSocket closed with 1011 (server error) after raw frame case " + (i % 8));
        }
      } catch (java.net.SocketTimeoutException e) {
        problems.add("WebSocket neither answered nor closed after raw frame case " + (i % 8));
      } catch (IOException e) {
        // a dropped connection is a proper end for a frame that breaks the protocol
      }
    }

    private String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) != -1) {
        b.write(c);
        byte[] a = b.toByteArray();
        int n = a.length;
        if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
          break;
        }
      }
      return b.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * The close code of the server's close frame (0 for a close without a code), -1 when the
     * connection ended without one, -2 when the socket answered the ping (still open).
     */
    private int readOutcome(InputStream in) throws IOException {
      while (true) {
        int b0 = in.read();
        if (b0 == -1) {
          return -1;
        }
        int b1 = in.read();
        long len = b1 & 0x7F;
        if (len == 126) {
          len = (in.read() << 8) | in.read();
        } else if (len == 127) {
          len = 0;
          for (int k = 0; k < 8; k++) {
            len = (len << 8) | in.read();
          }
        }
        byte[] payload = in.readNBytes((int) Math.min(len, 1 << 20));
        if ((b0 & 0x0F) == 1 && new String(payload, StandardCharsets.UTF_8).contains("pong")) {
          return -2;
        }
        if ((b0 & 0x0F) == 8) {
          return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 0;
        }
      }
    }

    private byte[] frameBytes(int opcode, byte[] payload, boolean masked, boolean fin) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write((fin ? 0x80 : 0) | opcode);
      int maskBit = masked ? 0x80 : 0;
      if (payload.length < 126) {
        b.write(maskBit | payload.length);
      } else if (payload.length < 65536) {
        b.write(maskBit | 126);
        b.write(payload.length >> 8);
        b.write(payload.length & 0xFF);
      } else {
        b.write(maskBit | 127);
        for (int k = 7; k >= 0; k--) {
          b.write((int) ((long) payload.length >> (8 * k)) & 0xFF);
        }
      }
      byte[] mask = {1, 2, 3, 4};
      if (masked) {
        b.writeBytes(mask);
      }
      for (int k = 0; k < payload.length; k++) {
        b.write(masked ? payload[k] ^ mask[k % 4] : payload[k]);
      }
      return b.toByteArray();
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] d = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
      return secret.equals(SLACK_SECRET) ? java.util.HexFormat.of().formatHex(d)
          : Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String asciiOnly(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
