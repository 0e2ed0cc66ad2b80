package io.relevo.handoff.auth;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.LuaScript;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Counts sign-in attempts in Redis before the password is checked, all instances together, and
 * decides whether an attempt may be checked at all. One script counts the attempt on three
 * fixed-window counters and decides in the same step, so parallel guesses cannot slip past the
 * limit:
 * <ul>
 * <li>per client address, whatever the names: throttles one address spraying names;</li>
 * <li>per user name and address: throttles one address guessing one agent's password;</li>
 * <li>per user name from all addresses: past its limit, each address gets one attempt at that
 *     name per window, so many addresses guessing together are slowed down too.</li>
 * </ul>
 * None of them locks an agent out: the right password from an address that has not been guessing
 * still gets its attempt, and a signed-in attempt gives its counts back. Thread-safe; futures
 * complete on the caller's context.
 */
final class SignInGate {

  // KEYS: address, name at address, name. ARGV: window ms, limits for the three.
  private static final LuaScript COUNT = LuaScript.of("""
      local counts = {}
      for i = 1, 3 do
        counts[i] = redis.call('INCR', KEYS[i])
        if redis.call('PTTL', KEYS[i]) < 0 then
          redis.call('PEXPIRE', KEYS[i], ARGV[1])
        end
      end
      local refused = 0
      if counts[1] > tonumber(ARGV[2]) then
        refused = 1
      elseif counts[2] > tonumber(ARGV[3]) then
        refused = 2
      elseif counts[3] > tonumber(ARGV[4]) and counts[2] > 1 then
        refused = 3
      end
      local wait = 0
      if refused > 0 then
        wait = redis.call('PTTL', KEYS[refused])
      end
      return {refused, wait, counts[1]}
      """, ScriptOutputType.MULTI);

  private static final LuaScript REFUND = LuaScript.of("""
      for i = 1, #KEYS do
        if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
          redis.call('DECR', KEYS[i])
        end
      end
      return 0
      """, ScriptOutputType.INTEGER);

  /** Limits per window: per address, per name at one address, per name from all addresses. */
  record Limits(int perAddress, int perNameAndAddress, int perName, Duration window) {
  }

  /**
   * The outcome of counting one attempt.
   *
   * @param allowed whether the password may be checked
   * @param retryAfter when the refusing counter's window ends (zero when allowed)
   * @param addressAttempts the address's attempts in this window, this one included
   */
  record Verdict(boolean allowed, Duration retryAfter, long addressAttempts, List<String> keys) {
  }

  private final Vertx vertx;
  private final RedisConnector redis;
  private final Limits limits;

  SignInGate(Vertx vertx, RedisConnector redis, Limits limits) {
    this.vertx = vertx;
    this.redis = redis;
    this.limits = limits;
  }

  /** Counts an attempt at {@code namePseudonym} from {@code addressPseudonym} and decides it. */
  Future<Verdict> count(String addressPseudonym, String namePseudonym) {
    // one hash tag: the three keys live in one Cluster slot, as a script needs
    String[] keys = io.relevo.redis.Keyspace.signInAttempts(namePseudonym, addressPseudonym);
    return Future.<List<Object>>fromCompletionStage(COUNT.run(redis.commands(), keys,
            Long.toString(limits.window().toMillis()), Integer.toString(limits.perAddress()),
            Integer.toString(limits.perNameAndAddress()), Integer.toString(limits.perName())), vertx.getOrCreateContext())
        .map(r -> new Verdict((Long) r.get(0) == 0, Duration.ofMillis(Math.max(0, (Long) r.get(1))), (Long) r.get(2), List.of(keys)));
  }

  /** Gives back what a successful sign-in counted: knowing the password is not an attack. */
  Future<Void> refund(Verdict verdict) {
    return Future.fromCompletionStage(REFUND.<Long>run(redis.commands(), verdict.keys().toArray(String[]::new)), vertx.getOrCreateContext())
        .mapEmpty();
  }
}
