package io.relevo.core.retention;

import java.time.Duration;
import java.util.List;

import io.relevo.core.config.Setting;

/**
 * How long personal data is kept. Transcripts follow {@code conversation.retention} (they expire
 * after their last message); the rest is swept by {@link RetentionSweeper}.
 */
public final class RetentionSettings {

  public static final Setting<Duration> CLOSED_TICKETS = Setting.duration("retention.closedTickets", "365d",
      Duration.ofDays(1), Duration.ofDays(3650),
      "How long a resolved, closed or cancelled ticket is kept after its last change.");
  public static final Setting<Duration> FEEDBACK = Setting.duration("retention.feedback", "365d",
      Duration.ofDays(1), Duration.ofDays(3650),
      "How long satisfaction comments and unanswered questions (redacted) are kept.");
  public static final Setting<Duration> AUDIT = Setting.duration("retention.audit", "365d",
      Duration.ofDays(1), Duration.ofDays(3650),
      "How long the audit log of agent and admin actions is kept.");
  public static final Setting<Duration> WEBHOOK_DEAD_LETTERS = Setting.duration("retention.webhookDeadLetters", "30d",
      Duration.ofHours(1), Duration.ofDays(3650),
      "How long a webhook delivery that gave up (a copy of its ticket) is kept for replay.");
  public static final Setting<Duration> SWEEP_EVERY = Setting.duration("retention.sweepEvery", "1h",
      Duration.ofSeconds(1), Duration.ofDays(1),
      "How often expired data is swept (one instance sweeps at a time).");

  private RetentionSettings() {
  }

  public static List<Setting<?>> all() {
    return List.of(CLOSED_TICKETS, FEEDBACK, AUDIT, WEBHOOK_DEAD_LETTERS, SWEEP_EVERY);
  }
}
