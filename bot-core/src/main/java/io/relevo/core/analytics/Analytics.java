package io.relevo.core.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.XAddArgs;
import io.relevo.core.conversation.Conversation;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What happens in conversations, counted for operators: conversations started, how they end
 * (resolved by the bot, handed off; neither is abandoned), intents, handoff reasons, knowledge
 * answers shown, rated and deflecting, unanswered questions, satisfaction, time to an agent and
 * agent handling time.
 *
 * <p>Counts are kept per day (in {@link #zone()}) and channel in Redis hashes
 * {@code {analytics}:d:DAY:CHANNEL} that expire after the analytics retention; they hold no
 * personal data. A conversation's outcome and deflecting article are counted in the bucket of the
 * day it started, and move when the outcome changes (a conversation first resolved by an answer,
 * then handed off, counts as handed off). Totals for {@code /metrics} are kept beside them
 * ({@code {analytics}:outcomes}, {@code {analytics}:csat}, {@code {analytics}:totals}).
 * {@link AnalyticsReport} reads them back.
 *
 * <p>Thread-safe; futures complete on the caller's context. Counting is best effort: a failure is
 * logged and never fails the conversation.
 */
public final class Analytics {

  /** The conversation's matter was solved by the bot (a helpful answer, a ticket opened...). */
  public static final String RESOLVED_BY_BOT = "resolved_by_bot";
  /** The conversation was passed to a person. */
  public static final String HANDED_OFF = "handed_off";

  /** Totals per outcome (hash). */
  public static final String OUTCOMES = io.relevo.redis.Keyspace.ANALYTICS_OUTCOMES_KEY;
  /** Satisfaction answers per score (hash). */
  public static final String CSAT = io.relevo.redis.Keyspace.ANALYTICS_CSAT_KEY;
  /** Conversations started and handoffs per reason ({@code handoff|REASON}) (hash). */
  public static final String TOTALS = io.relevo.redis.Keyspace.ANALYTICS_TOTALS_KEY;
  static final String CHANNELS = io.relevo.redis.Keyspace.ANALYTICS_CHANNELS_KEY;
  /** Satisfaction comments, redacted (stream). */
  public static final String COMMENTS = io.relevo.redis.Keyspace.CSAT_COMMENTS_KEY;

  private static final Logger LOG = LoggerFactory.getLogger(Analytics.class);

  private final Vertx vertx;
  private final RedisConnector redis;
  private final ZoneId zone;
  private final Duration keep;
  private final Duration conversationRetention;
  private final io.micrometer.core.instrument.Timer waitTimer;
  private final io.micrometer.core.instrument.Timer handlingTimer;

  /**
   * @param zone the time zone of the days counts are kept by
   * @param keep how long the daily counts are kept
   * @param conversationRetention how long a conversation's own analytics record (its outcome) is
   *     kept, like its transcript
   * @param metrics where this instance's time-to-agent and handling-time histograms go
   *     ({@code relevo_queue_wait_seconds}, {@code relevo_agent_handling_seconds}), or null
   */
  public Analytics(Vertx vertx, RedisConnector redis, ZoneId zone, Duration keep, Duration conversationRetention,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    var registry = metrics == null ? new io.micrometer.core.instrument.simple.SimpleMeterRegistry() : metrics;
    this.waitTimer = io.micrometer.core.instrument.Timer.builder("relevo_queue_wait")
        .description("Time a person waited in a queue until an agent took the conversation")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(2))
        .register(registry);
    this.handlingTimer = io.micrometer.core.instrument.Timer.builder("relevo_agent_handling")
        .description("Time an agent held a conversation until closing it or handing it back")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(8))
        .register(registry);
    this.vertx = vertx;
    this.redis = redis;
    this.zone = zone;
    this.keep = keep;
    this.conversationRetention = conversationRetention;
  }

  public ZoneId zone() {
    return zone;
  }

  static String bucket(LocalDate day, String channel) {
    return io.relevo.redis.Keyspace.analyticsDay(day.toString(), channel);
  }

  /** The key of a conversation's own analytics record. */
  public static String conversationKey(String conversationId) {
    return io.relevo.redis.Keyspace.analyticsConversation(conversationId);
  }

  /** A conversation was opened. */
  public Future<Void> started(Conversation c) {
    var cmd = redis.commands();
    String key = bucket(dayOf(c.createdAt()), channel(c));
    return quietly(Future.all(call(cmd.sadd(CHANNELS, channel(c))), call(cmd.hincrby(key, "conversations", 1)),
        call(cmd.hincrby(TOTALS, "conversations", 1)), call(cmd.pexpire(key, keep.toMillis()))));
  }

  /** What the person wanted in one message ({@code out_of_scope} included). */
  public Future<Void> intent(Conversation c, String intent) {
    return count(c, "intent|" + intent);
  }

  /** A handoff to a person was asked for, for {@code reason} (whether or not someone was available). */
  public Future<Void> handoff(Conversation c, String reason) {
    return quietly(Future.all(count(c, "handoff|" + reason), call(redis.commands().hincrby(TOTALS, "handoff|" + reason, 1))));
  }

  /** A knowledge article was shown as an answer or a choice. */
  public Future<Void> shown(Conversation c, String articleId) {
    return count(c, "shown|" + articleId);
  }

  /** The person said the article helped: it is also the conversation's deflecting article. */
  public Future<Void> helpful(Conversation c, String articleId) {
    return count(c, "helpful|" + articleId).compose(v -> outcome(c, RESOLVED_BY_BOT, articleId));
  }

  /** The person said the article did not help. */
  public Future<Void> notHelpful(Conversation c, String articleId) {
    return count(c, "not_helpful|" + articleId);
  }

  /** A question found no answer. */
  public Future<Void> unanswered(Conversation c) {
    return count(c, "unanswered");
  }

  /** A satisfaction score from 1 to 5. */
  public Future<Void> satisfaction(Conversation c, int score) {
    if (score < 1 || score > 5) {
      return Future.failedFuture(new IllegalArgumentException("a score is 1 to 5"));
    }
    return quietly(Future.all(count(c, "csat|" + score), call(redis.commands().hincrby(CSAT, Integer.toString(score), 1))));
  }

  /** Keeps a satisfaction comment, already redacted (the last 10,000, and within the feedback retention). */
  public Future<Void> comment(int score, String lang, String redactedText) {
    String t = redactedText.length() > 1000 ? redactedText.substring(0, 1000) : redactedText;
    return quietly(call(redis.commands().xadd(COMMENTS, XAddArgs.Builder.maxlen(10_000).approximateTrimming(),
        Map.of("score", Integer.toString(score), "lang", lang, "text", t))));
  }

  /** A person waited {@code wait} in a queue before an agent took the conversation. */
  public Future<Void> timeToAgent(Conversation c, Duration wait) {
    waitTimer.record(wait.isNegative() ? Duration.ZERO : wait);
    return duration(c, "wait", wait);
  }

  /** An agent held the conversation for {@code held} (until closing it or handing it back). */
  public Future<Void> handling(Conversation c, Duration held) {
    handlingTimer.record(held.isNegative() ? Duration.ZERO : held);
    return duration(c, "handle", held);
  }

  /** Records {@code outcome} for a conversation; a later outcome replaces an earlier one. */
  public Future<Void> outcome(Conversation c, String outcome) {
    return outcome(c, outcome, null);
  }

  private Future<Void> outcome(Conversation c, String outcome, String article) {
    var cmd = redis.commands();
    String own = conversationKey(c.id());
    String key = bucket(dayOf(c.createdAt()), channel(c));
    return quietly(call(cmd.hmget(own, "outcome", "article")).compose(previous -> {
      String was = previous.get(0).getValueOrElse(null);
      String wasArticle = previous.get(1).getValueOrElse(null);
      String nowArticle = RESOLVED_BY_BOT.equals(outcome) ? (article != null ? article : wasArticle) : null;
      if (outcome.equals(was) && java.util.Objects.equals(wasArticle, nowArticle)) {
        return Future.succeededFuture();
      }
      List<Future<?>> writes = new ArrayList<>();
      if (was != null && !outcome.equals(was)) {
        writes.add(call(cmd.hincrby(key, "outcome|" + was, -1)));
        writes.add(call(cmd.hincrby(OUTCOMES, was, -1)));
      }
      if (!outcome.equals(was)) {
        writes.add(call(cmd.hincrby(key, "outcome|" + outcome, 1)));
        writes.add(call(cmd.hincrby(OUTCOMES, outcome, 1)));
      }
      if (wasArticle != null && !wasArticle.equals(nowArticle)) {
        writes.add(call(cmd.hincrby(key, "deflected|" + wasArticle, -1)));
      }
      if (nowArticle != null && !nowArticle.equals(wasArticle)) {
        writes.add(call(cmd.hincrby(key, "deflected|" + nowArticle, 1)));
      }
      writes.add(call(cmd.hset(own, Map.of("outcome", outcome, "article", nowArticle == null ? "" : nowArticle))));
      writes.add(call(cmd.pexpire(own, conversationRetention.toMillis())));
      writes.add(call(cmd.pexpire(key, keep.toMillis())));
      return Future.all(writes);
    }));
  }

  /** Forgets a conversation's own record (its outcome); the anonymous day counts stay. */
  public Future<Void> forget(String conversationId) {
    return call(redis.commands().del(conversationKey(conversationId))).mapEmpty();
  }

  private Future<Void> duration(Conversation c, String what, Duration d) {
    long ms = Math.max(0, d.toMillis());
    return quietly(Future.all(count(c, what + "s"), countBy(c, what + "_ms", ms),
        count(c, what + "|" + AnalyticsReport.band(ms))));
  }

  private Future<Void> count(Conversation c, String field) {
    return countBy(c, field, 1);
  }

  private Future<Void> countBy(Conversation c, String field, long by) {
    String key = bucket(LocalDate.now(zone), channel(c));
    var cmd = redis.commands();
    return quietly(Future.all(call(cmd.hincrby(key, field, by)), call(cmd.pexpire(key, keep.toMillis()))));
  }

  private LocalDate dayOf(Instant at) {
    return (at == null ? Instant.now() : at).atZone(zone).toLocalDate();
  }

  private static String channel(Conversation c) {
    return c.channel() == null || c.channel().isBlank() ? "web" : c.channel();
  }

  private Future<Void> quietly(Future<?> f) {
    return f.<Void>mapEmpty().recover(e -> {
      LOG.debug("Could not count an analytics event: {}", e.toString());
      return Future.succeededFuture();
    });
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
