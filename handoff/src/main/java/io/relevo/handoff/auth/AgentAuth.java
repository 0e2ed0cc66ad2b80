package io.relevo.handoff.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.relevo.core.conversation.ConversationException;
import io.relevo.core.conversation.Tokens;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentDirectory;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.agents.HandoffSettings;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
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
 * Agent sign-in and sign-out, and the checks that guard agent, supervisor and admin endpoints.
 *
 * <p>Sign-in first counts the attempt in Redis ({@link SignInGate}: per address, per name at an
 * address, per name), then checks the password on a small pool of its own (at most
 * {@code auth.loginThreads} threads and {@code auth.loginQueue} waiting in each of two lanes,
 * addresses on their first attempts and addresses that keep trying; more get 429 at once), so
 * however many sign-ins arrive, password hashing never takes the workers chat replies need. Every
 * check costs the same whether the name exists or not ({@link PasswordCheck}). It returns a signed
 * JWT (HS256, issuer {@code relevo}, audience {@code relevo-agents}, with {@code exp}, {@code iat}
 * and a {@code jti}) naming the agent and its roles. Guarded requests present it as
 * {@code Authorization: Bearer} (only the agent WebSocket, which reads it itself, takes it from the
 * URL); a missing, wrong, expired, revoked or too long-lived token gets 401, a valid one without the
 * role 403. Tokens of agents no longer in the directory stop working; sign-out takes a token back
 * (or all of the agent's). Thread-safe; one instance per process.
 */
public final class AgentAuth {

  /** The routing-context key under which guarded handlers find the signed-in {@link Agent}. */
  public static final String AGENT = "relevo.agent";
  /** The routing-context key of the route template a guarded request matched ({@code /api/v1/admin/people/:userId}). */
  public static final String ROUTE = "relevo.route";
  /** The routing-context key of the {@link SignInAttempt} a sign-in that did not succeed leaves. */
  public static final String SIGN_IN = "relevo.signIn";
  private static final String SESSION = "relevo.session";
  private static final String ISSUER = "relevo";
  private static final String AUDIENCE = "relevo-agents";
  /** Clock difference between instances that a token's lifetime check allows for. */
  private static final long LEEWAY_SECONDS = 60;
  /** An address's attempts per window that still count as an ordinary sign-in, not guessing. */
  private static final int FRESH_ATTEMPTS = 3;

  /** Token lifetime and sign-in limits; see {@link HandoffSettings}. */
  public record Options(Duration ttl, int loginFailures, int loginAddressFailures, int loginNameFailures,
      Duration loginWindow, int loginThreads, int loginQueue) {

    public static Options from(JsonObject config) {
      return new Options(HandoffSettings.TOKEN_TTL.get(config), HandoffSettings.LOGIN_FAILURES.get(config),
          HandoffSettings.LOGIN_ADDRESS_FAILURES.get(config), HandoffSettings.LOGIN_NAME_FAILURES.get(config),
          HandoffSettings.LOGIN_WINDOW.get(config), HandoffSettings.LOGIN_THREADS.get(config),
          HandoffSettings.LOGIN_QUEUE.get(config));
    }
  }

  /**
   * A sign-in attempt that was counted, as the audit log may keep it: pseudonyms, never the clear
   * address or name.
   *
   * @param addressAttempts the address's attempts in the current window, this one included
   */
  public record SignInAttempt(String address, String name, long addressAttempts) {
  }

  /** A verified token: whose it is, its id and when it expires. */
  private record Session(Agent agent, String jti, Instant expires) {
  }

  private final AgentDirectory directory;
  private final JWTAuth jwt;
  private final Options options;
  private final Pseudonyms pseudonyms;
  private final SignInGate gate;
  private final Revocations revocations;
  private final PasswordCheck passwords;
  private final WorkerExecutor hashing;
  private final AtomicInteger fresh = new AtomicInteger();
  private final AtomicInteger guessing = new AtomicInteger();
  private volatile Function<HttpServerRequest, String> clientAddress =
      r -> r.remoteAddress() == null ? "unknown" : r.remoteAddress().hostAddress();

  public AgentAuth(Vertx vertx, AgentDirectory directory, String secret, RedisConnector redis, Options options) {
    if (secret.length() < 32) {
      throw new IllegalArgumentException("the JWT secret must have at least 32 characters");
    }
    this.directory = directory;
    this.options = options;
    this.pseudonyms = new Pseudonyms(secret);
    this.gate = new SignInGate(vertx, redis, new SignInGate.Limits(options.loginAddressFailures(),
        options.loginFailures(), options.loginNameFailures(), options.loginWindow()));
    this.revocations = new Revocations(vertx, redis);
    this.passwords = new PasswordCheck(directory);
    this.hashing = vertx.createSharedWorkerExecutor("relevo-password-check", options.loginThreads());
    JWTOptions jwtOptions = new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE));
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(jwtOptions));
  }

  /**
   * Where sign-in limits take a request's client address from; by default the connection's peer.
   * Set it to the HTTP server's own rule when behind a trusted proxy.
   */
  public AgentAuth clientAddress(Function<HttpServerRequest, String> rule) {
    this.clientAddress = rule;
    return this;
  }

  /** Adds {@code POST /api/v1/agents/login}, {@code POST /api/v1/agents/logout} and {@code GET /api/v1/agents/me}. */
  public void mount(Router router) {
    router.post("/api/v1/agents/login").handler(BodyHandler.create(false).setBodyLimit(4096)).handler(this::login);
    router.post("/api/v1/agents/logout").handler(BodyHandler.create(false).setBodyLimit(1024))
        .handler(require(AgentRole.APPROVER)).handler(this::logout);
    // an approver (a manager who only decides approvals) signs in, and out, like any agent
    router.get("/api/v1/agents/me").handler(require(AgentRole.APPROVER)).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(describe(ctx.get(AGENT)).encode()));
  }

  /** Keyed hashes for what must be recognisable but not readable (audit entries). */
  public Pseudonyms pseudonyms() {
    return pseudonyms;
  }

  private void login(RoutingContext ctx) {
    ctx.put(ROUTE, "/api/v1/agents/login");
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    Object username = body.getValue("username");
    Object password = body.getValue("password");
    if (!(username instanceof String u) || !(password instanceof String p) || u.length() > 64 || p.length() > 256) {
      throw new ApiException(400, "bad_request", "'username' and 'password' are required strings.");
    }
    String user = u.strip().toLowerCase(Locale.ROOT);
    String address = pseudonyms.of("address", clientAddress.apply(ctx.request()));
    String name = pseudonyms.of("agent-name", user);
    gate.count(address, name)
        .recover(e -> Future.failedFuture(new ConversationException(ConversationException.Reason.UNAVAILABLE,
            "the sign-in limits are unavailable", e)))
        .compose(verdict -> {
          ctx.put(SIGN_IN, new SignInAttempt(address, name, verdict.addressAttempts()));
          if (!verdict.allowed()) {
            return Future.failedFuture(new ApiException(429, "rate_limited", "Too many sign-in attempts; wait a moment.",
                verdict.retryAfter()));
          }
          return check(user, p, verdict.addressAttempts()).compose(agent -> agent == null
              ? Future.failedFuture(new ApiException(401, "invalid_credentials", "Wrong user name or password."))
              : gate.refund(verdict).otherwiseEmpty().map(agent));
        })
        .onSuccess(agent -> {
          Instant expires = Instant.now().plus(options.ttl());
          String token = issue(agent);
          ctx.put(AGENT, agent);
          ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
              .putHeader("Cache-Control", "no-store")
              .end(new JsonObject().put("token", token).put("expiresAt", expires.toString())
                  .put("agent", describe(agent)).encode());
        })
        .onFailure(ctx::fail);
  }

  /**
   * The password check on the bounded pool; refused at once when its lane is full. Addresses on one
   * of their first attempts of the window have a lane of their own, so addresses that keep guessing
   * cannot fill the queue in front of an agent signing in from elsewhere.
   */
  private Future<Agent> check(String user, String password, long addressAttempts) {
    AtomicInteger lane = addressAttempts <= FRESH_ATTEMPTS ? fresh : guessing;
    if (lane.incrementAndGet() > options.loginThreads() + options.loginQueue()) {
      lane.decrementAndGet();
      return Future.failedFuture(new ApiException(429, "busy", "Too many sign-ins at once; try again in a moment.",
          Duration.ofSeconds(1)));
    }
    return hashing.<Agent>executeBlocking(() -> passwords.verify(user, password), false)
        .andThen(ar -> lane.decrementAndGet());
  }

  /** {@code POST /api/v1/agents/logout [{"everywhere": true}]}: takes back this token, or all of the agent's. */
  private void logout(RoutingContext ctx) {
    Session session = ctx.get(SESSION);
    Object everywhere = Requests.jsonObject(ctx.body().buffer(), true).getValue("everywhere", false);
    if (!(everywhere instanceof Boolean all)) {
      throw new ApiException(400, "bad_request", "'everywhere' must be true or false.");
    }
    String id = session.agent().id();
    (all ? revocations.revokeAll(id, options.ttl()) : revocations.revoke(id, session.jti(), session.expires()))
        .onSuccess(v -> ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
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
    return jwt.generateToken(new JsonObject().put("sub", agent.id()).put("name", agent.name()).put("roles", roles)
            .put("jti", Tokens.random(16)).put("ims", System.currentTimeMillis()),
        new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE))
            .setExpiresInSeconds((int) options.ttl().toSeconds()));
  }

  /** The agent a token belongs to; fails with a 401 {@link ApiException} otherwise. */
  public Future<Agent> authenticate(String token) {
    return session(token).map(Session::agent);
  }

  private Future<Session> session(String token) {
    if (token == null || token.isBlank()) {
      return unauthorized("An agent token is required.");
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> unauthorized("The agent token is invalid or expired."))
        .compose(user -> {
          // the decoded claims; Vert.x keeps them in the attributes, older versions in the principal
          JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
          if (!(claims.getValue("exp") instanceof Number exp) || !(claims.getValue("iat") instanceof Number iat)
              || !(claims.getValue("jti") instanceof String jti) || !(claims.getValue("sub") instanceof String sub)) {
            return unauthorized("The agent token is invalid or expired.");
          }
          long now = Instant.now().getEpochSecond();
          long longest = options.ttl().toSeconds() + LEEWAY_SECONDS;
          if (exp.longValue() - iat.longValue() > longest || exp.longValue() - now > longest
              || iat.longValue() > now + LEEWAY_SECONDS) {
            return unauthorized("The agent token is invalid or expired.");
          }
          Agent agent = directory.find(sub).orElse(null);
          if (agent == null) {
            return unauthorized("The agent no longer exists.");
          }
          long issuedAt = claims.getValue("ims") instanceof Number ims ? ims.longValue() : iat.longValue() * 1000;
          return revocations.revoked(sub, jti, issuedAt)
              .recover(e -> Future.failedFuture(new ConversationException(ConversationException.Reason.UNAVAILABLE,
                  "cannot check whether the token was revoked", e)))
              .compose(revoked -> revoked ? unauthorized("The agent token was revoked; sign in again.")
                  : Future.succeededFuture(new Session(agent, jti, Instant.ofEpochSecond(exp.longValue()))));
        });
  }

  private static <T> Future<T> unauthorized(String message) {
    return Future.failedFuture(new ApiException(401, "unauthorized", message));
  }

  /**
   * A route handler letting through only agents whose roles grant {@code role}. The token comes
   * from the {@code Authorization} header only: tokens in URLs end up in logs and browser history.
   */
  public Handler<RoutingContext> require(AgentRole role) {
    return ctx -> {
      if (ctx.currentRoute() != null && ctx.currentRoute().getPath() != null) {
        ctx.put(ROUTE, ctx.currentRoute().getPath());
      }
      session(Requests.bearer(ctx.request().getHeader("Authorization"))).onSuccess(session -> {
        Agent agent = session.agent();
        ctx.put(AGENT, agent); // also for the audit log of a denied attempt
        ctx.put(SESSION, session);
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
