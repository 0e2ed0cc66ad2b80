package io.relevo.core.tickets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.LuaScript;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What the webhook keeps in Redis beside the tickets: the deliveries not yet made (the outbox that
 * {@link RedisTicketSystem} fills) and the dead-letter list of deliveries that gave up, newest
 * first. Each carries a copy of a ticket, so this class also forgets them: the dead letters past
 * their retention ({@link #dropDeadLettersBefore}, from the retention sweeper), and everything that
 * carries an erased person's tickets ({@link #erase}). The dead-letter list is also capped at each
 * push ({@code tickets.webhook.deadLetterMax}, by {@link TicketWebhook}).
 *
 * <p>Thread-safe; results complete on the caller's Vert.x context.
 */
public final class WebhookStore {

  static final String DEAD = io.relevo.redis.Keyspace.WEBHOOK_DEAD_LETTERS_KEY;
  static final String ATTEMPTS = io.relevo.redis.Keyspace.WEBHOOK_ATTEMPTS_KEY;
  private static final int PAGE = 200;
  private static final LuaScript REPLAY = LuaScript.of("""
      local n = 0
      local now = tonumber(ARGV[1])
      while true do
        local entry = redis.call('RPOP', KEYS[1])
        if not entry then return n end
        local d = cjson.decode(entry)
        redis.call('HSET', KEYS[3], d.deliveryId, d.payload)
        redis.call('ZADD', KEYS[2], now, d.deliveryId)
        redis.call('HDEL', KEYS[4], d.deliveryId)
        n = n + 1
      end
      """, ScriptOutputType.INTEGER);
  /**
   * Drops from the oldest end the dead letters given up before ARGV[1] (an ISO-8601 instant cut to
   * the second, which compares as text), at most ARGV[2]; an entry without a readable time goes too.
   */
  private static final LuaScript DROP_OLD = LuaScript.of("""
      local n = 0
      while n < tonumber(ARGV[2]) do
        local last = redis.call('LINDEX', KEYS[1], -1)
        if not last then break end
        local ok, d = pcall(cjson.decode, last)
        local at = ok and type(d) == 'table' and type(d.at) == 'string' and string.sub(d.at, 1, 19) or ''
        if at >= ARGV[1] then break end
        redis.call('RPOP', KEYS[1])
        n = n + 1
      end
      return n
      """, ScriptOutputType.INTEGER);

  private final Vertx vertx;
  private final RedisConnector redis;

  public WebhookStore(Vertx vertx, RedisConnector redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** The newest {@code limit} dead letters. */
  public Future<List<TicketWebhook.DeadLetter>> deadLetters(int limit) {
    return call(redis.commands().lrange(DEAD, 0, limit - 1L)).map(rows -> rows.stream().map(JsonObject::new)
        .map(d -> new TicketWebhook.DeadLetter(d.getString("deliveryId"), d.getString("event"), d.getString("ticketId"),
            d.getInteger("attempts", 0), d.getString("lastError"), d.getString("at")))
        .toList());
  }

  /** Puts every dead letter back in the outbox with fresh attempts; returns how many. */
  public Future<Long> replay(long nowMillis) {
    return call(REPLAY.<Long>run(redis.commands(), new String[] {DEAD, RedisTicketSystem.OUTBOX,
        RedisTicketSystem.OUTBOX_ITEMS, ATTEMPTS}, Long.toString(nowMillis)));
  }

  /**
   * Drops the dead letters that gave up before {@code cutoff} (from the oldest end, where they
   * gather; an entry pushed by an instance whose clock runs behind may stay a sweep longer).
   */
  public Future<Long> dropDeadLettersBefore(Instant cutoff) {
    return dropOld(cutoff.toString().substring(0, 19), 0);
  }

  private Future<Long> dropOld(String cutoff, long dropped) {
    return call(DROP_OLD.<Long>run(redis.commands(), new String[] {DEAD}, cutoff, Integer.toString(PAGE)))
        .compose(n -> n < PAGE ? Future.succeededFuture(dropped + n) : dropOld(cutoff, dropped + n));
  }

  /**
   * Removes the pending deliveries and the dead letters that carry a ticket of the requester
   * {@code requesterKey}; returns how many. A delivery in flight meanwhile is not retried nor
   * dead-lettered once its entry is gone.
   */
  public Future<Long> erase(String requesterKey) {
    return erasePending(requesterKey, "0", 0).compose(pending -> eraseDead(requesterKey, 0, 0).map(dead -> pending + dead));
  }

  private Future<Long> erasePending(String requesterKey, String cursor, long erased) {
    var c = redis.commands();
    return call(c.hscan(RedisTicketSystem.OUTBOX_ITEMS, io.lettuce.core.ScanCursor.of(cursor), ScanArgs.Builder.limit(PAGE)))
        .compose(page -> {
          List<String> theirs = new ArrayList<>();
          page.getMap().forEach((id, payload) -> {
            if (carries(payload, requesterKey)) {
              theirs.add(id);
            }
          });
          List<Future<?>> done = new ArrayList<>();
          for (String id : theirs) {
            done.add(call(c.hdel(RedisTicketSystem.OUTBOX_ITEMS, id)));
            done.add(call(c.zrem(RedisTicketSystem.OUTBOX, id)));
            done.add(call(c.hdel(ATTEMPTS, id)));
          }
          long total = erased + theirs.size();
          return Future.all(done).compose(v -> page.isFinished() ? Future.succeededFuture(total)
              : erasePending(requesterKey, page.getCursor(), total));
        });
  }

  /** Pages through the list; each removal moves the entries after it one place up. */
  private Future<Long> eraseDead(String requesterKey, long start, long erased) {
    var c = redis.commands();
    return call(c.lrange(DEAD, start, start + PAGE - 1)).compose(page -> {
      List<Future<Long>> removed = new ArrayList<>();
      for (String entry : page) {
        if (deadLetterCarries(entry, requesterKey)) {
          removed.add(call(c.lrem(DEAD, 0, entry)));
        }
      }
      return Future.all(removed).compose(v -> {
        long n = removed.stream().mapToLong(Future::result).sum();
        return page.size() < PAGE ? Future.succeededFuture(erased + n)
            : eraseDead(requesterKey, start + page.size() - n, erased + n);
      });
    });
  }

  private static boolean deadLetterCarries(String entry, String requesterKey) {
    if (mayAppearAsIs(requesterKey) && !entry.contains(requesterKey)) {
      return false; // most entries: no parsing
    }
    try {
      return carries(new JsonObject(entry).getString("payload"), requesterKey);
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }

  /** Whether a delivery's payload carries a ticket of {@code requesterKey}. */
  static boolean carries(String payload, String requesterKey) {
    if (payload == null || (mayAppearAsIs(requesterKey) && !payload.contains(requesterKey))) {
      return false;
    }
    try {
      JsonObject ticket = new JsonObject(payload).getJsonObject("ticket");
      JsonObject requester = ticket == null ? null : ticket.getJsonObject("requester");
      return requester != null && requesterKey.equals(requester.getString("key"));
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }

  /** Whether JSON, even nested in a JSON string, writes {@code text} unescaped. */
  private static boolean mayAppearAsIs(String text) {
    return text.chars().allMatch(ch -> ch >= 0x20 && ch != '"' && ch != '\\' && ch != '/');
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }
}
