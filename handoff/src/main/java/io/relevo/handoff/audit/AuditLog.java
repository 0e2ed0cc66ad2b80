package io.relevo.handoff.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.XAddArgs;
import io.relevo.core.retention.RetentionSweeper;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.auth.AgentAuth;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The audit log of agent and admin actions: who (agent id and name) did what (method and route
 * template, such as {@code POST /api/v1/handoffs/:id/close}, never the request's path, so a
 * percent-encoded person id cannot slip in), to what (the route's ids; a person's user id only as
 * a keyed hash, so erasing the person leaves nothing readable of theirs), when, and with what
 * result (the HTTP status, denials included). Every change an agent, supervisor or admin makes is
 * recorded, and so are reads of a person's data (exports) and of analytics exports, and sign-ins.
 * Kept in the Redis stream {@code {audit}:log} (capped at 1,000,000 entries; swept by
 * {@code retention.audit}); read by admins at {@code GET /api/v1/admin/audit}.
 *
 * <p>Sign-ins that did not succeed come from anyone, so they never enter that log, where they
 * could push agents' actions out: they go to a stream of their own, {@code {audit}:sign-in-failures}
 * (capped at {@value #FAILURES_CAP} entries, gone after {@value #FAILURES_DAYS} days without
 * failures), aggregated: an address's 1st, 2nd, 4th, 8th... attempt of a window is written, with
 * the count, so a flood from one address adds a handful of entries. The address and the user name
 * appear only as keyed hashes. Admins read it at {@code GET /api/v1/admin/audit/sign-in-failures}.
 *
 * <p>Thread-safe. Recording is best effort and never fails the request it describes.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  /** Path parameters that name a person: kept only hashed. */
  private static final Set<String> PERSONAL = Set.of("userId");
  static final String FAILURES_STREAM = io.relevo.redis.Keyspace.AUDIT_SIGN_IN_FAILURES_KEY;
  static final int FAILURES_CAP = 10_000;
  static final int FAILURES_DAYS = 30;

  /**
   * Routing-context key under which a handler may put a {@code Map<String, String>} of ids its
   * action targeted beyond the path's (the agent a conversation went to); never personal data.
   */
  public static final String DETAILS = "relevo.audit.details";

  private final Vertx vertx;
  private final RedisConnector redis;
  private final AgentAuth auth;
  private final AuditOutbox outbox;

  public AuditLog(Vertx vertx, RedisConnector redis, AgentAuth auth) {
    this.vertx = vertx;
    this.redis = redis;
    this.auth = auth;
    this.outbox = new AuditOutbox(vertx, redis, 100_000, java.time.Duration.ofMinutes(15));
  }

  /** Exports {@code relevo_audit_dropped_total} and {@code relevo_audit_waiting}; call while wiring. */
  public AuditLog metrics(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.FunctionCounter.builder("relevo_audit_dropped", outbox, AuditOutbox::dropped)
        .description("Audit entries given up (Redis did not take them for 15 minutes, or the outbox was full)")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("relevo_audit_waiting", outbox, AuditOutbox::waiting)
        .description("Audit entries waiting for Redis to take them").register(registry);
    return this;
  }

  /** Gives up, with an ERROR log each, the entries still waiting; call at stop. */
  public void close() {
    outbox.close();
  }

  /** Routes: the recorder (first, on every request) and the admin's reading endpoint. */
  public void mount(Router router) {
    router.route().order(-1000).handler(recorder());
    router.get("/api/v1/admin/audit").handler(auth.require(AgentRole.ADMIN)).handler(this::list);
    router.get("/api/v1/admin/audit/sign-in-failures").handler(auth.require(AgentRole.ADMIN)).handler(this::failures);
  }

  /** Records one entry. */
  public Future<Void> record(String actorId, String actorName, String action, Map<String, String> target, int status) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("actor", actorId == null ? "" : actorId);
    fields.put("name", actorName == null ? "" : actorName);
    fields.put("action", action);
    fields.put("target", new JsonObject(new LinkedHashMap<>(target)).encode());
    fields.put("status", Integer.toString(status));
    fields.put("at", Long.toString(System.currentTimeMillis()));
    return outbox.write(RetentionSweeper.AUDIT_STREAM, fields);
  }

  /** One entry for an address's 1st, 2nd, 4th, 8th... attempt in a window, in the stream of failures. */
  private void recordFailedSignIn(AgentAuth.SignInAttempt attempt, int status) {
    long n = attempt.addressAttempts();
    if (n < 1 || (n & (n - 1)) != 0) {
      return;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("address", attempt.address());
    fields.put("name", attempt.name());
    fields.put("attempts", Long.toString(n));
    fields.put("status", Integer.toString(status));
    var commands = redis.commands();
    Future.fromCompletionStage(commands.xadd(FAILURES_STREAM, XAddArgs.Builder.maxlen(FAILURES_CAP).approximateTrimming(), fields)
            .thenCompose(id -> commands.expire(FAILURES_STREAM, java.time.Duration.ofDays(FAILURES_DAYS))),
            vertx.getOrCreateContext())
        .onFailure(e -> LOG.warn("Could not write an audit entry for a failed sign-in: {}", e.toString()));
  }

  private Handler<RoutingContext> recorder() {
    return ctx -> {
      if (staff(ctx.request().path())) {
        ctx.addEndHandler(ar -> {
          Agent agent = ctx.get(AgentAuth.AGENT);
          int status = ctx.response().getStatusCode();
          AgentAuth.SignInAttempt attempt = ctx.get(AgentAuth.SIGN_IN);
          if (agent == null && attempt != null) {
            recordFailedSignIn(attempt, status);
            return;
          }
          if (agent == null) {
            return; // not an agent at all (no or a bad token, a malformed sign-in): nothing done, nothing to audit
          }
          if (changes(ctx) || sensitiveRead(ctx.request().path()) || status == 403) {
            record(agent == null ? null : agent.id(), agent == null ? null : agent.name(), action(ctx), target(ctx), status);
          }
        });
      }
      ctx.next();
    };
  }

  private static boolean staff(String path) {
    return path.startsWith("/api/v1/agent") || path.startsWith("/api/v1/admin") || path.startsWith("/api/v1/handoffs")
        || path.startsWith("/api/v1/supervisor") || path.startsWith("/api/v1/analytics") || path.startsWith("/api/v1/queues")
        || path.startsWith("/api/v1/canned");
  }

  private static boolean changes(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    return m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH || m == HttpMethod.DELETE;
  }

  /** Reads of one person's data: their export, analytics exports, and a conversation's context (transcript, tickets). */
  private static boolean sensitiveRead(String path) {
    return path.startsWith("/api/v1/admin/people/") || path.startsWith("/api/v1/analytics/export")
        || path.startsWith("/api/v1/handoffs/") && path.endsWith("/context");
  }

  /**
   * The route template the request matched, {@code DELETE /api/v1/admin/people/:userId}. Without one,
   * the path with each segment decoded: a route parameter's value becomes its name, and anything
   * else that is not a plain lowercase word becomes {@code :value}.
   */
  private static String action(RoutingContext ctx) {
    String method = ctx.request().method().name();
    String route = ctx.get(AgentAuth.ROUTE);
    if (route != null) {
      return method + " " + route;
    }
    String[] parts = ctx.normalizedPath().split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String decoded = decode(parts[i]);
      String named = null;
      for (var p : ctx.pathParams().entrySet()) {
        if (!p.getValue().isEmpty() && p.getValue().equals(decoded)) {
          named = ":" + p.getKey();
        }
      }
      parts[i] = named != null ? named : decoded != null && decoded.matches("[a-z0-9-]{0,40}") ? decoded : ":value";
    }
    return method + " " + String.join("/", parts);
  }

  /** A path segment percent-decoded ('+' stays '+'), or null when it does not decode. */
  private static String decode(String segment) {
    try {
      return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Map<String, String> target(RoutingContext ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    ctx.pathParams().forEach((k, v) -> out.put(k, PERSONAL.contains(k) ? auth.pseudonyms().of("user", v) : cut(v)));
    Map<String, String> details = ctx.get(DETAILS);
    if (details != null) {
      details.forEach((k, v) -> out.putIfAbsent(k, cut(v)));
    }
    return out;
  }

  private static String cut(String v) {
    return v.length() > 100 ? v.substring(0, 100) : v;
  }

  /** {@code GET /api/v1/admin/audit[?before=ID][&limit=N][&actor=AGENT]}: newest first. */
  private void list(RoutingContext ctx) {
    page(ctx, RetentionSweeper.AUDIT_STREAM, ctx.request().getParam("actor"), (id, f) -> new JsonObject().put("id", id)
        .put("at", f.containsKey("at") ? Instant.ofEpochMilli(Long.parseLong(f.get("at"))).toString() : at(id))
        .put("actor", f.getOrDefault("actor", "")).put("actorName", f.getOrDefault("name", ""))
        .put("action", f.getOrDefault("action", "")).put("target", new JsonObject(f.getOrDefault("target", "{}")))
        .put("status", Integer.parseInt(f.getOrDefault("status", "0"))));
  }

  /**
   * {@code GET /api/v1/admin/audit/sign-in-failures[?before=ID][&limit=N]}: newest first; each entry
   * the hashed address and user name, the address's attempts so far in its window, and the status.
   */
  private void failures(RoutingContext ctx) {
    page(ctx, FAILURES_STREAM, null, (id, f) -> new JsonObject().put("id", id).put("at", at(id))
        .put("address", f.getOrDefault("address", "")).put("name", f.getOrDefault("name", ""))
        .put("attempts", Long.parseLong(f.getOrDefault("attempts", "0")))
        .put("status", Integer.parseInt(f.getOrDefault("status", "0"))));
  }

  private static String at(String id) {
    return Instant.ofEpochMilli(Long.parseLong(id.substring(0, id.indexOf('-')))).toString();
  }

  private void page(RoutingContext ctx, String stream, String actor,
      java.util.function.BiFunction<String, Map<String, String>, JsonObject> entry) {
    int limit = 100;
    String raw = ctx.request().getParam("limit");
    if (raw != null) {
      try {
        limit = Math.max(1, Math.min(1000, Integer.parseInt(raw)));
      } catch (NumberFormatException e) {
        throw new io.relevo.core.http.ApiErrors.ApiException(400, "bad_request", "'limit' must be a number from 1 to 1000.");
      }
    }
    String before = ctx.request().getParam("before");
    if (before != null && !before.matches("\\d{1,15}-\\d{1,10}")) {
      throw new io.relevo.core.http.ApiErrors.ApiException(400, "bad_request", "'before' must be an entry id from this log.");
    }
    if (before != null && before.matches("0+-0+")) {
      ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end("{\"entries\":[]}");
      return; // nothing comes before the first possible id
    }
    Range<String> range = before == null ? Range.create("-", "+")
        : Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(before));
    int wanted = limit;
    call(redis.commands().xrevrange(stream, range, Limit.from(actor == null ? wanted : 5000)))
        .onSuccess(entries -> {
          List<JsonObject> out = new ArrayList<>();
          for (var e : entries) {
            Map<String, String> f = e.getBody();
            if (actor != null && !actor.equals(f.get("actor"))) {
              continue;
            }
            if (out.size() == wanted) {
              break;
            }
            out.add(entry.apply(e.getId(), f));
          }
          ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
              .end(new JsonObject().put("entries", new JsonArray(out)).encode());
        })
        .onFailure(ctx::fail);
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
