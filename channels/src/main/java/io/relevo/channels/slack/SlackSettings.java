package io.relevo.channels.slack;

import java.util.List;

import io.relevo.core.config.Setting;

/** Settings of the Slack channel; it is off while the signing secret is unset. */
public final class SlackSettings {

  public static final Setting<String> SIGNING_SECRET = Setting.secret("slack.signingSecret",
      "Signing secret of the Slack app (verifies /api/v1/slack/events and /interactions); empty: Slack is off.");
  public static final Setting<String> BOT_TOKEN = Setting.secret("slack.botToken",
      "Bot token (xoxb-...) with which replies are posted through chat.postMessage.");
  public static final Setting<String> API_URL = Setting.string("slack.apiUrl", "https://slack.com/api",
      "Base URL of Slack's Web API.");

  private SlackSettings() {
  }

  public static List<Setting<?>> all() {
    return List.of(SIGNING_SECRET, BOT_TOKEN, API_URL);
  }
}
