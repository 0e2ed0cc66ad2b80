package io.relevo.core.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.SetArgs;
import io.lettuce.core.XTrimArgs;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.WebhookStore;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Deletes what has outlived its retention: resolved, closed and cancelled tickets
 * ({@code retention.closedTickets}), satisfaction comments and unanswered questions
 * ({@code retention.feedback}), audit entries ({@code retention.audit}) and the webhook's dead
 * letters, copies of tickets ({@code retention.webhookDeadLetters}). Transcripts and the
 * daily analytics counts expire by themselves (Redis TTLs). One instance sweeps at a time (a lease
 * in Redis); a failed sweep is logged and tried again at the next period.
 *
 * <p>Thread-safe. The owner calls {@link #start()} once and {@link #stop()} on shutdown.
 */
public final class RetentionSweeper {

  /** The retention periods. */
  public record Periods(Duration closedTickets, Duration feedback, Duration audit, Duration webhookDeadLetters,
      Duration every) {
  }

  /** Streams swept by the feedback period. */
  public static final String[] FEEDBACK_STREAMS = {io.relevo.core.analytics.Analytics.COMMENTS,
      io.relevo.core.knowledge.KnowledgeStats.GAPS};
  /** The audit log's stream. */
  public static final String AUDIT_STREAM = io.relevo.redis.Keyspace.AUDIT_LOG_KEY;

  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
  private static final String LEASE = io.relevo.redis.Keyspace.RETENTION_LEASE_KEY;
  /** Whether this process already deleted the keys of the family no longer used. */
  private volatile boolean legacyDropped;

  private final Vertx vertx;
  private final RedisConnector redis;
  private final RedisTicketSystem tickets;
  private final WebhookStore webhook;
  private final Periods periods;
  private final Clock clock;
  private final String owner = java.util.UUID.randomUUID().toString();
  private long timer = -1;

  public RetentionSweeper(Vertx vertx, RedisConnector redis, RedisTicketSystem tickets, Periods periods, Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.tickets = tickets;
    this.webhook = new WebhookStore(vertx, redis);
    this.periods = periods;
    this.clock = clock;
  }

  /** Sweeps now and then every period. */
  public synchronized void start() {
    if (timer < 0) {
      vertx.runOnContext(v -> sweepIfLeader());
      timer = vertx.setPeriodic(periods.every().toMillis(), t -> sweepIfLeader());
    }
  }

  public synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void sweepIfLeader() {
    long lease = Math.max(1000, periods.every().toMillis() / 2);
    call(redis.commands().set(LEASE, owner, SetArgs.Builder.nx().px(lease)))
        .compose(ok -> "OK".equals(ok) ? sweep().map(n -> {
          if (n.total() > 0) {
            LOG.info("Retention: deleted {} closed tickets, {} feedback entries, {} audit entries, {} webhook dead letters",
                n.tickets(), n.feedback(), n.audit(), n.deadLetters());
          }
          return null;
        }) : Future.succeededFuture())
        .onFailure(e -> LOG.warn("Retention sweep failed; trying again later: {}", e.toString()));
  }

  /** What one sweep deleted. */
  public record Swept(int tickets, long feedback, long audit, long deadLetters) {
    public long total() {
      return tickets + feedback + audit + deadLetters;
    }
  }

  /** One sweep, whoever holds the lease (for tests and the admin). */
  public Future<Swept> sweep() {
    Instant now = clock.instant();
    Future<Integer> t = purgeTickets(now.minus(periods.closedTickets()), 0, 0);
    Future<Long> f = Future.succeededFuture(0L);
    for (String stream : FEEDBACK_STREAMS) {
      f = f.compose(n -> trim(stream, now.minus(periods.feedback())).map(m -> n + m));
    }
    Future<Long> feedback = f;
    Future<Long> audit = trim(AUDIT_STREAM, now.minus(periods.audit()));
    Future<Long> dead = webhook.dropDeadLettersBefore(now.minus(periods.webhookDeadLetters()));
    Future<Long> legacy = legacyDropped ? Future.succeededFuture(0L) : dropLegacy(io.lettuce.core.ScanCursor.INITIAL, 0)
        .onSuccess(n -> {
          legacyDropped = true;
          if (n > 0) {
            LOG.info("Retention: deleted {} keys of a family no longer used (slack:place)", n);
          }
        });
    return Future.all(t, feedback, audit, dead, legacy)
        .map(v -> new Swept(t.result(), feedback.result(), audit.result(), dead.result()));
  }

  private Future<Integer> purgeTickets(Instant cutoff, int kept, int deleted) {
    return tickets.purgeClosedBefore(cutoff, kept, 500).compose(p -> p.scanned() < 500 || deleted > 100_000
        ? Future.succeededFuture(deleted + p.deleted())
        : purgeTickets(cutoff, kept + p.scanned() - p.deleted(), deleted + p.deleted()));
  }

  /**
   * Deletes the keys of {@link io.relevo.redis.Keyspace#LEGACY_SLACK_PLACE}, written with no expiry
   * by earlier versions and never read: one SCAN of the keyspace per process (all masters on a
   * Cluster), one DEL per key (each in its own slot).
   */
  private Future<Long> dropLegacy(io.lettuce.core.ScanCursor cursor, long deleted) {
    var c = redis.commands();
    return call(c.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(io.relevo.redis.Keyspace.LEGACY_SLACK_PLACE_PATTERN)
        .limit(1000))).compose(page -> Future.all(page.getKeys().stream().map(k -> call(c.del(k))).toList())
            .compose(v -> page.isFinished() ? Future.succeededFuture(deleted + page.getKeys().size())
                : dropLegacy(page, deleted + page.getKeys().size())));
  }

  private Future<Long> trim(String stream, Instant cutoff) {
    return call(redis.commands().xtrim(stream, XTrimArgs.Builder.minId(cutoff.toEpochMilli() + "-0")));
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
