package io.relevo.app;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.relevo.core.analytics.Analytics;
import io.relevo.core.conversation.LuaScript;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.redis.Keyspace;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The cluster-wide business metrics on {@code /metrics}: totals every instance adds to in Redis, so
 * they are the same whichever instance reads them. Only one instance exports them at a time — the
 * holder of a short Redis lease ({@code {metrics}:exporter}), as leader-only metrics go in other
 * clustered products — so a {@code sum()} over instances counts each once. Another instance takes
 * over within {@link #LEASE} when the exporter stops or dies; the gauge
 * {@code relevo_cluster_metrics_exporter} says which instance exports them (1) and which do not (0).
 *
 * <p>Counters (cumulative since the data began): {@code relevo_conversations_started_total},
 * {@code relevo_handoffs_total{reason}} (conversations, by their first handoff's reason),
 * {@code relevo_knowledge_article_shown_total}, {@code _helpful_total} and {@code _not_helpful_total}
 * (per {@code article}). Gauges: {@code relevo_conversation_outcomes{outcome}} and
 * {@code relevo_satisfaction_scores{score}} (conversations by their current outcome and score, which
 * move), {@code relevo_knowledge_unanswered_questions} (questions kept for review, capped and swept).
 *
 * <p>Thread-safe: {@link #refresh()} may run on any event loop, also concurrently. The instance owns
 * its meters and its lease; {@link #close()} gives the lease up.
 */
final class BusinessMetrics implements AutoCloseable {

  /** How long the lease lasts without renewal: the longest the cluster-wide metrics may be missing. */
  static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration RENEW = Duration.ofSeconds(10);
  private static final String KEY = Keyspace.METRICS_LEASE_KEY;
  private static final String CLUSTER_WIDE = " (cluster-wide, read from Redis, exported by one instance only:"
      + " see relevo_cluster_metrics_exporter)";

  /** Takes the lease if it is free, renews it if it is ours: 1 if we hold it now. */
  private static final LuaScript CLAIM = LuaScript.of("""
      local holder = redis.call('GET', KEYS[1])
      if holder == ARGV[1] or not holder then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
      end
      return 0
      """, ScriptOutputType.INTEGER);
  private static final LuaScript RELEASE = LuaScript.of("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """, ScriptOutputType.INTEGER);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BusinessMetrics.class);

  private final Vertx vertx;
  private final RedisConnector redis;
  private final MeterRegistry registry;
  private final String me = UUID.randomUUID().toString();
  private final AtomicBoolean exporting = new AtomicBoolean();
  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
  private final Map<String, Meter> meters = new ConcurrentHashMap<>();
  private volatile long timer = -1;

  BusinessMetrics(Vertx vertx, RedisConnector redis, MeterRegistry registry) {
    this.vertx = vertx;
    this.redis = redis;
    this.registry = registry;
    Gauge.builder("relevo_cluster_metrics_exporter", exporting, e -> e.get() ? 1 : 0)
        .description("1 on the one instance that exports the cluster-wide totals read from Redis "
            + "(relevo_conversations_started_total and the like), 0 on the others; another takes over when the exporter stops or cannot renew its lease in Redis for 30 s")
        .register(registry);
  }

  /** Claims or renews the lease now and then every {@link #RENEW}. */
  BusinessMetrics start() {
    claim();
    timer = vertx.setPeriodic(RENEW.toMillis(), t -> claim());
    return this;
  }

  /** Renews the lease (or takes a free one), then reads the totals if this instance exports them; before each scrape. */
  Future<Void> refresh() {
    return claim().compose(exporter -> exporter ? read() : Future.succeededFuture());
  }

  private Future<Boolean> claim() {
    return Future.<Long>fromCompletionStage(CLAIM.run(redis.commands(), new String[] {KEY}, me,
        Long.toString(LEASE.toMillis())), vertx.getOrCreateContext())
        .map(n -> n == 1L)
        .otherwise(e -> {
          LOG.debug("Cannot renew the metrics lease: {}", e.toString());
          return exporting.get(); // keep what we export until the lease would have run out
        })
        .onSuccess(this::exporting);
  }

  private void exporting(boolean now) {
    if (exporting.getAndSet(now) && !now) {
      meters.values().forEach(registry::remove);
      meters.clear();
      values.clear();
    }
  }

  private Future<Void> read() {
    var c = redis.commands();
    var context = vertx.getOrCreateContext();
    Future<Map<String, String>> outcomes = Future.fromCompletionStage(c.hgetall(Analytics.OUTCOMES), context);
    Future<Map<String, String>> csat = Future.fromCompletionStage(c.hgetall(Analytics.CSAT), context);
    Future<Map<String, String>> kb = Future.fromCompletionStage(c.hgetall(KnowledgeStats.STATS), context);
    Future<Long> gaps = Future.fromCompletionStage(c.xlen(KnowledgeStats.GAPS), context);
    Future<Map<String, String>> totals = Future.fromCompletionStage(c.hgetall(Analytics.TOTALS), context);
    return Future.all(outcomes, csat, kb, gaps, totals).onSuccess(all -> {
      if (!exporting.get()) {
        return;
      }
      totals.result().forEach((field, n) -> {
        if (field.equals("conversations")) {
          counter("relevo_conversations_started", "Conversations started", null, null, n);
        } else if (field.startsWith("handoff|")) {
          counter("relevo_handoffs", "Handoffs to a person asked for, per reason", "reason",
              field.substring("handoff|".length()), n);
        }
      });
      // these move: a conversation's outcome changes, a changed score replaces the earlier one
      outcomes.result().forEach((outcome, n) -> gauge("relevo_conversation_outcomes",
          "Conversations by their current outcome", "outcome", outcome, n));
      csat.result().forEach((score, n) -> gauge("relevo_satisfaction_scores",
          "Conversations by their current satisfaction score", "score", score, n));
      kb.result().forEach((field, n) -> {
        int bar = field.lastIndexOf('|');
        if (bar > 0) {
          String article = field.substring(0, bar);
          switch (field.substring(bar + 1)) {
            case "shown" -> counter("relevo_knowledge_article_shown", "Answers that showed a knowledge article",
                "article", article, n);
            case "helpful" -> counter("relevo_knowledge_article_helpful", "Knowledge articles people found helpful",
                "article", article, n);
            default -> counter("relevo_knowledge_article_not_helpful",
                "Knowledge articles people found not helpful", "article", article, n);
          }
        }
      });
      long kept = gaps.result();
      meters.computeIfAbsent("relevo_knowledge_unanswered_questions", k -> {
        AtomicLong holder = values.computeIfAbsent(k, x -> new AtomicLong());
        return Gauge.builder(k, holder, AtomicLong::doubleValue)
            .description("Unanswered questions kept for review (the newest 10,000 within retention.feedback)" + CLUSTER_WIDE)
            .register(registry);
      });
      values.get("relevo_knowledge_unanswered_questions").set(kept);
    }).mapEmpty();
  }

  /** Exports {@code name_total}, a counter that follows the Redis total {@code value}. */
  private void counter(String name, String help, String tag, String tagValue, String value) {
    export(name, tag, tagValue, value, holder -> {
      FunctionCounter.Builder<AtomicLong> b = FunctionCounter.builder(name, holder, AtomicLong::doubleValue)
          .description(help + CLUSTER_WIDE);
      if (tag != null) {
        b.tag(tag, tagValue);
      }
      return b.register(registry);
    });
  }

  /** Exports {@code name}, a gauge that follows the Redis count {@code value}, which may go down. */
  private void gauge(String name, String help, String tag, String tagValue, String value) {
    export(name, tag, tagValue, value, holder -> Gauge.builder(name, holder, AtomicLong::doubleValue)
        .description(help + CLUSTER_WIDE).tag(tag, tagValue).register(registry));
  }

  private void export(String name, String tag, String tagValue, String value,
      java.util.function.Function<AtomicLong, io.micrometer.core.instrument.Meter> register) {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return;
    }
    String key = name + "|" + tag + "|" + tagValue;
    AtomicLong holder = values.computeIfAbsent(key, k -> new AtomicLong());
    holder.set(Math.max(0, v));
    meters.computeIfAbsent(key, k -> register.apply(holder));
  }

  /** Stops renewing and gives the lease up, so another instance exports at its next scrape; waits up to a second. */
  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    try {
      RELEASE.run(redis.commands(), new String[] {KEY}, me).toCompletableFuture().get(1, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("Cannot give the metrics lease up (it runs out by itself): {}", e.toString());
    }
  }
}
