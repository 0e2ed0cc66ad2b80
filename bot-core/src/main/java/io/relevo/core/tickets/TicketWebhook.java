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
 * attempt it goes to a dead-letter list that an administrator can replay.
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
  static final String ATTEMPTS = "{tickets}:outbox:attempts";
  static final String DEAD = "{tickets}:webhook:dead";
  private static final LuaScript CLAIM = LuaScript.load(TicketWebhook.class, "claim.lua", ScriptOutputType.MULTI);
  private static final LuaScript REPLAY = LuaScript.of("""
      local n = 0
      local now = tonumber(ARGV[1])
      while true do
        local entry = redis.call('RPOP', KEYS[1])
        if not entry then return n end
        local d = cjson.decode(entry)
        redis.call('HSET', KEYS[3], d.deliveryId, d.payload)
        redis.call('ZADD', KEYS[2], now, d.deliveryId)
        redis.call('HDEL', KEYS[4], d.deliveryId)
        n = n + 1
      end
      """, ScriptOutputType.INTEGER);

  /**
   * @param url where to POST
   * @param secret the HMAC key shared with the receiver
   * @param maxAttempts attempts before a delivery goes to the dead-letter list
   * @param backoff wait after the first failure; doubles each time, up to {@code maxBackoff}
   * @param timeout how long one request may take
   */
  public record Options(String url, String secret, int maxAttempts, Duration backoff, Duration maxBackoff,
      Duration timeout) {
  }

  /** A delivery that gave up, as kept in the dead-letter list. */
  public record DeadLetter(String deliveryId, String event, String ticketId, int attempts, String lastError, String at) {
  }

  private final Vertx vertx;
  private final RedisConnector redis;
  private final Options options;
  private final Clock clock;
  private final WebClient client;
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
        call(c.hdel(RedisTicketSystem.OUTBOX_ITEMS, deliveryId)), call(c.hdel(ATTEMPTS, deliveryId))).mapEmpty();
  }

  private Future<Void> failed(String deliveryId, String payload, JsonObject p, String error) {
    var c = redis.commands();
    return call(c.hincrby(ATTEMPTS, deliveryId, 1)).compose(attempts -> {
      if (attempts >= options.maxAttempts()) {
        LOG.warn("Webhook delivery {} gave up after {} attempts: {}", deliveryId, attempts, error);
        JsonObject ticket = p.getJsonObject("ticket", new JsonObject());
        String dead = new JsonObject().put("deliveryId", deliveryId).put("payload", payload)
            .put("event", p.getString("event")).put("ticketId", ticket.getString("id"))
            .put("attempts", attempts).put("lastError", error).put("at", clock.instant().toString()).encode();
        return call(c.lpush(DEAD, dead)).compose(n -> Future.join(call(c.zrem(RedisTicketSystem.OUTBOX, deliveryId)),
            call(c.hdel(RedisTicketSystem.OUTBOX_ITEMS, deliveryId)), call(c.hdel(ATTEMPTS, deliveryId)))).mapEmpty();
      }
      long wait = Math.min(options.maxBackoff().toMillis(), options.backoff().toMillis() << Math.min(20, attempts - 1));
      LOG.info("Webhook delivery {} failed ({}); attempt {} of {} in {} ms", deliveryId, error, attempts + 1,
          options.maxAttempts(), wait);
      return call(c.zadd(RedisTicketSystem.OUTBOX, (double) clock.millis() + wait, deliveryId)).mapEmpty();
    });
  }

  /** The deliveries that gave up, newest first. */
  public Future<List<DeadLetter>> deadLetters(int limit) {
    return call(redis.commands().lrange(DEAD, 0, limit - 1)).map(rows -> rows.stream().map(JsonObject::new)
        .map(d -> new DeadLetter(d.getString("deliveryId"), d.getString("event"), d.getString("ticketId"),
            d.getInteger("attempts", 0), d.getString("lastError"), d.getString("at")))
        .toList());
  }

  /** Puts every dead letter back in the outbox with fresh attempts; returns how many. */
  public Future<Long> replay() {
    return call(REPLAY.<Long>run(redis.commands(), new String[] {DEAD, RedisTicketSystem.OUTBOX,
        RedisTicketSystem.OUTBOX_ITEMS, ATTEMPTS}, Long.toString(clock.millis())));
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
