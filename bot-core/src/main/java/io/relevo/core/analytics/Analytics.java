package io.relevo.core.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAddArgs;
import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.LuaScript;
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
 * personal data. What is counted per conversation (started, its outcome, its first handoff reason,
 * articles shown, rated and deflecting, a ticket, its satisfaction score) is counted once per
 * conversation, in the bucket of the day it started: the conversation's own record
 * {@code {analytics}:c:ID} (kept as long as the conversation, erased with it) says what was
 * already counted, and one Lua script reads and writes both atomically, so a retried or repeated
 * event, or two instances, never count twice and a count never goes below zero. Intents,
 * unanswered questions and times to an agent are counted per event, on the day they happen.
 * Totals for {@code /metrics} are kept beside them ({@code {analytics}:outcomes},
 * {@code {analytics}:csat}, {@code {analytics}:totals}). {@link AnalyticsReport} reads them back;
 * {@code README.md} ("Analytics") states the definitions.
 *
 * <p>Thread-safe; futures complete on the caller's context. Counting is best effort: a failure is
 * logged and never fails the conversation.
 */
public final class Analytics {

  /** Solved by the bot without a person: an answer rated helpful, or a request taken in full by a form. */
  public static final String RESOLVED_BY_BOT = "resolved_by_bot";
  /** The conversation was put in line for a person (at least once). */
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
  private static final LuaScript COUNT = LuaScript.load(Analytics.class, "count.lua", ScriptOutputType.INTEGER);

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

  /** A conversation was opened (counted once per conversation). */
  public Future<Void> started(Conversation c) {
    return quietly(call(redis.commands().sadd(CHANNELS, channel(c))).compose(v -> once(c, "start", "", "")));
  }

  /** What the person wanted in one message ({@code out_of_scope} included). */
  public Future<Void> intent(Conversation c, String intent) {
    return count(c, "intent|" + intent);
  }

  /**
   * A handoff to a person was asked for, for {@code reason}. With {@code queued}, the
   * conversation was put in line for an agent: it counts as handed off, once, by the reason of its
   * first handoff (later ones, after an agent handed it back, change nothing). Without, nobody
   * could take it: it counts once among the conversations that found nobody. Either way the
   * articles shown before did not deflect.
   */
  public Future<Void> handoff(Conversation c, String reason, boolean queued) {
    if (reason == null || reason.isBlank()) {
      return rejected("a handoff without a reason");
    }
    return once(c, "handoff", reason, queued ? "1" : "0");
  }

  /** A knowledge article was shown as the answer (counted once per conversation and article). */
  public Future<Void> shown(Conversation c, String articleId) {
    if (articleId == null || articleId.isBlank()) {
      return rejected("an article shown without an id");
    }
    return once(c, "shown", articleId, "");
  }

  /**
   * The person rated an article shown: its last rating in the conversation counts. A helpful one
   * makes the conversation resolved by the bot (unless it already reached a person).
   */
  public Future<Void> rated(Conversation c, String articleId, boolean helpful) {
    if (articleId == null || articleId.isBlank()) {
      return rejected("a rating without an article");
    }
    return once(c, "rated", articleId, helpful ? "1" : "0");
  }

  /**
   * A ticket was opened from the conversation: the articles shown before did not deflect. With
   * {@code resolves}, the bot took the request in full (a form): the conversation is resolved by
   * the bot unless it already reached a person. A ticket left because nobody could take the
   * conversation, or a critical incident a person is offered for, does not resolve it.
   */
  public Future<Void> ticket(Conversation c, boolean resolves) {
    return once(c, "ticket", "", resolves ? "1" : "0");
  }

  /** A question found no answer. */
  public Future<Void> unanswered(Conversation c) {
    return count(c, "unanswered");
  }

  /** A satisfaction score from 1 to 5: the conversation's last score counts. */
  public Future<Void> satisfaction(Conversation c, int score) {
    if (score < 1 || score > 5) {
      return Future.failedFuture(new IllegalArgumentException("a score is 1 to 5"));
    }
    return once(c, "csat", Integer.toString(score), "");
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

  private Future<Void> once(Conversation c, String event, String a, String b) {
    String[] keys = {conversationKey(c.id()), bucket(dayOf(c.createdAt()), channel(c)), OUTCOMES, TOTALS, CSAT};
    return quietly(call(COUNT.<Long>run(redis.commands(), keys, event, a, b,
        Long.toString(conversationRetention.toMillis()), Long.toString(keep.toMillis()))));
  }

  private static Future<Void> rejected(String what) {
    LOG.debug("Not counted: {}", what);
    return Future.succeededFuture();
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
