package io.relevo.core.analytics;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import io.relevo.core.config.ConfigException;
import io.relevo.core.config.Setting;
import io.vertx.core.json.JsonObject;

/** Settings of the analytics (what operators see) and of how long their data is kept. */
public final class AnalyticsSettings {

  public static final Setting<String> TIME_ZONE = Setting.string("analytics.timeZone", "UTC",
      "Time zone of the days analytics are counted by (an IANA name such as Europe/Madrid).");
  public static final Setting<Duration> RETENTION = Setting.duration("analytics.retention", "730d",
      Duration.ofDays(1), Duration.ofDays(3650),
      "How long the daily analytics counts (anonymous) are kept.");

  private AnalyticsSettings() {
  }

  /** The analytics time zone; a {@link ConfigException} when the name is unknown. */
  public static ZoneId zone(JsonObject config) {
    String raw = TIME_ZONE.get(config);
    try {
      return ZoneId.of(raw);
    } catch (DateTimeException e) {
      throw new ConfigException(TIME_ZONE.key(), "'" + raw + "' is not a time zone");
    }
  }

  public static List<Setting<?>> all() {
    return List.of(TIME_ZONE, RETENTION);
  }
}
