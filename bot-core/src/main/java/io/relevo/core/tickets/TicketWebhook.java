package io.relevo.core.tickets;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.LuaScript;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Delivers ticket changes to the company's ticket system (Jira Service Management, ServiceNow,
 * Zendesk...) as signed JSON POSTs. Deliveries come from the outbox that
 * {@link RedisTicketSystem} fills atomically with each change; any instance may deliver one, and
 * a delivery claimed by an instance that died is taken by another after a lease. A failed delivery
 * (no answer, or a status other than 2xx) is retried with exponential back-off; after the last
 * attempt it goes to a dead-letter list that an administrator can replay, which keeps the newest
 * {@link Options#deadLetterMax()} ({@link WebhookStore} drops older ones and erased people's).
 *
 * <p>Each request carries {@code X-Relevo-Event}, {@code X-Relevo-Delivery},
 * {@code X-Relevo-Timestamp} (Unix seconds) and {@code X-Relevo-Signature: sha256=HEX}, the
 * HMAC-SHA256 with the shared secret of {@code TIMESTAMP + "." + BODY}. The receiver should check
 * it in constant time and reject old timestamps; the delivery id makes a repeat recognisable.
 *
 * <p>Thread-safe; {@link #start} and {@link #stop} are called once, from the launcher.
 */
public final class TicketWebhook {

  private static final Logger LOG = LoggerFactory.getLogger(TicketWebhook.class);
  private static final LuaScript CLAIM = LuaScript.load(TicketWebhook.class, "claim.lua", ScriptOutputType.MULTI);
  private static final LuaScript FAILED = LuaScript.load(TicketWebhook.class, "failed.lua", ScriptOutputType.MULTI);

  /**
   * @param url where to POST
   * @param secret the HMAC key shared with the receiver
   * @param maxAttempts attempts before a delivery goes to the dead-letter list
   * @param backoff wait after the first failure; doubles each time, up to {@code maxBackoff}
   * @param timeout how long one request may take
   * @param deadLetterMax how many dead letters are kept (the newest)
   */
  public record Options(String url, String secret, int maxAttempts, Duration backoff, Duration maxBackoff,
      Duration timeout, int deadLetterMax) {
  }

  /** A delivery that gave up, as kept in the dead-letter list. */
  public record DeadLetter(String deliveryId, String event, String ticketId, int attempts, String lastError, String at) {
  }

  private final Vertx vertx;
  private final RedisConnector redis;
  private final Options options;
  private final Clock clock;
  private final WebClient client;
  private final WebhookStore store;
  private long timer = -1;
  private volatile boolean running;
  private boolean polling;

  public TicketWebhook(Vertx vertx, RedisConnector redis, Options options, Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.options = options;
    this.clock = clock;
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Relevo-Webhook/1")
        .setConnectTimeout((int) options.timeout().toMillis()).setFollowRedirects(false));
    this.store = new WebhookStore(vertx, redis);
  }

  /** Starts polling the outbox (every 250 ms). */
  public void start() {
    running = true;
    timer = vertx.setPeriodic(250, t -> poll());
  }

  public void stop() {
    running = false;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    client.close();
  }

  private void poll() {
    if (polling || !running) {
      return;
    }
    polling = true;
    long now = clock.millis();
    long lease = options.timeout().toMillis() * 2 + 1000;
    call(CLAIM.<List<Object>>run(redis.commands(), new String[] {RedisTicketSystem.OUTBOX, RedisTicketSystem.OUTBOX_ITEMS},
        Long.toString(now), "20", Long.toString(lease)))
        .compose(claimed -> {
          List<Future<Void>> sent = new ArrayList<>();
          for (int i = 0; i + 1 < claimed.size(); i += 2) {
            sent.add(deliver((String) claimed.get(i), (String) claimed.get(i + 1)));
          }
          return Future.join(sent).mapEmpty();
        })
        .onComplete(ar -> {
          polling = false;
          if (ar.failed() && running) {
            LOG.warn("Webhook outbox unavailable: {}", ar.cause().getMessage());
          }
        });
  }

  private Future<Void> deliver(String deliveryId, String payload) {
    JsonObject p = new JsonObject(payload);
    String event = p.getString("event", "ticket.updated");
    String body = new JsonObject().put("event", event).put("deliveryId", deliveryId)
        .put("ticket", p.getJsonObject("ticket")).encode();
    String timestamp = Long.toString(clock.millis() / 1000);
    return client.postAbs(options.url())
        .timeout(options.timeout().toMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Relevo-Event", event)
        .putHeader("X-Relevo-Delivery", deliveryId)
        .putHeader("X-Relevo-Timestamp", timestamp)
        .putHeader("X-Relevo-Signature", "sha256=" + sign(options.secret(), timestamp + "." + body))
        .sendBuffer(Buffer.buffer(body))
        .transform(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            return delivered(deliveryId);
          }
          String error = ar.succeeded() ? "HTTP " + ar.result().statusCode() : ar.cause().getClass().getSimpleName()
              + (ar.cause().getMessage() == null ? "" : ": " + ar.cause().getMessage());
          return failed(deliveryId, payload, p, error);
        });
  }

  private Future<Void> delivered(String deliveryId) {
    var c = redis.commands();
    return Future.join(call(c.zrem(RedisTicketSystem.OUTBOX, deliveryId)),
        call(c.hdel(RedisTicketSystem.OUTBOX_ITEMS, deliveryId)), call(c.hdel(WebhookStore.ATTEMPTS, deliveryId))).mapEmpty();
  }

  private Future<Void> failed(String deliveryId, String payload, JsonObject p, String error) {
    JsonObject ticket = p.getJsonObject("ticket", new JsonObject());
    String dead = new JsonObject().put("deliveryId", deliveryId).put("payload", payload)
        .put("event", p.getString("event")).put("ticketId", ticket.getString("id"))
        .put("lastError", error).put("at", clock.instant().toString()).encode();
    String[] keys = {RedisTicketSystem.OUTBOX, RedisTicketSystem.OUTBOX_ITEMS, WebhookStore.ATTEMPTS, WebhookStore.DEAD};
    return call(FAILED.<List<Object>>run(redis.commands(), keys, deliveryId, Integer.toString(options.maxAttempts()),
        Long.toString(clock.millis()), Long.toString(options.backoff().toMillis()),
        Long.toString(options.maxBackoff().toMillis()), Integer.toString(options.deadLetterMax()), dead))
        .map(r -> {
          long attempts = (Long) r.get(0);
          long wait = (Long) r.get(1);
          if (attempts == 0) {
            LOG.info("Webhook delivery {} failed ({}) and is gone meanwhile (erased)", deliveryId, error);
          } else if (wait < 0) {
            LOG.warn("Webhook delivery {} gave up after {} attempts: {}", deliveryId, attempts, error);
          } else {
            LOG.info("Webhook delivery {} failed ({}); attempt {} of {} in {} ms", deliveryId, error, attempts + 1,
                options.maxAttempts(), wait);
          }
          return null;
        });
  }

  /** The deliveries that gave up, newest first. */
  public Future<List<DeadLetter>> deadLetters(int limit) {
    return store.deadLetters(limit);
  }

  /** Puts every dead letter back in the outbox with fresh attempts; returns how many. */
  public Future<Long> replay() {
    return store.replay(clock.millis());
  }

  /** The hex HMAC-SHA256 of {@code text} with {@code secret}. */
  public static String sign(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
