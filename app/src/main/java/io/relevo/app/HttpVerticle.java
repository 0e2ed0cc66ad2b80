package io.relevo.app;

import java.util.concurrent.TimeUnit;

import io.relevo.core.http.ApiErrors;
import io.relevo.channels.web.WebChannel;
import io.relevo.channels.web.WebSettings;
import io.relevo.handoff.queue.HandoffRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * The HTTP server: API, WebSocket, health, widget and pages. Deployed once per event loop; each
 * instance has its own router over the shared services. {@code stop} lets in-flight requests
 * finish within the shutdown timeout.
 */
final class HttpVerticle extends VerticleBase {

  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; "
      + "form-action 'self'";

  private final Relevo.Services services;
  private final int port;
  private HttpServer server;

  HttpVerticle(Relevo.Services services, int port) {
    this.services = services;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    JsonObject config = services.config();
    io.relevo.core.http.SocketGuard.install(vertx, config); // one per process, shared by every verticle
    Router router = Router.router(vertx);
    router.route().handler(HttpVerticle::securityHeaders);

    router.get("/health/live").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json").end("{\"status\":\"UP\"}"));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(services.health()));
    var scrape = io.vertx.micrometer.PrometheusScrapingHandler.create(services.metrics());
    router.get("/metrics").handler(ctx -> services.business().refresh().onComplete(ar -> scrape.handle(ctx)));

    services.audit().mount(router);
    services.agentAuth().mount(router);
    new HandoffRoutes(services.handoff(), services.agentAuth(), services.conversations(), services.events(),
        WebSettings.MAX_MESSAGE_CHARS.get(config), services.canned()).mount(router);
    new WebChannel(services.conversations(), services.limiter(), WebChannel.Options.from(config))
        .endingAndRating(new io.relevo.handoff.queue.PersonEnding(services.handoff(), services.conversations()), services.recorder())
        .mount(router);

    new io.relevo.channels.web.TicketRoutes(services.conversations(), services.tickets()).approvals(services.approvals())
        .mount(router);
    new io.relevo.channels.web.CatalogueRoutes(services.catalogue(), WebSettings.DEFAULT_LOCALE.get(config)).mount(router);
    new io.relevo.handoff.approvals.ApprovalRoutes(services.approvals(), services.directory(), services.agentAuth())
        .mount(router);
    var ticketQueues = io.relevo.handoff.tickets.TicketQueues.parse(
        io.relevo.handoff.agents.HandoffSettings.TICKET_QUEUES.get(config), services.handoff().queueNames());
    new io.relevo.handoff.tickets.DeskTicketRoutes(services.tickets(), services.ticketNotifier(), services.agentAuth(),
        io.relevo.core.tickets.TicketSettings.INBOUND_TOKEN.get(config), services.webhook(), ticketQueues, services.audit())
        .mount(router);
    new io.relevo.handoff.admin.AdminRoutes(vertx, services.agentAuth(), services.knowledge(), services.knowledgeDir(),
        services.knowledgeStats(), services.intents()).mount(router);
    new io.relevo.channels.web.ArticlePages(vertx, services.knowledge()).mount(router);
    new io.relevo.handoff.admin.AnalyticsRoutes(services.agentAuth(), services.analytics()).mount(router);
    new io.relevo.handoff.admin.PrivacyRoutes(services.agentAuth(), services.conversations(), services.tickets(),
        services.redis()).mount(router);
    new io.relevo.handoff.queue.ContextRoutes(vertx, services.agentAuth(), services.handoff(), services.conversations(),
        services.tickets(), services.knowledge(), ticketQueues).mount(router);
    if (services.slack() != null) {
      new io.relevo.channels.slack.SlackChannel(vertx, services.conversations(), services.redis(), services.slack(),
          io.relevo.channels.slack.SlackSettings.SIGNING_SECRET.get(config), WebSettings.PUBLIC_URL.get(config),
          WebSettings.DEFAULT_LOCALE.get(config), java.time.Clock.systemUTC()).approvals(services.slackApprovals()).mount(router);
    }
    if (services.teams() != null) {
      new io.relevo.channels.teams.TeamsChannel(vertx, services.conversations(), services.redis(), services.teamsAuth(),
          services.teams(), WebSettings.PUBLIC_URL.get(config), WebSettings.DEFAULT_LOCALE.get(config))
          .approvals(services.teamsApprovals()).mount(router);
    }
    router.get("/console").handler(ctx -> {
      if (ctx.request().path().equals("/console")) { // the page's relative links need the slash
        ctx.response().setStatusCode(301).putHeader("Location", "/console/").end();
      } else {
        ctx.next();
      }
    });
    router.route().handler(new MethodNotAllowed(router)); // a known path with another method: 405, not 404
    router.route("/api/*").handler(ctx -> ctx.fail(404));
    router.route().handler(ctx -> drainBody(ctx, WebSettings.MAX_BODY_BYTES.get(config)));
    router.route().handler(new BundledFiles(vertx, 300));
    router.route().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(ApiErrors::handle);

    int maxBody = WebSettings.MAX_BODY_BYTES.get(config);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(AppSettings.HTTP_HOST.get(config))
        .setPort(port)
        .setCompressionSupported(true)
        // no HTTP/2 upgrade over plain HTTP (h2c): browsers speak HTTP/2 only over TLS, which a
        // proxy in front terminates; and with metrics on, Vert.x 5.0.10 logs a NullPointerException
        // at ERROR when a client resets an h2c stream (VertxHttpServerMetrics.requestReset; seen in
        // LauncherTest with the JDK client, which asks for the upgrade)
        .setHttp2ClearTextEnabled(false)
        // no WebSocket compression: the frame limits count compressed bytes, so one small deflated
        // frame could inflate to tens of megabytes on an event loop. Frames are short JSON anyway.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(maxBody)
        .setMaxWebSocketMessageSize(maxBody);
    return vertx.createHttpServer(options).requestHandler(router).invalidRequestHandler(ApiErrors::invalidRequest)
        .listen().onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    long timeout = AppSettings.SHUTDOWN_TIMEOUT.get(services.config()).toMillis();
    return server == null ? Future.succeededFuture() : server.shutdown(timeout, TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }

  /**
   * Reads and drops the body of a request for a page or file before it is served. The static
   * handler never reads one, and an unread body larger than the socket's buffers kept the request
   * from ending, so the next request on that keep-alive connection waited forever. A body over
   * {@code limit} bytes gets a 413 at once, and the rest is still read and dropped so that the
   * connection stays usable (as the API's body handler does).
   */
  private static void drainBody(RoutingContext ctx, int limit) {
    var request = ctx.request();
    if (request.isEnded() || !request.headers().contains("Content-Length") && !request.headers().contains("Transfer-Encoding")) {
      ctx.next();
      return;
    }
    long[] read = {0};
    request.handler(buffer -> {
      read[0] += buffer.length();
      if (read[0] > limit && !ctx.response().ended()) {
        ApiErrors.send(ctx.response(), new ApiErrors.ApiException(413, "payload_too_large",
            "The request body is larger than " + limit + " bytes."));
      }
    });
    request.endHandler(v -> {
      if (!ctx.response().ended()) {
        ctx.next();
      }
    });
    request.resume();
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", CSP);
    try {
      ctx.normalizedPath(); // what the routes match on: a bad %-escape would make the router throw
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx.response(), new ApiErrors.ApiException(400, "bad_request", "The request path is not valid."));
      return;
    }
    ctx.next();
  }

}
