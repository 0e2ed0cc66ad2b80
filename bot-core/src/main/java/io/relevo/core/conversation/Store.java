package io.relevo.core.conversation;

import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.relevo.core.conversation.ConversationException.Reason;
import io.relevo.core.conversation.ConversationService.Options;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The conversation store's way to Redis, shared by the parts of {@link ConversationService}: the
 * commands, write scripts held during a failover, results brought back to the caller's context and
 * Redis failures mapped to {@link Reason#UNAVAILABLE}. Thread-safe.
 */
final class Store {

  private final Vertx vertx;
  private final RedisConnector redis;
  private final Options options;

  Store(Vertx vertx, RedisConnector redis, Options options) {
    this.vertx = vertx;
    this.redis = redis;
    this.options = options;
  }

  Vertx vertx() {
    return vertx;
  }

  Options options() {
    return options;
  }

  RedisClusterAsyncCommands<String, String> commands() {
    return redis.commands();
  }

  /** The retention in milliseconds, as the scripts take it. */
  String ttl() {
    return Long.toString(options.retention().toMillis());
  }

  /** The lock lease in milliseconds, as the scripts take it. */
  String lease() {
    return Long.toString(options.lockLease().toMillis());
  }

  /**
   * Completes when this instance's writes to the conversation reached the replicas Redis is set to
   * confirm ({@code redis.ackReplicas}): what is acknowledged then survives a failover.
   */
  Future<Void> replicated(String conversationId) {
    return call(redis.replicated(Keys.meta(conversationId)));
  }

  /**
   * Runs a write script, unless Redis asks for no writes now (a Sentinel failover is under way: a
   * write could reach the old master, be seen live by subscribers there, and then vanish with it).
   */
  <T> Future<T> write(java.util.function.Supplier<CompletionStage<T>> script) {
    if (redis.writesHeld()) {
      return Future.failedFuture(new ConversationException(Reason.UNAVAILABLE, "a Redis failover is under way"));
    }
    return call(script.get());
  }

  /** Brings a Lettuce result back to the caller's context, mapping Redis failures. */
  <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(unavailable(e)));
  }

  static Throwable unavailable(Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ConversationException) {
      return cause;
    }
    if (cause instanceof RedisException || cause instanceof java.io.IOException
        || cause instanceof java.util.concurrent.TimeoutException) {
      return new ConversationException(Reason.UNAVAILABLE, "the conversation store is unavailable", cause);
    }
    return cause;
  }
}
