package io.relevo.handoff.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a conversation may wait in each queue before the console shows it as late
 * ({@code handoff.targetWait}): one duration for every queue ({@code "2m"}), or per queue with a
 * default for the rest ({@code "it=1m, hr=3m, 2m"}). Durations are seconds, minutes or hours
 * ({@code 90s}, {@code 2m}, {@code 1h}). Immutable and thread-safe.
 */
public final class TargetWaits {

  /** The target of a queue not named, when the setting names none. */
  public static final Duration DEFAULT = Duration.ofMinutes(2);
  private static final Pattern ENTRY = Pattern.compile("(?:([a-z0-9_-]+)\\s*=\\s*)?(\\d{1,6})\\s*(s|m|h)");

  private final Duration fallback;
  private final Map<String, Duration> byQueue;

  private TargetWaits(Duration fallback, Map<String, Duration> byQueue) {
    this.fallback = fallback;
    this.byQueue = Map.copyOf(byQueue);
  }

  /** Two minutes everywhere. */
  public static TargetWaits standard() {
    return new TargetWaits(DEFAULT, Map.of());
  }

  /** Reads the setting's value; throws {@link IllegalArgumentException} saying what is wrong. */
  public static TargetWaits parse(String spec) {
    Duration fallback = DEFAULT;
    Map<String, Duration> byQueue = new HashMap<>();
    for (String part : spec.split(",")) {
      String p = part.strip().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      Matcher m = ENTRY.matcher(p);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + part.strip() + "' is not a target wait (e.g. 2m, or it=90s)");
      }
      long n = Long.parseLong(m.group(2));
      Duration d = switch (m.group(3)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
      if (d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("'" + part.strip() + "' must be more than 0 and at most 24h");
      }
      if (m.group(1) == null) {
        fallback = d;
      } else {
        byQueue.put(m.group(1), d);
      }
    }
    return new TargetWaits(fallback, byQueue);
  }

  /** The target wait of {@code queue}. */
  public Duration of(String queue) {
    return byQueue.getOrDefault(queue, fallback);
  }
}
