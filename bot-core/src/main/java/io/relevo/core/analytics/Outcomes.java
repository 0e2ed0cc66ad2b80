package io.relevo.core.analytics;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * How conversations end, for analytics: the outcome of each (resolved by the bot, handed off; a
 * conversation with neither was abandoned) and the satisfaction people give (1–5, with an optional
 * comment). Thread-safe; futures complete on the caller's context. Keys share the hash tag
 * {@code {analytics}}: {@code {analytics}:outcome} (conversation → outcome),
 * {@code {analytics}:outcomes} and {@code {analytics}:csat} (counters), and
 * {@code {analytics}:csat:comments} (a capped stream).
 */
public final class Outcomes {

  /** The conversation's matter was solved by the bot (a helpful answer, a ticket opened...). */
  public static final String RESOLVED_BY_BOT = "resolved_by_bot";
  /** The conversation was passed to a person. */
  public static final String HANDED_OFF = "handed_off";

  private final Vertx vertx;
  private final RedisConnector redis;

  public Outcomes(Vertx vertx, RedisConnector redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** Records {@code outcome} for a conversation; a later outcome replaces an earlier one. */
  public Future<Void> record(String conversationId, String outcome) {
    var c = redis.commands();
    return call(c.hget("{analytics}:outcome", conversationId)).compose(previous -> {
      if (outcome.equals(previous)) {
        return Future.succeededFuture();
      }
      Future<?> undo = previous == null ? Future.succeededFuture() : call(c.hincrby("{analytics}:outcomes", previous, -1));
      return undo.compose(v -> call(c.hset("{analytics}:outcome", conversationId, outcome)))
          .compose(v -> call(c.hincrby("{analytics}:outcomes", outcome, 1))).mapEmpty();
    });
  }

  /** Records a satisfaction score from 1 to 5. */
  public Future<Void> satisfaction(int score) {
    if (score < 1 || score > 5) {
      return Future.failedFuture(new IllegalArgumentException("a score is 1 to 5"));
    }
    return call(redis.commands().hincrby("{analytics}:csat", Integer.toString(score), 1)).mapEmpty();
  }

  /** Keeps a satisfaction comment (the last 10,000). */
  public Future<Void> comment(int score, String lang, String text) {
    String t = text.length() > 1000 ? text.substring(0, 1000) : text;
    return call(redis.commands().xadd("{analytics}:csat:comments",
        io.lettuce.core.XAddArgs.Builder.maxlen(10_000).approximateTrimming(),
        Map.of("score", Integer.toString(score), "lang", lang, "text", t))).mapEmpty();
  }

  /** Counts per outcome. */
  public Future<Map<String, String>> outcomes() {
    return call(redis.commands().hgetall("{analytics}:outcomes"));
  }

  /** Counts per satisfaction score. */
  public Future<Map<String, String>> scores() {
    return call(redis.commands().hgetall("{analytics}:csat"));
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
