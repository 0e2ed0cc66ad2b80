package io.relevo.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationService;
import io.relevo.handoff.queue.HandoffService;
import io.relevo.handoff.queue.CannedResponses;
import io.relevo.core.limits.RateLimiter;
import io.relevo.handoff.agents.HandoffSettings;
import io.relevo.handoff.auth.AgentAuth;
import io.relevo.core.dialogue.BotSettings;
import io.relevo.core.dialogue.HelpDeskBot;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.intents.IntentService;
import io.relevo.kb.KnowledgeBase;
import io.relevo.core.tickets.TicketNotifier;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.core.tickets.TicketWebhook;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * One running Relevo: Redis (embedded or external), the shared services and the HTTP verticles,
 * started in dependency order and stopped in reverse. Used by {@link Main} and by tests, which
 * can run several instances on one Redis in one JVM.
 *
 * <p>{@link #start} and {@link #stop} block the calling thread (never call them on an event loop);
 * {@link #stop} is synchronized and may be called more than once. The instance owns everything it
 * started (the embedded Redis, the Redis connections, Vert.x, the models and the bot) and closes it
 * all in {@link #stop}. Start-up reads its configuration through {@code FromConfig} and makes the
 * shared services through {@code Wiring}.
 */
public final class Relevo {

  private static final Logger LOG = LoggerFactory.getLogger(Relevo.class);

  /** The services shared by all verticles of one instance; all thread-safe. */
  record Services(JsonObject config, ConversationService conversations, RateLimiter limiter,
      HealthChecks health, AgentAuth agentAuth, HandoffService handoff, ConversationEvents events,
      CannedResponses canned, TicketSystem tickets, TicketNotifier ticketNotifier, TicketWebhook webhook,
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics, BusinessMetrics business,
      IntentService intents, KnowledgeBase knowledge, Path knowledgeDir, KnowledgeStats knowledgeStats,
      RedisConnector redis, io.relevo.channels.slack.SlackClient slack, io.relevo.channels.teams.BotConnectorAuth teamsAuth,
      io.relevo.channels.teams.TeamsClient teams, io.relevo.core.analytics.AnalyticsReport analytics,
      io.relevo.handoff.audit.AuditLog audit, io.relevo.core.analytics.Analytics recorder,
      io.relevo.core.approvals.ApprovalService approvals, io.relevo.core.approvals.Directory directory,
      io.relevo.core.catalogue.Catalogue catalogue, io.relevo.channels.slack.SlackApprovals slackApprovals,
      io.relevo.channels.teams.TeamsApprovals teamsApprovals) {
  }

  private final JsonObject config;
  private final Vertx vertx;
  private final EmbeddedRedis embeddedRedis;
  private final RedisConnector redis;
  private final ConversationEvents events;
  private final ConversationService conversations;
  private final List<String> deployments;
  private final int port;
  private final TicketWebhook webhook;
  private final Models models;
  private final io.relevo.handoff.queue.AutoAssigner assigner;
  private io.relevo.core.retention.RetentionSweeper sweeper;
  private io.relevo.core.approvals.ApprovalService approvals;
  private HelpDeskBot bot;
  private EventLoopProbe probe;
  private JvmMetrics jvm;
  private BusinessMetrics business;
  private io.relevo.handoff.audit.AuditLog audit;
  private volatile boolean stopping;

  private Relevo(JsonObject config, Vertx vertx, EmbeddedRedis embeddedRedis, RedisConnector redis,
      ConversationEvents events, ConversationService conversations, List<String> deployments, int port,
      TicketWebhook webhook, Models models, io.relevo.handoff.queue.AutoAssigner assigner) {
    this.assigner = assigner;
    this.webhook = webhook;
    this.models = models;
    this.config = config;
    this.vertx = vertx;
    this.embeddedRedis = embeddedRedis;
    this.redis = redis;
    this.events = events;
    this.conversations = conversations;
    this.deployments = deployments;
    this.port = port;
  }

  /** Starts everything, or stops what was started and throws with a message a person can act on. */
  public static Relevo start(JsonObject config) {
    return start(config, new ShutdownHook());
  }

  /** As {@link #start(JsonObject)}, with {@code stop} able to stop it at any point of start-up. */
  static Relevo start(JsonObject config, ShutdownHook stop) {
    EmbeddedRedis embedded = null;
    RedisConnector redis = null;
    Vertx vertx = null;
    ConversationEvents events = null;
    Models models = null;
    HelpDeskBot bot = null;
    try {
      FromConfig.Dialogues dialogues = FromConfig.dialogues(config);
      // the models load on their own threads while Redis and the rest start
      models = Models.load(config);
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics =
          new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
      metrics.config().meterFilter(JvmMetrics.prometheusNames());
      String url = AppSettings.REDIS_URL.get(config);
      if (url.isEmpty()) {
        embedded = stop.track(EmbeddedRedis.builder()
            .dataDir(Path.of(AppSettings.DATA_DIR.get(config)).resolve("redis"))
            .port(AppSettings.REDIS_EMBEDDED_PORT.get(config))
            .appendFsync(AppSettings.REDIS_EMBEDDED_FSYNC.get(config))
            .stopOnJvmExit(false) // stop() stops it last, after in-flight work
            .build())
            .start();
        url = embedded.uri();
      }
      try {
        redis = RedisConnector.connect(url, RedisConnector.Options.of(AppSettings.REDIS_TIMEOUT.get(config))
            .withAcks(AppSettings.REDIS_ACK_REPLICAS.get(config), AppSettings.REDIS_ACK_TIMEOUT.get(config))
            .withMetrics(metrics, io.relevo.redis.CommandLatency.valueOf(
                AppSettings.METRICS_REDIS_LATENCY.get(config).toUpperCase(java.util.Locale.ROOT))));
      } catch (RuntimeException e) {
        throw new IllegalStateException("cannot connect to Redis at " + RedisConnector.redact(url)
            + " (redis.url / REDIS_URL): " + e.getMessage(), e);
      }
      LOG.info("Connected to Redis ({})", redis.description());

      vertx = Vertx.builder()
          .with(new VertxOptions().setMetricsOptions(new io.vertx.micrometer.MicrometerMetricsOptions().setEnabled(true)))
          .withMetrics(new io.vertx.micrometer.MicrometerMetricsFactory(metrics))
          .build();
      events = new ConversationEvents(vertx, redis);
      Wiring.Wired wired = Wiring.wire(config, vertx, redis, events, models, metrics, dialogues);
      bot = wired.bot();
      Services services = wired.services();
      List<String> deployments = new ArrayList<>();
      int instances = AppSettings.HTTP_INSTANCES.get(config);
      if (instances == 0) {
        instances = Math.max(1, Runtime.getRuntime().availableProcessors());
      }
      // port 0 means any free port: a negative port makes Vert.x share one random port among instances
      int configured = AppSettings.HTTP_PORT.get(config);
      int listenPort = configured == 0 ? -1 : configured;
      List<HttpVerticle> created = java.util.Collections.synchronizedList(new ArrayList<>());
      deployments.add(await(vertx.deployVerticle(() -> {
        HttpVerticle v = new HttpVerticle(services, listenPort);
        created.add(v);
        return v;
      }, new DeploymentOptions().setConfig(config).setInstances(instances)),
          "start the HTTP server on port " + configured + " (http.port)"));
      int port = created.get(0).actualPort();
      wired.serving().set(true);
      TicketWebhook webhook = services.webhook();
      if (webhook != null) {
        webhook.start();
      }
      io.relevo.handoff.queue.AutoAssigner assigner = null;
      if (HandoffSettings.AUTO_ASSIGN.get(config)) {
        assigner = new io.relevo.handoff.queue.AutoAssigner(vertx, redis, services.handoff());
        assigner.start();
      }
      models.watch(vertx, BotSettings.KNOWLEDGE_RESCAN.get(config));
      Relevo relevo = new Relevo(config, vertx, embedded, redis, events, services.conversations(), deployments, port,
          webhook, models, assigner);
      relevo.bot = bot;
      relevo.audit = services.audit();
      relevo.business = services.business();
      relevo.probe = new EventLoopProbe(vertx, services.metrics(), AppSettings.STALL_WARNING.get(config));
      relevo.jvm = new JvmMetrics(services.metrics());
      relevo.sweeper = new io.relevo.core.retention.RetentionSweeper(vertx, redis, (RedisTicketSystem) services.tickets(),
          new io.relevo.core.retention.RetentionSweeper.Periods(
              io.relevo.core.retention.RetentionSettings.CLOSED_TICKETS.get(config),
              io.relevo.core.retention.RetentionSettings.FEEDBACK.get(config),
              io.relevo.core.retention.RetentionSettings.AUDIT.get(config),
              io.relevo.core.retention.RetentionSettings.WEBHOOK_DEAD_LETTERS.get(config),
              io.relevo.core.retention.RetentionSettings.SWEEP_EVERY.get(config)), Clock.systemUTC());
      relevo.sweeper.start();
      relevo.approvals = services.approvals();
      relevo.approvals.start(io.relevo.core.approvals.ApprovalSettings.CHECK_EVERY.get(config));
      stop.running(relevo);
      return relevo;
    } catch (RuntimeException e) {
      if (bot != null) {
        bot.close();
      }
      if (models != null) {
        models.close();
      }
      if (events != null) {
        events.close();
      }
      if (vertx != null) {
        vertx.close();
      }
      if (redis != null) {
        redis.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("could not " + what + ": " + cause.getMessage(), cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("could not " + what + ": timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** The HTTP port actually listened on. */
  public int port() {
    return port;
  }

  public Vertx vertx() {
    return vertx;
  }

  public JsonObject config() {
    return config;
  }

  /** The embedded Redis, when this instance started one. */
  public EmbeddedRedis embeddedRedis() {
    return embeddedRedis;
  }

  /**
   * Stops gracefully: stops accepting connections, lets in-flight requests and message
   * processing finish (up to {@code shutdown.timeout}), closes Redis, stops the embedded Redis.
   */
  public synchronized void stop() {
    if (stopping) {
      return;
    }
    stopping = true;
    if (webhook != null) {
      webhook.stop();
    }
    if (assigner != null) {
      assigner.stop();
    }
    if (sweeper != null) {
      sweeper.stop();
    }
    if (approvals != null) {
      approvals.stop();
    }
    if (probe != null) {
      probe.stop();
    }
    if (jvm != null) {
      jvm.close();
    }
    Duration timeout = AppSettings.SHUTDOWN_TIMEOUT.get(config);
    Future<Void> undeployed = Future.succeededFuture();
    for (String id : deployments) {
      undeployed = undeployed.compose(v -> vertx.undeploy(id));
    }
    try {
      undeployed.compose(v -> conversations.shutdown(timeout))
          .toCompletionStage().toCompletableFuture().get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("Shutdown did not finish cleanly: {}", e.toString());
    }
    if (audit != null) {
      audit.close();
    }
    if (business != null) {
      business.close();
    }
    events.close();
    redis.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
    bot.close();
    models.close();
    if (embeddedRedis != null) {
      embeddedRedis.close();
    }
    LOG.info("Relevo stopped");
  }
}
