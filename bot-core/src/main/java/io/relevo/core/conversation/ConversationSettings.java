package io.relevo.core.conversation;

import java.time.Duration;
import java.util.List;

import io.relevo.core.config.Setting;

/** Settings of the conversation service. */
public final class ConversationSettings {

  public static final Setting<Duration> RETENTION = Setting.duration("conversation.retention", "30d",
      Duration.ofMinutes(1), Duration.ofDays(3650),
      "How long a conversation and its transcript are kept after its last message.");
  public static final Setting<Duration> PROCESSING_TIMEOUT = Setting.duration(
      "conversation.processingTimeout", "20s", Duration.ofSeconds(1), Duration.ofMinutes(5),
      "How long a request waits for the bot's answer before a retriable 503 (the message stays stored).");
  public static final Setting<Duration> LOCK_LEASE = Setting.duration("conversation.lockLease", "30s",
      Duration.ofSeconds(1), Duration.ofMinutes(10),
      "Lease of the per-conversation processing lock; another instance takes over after it lapses.");

  private ConversationSettings() {
  }

  public static List<Setting<?>> all() {
    return List.of(RETENTION, PROCESSING_TIMEOUT, LOCK_LEASE);
  }
}
