package io.relevo.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.relevo.channels.web.WebSettings;
import io.relevo.core.config.Setting;
import io.relevo.core.conversation.ConversationSettings;
import io.relevo.handoff.agents.HandoffSettings;

/** The launcher's own settings, and the list of every setting of every module. */
public final class AppSettings {

  public static final Setting<Integer> HTTP_PORT = Setting.integer("http.port", 8080, 0, 65535,
      "HTTP port of the API, widget and console (0 picks a free port).");
  public static final Setting<String> HTTP_HOST = Setting.string("http.host", "0.0.0.0",
      "Address the HTTP server binds to.");
  public static final Setting<Integer> HTTP_INSTANCES = Setting.integer("http.instances", 0, 0, 64,
      "HTTP verticle instances (0: one per CPU core).");
  public static final Setting<String> DATA_DIR = Setting.string("data.dir", "./data",
      "Directory for the embedded Redis's append-only files and cached models.");
  public static final Setting<String> REDIS_URL = Setting.string("redis.url", "",
      "External Redis: redis://, rediss://, redis-sentinel://...#master or redis-cluster://host:port,...; "
          + "empty starts the embedded Redis. Also read from REDIS_URL.");
  public static final Setting<Integer> REDIS_EMBEDDED_PORT = Setting.integer("redis.embedded.port", 0, 0, 65535,
      "Port of the embedded Redis on 127.0.0.1 (0 picks a free port); it requires the password kept in "
          + "<data.dir>/redis/redis.password (made on first start, 0600).");
  public static final Setting<String> REDIS_EMBEDDED_FSYNC = Setting.oneOf("redis.embedded.fsync", "always",
      "appendfsync of the embedded Redis: always (nothing acknowledged is lost), everysec or no.",
      "always", "everysec", "no");
  public static final Setting<Duration> REDIS_TIMEOUT = Setting.duration("redis.timeout", "5s",
      Duration.ofMillis(100), Duration.ofMinutes(1), "Timeout of one Redis command.");
  public static final Setting<Integer> REDIS_ACK_REPLICAS = Setting.integer("redis.ackReplicas", 0, 0, 5,
      "Replicas a message must reach (Redis WAIT) before it is acknowledged; set 1 with Sentinel or Cluster "
          + "replicas so a failover loses nothing acknowledged (a send fails, and is retried, while none confirms).");
  public static final Setting<Duration> REDIS_ACK_TIMEOUT = Setting.duration("redis.ackTimeout", "500ms",
      Duration.ofMillis(10), Duration.ofSeconds(30), "How long a write waits for redis.ackReplicas replicas.");
  public static final Setting<Duration> REDIS_READY_GRACE = Setting.duration("redis.readyGrace", "3s",
      Duration.ZERO, Duration.ofMinutes(1), "How long Redis may be unwritable (no master, uncovered Cluster slots) "
          + "before /health/ready reports DOWN, so a short blip does not take every instance out of a load balancer.");
  public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration("shutdown.timeout", "10s",
      Duration.ZERO, Duration.ofMinutes(5), "How long a stop waits for in-flight requests and processing.");
  public static final Setting<String> BENCH_MODE = Setting.oneOf("bench.mode", "off",
      "Benchmark mode, never for production: off, or transport (messages are stored and answered with a fixed "
          + "reply, without understanding or search; used by the load benchmark).", "off", "transport");
  public static final Setting<Duration> STALL_WARNING = Setting.duration("metrics.stallWarning", "1s",
      Duration.ZERO, Duration.ofMinutes(1), "An event loop that runs a due task this late is logged at WARN "
          + "(at most once per 10 s per loop; relevo_event_loop_delay_seconds measures every delay); 0: never logged.");
  public static final Setting<String> METRICS_REDIS_LATENCY = Setting.oneOf("metrics.redisLatency", "commands",
      "Redis command latency on /metrics: commands (lettuce_command_completion_seconds per command type, a few "
          + "buckets, all nodes together), nodes (Lettuce's full histograms per command and node, completion and first "
          + "response: hundreds of kilobytes per scrape) or off.", "commands", "nodes", "off");

  private AppSettings() {
  }

  /** Every setting Relevo knows, in the order of the README's table. */
  public static List<Setting<?>> all() {
    List<Setting<?>> all = new ArrayList<>(List.of(HTTP_PORT, HTTP_HOST, HTTP_INSTANCES, DATA_DIR, REDIS_URL,
        REDIS_EMBEDDED_PORT, REDIS_EMBEDDED_FSYNC, REDIS_TIMEOUT, REDIS_ACK_REPLICAS, REDIS_ACK_TIMEOUT, REDIS_READY_GRACE, SHUTDOWN_TIMEOUT, BENCH_MODE, STALL_WARNING,
        METRICS_REDIS_LATENCY));
    all.addAll(ConversationSettings.all());
    all.addAll(WebSettings.all());
    all.addAll(io.relevo.core.http.SocketSettings.all());
    all.addAll(io.relevo.core.dialogue.BotSettings.all());
    all.addAll(HandoffSettings.all());
    all.addAll(io.relevo.core.tickets.TicketSettings.all());
    all.addAll(io.relevo.core.approvals.ApprovalSettings.all());
    all.addAll(io.relevo.channels.slack.SlackSettings.all());
    all.addAll(io.relevo.channels.teams.TeamsSettings.all());
    all.addAll(io.relevo.core.analytics.AnalyticsSettings.all());
    all.addAll(io.relevo.core.retention.RetentionSettings.all());
    return List.copyOf(all);
  }
}
