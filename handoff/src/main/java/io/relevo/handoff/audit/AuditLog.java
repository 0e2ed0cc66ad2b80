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
import io.relevo.core.conversation.Tokens;
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
 * The audit log of agent and admin actions: who (agent id and name) did what (method and route,
 * such as {@code POST /api/v1/handoffs/:id/close}), to what (the route's ids; a person's user id
 * only as a hash, so erasing the person leaves nothing of theirs), when, and with what result
 * (the HTTP status, denials included). Every change an agent, supervisor or admin makes is
 * recorded, and so are reads of a person's data (exports) and of analytics exports, and sign-ins.
 * Kept in the Redis stream {@code {audit}:log} (capped at 1,000,000 entries; swept by
 * {@code retention.audit}); read by admins at {@code GET /api/v1/admin/audit}.
 *
 * <p>Thread-safe. Recording is best effort and never fails the request it describes.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  /** Path parameters that name a person: kept only hashed. */
  private static final Set<String> PERSONAL = Set.of("userId");

  private final Vertx vertx;
  private final RedisConnector redis;
  private final AgentAuth auth;

  public AuditLog(Vertx vertx, RedisConnector redis, AgentAuth auth) {
    this.vertx = vertx;
    this.redis = redis;
    this.auth = auth;
  }

  /** Routes: the recorder (first, on every request) and the admin's reading endpoint. */
  public void mount(Router router) {
    router.route().order(-1000).handler(recorder());
    router.get("/api/v1/admin/audit").handler(auth.require(AgentRole.ADMIN)).handler(this::list);
  }

  /** Records one entry. */
  public Future<Void> record(String actorId, String actorName, String action, Map<String, String> target, int status) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("actor", actorId == null ? "" : actorId);
    fields.put("name", actorName == null ? "" : actorName);
    fields.put("action", action);
    fields.put("target", new JsonObject(new LinkedHashMap<>(target)).encode());
    fields.put("status", Integer.toString(status));
    return Future.fromCompletionStage(redis.commands().xadd(RetentionSweeper.AUDIT_STREAM,
            XAddArgs.Builder.maxlen(1_000_000).approximateTrimming(), fields), vertx.getOrCreateContext())
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("Could not write an audit entry for {}: {}", action, e.toString());
          return Future.succeededFuture();
        });
  }

  private Handler<RoutingContext> recorder() {
    return ctx -> {
      if (staff(ctx.request().path())) {
        ctx.addEndHandler(ar -> {
          Agent agent = ctx.get(AgentAuth.AGENT);
          int status = ctx.response().getStatusCode();
          boolean signIn = ctx.request().path().endsWith("/login");
          if (agent == null && !signIn) {
            return; // not an agent at all (no or a bad token): nothing done, nothing to audit
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

  /** The route with its parameters named, not valued: {@code DELETE /api/v1/admin/people/:userId}. */
  private static String action(RoutingContext ctx) {
    String path = ctx.request().path();
    String[] parts = path.split("/", -1);
    Map<String, String> params = ctx.pathParams();
    for (int i = 0; i < parts.length; i++) {
      for (var p : params.entrySet()) {
        if (!p.getValue().isEmpty() && parts[i].equals(p.getValue())) {
          parts[i] = ":" + p.getKey();
        }
      }
    }
    return ctx.request().method().name() + " " + String.join("/", parts);
  }

  private static Map<String, String> target(RoutingContext ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    ctx.pathParams().forEach((k, v) -> out.put(k, PERSONAL.contains(k) ? "sha256:" + Tokens.sha256Hex(v).substring(0, 16) : cut(v)));
    return out;
  }

  private static String cut(String v) {
    return v.length() > 100 ? v.substring(0, 100) : v;
  }

  /** {@code GET /api/v1/admin/audit[?before=ID][&limit=N][&actor=AGENT]}: newest first. */
  private void list(RoutingContext ctx) {
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
    String actor = ctx.request().getParam("actor");
    Range<String> range = before == null ? Range.create("-", "+")
        : Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(before));
    int wanted = limit;
    call(redis.commands().xrevrange(RetentionSweeper.AUDIT_STREAM, range, Limit.from(actor == null ? wanted : 5000)))
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
            String id = e.getId();
            out.add(new JsonObject().put("id", id)
                .put("at", Instant.ofEpochMilli(Long.parseLong(id.substring(0, id.indexOf('-')))).toString())
                .put("actor", f.getOrDefault("actor", "")).put("actorName", f.getOrDefault("name", ""))
                .put("action", f.getOrDefault("action", "")).put("target", new JsonObject(f.getOrDefault("target", "{}")))
                .put("status", Integer.parseInt(f.getOrDefault("status", "0"))));
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
