package io.relevo.core.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.http.ApiErrors.ApiException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * The limits every WebSocket of an instance lives under: caps on open sockets (overall and per
 * key, such as a conversation, a client address or an agent) checked before the upgrade, and for
 * each open socket a {@link Watch} that pings it, closes it when nothing was heard within the idle
 * timeout, and applies back-pressure: when its write queue is full the server stops reading from
 * it, and closes it (1008) if the client has not read within the stall timeout. So a client that
 * stops reading and keeps sending cannot grow the server's heap.
 *
 * <p>One per Vert.x instance ({@link #install}, {@link #of}), shared by every HTTP verticle: the
 * counters are thread-safe. A {@link Watch} is confined to its socket's event loop.
 */
public final class SocketGuard implements Shareable {

  private static final Logger LOG = LoggerFactory.getLogger(SocketGuard.class);
  private static final String MAP = "relevo.socketGuard";

  /** A cap on the sockets open under one key ({@code conv:<id>}, {@code addr:<hash>}, {@code agent:<id>}). */
  public record Limit(String key, int max, String message) {
  }

  private final int maxSockets;
  private final int perAgent;
  private final Duration pingInterval;
  private final Duration idleTimeout;
  private final Duration stallTimeout;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> byKey = new ConcurrentHashMap<>();

  private SocketGuard(JsonObject config) {
    maxSockets = SocketSettings.MAX_SOCKETS.get(config);
    perAgent = SocketSettings.SOCKETS_PER_AGENT.get(config);
    pingInterval = SocketSettings.PING_INTERVAL.get(config);
    idleTimeout = SocketSettings.IDLE_TIMEOUT.get(config);
    stallTimeout = SocketSettings.STALL_TIMEOUT.get(config);
  }

  /** Makes the guard of {@code vertx} from {@code config} unless it has one already. */
  public static SocketGuard install(Vertx vertx, JsonObject config) {
    LocalMap<String, SocketGuard> map = vertx.sharedData().getLocalMap(MAP);
    SocketGuard mine = new SocketGuard(config);
    SocketGuard before = map.putIfAbsent("guard", mine);
    return before == null ? mine : before;
  }

  /** The guard of {@code vertx}; one with the default settings when none was installed. */
  public static SocketGuard of(Vertx vertx) {
    SocketGuard guard = vertx.sharedData().<String, SocketGuard>getLocalMap(MAP).get("guard");
    return guard != null ? guard : install(vertx, new JsonObject());
  }

  /** The cap on one agent's console sockets. */
  public Limit perAgent(String agentId) {
    return new Limit("agent:" + agentId, perAgent, "Too many console connections for this agent.");
  }

  /**
   * Counts one more socket under {@code limits} and the overall cap, or throws a 429
   * {@code too_many_sockets} (and counts nothing) when one of them is reached.
   */
  public Lease acquire(List<Limit> limits) {
    if (open.incrementAndGet() > maxSockets) {
      open.decrementAndGet();
      throw refused("This server has too many open connections; try again later.");
    }
    for (int i = 0; i < limits.size(); i++) {
      Limit limit = limits.get(i);
      boolean[] taken = {false};
      byKey.compute(limit.key(), (k, n) -> {
        int now = n == null ? 0 : n;
        if (now >= limit.max()) {
          return n;
        }
        taken[0] = true;
        return now + 1;
      });
      if (!taken[0]) {
        limits.subList(0, i).forEach(l -> decrement(l.key()));
        open.decrementAndGet();
        throw refused(limit.message());
      }
    }
    return new Lease(List.copyOf(limits));
  }

  /** Open sockets counted now (for tests and metrics). */
  public int open() {
    return open.get();
  }

  private static ApiException refused(String message) {
    return new ApiException(429, "too_many_sockets", message, Duration.ofSeconds(30));
  }

  private void decrement(String key) {
    byKey.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }

  /** One counted socket; {@link #release()} (idempotent, thread-safe) uncounts it. */
  public final class Lease {
    private final List<Limit> limits;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(List<Limit> limits) {
      this.limits = limits;
    }

    public void release() {
      if (released.compareAndSet(false, true)) {
        limits.forEach(l -> decrement(l.key()));
        open.decrementAndGet();
      }
    }
  }

  /**
   * Watches {@code ws} from now on (call on its event loop, right after the upgrade): releases
   * {@code lease} when it closes, pings it, closes it when idle, and applies back-pressure to the
   * writes made through {@link Watch#write}. {@code kind} names the socket in the log ("person",
   * "agent"). The caller still sets its own close handler through {@link Watch#onClose}.
   */
  public Watch watch(ServerWebSocket ws, Lease lease, String kind) {
    return new Watch(ws, lease, kind);
  }

  /** The guard's view of one socket. Confined to the socket's event loop. */
  public final class Watch {
    private final ServerWebSocket ws;
    private final Lease lease;
    private final String kind;
    private final Context context;
    private final long pingTimer;
    private long lastHeard = System.nanoTime();
    private long stallTimer = -1;
    private boolean closed;
    private Runnable onClose = () -> { };

    private Watch(ServerWebSocket ws, Lease lease, String kind) {
      this.ws = ws;
      this.lease = lease;
      this.kind = kind;
      this.context = Vertx.currentContext();
      ws.pongHandler(b -> heard());
      ws.closeHandler(v -> closed());
      ws.exceptionHandler(this::failed);
      pingTimer = context.owner().setPeriodic(pingInterval.toMillis(), t -> ping());
    }

    /** {@code handler} runs once when the socket closes (for any reason). */
    public void onClose(Runnable handler) {
      onClose = handler;
    }

    /** Something arrived from the client: it is alive. */
    public void heard() {
      lastHeard = System.nanoTime();
    }

    /**
     * Writes a text frame. When the write queue is full afterwards, stops reading from the client
     * until it drains, and closes the socket if it has not drained within the stall timeout.
     */
    public void write(String text) {
      if (closed || ws.isClosed()) {
        return; // the client may have gone before the close handler ran
      }
      ws.writeTextMessage(text);
      boolean full;
      try {
        full = ws.writeQueueFull();
      } catch (IllegalStateException closedMeanwhile) {
        return; // closed by the peer while writing
      }
      if (stallTimer < 0 && full) {
        ws.pause();
        stallTimer = context.owner().setTimer(stallTimeout.toMillis(), t -> {
          stallTimer = -1;
          abuse((short) 1008, "not reading");
        });
        ws.drainHandler(v -> {
          if (stallTimer >= 0) {
            context.owner().cancelTimer(stallTimer);
            stallTimer = -1;
          }
          if (!closed) {
            ws.resume();
          }
        });
      }
    }

    /** Closes the socket for breaking a rule of the protocol, with a WARN naming only the rule. */
    public void abuse(short code, String reason) {
      if (closed) {
        return;
      }
      LOG.warn("Closed a {} WebSocket ({} {}) for abuse", kind, code, reason);
      ws.close(code, reason);
      if (ws instanceof WebSocketInternal internal) {
        // the close frame may wait behind what the client does not read, and the server reads no
        // more from it: end the connection now rather than after the closing handshake
        internal.channelHandlerContext().channel().close();
      }
      closed();
    }

    private void ping() {
      if (closed || ws.isClosed()) {
        return;
      }
      if (System.nanoTime() - lastHeard > idleTimeout.toNanos()) {
        LOG.debug("Closed an idle {} WebSocket", kind);
        ws.close((short) 1001, "idle");
        closed();
        return;
      }
      if (!ws.writeQueueFull()) {
        ws.writePing(io.vertx.core.buffer.Buffer.buffer("p"));
      }
    }

    /** A broken frame (one compressed without the extension, one too large) is logged; any failure ends the socket. */
    private void failed(Throwable e) {
      if (e instanceof io.netty.handler.codec.CodecException
          || e instanceof io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException) {
        LOG.warn("Closed a {} WebSocket after a protocol error ({})", kind, e.getClass().getSimpleName());
      }
      if (!closed) {
        ws.close();
      }
      closed();
    }

    private void closed() {
      if (closed) {
        return;
      }
      closed = true;
      context.owner().cancelTimer(pingTimer);
      if (stallTimer >= 0) {
        context.owner().cancelTimer(stallTimer);
        stallTimer = -1;
      }
      lease.release();
      onClose.run();
    }
  }
}
