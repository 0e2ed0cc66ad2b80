package io.relevo.core.http;

import java.time.Duration;
import java.util.List;

import io.relevo.core.config.Setting;

/** Settings shared by every WebSocket of an instance (the people's and the agents'). */
public final class SocketSettings {

  public static final Setting<Integer> MAX_SOCKETS = Setting.integer("limits.sockets", 20_000, 1, 1_000_000,
      "Open WebSockets (people's and agents') per instance; more are refused with 429 too_many_sockets.");
  public static final Setting<Integer> SOCKETS_PER_AGENT = Setting.integer("limits.socketsPerAgent", 10, 1, 10_000,
      "Open console WebSockets per agent; more are refused with 429 too_many_sockets.");
  public static final Setting<Duration> PING_INTERVAL = Setting.duration("ws.pingInterval", "30s",
      Duration.ofMillis(100), Duration.ofHours(1), "How often the server pings an open WebSocket.");
  public static final Setting<Duration> IDLE_TIMEOUT = Setting.duration("ws.idleTimeout", "90s",
      Duration.ofMillis(200), Duration.ofHours(24),
      "A WebSocket from which nothing (not even a pong) arrived for this long is closed (1001 idle).");
  public static final Setting<Duration> STALL_TIMEOUT = Setting.duration("ws.stallTimeout", "15s",
      Duration.ofMillis(100), Duration.ofHours(1),
      "A WebSocket whose client reads nothing while its write queue is full is closed after this long "
          + "(1008, logged at WARN); meanwhile the server stops reading from it.");

  private SocketSettings() {
  }

  public static List<Setting<?>> all() {
    return List.of(MAX_SOCKETS, SOCKETS_PER_AGENT, PING_INTERVAL, IDLE_TIMEOUT, STALL_TIMEOUT);
  }
}
