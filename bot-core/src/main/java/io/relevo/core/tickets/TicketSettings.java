package io.relevo.core.tickets;

import java.time.Duration;
import java.util.List;

import io.relevo.core.config.Setting;

/** Settings of tickets and of the integration with the company's ticket system. */
public final class TicketSettings {

  public static final Setting<String> WEBHOOK_URL = Setting.string("tickets.webhook.url", "",
      "URL that receives every ticket change as a signed JSON POST; empty: no webhook.");
  public static final Setting<String> WEBHOOK_SECRET = Setting.secret("tickets.webhook.secret",
      "HMAC-SHA256 key of the webhook's X-Relevo-Signature (required with tickets.webhook.url).");
  public static final Setting<Integer> WEBHOOK_ATTEMPTS = Setting.integer("tickets.webhook.maxAttempts", 8, 1, 100,
      "Attempts of one webhook delivery before it goes to the dead-letter list.");
  public static final Setting<Duration> WEBHOOK_BACKOFF = Setting.duration("tickets.webhook.backoff", "2s",
      Duration.ofMillis(10), Duration.ofHours(1), "Wait after a failed delivery; doubles with each attempt.");
  public static final Setting<Duration> WEBHOOK_MAX_BACKOFF = Setting.duration("tickets.webhook.maxBackoff", "10m",
      Duration.ofMillis(10), Duration.ofDays(1), "Longest wait between two attempts of a delivery.");
  public static final Setting<Duration> WEBHOOK_TIMEOUT = Setting.duration("tickets.webhook.timeout", "10s",
      Duration.ofMillis(100), Duration.ofMinutes(5), "How long one webhook request may take.");
  public static final Setting<Integer> WEBHOOK_DEAD_LETTER_MAX = Setting.integer("tickets.webhook.deadLetterMax",
      10_000, 1, 1_000_000, "Webhook deliveries that gave up kept for replay (the newest; older ones are dropped).");
  public static final Setting<String> INBOUND_TOKEN = Setting.secret("tickets.inboundToken",
      "Bearer token of POST /api/v1/integrations/tickets/{id} (status updates from the ticket system); empty: disabled.");

  private TicketSettings() {
  }

  public static List<Setting<?>> all() {
    return List.of(WEBHOOK_URL, WEBHOOK_SECRET, WEBHOOK_ATTEMPTS, WEBHOOK_BACKOFF, WEBHOOK_MAX_BACKOFF,
        WEBHOOK_TIMEOUT, WEBHOOK_DEAD_LETTER_MAX, INBOUND_TOKEN);
  }
}
