package io.relevo.core.approvals;

import java.time.Duration;
import java.util.List;

import io.relevo.core.config.Setting;

/** Settings of approvals and the people directory. */
public final class ApprovalSettings {

  public static final Setting<String> DIRECTORY_FILE = Setting.string("approvals.directoryFile", "",
      "YAML file of the people directory (each person's e-mail, manager, channel ids, console account, language, "
          + "absence and delegate; groups of approvers); empty: the demo directory.");
  public static final Setting<Duration> ESCALATE_AFTER = Setting.duration("approvals.escalateAfter", "72h",
      Duration.ofMillis(100), Duration.ofDays(365),
      "How long an approval step waits for its approvers before it escalates (a step's escalateAfter overrides it).");
  public static final Setting<Duration> REMIND_BEFORE = Setting.duration("approvals.remindBefore", "24h",
      Duration.ZERO, Duration.ofDays(365),
      "How long before its escalation the approvers of a step are reminded (0: no reminder; a step's remindBefore overrides it).");
  public static final Setting<Duration> CHECK_EVERY = Setting.duration("approvals.checkEvery", "1m",
      Duration.ofMillis(50), Duration.ofHours(1), "How often reminders and escalations that are due are looked for.");
  public static final Setting<String> FALLBACK = Setting.string("approvals.fallback", "role:supervisor",
      "Who approves a manager's step when the requester's manager is unknown (anonymous, or not in the directory), "
          + "or a group's when the group is empty: role:NAME or group:NAME.");

  public static final Setting<Duration> CHAT_MESSAGES_TTL = Setting.duration("approvals.chatMessagesTtl", "30d",
      Duration.ofMinutes(1), Duration.ofDays(365),
      "How long where each approval message sent in Slack or Teams is (channel and timestamp; conversation and activity) "
          + "is kept after the step's latest message, to update them all once the step is decided or withdrawn; a step "
          + "decided later leaves its messages as they were.");

  private ApprovalSettings() {
  }

  public static List<Setting<?>> all() {
    return List.of(DIRECTORY_FILE, ESCALATE_AFTER, REMIND_BEFORE, CHECK_EVERY, FALLBACK, CHAT_MESSAGES_TTL);
  }
}
