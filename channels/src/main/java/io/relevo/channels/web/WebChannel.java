package io.relevo.channels.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.relevo.core.dialogue.HelpDeskBot;
import io.relevo.core.http.ApiErrors;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.core.http.SocketGuard;
import io.relevo.core.http.TrustedProxies;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Json;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.relevo.core.conversation.Tokens;
import io.relevo.core.limits.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The web channel: the v1 conversation API over REST and WebSocket, used by the widget.
 *
 * <p>One instance per HTTP verticle (so per event loop); the services it is given are shared and
 * thread-safe. Handlers never block.
 */
public final class WebChannel {

  public static final String API = "/api/v1";

  private final ConversationService conversations;
  private final RateLimiter limiter;
  private final Options options;

  /** Limits and defaults; see {@link WebSettings}. */
  public record Options(int maxMessageChars, int maxBodyBytes, int conversationRate, int addressRate,
      Duration rateWindow, String defaultLocale, TrustedProxies proxies, IdentityTokens identities,
      java.util.List<String> allowedOrigins, int socketsPerConversation, int socketsPerAddress) {

    public static Options from(JsonObject c) {
      return new Options(WebSettings.MAX_MESSAGE_CHARS.get(c), WebSettings.MAX_BODY_BYTES.get(c),
          WebSettings.CONVERSATION_RATE.get(c), WebSettings.ADDRESS_RATE.get(c),
          WebSettings.RATE_WINDOW.get(c), WebSettings.DEFAULT_LOCALE.get(c), WebSettings.proxies(c),
          IdentityTokens.from(c, java.time.Clock.systemUTC()),
          java.util.Arrays.stream(WebSettings.ALLOWED_ORIGINS.get(c).split(",")).map(String::strip)
              .filter(o -> !o.isEmpty()).toList(),
          WebSettings.SOCKETS_PER_CONVERSATION.get(c), WebSettings.SOCKETS_PER_ADDRESS.get(c));
    }
  }

  /**
   * Exports the people's sockets' counters: {@code relevo_ws_held_back_total} (live messages held
   * back after a lost Redis pub/sub connection until the catch-up) and
   * {@code relevo_ws_error_frames_total} and {@code relevo_ws_retracted_total}. Call once while wiring.
   */
  public static void metrics(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.FunctionCounter.builder("relevo_ws_held_back", WebSocketSession.HELD_BACK,
        java.util.concurrent.atomic.AtomicLong::get)
        .description("Live messages held back from people's sockets until a catch-up after a lost Redis pub/sub connection")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("relevo_ws_error_frames", WebSocketSession.ERROR_FRAMES,
        java.util.concurrent.atomic.AtomicLong::get)
        .description("Error frames sent to people's sockets (bad frames, limits, Redis unavailable)")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("relevo_ws_retracted", WebSocketSession.RETRACTED,
        java.util.concurrent.atomic.AtomicLong::get)
        .description("Retract frames sent to people's sockets: live messages a Redis master crash lost before they were copied")
        .register(registry);
  }

  public WebChannel(ConversationService conversations, RateLimiter limiter, Options options) {
    this.conversations = conversations;
    this.limiter = limiter;
    this.options = options;
  }

  private io.relevo.handoff.queue.PersonEnding ending;
  private io.relevo.core.analytics.Analytics analytics;

  /** Lets people end their conversations and rate the help ({@code .../end}, {@code .../rating}); call before {@link #mount}. */
  public WebChannel endingAndRating(io.relevo.handoff.queue.PersonEnding ending, io.relevo.core.analytics.Analytics analytics) {
    this.ending = ending;
    this.analytics = analytics;
    return this;
  }

