package io.relevo.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.relevo.core.analytics.Analytics;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Business metrics for {@code /metrics}, read from the counters every instance keeps in Redis (so
 * each instance reports the same totals): conversation outcomes ({@code relevo_conversation_outcomes}),
 * satisfaction answers per score ({@code relevo_satisfaction_answers}), knowledge answers shown,
 * helpful and not helpful per article ({@code relevo_kb_article_*}) and unanswered questions
 * ({@code relevo_kb_unanswered_questions}), conversations started ({@code relevo_conversations_started}) and
 * handoffs asked for per reason ({@code relevo_handoffs}). Refreshed by each scrape; thread-safe. The
 * histograms of turn latency, queue wait, agent handling time, event-loop delay and Redis command
 * latency are recorded where they happen, per instance.
 */
final class BusinessMetrics {

  private final Vertx vertx;
  private final RedisConnector redis;
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();

  BusinessMetrics(Vertx vertx, RedisConnector redis, MeterRegistry registry) {
    this.vertx = vertx;
    this.redis = redis;
    this.registry = registry;
  }

  /** Reads the counters again; {@code /metrics} calls it before each scrape. */
  Future<Void> refresh() {
    var c = redis.commands();
    Future<Map<String, String>> outcomes = Future.fromCompletionStage(c.hgetall(Analytics.OUTCOMES), vertx.getOrCreateContext());
    Future<Map<String, String>> csat = Future.fromCompletionStage(c.hgetall(Analytics.CSAT), vertx.getOrCreateContext());
    Future<Map<String, String>> kb = Future.fromCompletionStage(c.hgetall(KnowledgeStats.STATS), vertx.getOrCreateContext());
    Future<Long> gaps = Future.fromCompletionStage(c.xlen(KnowledgeStats.GAPS), vertx.getOrCreateContext());
    Future<Map<String, String>> totals = Future.fromCompletionStage(c.hgetall(Analytics.TOTALS), vertx.getOrCreateContext());
    return Future.all(outcomes, csat, kb, gaps, totals).onSuccess(all -> {
      totals.result().forEach((field, n) -> {
        if (field.equals("conversations")) {
          set("relevo_conversations_started", null, null, n);
        } else if (field.startsWith("handoff|")) {
          set("relevo_handoffs", "reason", field.substring("handoff|".length()), n);
        }
      });
      outcomes.result().forEach((outcome, n) -> set("relevo_conversation_outcomes", "outcome", outcome, n));
      csat.result().forEach((score, n) -> set("relevo_satisfaction_answers", "score", score, n));
      kb.result().forEach((field, n) -> {
        int bar = field.lastIndexOf('|');
        if (bar > 0) {
          String what = switch (field.substring(bar + 1)) {
            case "shown" -> "relevo_kb_article_shown";
            case "helpful" -> "relevo_kb_article_helpful";
            default -> "relevo_kb_article_not_helpful";
          };
          set(what, "article", field.substring(0, bar), n);
        }
      });
      set("relevo_kb_unanswered_questions", null, null, Long.toString(gaps.result()));
    }).mapEmpty();
  }

  private void set(String name, String tag, String tagValue, String value) {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return;
    }
    String key = name + "|" + tag + "|" + tagValue;
    values.computeIfAbsent(key, k -> {
      AtomicLong holder = new AtomicLong();
      Gauge.Builder<AtomicLong> b = Gauge.builder(name, holder, AtomicLong::doubleValue);
      if (tag != null) {
        b.tag(tag, tagValue);
      }
      b.register(registry);
      return holder;
    }).set(v);
  }
}
