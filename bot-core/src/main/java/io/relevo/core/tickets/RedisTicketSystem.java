package io.relevo.core.tickets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.Json;
import io.relevo.core.conversation.LuaScript;
import io.relevo.core.conversation.Tokens;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The built-in ticket system, in Redis. Ids come from atomic counters ({@code INC-000001},
 * {@code REQ-000001}); every change is a compare-and-set on the ticket's version, retried on
 * conflict, so concurrent changes from several instances are never lost. When a webhook is
 * configured, each change enqueues its delivery in the same atomic step (an outbox), so no change
 * is ever saved without its notification, nor notified without being saved. {@link TicketListener}s
 * are told of each version saved, by the instance that saved it ({@link #listen}).
 *
 * <p>Thread-safe. All keys share the hash tag {@code {tickets}} (one Cluster slot):
 * {@code {tickets}:t:ID} (hash: json, v), {@code {tickets}:all} and {@code {tickets}:by:KEY}
 * (sorted sets), {@code {tickets}:seq:INC|REQ} (counters) and the webhook outbox.
 */
public final class RedisTicketSystem implements TicketSystem {

  static final String ALL = io.relevo.redis.Keyspace.TICKETS_ALL_KEY;
  static final String OUTBOX = io.relevo.redis.Keyspace.WEBHOOK_OUTBOX_KEY;
  static final String OUTBOX_ITEMS = io.relevo.redis.Keyspace.WEBHOOK_OUTBOX_ITEMS_KEY;
  static final String PENDING = io.relevo.redis.Keyspace.APPROVALS_PENDING_KEY;
  private static final Logger LOG = LoggerFactory.getLogger(RedisTicketSystem.class);
  private static final LuaScript SAVE = LuaScript.load(RedisTicketSystem.class, "save.lua", ScriptOutputType.INTEGER);
  private static final LuaScript LIST = LuaScript.load(RedisTicketSystem.class, "list.lua", ScriptOutputType.MULTI);
  private static final int ATTEMPTS = 40;
  private static final int MAX_TEXT = 4000;

  private final Vertx vertx;
  private final RedisConnector redis;
  private final Clock clock;
  private final boolean webhook;
  private final TicketDeletions deletions;
  private final List<TicketListener> listeners = new CopyOnWriteArrayList<>();

  /** @param webhook whether changes are enqueued for the outbound webhook */
  public RedisTicketSystem(Vertx vertx, RedisConnector redis, Clock clock, boolean webhook) {
    this.vertx = vertx;
    this.redis = redis;
    this.clock = clock;
    this.webhook = webhook;
    this.deletions = new TicketDeletions(vertx, redis, new WebhookStore(vertx, redis));
  }

  /** Tells {@code listener} of every version saved from now on; call while wiring. */
  public RedisTicketSystem listen(TicketListener listener) {
    listeners.add(listener);
    return this;
  }

  static String key(String id) {
    return io.relevo.redis.Keyspace.ticket(id);
  }

  static String byRequester(String requesterKey) {
    return io.relevo.redis.Keyspace.ticketsBy(Tokens.sha256Hex(requesterKey).substring(0, 32));
  }

  /** Normalises what people type ({@code inc 12}, {@code req-000045}) to an id, or null. */
  public static String normaliseId(String raw) {
    if (raw == null) {
      return null;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)^\\s*(INC|REQ)[\\s#-]*0*(\\d{1,9})\\s*$").matcher(raw);
    if (!m.matches()) {
      return null;
    }
    return String.format(Locale.ROOT, "%s-%06d", m.group(1).toUpperCase(Locale.ROOT), Long.parseLong(m.group(2)));
  }

  @Override
  public Future<Ticket> create(NewTicket n) {
    if (n.requester() == null || n.title() == null || n.title().isBlank()) {
      return Future.failedFuture(new TicketException(TicketException.Reason.INVALID, "a ticket needs a requester and a title"));
    }
    String impact = level(n.impact());
    String urgency = level(n.urgency());
    return call(redis.commands().incr(io.relevo.redis.Keyspace.ticketSequence(n.kind().prefix()))).compose(seq -> {
      String id = String.format(Locale.ROOT, "%s-%06d", n.kind().prefix(), seq);
      Instant now = clock.instant();
      Ticket.Status status = n.approval() == null ? Ticket.Status.NEW : Ticket.Status.PENDING_APPROVAL;
      Ticket t = new Ticket(id, n.kind(), n.requester(), cut(n.title(), 200), cut(n.description(), MAX_TEXT),
          n.category(), impact, urgency, Ticket.Priority.of(impact, urgency), status, n.fields(),
          n.conversationId(), n.locale(), null, now, now,
          List.of(new Ticket.Change(now, new Ticket.Actor("requester", null, n.requester().name()), "status", null,
              status.code())),
          List.of(), 1, n.approval());
      return save(t, 0, "ticket.created").map(saved -> {
        if (!saved) {
          throw new TicketException(TicketException.Reason.CONFLICT, "ticket id " + id + " already exists");
        }
        told(null, t);
        return t;
      });
    });
  }

  @Override
  public Future<Optional<Ticket>> find(String id) {
    String normal = normaliseId(id);
    if (normal == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return call(redis.commands().hget(key(normal), "json")).map(json -> Optional.ofNullable(json).map(RedisTicketSystem::parse));
  }

  @Override
  public Future<Optional<Ticket>> findFor(String id, Ticket.Requester requester) {
    return find(id).map(t -> t.filter(x -> x.requester().key().equals(requester.key())));
  }

  @Override
  public Future<List<Ticket>> listFor(Ticket.Requester requester, int limit) {
    return list(byRequester(requester.key()), limit)
        .map(all -> all.stream().filter(t -> t.requester().key().equals(requester.key())).toList());
  }

  @Override
  public Future<List<Ticket>> search(String text, Ticket.Status status, int limit) {
    String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    return list(ALL, 2000).map(all -> all.stream()
        .filter(t -> status == null || t.status() == status)
        .filter(t -> needle.isEmpty() || t.id().toLowerCase(Locale.ROOT).contains(needle)
            || t.title().toLowerCase(Locale.ROOT).contains(needle)
            || (t.description() != null && t.description().toLowerCase(Locale.ROOT).contains(needle)))
        .limit(limit).toList());
  }

  @Override
  public Future<Ticket> changeStatus(String id, Ticket.Status status, Ticket.Actor by, String note) {
    return update(id, null, t -> {
      if (t.status() == status) {
        return t;
      }
      if (t.status().isFinal()) {
        throw new TicketException(TicketException.Reason.CONFLICT, "ticket " + t.id() + " is " + t.status().code());
      }
      if (status.byApprovalOnly()) {
        throw new TicketException(TicketException.Reason.CONFLICT, "only its approvers move ticket " + t.id() + " to "
            + status.code());
      }
      if (t.status() == Ticket.Status.PENDING_APPROVAL && status != Ticket.Status.CANCELLED) {
        throw new TicketException(TicketException.Reason.CONFLICT, "ticket " + t.id() + " waits for its approval");
      }
      return moved(t, status, by, note);
    });
  }

  /** {@code t} moved to {@code status}, {@code note} kept as a comment; a pending request cancelled has its approval withdrawn. */
  private Ticket moved(Ticket t, Ticket.Status status, Ticket.Actor by, String note) {
    Instant now = clock.instant();
    if (t.status() == Ticket.Status.PENDING_APPROVAL && status == Ticket.Status.CANCELLED) {
      return ApprovalTickets.withdrawn(t, by, note, now);
    }
    List<Ticket.Change> history = new ArrayList<>(t.history());
    history.add(new Ticket.Change(now, by, "status", t.status().code(), status.code()));
    List<Ticket.Comment> comments = new ArrayList<>(t.comments());
    if (note != null && !note.isBlank()) {
      comments.add(new Ticket.Comment(now, by, cut(note, MAX_TEXT)));
    }
    return with(t, status, history, comments, t.externalId(), now);
  }

  @Override
  public Future<Ticket> comment(String id, Ticket.Requester requester, Ticket.Actor by, String text) {
    if (text == null || text.isBlank()) {
      return Future.failedFuture(new TicketException(TicketException.Reason.INVALID, "a comment needs text"));
    }
    return update(id, requester, t -> {
      if (t.status().isFinal()) {
        throw new TicketException(TicketException.Reason.CONFLICT, "ticket " + t.id() + " is " + t.status().code());
      }
      Instant now = clock.instant();
      List<Ticket.Comment> comments = new ArrayList<>(t.comments());
      comments.add(new Ticket.Comment(now, by, cut(text.strip(), MAX_TEXT)));
      // a requester's answer to a question puts the ticket back in the desk's hands
      Ticket.Status status = t.status() == Ticket.Status.WAITING_ON_USER && "requester".equals(by.kind())
          ? Ticket.Status.IN_PROGRESS : t.status();
      List<Ticket.Change> history = new ArrayList<>(t.history());
      if (status != t.status()) {
        history.add(new Ticket.Change(now, by, "status", t.status().code(), status.code()));
      }
      return with(t, status, history, comments, t.externalId(), now);
    });
  }

  @Override
  public Future<Ticket> cancel(String id, Ticket.Requester requester, String reason) {
    Ticket.Actor by = new Ticket.Actor("requester", null, requester.name());
    return update(id, requester, t -> {
      if (t.status().isFinal()) {
        throw new TicketException(TicketException.Reason.CONFLICT, "ticket " + t.id() + " is already " + t.status().code());
      }
      return moved(t, Ticket.Status.CANCELLED, by, reason);
    });
  }

  /**
   * Withdraws {@code requester}'s request while its approval is pending (it is cancelled, every open
   * step withdrawn); {@link TicketException.Reason#CONFLICT} once it is decided or closed.
   */
  public Future<Ticket> withdraw(String id, Ticket.Requester requester, String reason) {
    Ticket.Actor by = new Ticket.Actor("requester", null, requester.name());
    return update(id, requester, t -> {
      if (t.status() != Ticket.Status.PENDING_APPROVAL) {
        throw new TicketException(TicketException.Reason.CONFLICT, "ticket " + t.id() + " is " + t.status().code());
      }
      return moved(t, Ticket.Status.CANCELLED, by, reason);
    });
  }

  /**
   * Changes a ticket with compare-and-set (retried when another change came first) and sends the
   * change through the webhook as {@code event}; {@code change} returns its argument for no change
   * and throws {@link TicketException} to refuse. For the approvals, which own the approval's states.
   */
  public Future<Ticket> update(String id, java.util.function.UnaryOperator<Ticket> change,
      java.util.function.BiFunction<Ticket, Ticket, String> event) {
    return update(id, null, change::apply, 0, event);
  }

  /**
   * Ids of tickets whose approval is pending, with its next reminder or escalation due at or before
   * {@code dueBy} (all pending ones for {@code Instant.MAX}), soonest first.
   */
  public Future<List<String>> pendingApprovals(Instant dueBy, int limit) {
    io.lettuce.core.Range<Double> range = dueBy.equals(Instant.MAX) ? io.lettuce.core.Range.unbounded()
        : io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) dueBy.toEpochMilli());
    return call(redis.commands().zrangebyscore(PENDING, range, io.lettuce.core.Limit.create(0, limit)));
  }

  @Override
  public Future<Ticket> link(String id, String externalId) {
    return update(id, null, t -> externalId.equals(t.externalId()) ? t
        : with(t, t.status(), t.history(), t.comments(), externalId, clock.instant()));
  }

  /**
   * Deletes up to {@code max} resolved, closed or cancelled tickets last changed before
   * {@code cutoff} (the retention of closed tickets); open tickets are never touched.
   *
   * @param skip how many of the oldest tickets to pass over (those kept by earlier calls)
   * @return how many were looked at and how many of them deleted
   */
  public Future<Purge> purgeClosedBefore(Instant cutoff, int skip, int max) {
    return deletions.purgeClosedBefore(cutoff, skip, max);
  }

  /** The result of {@link #purgeClosedBefore}. */
  public record Purge(int scanned, int deleted) {
  }

  /**
   * Deletes the requester's tickets, and the webhook deliveries, pending or dead-lettered, that
   * carry copies of them (also of tickets already swept by retention).
   */
  @Override
  public Future<Integer> erase(Ticket.Requester requester) {
    return deletions.erase(requester);
  }

  private static Ticket with(Ticket t, Ticket.Status status, List<Ticket.Change> history, List<Ticket.Comment> comments,
      String externalId, Instant now) {
    return new Ticket(t.id(), t.kind(), t.requester(), t.title(), t.description(), t.category(), t.impact(),
        t.urgency(), t.priority(), status, t.fields(), t.conversationId(), t.locale(), externalId, t.createdAt(),
        now, history, comments, t.version() + 1, t.approval());
  }

  /** Reads, changes and saves with compare-and-set, retrying when another change came first. */
  private Future<Ticket> update(String id, Ticket.Requester requester, Function<Ticket, Ticket> change) {
    return update(id, requester, change, 0, null);
  }

  /** @param event the webhook's event from the versions before and after; null: {@code ticket.updated}, or the approval's withdrawal */
  private Future<Ticket> update(String id, Ticket.Requester requester, Function<Ticket, Ticket> change, int attempt,
      java.util.function.BiFunction<Ticket, Ticket, String> event) {
    Future<Optional<Ticket>> found = requester == null ? find(id) : findFor(id, requester);
    return found.compose(current -> {
      if (current.isEmpty()) {
        return Future.failedFuture(new TicketException(TicketException.Reason.NOT_FOUND, "no ticket " + id));
      }
      Ticket before = current.get();
      Ticket after;
      try {
        after = change.apply(before);
      } catch (TicketException e) {
        return Future.failedFuture(e);
      }
      if (after == before) {
        return Future.succeededFuture(before);
      }
      String named = event != null ? event.apply(before, after) : before.status() == Ticket.Status.PENDING_APPROVAL
          && after.status() == Ticket.Status.CANCELLED ? "ticket.approval.withdrawn" : "ticket.updated";
      return save(after, before.version(), named).compose(saved -> {
        if (saved) {
          told(before, after);
          return Future.succeededFuture(after);
        }
        if (attempt + 1 >= ATTEMPTS) {
          return Future.failedFuture(new TicketException(TicketException.Reason.CONFLICT, "ticket " + id + " keeps changing; try again"));
        }
        // another change came first: try again after a short random pause, so contenders spread out
        io.vertx.core.Promise<Ticket> again = io.vertx.core.Promise.promise();
        vertx.setTimer(1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(5 * (attempt + 1)),
            t -> update(id, requester, change, attempt + 1, event).onComplete(again));
        return again.future();
      });
    });
  }

  private Future<Boolean> save(Ticket t, long expectedVersion, String event) {
    String json = Json.write(t);
    String delivery = webhook ? Tokens.random(12) : "";
    String payload = webhook ? new JsonObject().put("event", event).put("deliveryId", delivery)
        .put("ticket", new JsonObject(json)).encode() : "";
    String[] keys = {key(t.id()), ALL, byRequester(t.requester().key()), OUTBOX, OUTBOX_ITEMS, PENDING};
    return call(SAVE.<Long>run(redis.commands(), keys, Long.toString(expectedVersion), Long.toString(t.version()), json,
        t.id(), Long.toString(t.createdAt().toEpochMilli()), Long.toString(t.updatedAt().toEpochMilli()), delivery, payload,
        ApprovalTickets.pendingScore(t)))
        .map(r -> r == 1L);
  }

  private void told(Ticket before, Ticket after) {
    for (TicketListener listener : listeners) {
      try {
        listener.saved(before, after);
      } catch (RuntimeException e) {
        LOG.warn("A ticket listener failed on {}: {}", after.id(), e.toString());
      }
    }
  }

  private Future<List<Ticket>> list(String zset, int limit) {
    return call(LIST.<List<Object>>run(redis.commands(), new String[] {zset}, Integer.toString(Math.max(1, limit))))
        .map(rows -> rows.stream().map(o -> parse((String) o)).toList());
  }

  static Ticket parse(String json) {
    try {
      return Json.MAPPER.readValue(json, Ticket.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String level(String v) {
    return v == null ? "medium" : switch (v.toLowerCase(Locale.ROOT)) {
      case "high", "low" -> v.toLowerCase(Locale.ROOT);
      default -> "medium";
    };
  }

  private static String cut(String s, int max) {
    return s == null ? null : s.length() <= max ? s : s.substring(0, max);
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(e instanceof TicketException ? e
            : new TicketException(TicketException.Reason.UNAVAILABLE, "the ticket store is unavailable: " + e.getMessage())));
  }
}
