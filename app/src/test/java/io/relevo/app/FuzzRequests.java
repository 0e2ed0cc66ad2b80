package io.relevo.app;

import static io.relevo.app.FuzzTest.INBOUND;
import static io.relevo.app.FuzzTest.SLACK_SECRET;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The HTTP requests {@link FuzzTest} sends, all made from one {@link Random}: every public endpoint
 * with wrong methods, bad ids and query parameters, right and wrong credentials, junk and huge
 * headers, and the bodies {@link FuzzBodies} makes from the same {@code Random}; plus requests
 * written as raw bytes that no client library would send. The same seed gives the same requests.
 * Not thread-safe: one generator per run, used by one thread.
 */
final class FuzzRequests {

  /** One request to send: everything about it decided by the seeded generator. */
  record Req(String method, String path, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      String b = body == null ? "" : new String(body, 0, Math.min(body.length, 120), StandardCharsets.ISO_8859_1);
      return method + " " + (path.length() > 160 ? path.substring(0, 160) + "..." : path) + " " + headers.keySet() + " " + b;
    }
  }

  /** An endpoint: method, path template ({id}), its JSON fields, and the credentials that fit it. */
  record Endpoint(String method, String path, List<String> fields, String kind) {
  }

  final Random rnd;
  final FuzzBodies bodies;
  final Api.Conversation earlier;
  final Api.Conversation target;
  final String agent;
  final String admin;
  final List<Req> out = new ArrayList<>();

  FuzzRequests(Random rnd, Api.Conversation earlier, Api.Conversation target, String agent, String admin) {
    this.rnd = rnd;
    this.bodies = new FuzzBodies(rnd);
    this.earlier = earlier;
    this.target = target;
    this.agent = agent;
    this.admin = admin;
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
      body = bodies.body(e);
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
      auth = pick("Bearer ", "Bearer", "Basic YWRtaW46YWRtaW4=", "bearer " + agent + "x", "Bearer " + bodies.junkJwt(),
          "Bearer " + "x".repeat(5000), "Bearer a b c", "Token abc", "Bearer \u00e9t\u00e9");
      auth = new String(auth.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    } else {
      auth = null;
    }
    if (auth != null) {
      headers.put("Authorization", asciiOnly(auth));
    }
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
      headers.put("X-Slack-Signature", "v0=" + FuzzBodies.hmac(SLACK_SECRET, "v0:" + ts + ":" + raw));
    } else if (k < 9) {
      headers.put("X-Slack-Signature", pick("v0=", "v0=zz", "v1=abc", "", "v0=" + "0".repeat(64)));
    }
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

  static String asciiOnly(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }
}
