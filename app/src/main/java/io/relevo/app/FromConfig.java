package io.relevo.app;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.relevo.core.config.ConfigException;
import io.relevo.core.dialogue.BotSettings;
import io.relevo.core.dialogue.flows.Flows;
import io.relevo.core.dialogue.flows.FormEngine;
import io.relevo.core.tickets.TicketSettings;
import io.relevo.core.tickets.TicketWebhook;
import io.relevo.handoff.agents.AgentDirectory;
import io.relevo.handoff.agents.HandoffSettings;
import io.relevo.handoff.agents.Passwords;
import io.relevo.handoff.auth.SharedSecrets;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The parts of one {@link Relevo} that come straight from its configuration (files it names,
 * queues, hours, secrets, the Teams clients), each checked as it is read: an unusable value fails
 * with a {@link ConfigException} that names its key. Stateless.
 */
final class FromConfig {

  private FromConfig() {
  }

  /** The flows and their forms, the people directory and who approves when nobody else can. */
  record Dialogues(java.util.Map<String, io.relevo.core.dialogue.flows.Flow> flows, FormEngine forms,
      io.relevo.core.approvals.Directory directory, String fallback) {
  }

  static Dialogues dialogues(JsonObject config) {
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
      throw new ConfigException(io.relevo.core.approvals.ApprovalSettings.FALLBACK.key(),
          "must be role:agent|supervisor|admin or group:NAME, not '" + fallback + "'");
    }
    return new Dialogues(flows, forms, directory, fallback);
  }

  static AgentDirectory agents(JsonObject config, RedisConnector redis) {
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

  /** The ticket webhook, or null when {@code tickets.webhook.url} is not set. */
  static TicketWebhook webhook(JsonObject config, Vertx vertx, RedisConnector redis) {
    String webhookUrl = TicketSettings.WEBHOOK_URL.get(config);
    if (webhookUrl.isEmpty()) {
      return null;
    }
    String secret = TicketSettings.WEBHOOK_SECRET.get(config);
    if (secret.length() < 16) {
      throw new ConfigException(TicketSettings.WEBHOOK_SECRET.key(),
          "a secret of at least 16 characters is required with tickets.webhook.url");
    }
    return new TicketWebhook(vertx, redis, new TicketWebhook.Options(webhookUrl, secret,
        TicketSettings.WEBHOOK_ATTEMPTS.get(config), TicketSettings.WEBHOOK_BACKOFF.get(config),
        TicketSettings.WEBHOOK_MAX_BACKOFF.get(config), TicketSettings.WEBHOOK_TIMEOUT.get(config),
        TicketSettings.WEBHOOK_DEAD_LETTER_MAX.get(config)), Clock.systemUTC());
  }

  static io.relevo.channels.teams.BotConnectorAuth teamsAuth(Vertx vertx, JsonObject config) {
    String appId = io.relevo.channels.teams.TeamsSettings.APP_ID.get(config);
    return appId.isEmpty() ? null : new io.relevo.channels.teams.BotConnectorAuth(
        io.vertx.ext.web.client.WebClient.create(vertx), io.relevo.channels.teams.TeamsSettings.OPENID_URL.get(config),
        io.relevo.channels.teams.TeamsSettings.ISSUER.get(config), appId, Clock.systemUTC());
  }

  static io.relevo.channels.teams.TeamsClient teamsClient(Vertx vertx, JsonObject config) {
    String appId = io.relevo.channels.teams.TeamsSettings.APP_ID.get(config);
    return appId.isEmpty() ? null : new io.relevo.channels.teams.TeamsClient(io.vertx.ext.web.client.WebClient.create(vertx),
        io.relevo.channels.teams.TeamsSettings.TOKEN_URL.get(config), appId,
        io.relevo.channels.teams.TeamsSettings.APP_PASSWORD.get(config), Clock.systemUTC(),
        io.relevo.channels.teams.TeamsSettings.serviceUrls(config));
  }

  static List<String> queues(JsonObject config) {
    List<String> names = new ArrayList<>();
    for (String q : HandoffSettings.QUEUES.get(config).split(",")) {
      String name = q.strip().toLowerCase(java.util.Locale.ROOT);
      if (!name.matches("[a-z0-9_-]{1,40}")) {
        throw new ConfigException(HandoffSettings.QUEUES.key(), "'" + q.strip() + "' is not a queue name (a-z, 0-9, _ and -)");
      }
      names.add(name);
    }
    return names;
  }

  static io.relevo.handoff.queue.TargetWaits targetWaits(JsonObject config) {
    try {
      return io.relevo.handoff.queue.TargetWaits.parse(HandoffSettings.TARGET_WAIT.get(config));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(HandoffSettings.TARGET_WAIT.key(), e.getMessage());
    }
  }

  static io.relevo.handoff.queue.BusinessHours hours(JsonObject config) {
    try {
      return io.relevo.handoff.queue.BusinessHours.parse(HandoffSettings.HOURS.get(config));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(HandoffSettings.HOURS.key(), e.getMessage());
    }
  }

  static String jwtSecret(JsonObject config, RedisConnector redis) {
    String secret = HandoffSettings.JWT_SECRET.get(config);
    if (secret.isEmpty()) {
      return SharedSecrets.getOrCreate(redis, io.relevo.redis.Keyspace.JWT_SECRET_KEY, 48);
    }
    if (secret.length() < 32) {
      throw new ConfigException(HandoffSettings.JWT_SECRET.key(), "must have at least 32 characters");
    }
    return secret;
  }
}
