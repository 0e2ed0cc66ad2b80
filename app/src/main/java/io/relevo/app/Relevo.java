package io.relevo.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.dialogue.HandoffPort;
import io.relevo.handoff.queue.HandoffService;
import io.relevo.handoff.queue.CannedResponses;
import io.relevo.handoff.queue.Presence;
import io.relevo.core.limits.RateLimiter;
import io.relevo.handoff.agents.AgentDirectory;
import io.relevo.handoff.agents.HandoffSettings;
import io.relevo.handoff.agents.Passwords;
import io.relevo.handoff.auth.AgentAuth;
import io.relevo.handoff.auth.SharedSecrets;
import io.relevo.core.dialogue.BotSettings;
import io.relevo.core.dialogue.HelpDeskBot;
import io.relevo.core.dialogue.flows.Flows;
import io.relevo.core.dialogue.flows.FormEngine;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.intents.IntentService;
import io.relevo.kb.KnowledgeBase;
import io.relevo.core.tickets.TicketNotifier;
import io.relevo.core.tickets.TicketSettings;
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
import io.vertx.ext.healthchecks.Status;

/**
 * One running Relevo: Redis (embedded or external), the shared services and the HTTP verticles,
 * started in dependency order and stopped in reverse. Used by {@link Main} and by tests, which
 * can run several instances on one Redis in one JVM.
 *
 * <p>{@link #start} and {@link #stop} block the calling thread (never call them on an event loop).
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
      // an unusable flow file stops start-up at once, naming the file and the problem
      String flowsDir = BotSettings.FLOWS_DIR.get(config);
      java.util.Map<String, io.relevo.core.dialogue.flows.Flow> flows = Flows.load(flowsDir.isEmpty() ? null : Path.of(flowsDir));
      FormEngine forms = new FormEngine(flows);
      // an unusable people directory stops start-up too
      String directoryFile = io.relevo.core.approvals.ApprovalSettings.DIRECTORY_FILE.get(config);
      io.relevo.core.approvals.Directory directory = io.relevo.core.approvals.Directory.load(
          directoryFile.isEmpty() ? null : Path.of(directoryFile));
      String fallback = io.relevo.core.approvals.ApprovalSettings.FALLBACK.get(config);
      if (!fallback.matches("role:(agent|supervisor|admin)|group:[a-z0-9][a-z0-9_.-]*")) {
        throw new io.relevo.core.config.ConfigException(io.relevo.core.approvals.ApprovalSettings.FALLBACK.key(),
            "must be role:agent|supervisor|admin or group:NAME, not '" + fallback + "'");
      }
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
      // the bot needs the way to a person, which needs the conversations: tie the knot once
      AtomicReference<HandoffPort> handoffPort = new AtomicReference<>();
      models.await();
      KnowledgeStats knowledgeStats = new KnowledgeStats(vertx, redis);
      String webhookUrl = TicketSettings.WEBHOOK_URL.get(config);
      TicketSystem tickets = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), !webhookUrl.isEmpty());
      java.time.ZoneId analyticsZone = io.relevo.core.analytics.AnalyticsSettings.zone(config);
      io.relevo.core.analytics.Analytics analytics = new io.relevo.core.analytics.Analytics(vertx, redis, analyticsZone,
          io.relevo.core.analytics.AnalyticsSettings.RETENTION.get(config),
          io.relevo.core.conversation.ConversationSettings.RETENTION.get(config), metrics);
      bot = new HelpDeskBot(vertx, models.intents(), models.knowledge(), knowledgeStats, forms, tickets,
          analytics, Clock.systemDefaultZone(), new HandoffPort() { // the handoff service is made after the bot
            @Override
            public io.vertx.core.Future<Escalation> escalate(io.relevo.core.conversation.Conversation conversation,
                String reason, String queue) {
              return handoffPort.get().escalate(conversation, reason, queue);
            }

            @Override
            public io.vertx.core.Future<Boolean> withdraw(io.relevo.core.conversation.Conversation conversation) {
              return handoffPort.get().withdraw(conversation);
            }
          })
          .publicOnlyForAnonymous(BotSettings.KNOWLEDGE_PUBLIC_ONLY.get(config))
          .hurryAfter(BotSettings.INTENTS_HURRY_AFTER.get(config))
          .understandChars(BotSettings.UNDERSTAND_CHARS.get(config))
          .metrics(metrics);
      IntentService understood = models.intents();
      io.micrometer.core.instrument.FunctionCounter.builder("relevo_understanding_hurried", understood,
              IntentService::hurriedDecisions)
          .description("Messages the first stage alone understood because their turn had waited longer than intents.hurryAfter")
          .register(metrics);
      TicketNotifier ticketNotifier = null; // made with the conversations, below
      io.relevo.core.dialogue.Bot answering = bot;
      if ("transport".equals(AppSettings.BENCH_MODE.get(config))) {
        LOG.warn("Benchmark mode 'transport' (bench.mode): every message gets a fixed reply, without understanding or search");
        answering = new io.relevo.app.bench.TransportBot(bot);
      }
      ConversationService conversations = new ConversationService(vertx, redis, events, answering,
          ConversationService.Options.from(config))
          .metrics(metrics)
          .onCreated(c -> analytics.started(c));
      bot.transcripts(id -> conversations.transcript(id, null, 500));
      ticketNotifier = new TicketNotifier(conversations);
      io.relevo.core.approvals.ApprovalService approvals = new io.relevo.core.approvals.ApprovalService(vertx,
          (RedisTicketSystem) tickets, new io.relevo.core.approvals.ApprovalMachine(directory,
              new io.relevo.core.approvals.ApprovalMachine.Defaults(
                  io.relevo.core.approvals.ApprovalSettings.ESCALATE_AFTER.get(config),
                  io.relevo.core.approvals.ApprovalSettings.REMIND_BEFORE.get(config), fallback)),
          flows, ticketNotifier, Clock.systemUTC());
      bot.approvals(approvals);
      AgentDirectory agents = agents(config, redis);
      HandoffService handoff = new HandoffService(vertx, redis, conversations, events,
          new Presence(vertx, redis, agents), hours(config), queues(config)).analytics(analytics)
          .targetWaits(targetWaits(config));
      handoffPort.set(handoff);
      RateLimiter limiter = new RateLimiter(vertx, redis).metrics(metrics);
      io.relevo.channels.web.WebChannel.metrics(metrics);
      ConversationEvents pubsub = events;
      io.micrometer.core.instrument.FunctionCounter.builder("relevo_redis_resyncs", pubsub, ConversationEvents::resyncs)
          .description("Times this instance lost its Redis pub/sub connection and caught its listeners up from the transcripts")
          .register(metrics);
      HealthChecks health = HealthChecks.create(vertx);
      health.register("redis", 2000, new RedisReadiness(vertx, redis, AppSettings.REDIS_READY_GRACE.get(config)));
      AtomicReference<Boolean> serving = new AtomicReference<>(false);
      health.register("http", p -> p.complete(serving.get() ? Status.OK() : Status.KO()));

      AgentAuth agentAuth = new AgentAuth(vertx, agents, jwtSecret(config, redis), redis, AgentAuth.Options.from(config));
      // sign-in limits count the same client address as the people's API (behind a proxy: the right-most untrusted hop)
      io.relevo.core.http.TrustedProxies proxies = io.relevo.channels.web.WebSettings.proxies(config);
      agentAuth.clientAddress(request -> io.relevo.core.http.Requests.clientAddress(request, proxies));

      String cannedFile = HandoffSettings.CANNED_FILE.get(config);
      CannedResponses canned = CannedResponses.load(cannedFile.isEmpty() ? null : Path.of(cannedFile));
      TicketWebhook webhook = null;
      if (!webhookUrl.isEmpty()) {
        String secret = TicketSettings.WEBHOOK_SECRET.get(config);
        if (secret.length() < 16) {
          throw new io.relevo.core.config.ConfigException(TicketSettings.WEBHOOK_SECRET.key(),
              "a secret of at least 16 characters is required with tickets.webhook.url");
        }
        webhook = new TicketWebhook(vertx, redis, new TicketWebhook.Options(webhookUrl, secret,
            TicketSettings.WEBHOOK_ATTEMPTS.get(config), TicketSettings.WEBHOOK_BACKOFF.get(config),
            TicketSettings.WEBHOOK_MAX_BACKOFF.get(config), TicketSettings.WEBHOOK_TIMEOUT.get(config),
            TicketSettings.WEBHOOK_DEAD_LETTER_MAX.get(config)), Clock.systemUTC());
      }
      Models m = models;
      health.register("intents", p -> p.complete(m.intents().ready() ? Status.OK() : Status.KO()));
      health.register("knowledge", p -> p.complete(Status.OK(new JsonObject().put("articles", m.knowledge().size()))));
      io.relevo.core.catalogue.Catalogue catalogue = new io.relevo.core.catalogue.Catalogue(flows.values());
      io.relevo.channels.slack.SlackClient slack = io.relevo.channels.slack.SlackSettings.SIGNING_SECRET.get(config).isEmpty()
          ? null : new io.relevo.channels.slack.SlackClient(vertx, io.relevo.channels.slack.SlackSettings.API_URL.get(config),
              io.relevo.channels.slack.SlackSettings.BOT_TOKEN.get(config), catalogue);
      io.relevo.channels.slack.SlackApprovals slackApprovals = slack == null ? null
          : new io.relevo.channels.slack.SlackApprovals(slack, approvals, directory,
              new io.relevo.channels.ChannelRelay(vertx, conversations, redis, "slack",
                  io.relevo.channels.web.WebSettings.PUBLIC_URL.get(config)),
              io.relevo.channels.web.WebSettings.DEFAULT_LOCALE.get(config));
      io.relevo.channels.teams.TeamsClient teams = teamsClient(vertx, config);
      io.relevo.channels.teams.TeamsApprovals teamsApprovals = teams == null ? null
          : new io.relevo.channels.teams.TeamsApprovals(teams.catalogue(catalogue), approvals, directory,
              new io.relevo.channels.ChannelRelay(vertx, conversations, redis, "teams",
                  io.relevo.channels.web.WebSettings.PUBLIC_URL.get(config)),
              io.relevo.channels.teams.TeamsSettings.APP_ID.get(config),
              io.relevo.channels.teams.TeamsSettings.APPROVALS_SERVICE_URL.get(config),
              io.relevo.channels.teams.TeamsSettings.TENANT_ID.get(config),
              io.relevo.channels.web.WebSettings.DEFAULT_LOCALE.get(config));
      Services services = new Services(config, conversations, limiter, health, agentAuth, handoff, events, canned,
          tickets, ticketNotifier, webhook, metrics, new BusinessMetrics(vertx, redis, metrics).start(),
          models.intents(), models.knowledge(),
          models.knowledgeDir(), knowledgeStats, redis,
          slack,
          teamsAuth(vertx, config), teams,
          new io.relevo.core.analytics.AnalyticsReport(vertx, redis, analyticsZone,
              id -> m.knowledge().get(id).map(io.relevo.kb.Article::title).orElse(null)),
          new io.relevo.handoff.audit.AuditLog(vertx, redis, agentAuth).metrics(metrics), analytics,
          approvals, directory, catalogue, slackApprovals, teamsApprovals);
      approvals.listen(new io.relevo.handoff.approvals.AuditedApprovals(services.audit()));
      if (slackApprovals != null) {
        approvals.listen(slackApprovals);
      }
      if (teamsApprovals != null) {
        approvals.listen(teamsApprovals);
      }
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
      serving.set(true);
      if (webhook != null) {
        webhook.start();
      }
      io.relevo.handoff.queue.AutoAssigner assigner = null;
      if (HandoffSettings.AUTO_ASSIGN.get(config)) {
        assigner = new io.relevo.handoff.queue.AutoAssigner(vertx, redis, handoff);
        assigner.start();
      }
      models.watch(vertx, BotSettings.KNOWLEDGE_RESCAN.get(config));
      Relevo relevo = new Relevo(config, vertx, embedded, redis, events, conversations, deployments, port, webhook, models,
          assigner);
      relevo.bot = bot;
      relevo.audit = services.audit();
      relevo.business = services.business();
      relevo.probe = new EventLoopProbe(vertx, metrics, AppSettings.STALL_WARNING.get(config));
      relevo.jvm = new JvmMetrics(metrics);
      relevo.sweeper = new io.relevo.core.retention.RetentionSweeper(vertx, redis, (RedisTicketSystem) tickets,
          new io.relevo.core.retention.RetentionSweeper.Periods(
              io.relevo.core.retention.RetentionSettings.CLOSED_TICKETS.get(config),
              io.relevo.core.retention.RetentionSettings.FEEDBACK.get(config),
              io.relevo.core.retention.RetentionSettings.AUDIT.get(config),
              io.relevo.core.retention.RetentionSettings.WEBHOOK_DEAD_LETTERS.get(config),
              io.relevo.core.retention.RetentionSettings.SWEEP_EVERY.get(config)), Clock.systemUTC());
      relevo.sweeper.start();
      relevo.approvals = approvals;
      approvals.start(io.relevo.core.approvals.ApprovalSettings.CHECK_EVERY.get(config));
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

  private static AgentDirectory agents(JsonObject config, RedisConnector redis) {
    String file = HandoffSettings.AGENTS_FILE.get(config);
    if (!file.isEmpty()) {
      return AgentDirectory.load(Path.of(file));
    }
    String password = HandoffSettings.DEMO_PASSWORD.get(config);
    if (password.isEmpty()) {
      password = SharedSecrets.getOrCreate(redis, io.relevo.redis.Keyspace.DEMO_PASSWORD_KEY, 12);
      // the demo's sign-in, shown on the console on purpose (set RELEVO_DEMO_PASSWORD to choose it)
      System.out.println("Demo agents 'ana' (agent) and 'sam' (supervisor, admin) sign in (POST /api/v1/agents/login) with the password: "
          + password);
    }
    return AgentDirectory.demo(Passwords.hash(password, 50_000));
  }

  private static io.relevo.channels.teams.BotConnectorAuth teamsAuth(Vertx vertx, JsonObject config) {
    String appId = io.relevo.channels.teams.TeamsSettings.APP_ID.get(config);
    return appId.isEmpty() ? null : new io.relevo.channels.teams.BotConnectorAuth(
        io.vertx.ext.web.client.WebClient.create(vertx), io.relevo.channels.teams.TeamsSettings.OPENID_URL.get(config),
        io.relevo.channels.teams.TeamsSettings.ISSUER.get(config), appId, Clock.systemUTC());
  }

  private static io.relevo.channels.teams.TeamsClient teamsClient(Vertx vertx, JsonObject config) {
    String appId = io.relevo.channels.teams.TeamsSettings.APP_ID.get(config);
    return appId.isEmpty() ? null : new io.relevo.channels.teams.TeamsClient(io.vertx.ext.web.client.WebClient.create(vertx),
        io.relevo.channels.teams.TeamsSettings.TOKEN_URL.get(config), appId,
        io.relevo.channels.teams.TeamsSettings.APP_PASSWORD.get(config), Clock.systemUTC(),
        io.relevo.channels.teams.TeamsSettings.serviceUrls(config));
  }

  private static List<String> queues(JsonObject config) {
    List<String> names = new ArrayList<>();
    for (String q : HandoffSettings.QUEUES.get(config).split(",")) {
      String name = q.strip().toLowerCase(java.util.Locale.ROOT);
      if (!name.matches("[a-z0-9_-]{1,40}")) {
        throw new io.relevo.core.config.ConfigException(HandoffSettings.QUEUES.key(), "'" + q.strip() + "' is not a queue name (a-z, 0-9, _ and -)");
      }
      names.add(name);
    }
    return names;
  }

  private static io.relevo.handoff.queue.TargetWaits targetWaits(JsonObject config) {
    try {
      return io.relevo.handoff.queue.TargetWaits.parse(HandoffSettings.TARGET_WAIT.get(config));
    } catch (IllegalArgumentException e) {
      throw new io.relevo.core.config.ConfigException(HandoffSettings.TARGET_WAIT.key(), e.getMessage());
    }
  }

  private static io.relevo.handoff.queue.BusinessHours hours(JsonObject config) {
    try {
      return io.relevo.handoff.queue.BusinessHours.parse(HandoffSettings.HOURS.get(config));
    } catch (IllegalArgumentException e) {
      throw new io.relevo.core.config.ConfigException(HandoffSettings.HOURS.key(), e.getMessage());
    }
  }

  private static String jwtSecret(JsonObject config, RedisConnector redis) {
    String secret = HandoffSettings.JWT_SECRET.get(config);
    if (secret.isEmpty()) {
      return SharedSecrets.getOrCreate(redis, io.relevo.redis.Keyspace.JWT_SECRET_KEY, 48);
    }
    if (secret.length() < 32) {
      throw new io.relevo.core.config.ConfigException(HandoffSettings.JWT_SECRET.key(), "must have at least 32 characters");
    }
    return secret;
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
