package io.relevo.handoff.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.relevo.core.conversation.Tokens;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.core.limits.RateLimiter;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentDirectory;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.agents.Passwords;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Agent sign-in and the checks that guard agent, supervisor and admin endpoints.
 *
 * <p>Sign-in checks the password hash on a worker thread and returns a signed JWT (HS256, issuer
 * {@code relevo}, audience {@code relevo-agents}) naming the agent and its roles. Every guarded
 * request presents it as {@code Authorization: Bearer} (or {@code ?token=} on WebSockets); a
 * missing, wrong or expired token gets 401, a valid one without the role 403. Tokens of agents no
 * longer in the directory stop working. Thread-safe; one instance per process.
 */
public final class AgentAuth {

  /** The routing-context key under which guarded handlers find the signed-in {@link Agent}. */
  public static final String AGENT = "relevo.agent";
  private static final String ISSUER = "relevo";
  private static final String AUDIENCE = "relevo-agents";

  private final Vertx vertx;
  private final AgentDirectory directory;
  private final JWTAuth jwt;
  private final Duration ttl;
  private final RateLimiter limiter;
  private final int loginFailures;
  private final Duration loginWindow;
  // compared when the name is unknown, so a wrong name costs as much time as a wrong password
  private final String decoyHash = Passwords.hash(Tokens.random(16));

  /**
   * @param loginFailures failed sign-ins allowed per user name within {@code loginWindow}; only
   *     failures count, so an agent who signs in often is never locked out
   */
  public AgentAuth(Vertx vertx, AgentDirectory directory, String secret, Duration ttl, RateLimiter limiter,
      int loginFailures, Duration loginWindow) {
    if (secret.length() < 32) {
      throw new IllegalArgumentException("the JWT secret must have at least 32 characters");
    }
    this.vertx = vertx;
    this.directory = directory;
    this.ttl = ttl;
    this.limiter = limiter;
    this.loginFailures = loginFailures;
    this.loginWindow = loginWindow;
    JWTOptions options = new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE));
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(options));
  }

  /** Adds {@code POST /api/v1/agents/login} and {@code GET /api/v1/agents/me}. */
  public void mount(Router router) {
    router.post("/api/v1/agents/login").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::login);
    router.get("/api/v1/agents/me").handler(require(AgentRole.AGENT)).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(describe(ctx.get(AGENT)).encode()));
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    Object username = body.getValue("username");
    Object password = body.getValue("password");
    if (!(username instanceof String u) || !(password instanceof String p) || u.length() > 64 || p.length() > 256) {
      throw new ApiException(400, "bad_request", "'username' and 'password' are required strings.");
    }
    String user = u.strip().toLowerCase(java.util.Locale.ROOT);
    String failures = "rate:login:" + Tokens.sha256Hex(user).substring(0, 24);
    limiter.check(failures, loginFailures)
        .compose(d -> d.allowed() ? Future.succeededFuture()
            : Future.failedFuture(new ApiException(429, "rate_limited", "Too many sign-in attempts; wait a moment.", d.retryAfter())))
        .compose(v -> vertx.executeBlocking(() -> {
          Agent agent = directory.find(user).orElse(null);
          boolean ok = Passwords.verify(p, agent != null ? agent.passwordHash() : decoyHash) && agent != null;
          return ok ? agent : null;
        }, false))
        .onSuccess(agent -> {
          if (agent == null) {
            limiter.hit(failures, loginFailures, loginWindow).onComplete(ar ->
                ctx.fail(new ApiException(401, "invalid_credentials", "Wrong user name or password.")));
            return;
          }
          Instant expires = Instant.now().plus(ttl);
          String token = issue(agent);
          ctx.put(AGENT, agent);
          ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
              .putHeader("Cache-Control", "no-store")
              .end(new JsonObject().put("token", token).put("expiresAt", expires.toString())
                  .put("agent", describe(agent)).encode());
        })
        .onFailure(ctx::fail);
  }

  /** The agents who may sign in. */
  public AgentDirectory directory() {
    return directory;
  }

  /** A signed token for {@code agent}, valid for the configured time. */
  public String issue(Agent agent) {
    JsonArray roles = new JsonArray();
    agent.roles().forEach(r -> roles.add(r.wire()));
    return jwt.generateToken(new JsonObject().put("sub", agent.id()).put("name", agent.name()).put("roles", roles),
        new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE)).setExpiresInSeconds((int) ttl.toSeconds()));
  }

  /** The agent a token belongs to; fails with a 401 {@link ApiException} otherwise. */
  public Future<Agent> authenticate(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new ApiException(401, "unauthorized", "An agent token is required."));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new ApiException(401, "unauthorized", "The agent token is invalid or expired.")))
        .compose(user -> directory.find(user.principal().getString("sub"))
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new ApiException(401, "unauthorized", "The agent no longer exists."))));
  }

  /** A route handler letting through only agents whose roles grant {@code role}. */
  public Handler<RoutingContext> require(AgentRole role) {
    return ctx -> {
      String token = Requests.bearer(ctx.request().getHeader("Authorization"));
      if (token == null) {
        token = ctx.request().getParam("token");
      }
      authenticate(token).onSuccess(agent -> {
        ctx.put(AGENT, agent); // also for the audit log of a denied attempt
        if (!agent.has(role)) {
          ctx.fail(new ApiException(403, "forbidden", "This needs the " + role.wire() + " role."));
          return;
        }
        ctx.next();
      }).onFailure(ctx::fail);
    };
  }

  static JsonObject describe(Agent agent) {
    JsonArray roles = new JsonArray();
    agent.roles().stream().map(AgentRole::wire).sorted().forEach(roles::add);
    JsonArray skills = new JsonArray();
    agent.skills().stream().sorted().forEach(skills::add);
    return new JsonObject().put("id", agent.id()).put("name", agent.name()).put("roles", roles).put("skills", skills);
  }
}
