package io.relevo.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.app.Relevo.Services;
import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.dialogue.BotSettings;
import io.relevo.core.dialogue.HandoffPort;
import io.relevo.core.dialogue.HelpDeskBot;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.core.limits.RateLimiter;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.TicketNotifier;
import io.relevo.core.tickets.TicketSettings;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.core.tickets.TicketWebhook;
import io.relevo.handoff.agents.AgentDirectory;
import io.relevo.handoff.agents.HandoffSettings;
import io.relevo.handoff.auth.AgentAuth;
import io.relevo.handoff.queue.CannedResponses;
import io.relevo.handoff.queue.HandoffService;
import io.relevo.handoff.queue.Presence;
import io.relevo.intents.IntentService;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * Makes the {@link Services} of one {@link Relevo} on its Redis and Vert.x, in dependency order:
 * the bot, the conversations, handoff, sign-in, tickets, approvals and the channels' clients, with
 * their metrics and health checks. Used once per start-up, from the starting thread.
 */
final class Wiring {

  /** Logged under the launcher's name, as before this class was split from it. */
  private static final Logger LOG = LoggerFactory.getLogger(Relevo.class);

  /**
   * What start-up keeps: the services, the bot (which the caller closes) and the switch that turns
   * the {@code http} health check on once the HTTP server listens.
   */
  record Wired(Services services, HelpDeskBot bot, AtomicReference<Boolean> serving) {
  }

  private Wiring() {
  }

  /** The services; on failure, the bot made so far is closed before the exception goes on. */
  static Wired wire(JsonObject config, Vertx vertx, RedisConnector redis, ConversationEvents events, Models models,
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics, FromConfig.Dialogues dialogues) {
    HelpDeskBot bot = null;
    try {
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
      bot = new HelpDeskBot(vertx, models.intents(), models.knowledge(), knowledgeStats, dialogues.forms(), tickets,
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
      TicketNotifier ticketNotifier = new TicketNotifier(conversations);
      io.relevo.core.approvals.ApprovalService approvals = new io.relevo.core.approvals.ApprovalService(vertx,
          (RedisTicketSystem) tickets, new io.relevo.core.approvals.ApprovalMachine(dialogues.directory(),
              new io.relevo.core.approvals.ApprovalMachine.Defaults(
                  io.relevo.core.approvals.ApprovalSettings.ESCALATE_AFTER.get(config),
                  io.relevo.core.approvals.ApprovalSettings.REMIND_BEFORE.get(config), dialogues.fallback())),
          dialogues.flows(), ticketNotifier, Clock.systemUTC());
      bot.approvals(approvals);
      AgentDirectory agents = FromConfig.agents(config, redis);
      HandoffService handoff = new HandoffService(vertx, redis, conversations, events,
          new Presence(vertx, redis, agents), FromConfig.hours(config), FromConfig.queues(config)).analytics(analytics)
          .targetWaits(FromConfig.targetWaits(config));
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

      AgentAuth agentAuth = new AgentAuth(vertx, agents, FromConfig.jwtSecret(config, redis), redis,
          AgentAuth.Options.from(config));
      // sign-in limits count the same client address as the people's API (behind a proxy: the right-most untrusted hop)
      io.relevo.core.http.TrustedProxies proxies = io.relevo.channels.web.WebSettings.proxies(config);
      agentAuth.clientAddress(request -> io.relevo.core.http.Requests.clientAddress(request, proxies));

      String cannedFile = HandoffSettings.CANNED_FILE.get(config);
      CannedResponses canned = CannedResponses.load(cannedFile.isEmpty() ? null : Path.of(cannedFile));
      TicketWebhook webhook = FromConfig.webhook(config, vertx, redis);
      Models m = models;
      health.register("intents", p -> p.complete(m.intents().ready() ? Status.OK() : Status.KO()));
      health.register("knowledge", p -> p.complete(Status.OK(new JsonObject().put("articles", m.knowledge().size()))));
      io.relevo.core.catalogue.Catalogue catalogue = new io.relevo.core.catalogue.Catalogue(dialogues.flows().values());
      io.relevo.channels.slack.SlackClient slack = io.relevo.channels.slack.SlackSettings.SIGNING_SECRET.get(config).isEmpty()
          ? null : new io.relevo.channels.slack.SlackClient(vertx, io.relevo.channels.slack.SlackSettings.API_URL.get(config),
              io.relevo.channels.slack.SlackSettings.BOT_TOKEN.get(config), catalogue);
      io.relevo.channels.ApprovalMessages chatMessages = new io.relevo.channels.ApprovalMessages(vertx, redis,
          io.relevo.core.approvals.ApprovalSettings.CHAT_MESSAGES_TTL.get(config));
      io.relevo.channels.slack.SlackApprovals slackApprovals = slack == null ? null
          : new io.relevo.channels.slack.SlackApprovals(slack, approvals, dialogues.directory(),
              new io.relevo.channels.ChannelRelay(vertx, conversations, redis, "slack",
                  io.relevo.channels.web.WebSettings.PUBLIC_URL.get(config)),
              io.relevo.channels.web.WebSettings.DEFAULT_LOCALE.get(config), chatMessages);
      io.relevo.channels.teams.TeamsClient teams = FromConfig.teamsClient(vertx, config);
      io.relevo.channels.teams.TeamsApprovals teamsApprovals = teams == null ? null
          : new io.relevo.channels.teams.TeamsApprovals(teams.catalogue(catalogue), approvals, dialogues.directory(),
              new io.relevo.channels.ChannelRelay(vertx, conversations, redis, "teams",
                  io.relevo.channels.web.WebSettings.PUBLIC_URL.get(config)),
              io.relevo.channels.teams.TeamsSettings.APP_ID.get(config),
              io.relevo.channels.teams.TeamsSettings.APPROVALS_SERVICE_URL.get(config),
              io.relevo.channels.teams.TeamsSettings.TENANT_ID.get(config),
              io.relevo.channels.web.WebSettings.DEFAULT_LOCALE.get(config), chatMessages);
      Services services = new Services(config, conversations, limiter, health, agentAuth, handoff, events, canned,
          tickets, ticketNotifier, webhook, metrics, new BusinessMetrics(vertx, redis, metrics).start(),
          models.intents(), models.knowledge(),
          models.knowledgeDir(), knowledgeStats, redis,
          slack,
          FromConfig.teamsAuth(vertx, config), teams,
          new io.relevo.core.analytics.AnalyticsReport(vertx, redis, analyticsZone,
              id -> m.knowledge().get(id).map(io.relevo.kb.Article::title).orElse(null)),
          new io.relevo.handoff.audit.AuditLog(vertx, redis, agentAuth).metrics(metrics), analytics,
          approvals, dialogues.directory(), catalogue, slackApprovals, teamsApprovals);
      approvals.listen(new io.relevo.handoff.approvals.AuditedApprovals(services.audit()));
      if (slackApprovals != null) {
        approvals.listen(slackApprovals);
      }
      if (teamsApprovals != null) {
        approvals.listen(teamsApprovals);
      }
      return new Wired(services, bot, serving);
    } catch (RuntimeException e) {
      if (bot != null) {
        bot.close();
      }
      throw e;
    }
  }
}
