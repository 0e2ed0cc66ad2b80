package io.relevo.handoff.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Agent tokens taken back before they expire, kept in Redis for all instances: one token (by its
 * {@code jti}, kept until the token would have expired anyway), or every token an agent was issued
 * up to a moment ("sign out everywhere"). Thread-safe; futures complete on the caller's context.
 */
final class Revocations {

  private final Vertx vertx;
  private final RedisConnector redis;

  Revocations(Vertx vertx, RedisConnector redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** Takes back the token {@code jti} of {@code agentId}, which expires at {@code expires}. */
  Future<Void> revoke(String agentId, String jti, Instant expires) {
    long ms = Math.max(1000, Duration.between(Instant.now(), expires).toMillis() + 60_000);
    return call(redis.commands().set(revokedKey(agentId, jti), "1", SetArgs.Builder.px(ms))).mapEmpty();
  }

  /** Takes back every token of {@code agentId} issued up to now; {@code ttl} is the longest a token lives. */
  Future<Void> revokeAll(String agentId, Duration ttl) {
    return call(redis.commands().set(notBeforeKey(agentId), Long.toString(System.currentTimeMillis()),
        SetArgs.Builder.px(ttl.toMillis() + 60_000))).mapEmpty();
  }

  /** Whether the token {@code jti} of {@code agentId}, issued at {@code issuedAtMillis} (epoch), was taken back. */
  Future<Boolean> revoked(String agentId, String jti, long issuedAtMillis) {
    // both keys share the agent's hash tag: one MGET, also on a Cluster
    return call(redis.commands().mget(revokedKey(agentId, jti), notBeforeKey(agentId))).map(values -> {
      List<KeyValue<String, String>> v = values;
      if (v.get(0).hasValue()) {
        return true;
      }
      return v.get(1).hasValue() && issuedAtMillis <= Long.parseLong(v.get(1).getValue());
    });
  }

  private static String revokedKey(String agentId, String jti) {
    return io.relevo.redis.Keyspace.revokedToken(agentId, jti);
  }

  private static String notBeforeKey(String agentId) {
    return io.relevo.redis.Keyspace.notBefore(agentId);
  }

  private <T> Future<T> call(java.util.concurrent.CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