  /** Adds the API routes to {@code router}. */
  public void mount(Router router) {
    if (!options.allowedOrigins().isEmpty()) {
      // only the configured host sites may call the people's API from their pages
      io.vertx.ext.web.handler.CorsHandler cors = io.vertx.ext.web.handler.CorsHandler.create()
          .addOrigins(options.allowedOrigins())
          .allowedMethods(java.util.Set.of(io.vertx.core.http.HttpMethod.GET, io.vertx.core.http.HttpMethod.POST))
          .allowedHeaders(java.util.Set.of("Authorization", "Content-Type", "Accept-Language"))
          .maxAgeSeconds(600);
      router.route(API + "/conversations*").handler(cors);
      router.route(API + "/tickets*").handler(cors);
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(options.maxBodyBytes());
    router.post(API + "/conversations").handler(body).handler(this::create);
    router.post(API + "/conversations/:id/messages").handler(body).handler(this::post);
    router.get(API + "/conversations/:id/messages").handler(this::transcript);
    router.get(API + "/conversations/:id").handler(this::describe);
    router.get(API + "/conversations/:id/ws").handler(this::webSocket);
    if (ending != null) {
      new PersonRoutes(this, conversations, ending, analytics).mount(router, body);
    }
    router.get(API + "/openapi.yaml").handler(OpenApi::yaml);
    router.get(API + "/openapi.json").handler(OpenApi::json);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), true);
    String locale = Requests.locale(body.getValue("locale"), ctx.request().getHeader("Accept-Language"),
        options.defaultLocale());
    Participant customer = customer(body.getValue("user"), body.getValue("identityToken"));
    Map<String, String> claims = claims(body.getValue("identityToken"));
    limitAddress(ctx)
        .compose(v -> conversations.create(new ConversationService.NewConversation(locale, "web", customer, claims)))
        .onSuccess(created -> {
          JsonObject out = new JsonObject()
              .put("conversationId", created.conversation().id())
              .put("token", created.token())
              .put("locale", created.conversation().locale())
              .put("messages", messagesJson(created.messages()));
          ctx.response().setStatusCode(201)
              .putHeader("Location", API + "/conversations/" + created.conversation().id())
              .putHeader("Content-Type", "application/json; charset=utf-8")
              .putHeader("Cache-Control", "no-store")
              .end(out.encode());
        })
        .onFailure(ctx::fail);
  }

  /** What a verified identity token says of its person that approvals read: their e-mail and manager. */
  private Map<String, String> claims(Object identityToken) {
    if (!(identityToken instanceof String t) || !options.identities().enabled()) {
      return Map.of();
    }
    IdentityTokens.Identity who = options.identities().verify(t);
    Map<String, String> out = new java.util.HashMap<>();
    if (who != null && who.email() != null) {
      out.put(io.relevo.core.approvals.ApprovalFields.EMAIL, who.email());
    }
    if (who != null && who.manager() != null) {
      out.put(io.relevo.core.approvals.ApprovalFields.MANAGER, who.manager());
    }
    return out;
  }

  private Participant customer(Object user, Object identityToken) {
    if (identityToken != null) {
      if (!options.identities().enabled()) {
        throw new ApiException(400, "bad_request", "Identity tokens are not enabled on this server (widget.identitySecret).");
      }
      IdentityTokens.Identity who = identityToken instanceof String t ? options.identities().verify(t) : null;
      if (who == null) {
        throw new ApiException(401, "invalid_identity", "The identity token is not valid or has expired.");
      }
      return new Participant(who.id(), Role.CUSTOMER, who.name());
    }
    if (user == null) {
      return new Participant(null, Role.CUSTOMER, null);
    }
    if (!(user instanceof JsonObject u)) {
      throw new ApiException(400, "bad_request", "'user' must be an object.");
    }
    Object name = u.getValue("name");
    if (name != null && (!(name instanceof String s) || s.isBlank() || s.length() > 100)) {
      throw new ApiException(400, "bad_request", "'user.name' must be a string of 1 to 100 characters.");
    }
    // not verified: only a display name is taken; verified identity comes from a signed token
    return new Participant(null, Role.CUSTOMER, name == null ? null : ((String) name).strip());
  }

  private void post(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String token = Requests.bearer(ctx.request().getHeader("Authorization"));
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    String payload = Requests.payload(body);
    String text = Requests.text(body, options.maxMessageChars(), payload == null);
    String clientMessageId = Requests.clientMessageId(body);
    String shown = text == null || text.isEmpty() ? payload : text;
    limitAddress(ctx)
        .compose(v -> conversations.authorize(id, token))
        .compose(c -> {
          String rated = HelpDeskBot.feedbackArticle(payload);
          if (rated != null && !HelpDeskBot.wasShown(c, rated)) {
            throw new ApiException(404, "article_not_shown", "That article was not shown in this conversation.");
          }
          return limitConversation(id);
        })
        .compose(v -> conversations.accept(id, shown, clientMessageId, payload))
        .compose(accepted -> conversations.replies(id, accepted.message().id()))
        .onSuccess(replies -> json(ctx, 200, new JsonObject().put("messages", messagesJson(replies))))
        .onFailure(ctx::fail);
  }

  private void transcript(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String after = ctx.request().getParam("after");
    if (after != null && !Json.isMessageId(after)) {
      throw new ApiException(400, "bad_request", "'after' must be a message id.");
    }
    int limit = limitParam(ctx.request().getParam("limit"));
    limitAddress(ctx)
        .compose(v -> conversations.authorize(id, Requests.bearer(ctx.request().getHeader("Authorization"))))
        .compose(c -> conversations.transcript(id, after, limit))
        .onSuccess(list -> json(ctx, 200, new JsonObject().put("messages", messagesJson(list))))
        .onFailure(ctx::fail);
  }

  private void describe(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    limitAddress(ctx)
        .compose(v -> conversations.authorize(id, Requests.bearer(ctx.request().getHeader("Authorization"))))
        .onSuccess(c -> {
          JsonObject out = new JsonObject().put("conversationId", c.id()).put("state", c.state().wire())
              .put("locale", c.locale()).put("channel", c.channel()).put("createdAt", c.createdAt().toString());
          String agentName = c.fields().get("agentName");
          if (agentName != null) {
            out.put("agent", new JsonObject().put("name", agentName));
          }
          json(ctx, 200, out);
        })
        .onFailure(ctx::fail);
  }

  private static int limitParam(String raw) {
    if (raw == null) {
      return 1000;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new ApiException(400, "bad_request", "'limit' must be a number from 1 to 1000.");
  }

  private void webSocket(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String id = ctx.pathParam("id");
    String after = request.getParam("after");
    if (after != null && !Json.isMessageId(after)) {
      throw new ApiException(400, "bad_request", "'after' must be a message id.");
    }
    String token = request.getParam("token");
    if (token == null) {
      token = Requests.bearer(request.getHeader("Authorization"));
    }
    String finalToken = token;
    SocketGuard guard = SocketGuard.of(ctx.vertx());
    SocketGuard.Lease[] lease = {null};
    request.pause();
    limitAddress(ctx)
        .compose(v -> conversations.authorize(id, finalToken))
        .compose(conversation -> {
          // caps are checked before the upgrade: a refused socket gets a 429 with a JSON error
          lease[0] = guard.acquire(List.of(
              new SocketGuard.Limit("conv:" + id, options.socketsPerConversation(),
                  "Too many connections to this conversation."),
              new SocketGuard.Limit("addr:" + addressKey(ctx), options.socketsPerAddress(),
                  "Too many connections from your address.")));
          request.resume();
          return request.toWebSocket();
        })
        .onSuccess(ws -> new WebSocketSession(ws, guard.watch(ws, lease[0], "person"), id, conversations, this,
            options).start(after))
        .onFailure(e -> {
          if (lease[0] != null) {
            lease[0].release();
          }
          request.resume();
          ctx.fail(e);
        });
  }

  // --- shared helpers (also used by the WebSocket session) ----------------------------------

  Future<Void> limitConversation(String conversationId) {
    return limiter.hit(io.relevo.redis.Keyspace.conversationRate(conversationId), options.conversationRate(), options.rateWindow())
        .compose(d -> d.allowed() ? Future.succeededFuture()
            : Future.failedFuture(new ApiException(429, "rate_limited",
                "Too many messages in this conversation; wait a moment.", d.retryAfter())));
  }

  private String addressKey(RoutingContext ctx) {
    return Tokens.sha256Hex(clientAddress(ctx.request())).substring(0, 24);
  }

  Future<Void> limitAddress(RoutingContext ctx) {
    return limiter.hit(io.relevo.redis.Keyspace.addressRate(addressKey(ctx)), options.addressRate(),
        options.rateWindow())
        .compose(d -> d.allowed() ? Future.succeededFuture()
            : Future.failedFuture(new ApiException(429, "rate_limited",
                "Too many requests from your address; wait a moment.", d.retryAfter())));
  }

  private String clientAddress(HttpServerRequest request) {
    return Requests.clientAddress(request, options.proxies());
  }

  static io.vertx.core.json.JsonArray messagesJson(List<Message> messages) {
    io.vertx.core.json.JsonArray arr = new io.vertx.core.json.JsonArray();
    messages.forEach(m -> arr.add(messageJson(m)));
    return arr;
  }

  static JsonObject messageJson(Message m) {
    return new JsonObject(Buffer.buffer(Json.writeBytes(m)));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  static boolean isApiPath(String path) {
    return path != null && path.startsWith(API + "/");
  }

  static boolean isMethod(HttpServerRequest r, HttpMethod m) {
    return r.method().equals(m);
  }
}
