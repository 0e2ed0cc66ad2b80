package io.relevo.core.knowledge;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.XAddArgs;
import io.relevo.core.dialogue.TextFold;
import io.relevo.kb.Redaction;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Deflection per knowledge article (times shown, helpful, not helpful) and the questions that
 * found no good answer (the knowledge-gap report), kept in Redis so that every instance counts
 * into the same numbers. Questions are stored redacted: email addresses, phone numbers and
 * card-like numbers never reach Redis.
 *
 * <p>Thread-safe; futures complete on the caller's Vert.x context. Keys share the hash tag
 * {@code {kb}}: {@code {kb}:stats} (a hash, fields {@code ID|shown}, {@code ID|helpful},
 * {@code ID|notHelpful}) and {@code {kb}:gaps} (a capped stream).
 */
public final class KnowledgeStats {

  /** Counters of one article. */
  public record ArticleCounts(String articleId, long shown, long helpful, long notHelpful) {
    /** Share of the answers rated that were rated helpful; 0 when none was rated. */
    public double helpfulRate() {
      long rated = helpful + notHelpful;
      return rated == 0 ? 0 : (double) helpful / rated;
    }
  }

  /** A question asked, redacted, with how many times it (normalised) was asked. */
  public record Gap(String question, String lang, long count, Instant lastAsked, String reason) {
  }

  /** Counters per article ({@code ARTICLE|shown|helpful|notHelpful}) (hash). */
  public static final String STATS = io.relevo.redis.Keyspace.KB_STATS_KEY;
  /** The stream of unanswered questions (fields q, lang, reason, ch). */
  public static final String GAPS = io.relevo.redis.Keyspace.KB_GAPS_KEY;
  /** What is stored instead of a text that could not be redacted. */
  public static final String UNREDACTABLE = "[unredactable text]";
  private static final long GAPS_KEPT = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeStats.class);

  private final Vertx vertx;
  private final RedisConnector redis;

  public KnowledgeStats(Vertx vertx, RedisConnector redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** Counts that {@code articleId} was shown as an answer or a choice. */
  public Future<Void> shown(String articleId) {
    return count(articleId, "shown");
  }

  /** Counts one "this helped" for {@code articleId}. */
  public Future<Void> helpful(String articleId) {
    return count(articleId, "helpful");
  }

  /** Counts one "this did not help" for {@code articleId}. */
  public Future<Void> notHelpful(String articleId) {
    return count(articleId, "notHelpful");
  }

  /**
   * Records a question that found no good answer ({@code reason}: {@code no_answer} or
   * {@code not_helpful}); the text is redacted first and cut to 500 characters.
   */
  public Future<Void> gap(String question, String lang, String reason) {
    return gap(question, lang, reason, "web");
  }

  /** As {@link #gap(String, String, String)}, from a conversation on {@code channel}. */
  public Future<Void> gap(String question, String lang, String reason, String channel) {
    String redacted = redacted(question == null ? "" : question.strip());
    if (redacted.isEmpty()) {
      return Future.succeededFuture();
    }
    if (redacted.length() > 500) {
      redacted = redacted.substring(0, 500);
    }
    Map<String, String> fields = Map.of("q", redacted, "lang", lang, "reason", reason, "ch", channel);
    return call(redis.commands().xadd(GAPS, XAddArgs.Builder.maxlen(GAPS_KEPT).approximateTrimming(), fields))
        .mapEmpty();
  }

  /** The counters of every article that was ever shown, most shown first. */
  public Future<List<ArticleCounts>> articles() {
    return call(redis.commands().hgetall(STATS)).map(all -> {
      Map<String, long[]> by = new HashMap<>();
      all.forEach((field, value) -> {
        int bar = field.lastIndexOf('|');
        if (bar < 0) {
          return;
        }
        long[] c = by.computeIfAbsent(field.substring(0, bar), k -> new long[3]);
        int slot = switch (field.substring(bar + 1)) {
          case "shown" -> 0;
          case "helpful" -> 1;
          default -> 2;
        };
        c[slot] = Long.parseLong(value);
      });
      List<ArticleCounts> out = new ArrayList<>();
      by.forEach((id, c) -> out.add(new ArticleCounts(id, c[0], c[1], c[2])));
      out.sort(Comparator.comparingLong(ArticleCounts::shown).reversed().thenComparing(ArticleCounts::articleId));
      return out;
    });
  }

  /** The latest unanswered questions (up to {@code scan}), grouped, most asked first. */
  public Future<List<Gap>> gaps(int scan, int limit) {
    return gaps(null, null, null, scan, limit);
  }

  /**
   * The unanswered questions asked from {@code from} to {@code to} (null: unbounded) on
   * {@code channel} (null: every channel), the latest {@code scan} at most, grouped, most asked first.
   */
  public Future<List<Gap>> gaps(Instant from, Instant to, String channel, int scan, int limit) {
    String start = from == null ? "-" : Long.toString(Math.max(0, from.toEpochMilli()));
    String end = to == null ? "+" : Long.toString(Math.max(0, to.toEpochMilli()));
    return call(redis.commands().xrevrange(GAPS, io.lettuce.core.Range.create(start, end),
        io.lettuce.core.Limit.from(scan))).map(entries -> {
          Map<String, Gap> grouped = new LinkedHashMap<>();
          for (var e : entries) {
            Map<String, String> f = e.getBody();
            if (channel != null && !channel.equals(f.getOrDefault("ch", "web"))) {
              continue;
            }
            String q = f.getOrDefault("q", "");
            String key = TextFold.words(q) + "|" + f.getOrDefault("lang", "");
            Instant at = Instant.ofEpochMilli(Long.parseLong(e.getId().substring(0, e.getId().indexOf('-'))));
            Gap g = grouped.get(key);
            grouped.put(key, g == null ? new Gap(q, f.getOrDefault("lang", ""), 1, at, f.getOrDefault("reason", ""))
                : new Gap(g.question(), g.lang(), g.count() + 1, g.lastAsked(), g.reason()));
          }
          return grouped.values().stream()
              .sorted(Comparator.comparingLong(Gap::count).reversed().thenComparing(Gap::lastAsked, Comparator.reverseOrder()))
              .limit(limit).toList();
        });
  }

  /**
   * {@code text} redacted; when redaction fails the text is replaced by {@link #UNREDACTABLE}
   * (and a warning without the text is logged), so the question still counts and nothing
   * unredacted is stored.
   */
  public static String redacted(String text) {
    try {
      return Redaction.redact(text);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.warn("Redaction failed ({}) for a text of {} characters; stored a placeholder",
          e.getClass().getSimpleName(), text.length());
      return UNREDACTABLE;
    }
  }

  private Future<Void> count(String articleId, String what) {
    return call(redis.commands().hincrby(STATS, articleId + "|" + what, 1)).mapEmpty();
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

}
