package io.relevo.channels.web;

import java.util.ArrayList;
import java.util.List;

import io.relevo.core.http.ApiErrors;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.core.http.SocketGuard;
import io.relevo.core.conversation.ConversationEvent;
import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationEvents.Subscription;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Json;
import io.relevo.core.conversation.Message;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * One WebSocket connection to one conversation. It first replays the transcript after the
 * client's last seen message id, then forwards new messages in transcript order, never twice.
 * When a connection to Redis breaks, events may be lost: it holds new messages back until, after
 * the reconnect, it has read the transcript after the last message it sent, so none is skipped.
 *
 * <p>Frames from the client: {@code message} ({@code text}, {@code clientMessageId}?),
 * {@code postback} ({@code payload}, {@code text}?, {@code clientMessageId}?), {@code ping}.
 * Frames to the client: {@code message}, {@code ack}, {@code error}, {@code pong}, and
 * {@code closed} (the conversation has ended: sent once, after the transcript, also to a socket
 * opened on an ended conversation), {@code retract} ({@code after}, absent for the whole transcript): a Redis master crash took
 * away the messages after that id before they were copied — never acknowledged ones, delivered
 * live just before — so the client shows them no more and sends its own again. A bad frame
 * gets an {@code error} frame and the socket stays open. Every write goes through the socket's
 * {@link SocketGuard.Watch} (back-pressure, pings, idle timeout). Confined to the socket's event loop.
 */
final class WebSocketSession {

  /** Live messages held back behind a possible gap, process-wide (for {@code relevo_ws_held_back_total}). */
  static final java.util.concurrent.atomic.AtomicLong HELD_BACK = new java.util.concurrent.atomic.AtomicLong();
  /** Retract frames sent to people's sockets, process-wide (for {@code relevo_ws_retracted_total}). */
  static final java.util.concurrent.atomic.AtomicLong RETRACTED = new java.util.concurrent.atomic.AtomicLong();
  /** Error frames sent to people's sockets, process-wide (for {@code relevo_ws_error_frames_total}). */
  static final java.util.concurrent.atomic.AtomicLong ERROR_FRAMES = new java.util.concurrent.atomic.AtomicLong();

  private final ServerWebSocket ws;
  private final SocketGuard.Watch watch;
  private final String conversationId;
  private final ConversationService conversations;
  private final WebChannel channel;
  private final WebChannel.Options options;

  /** Pause before reading the transcript again when a catch-up read failed. */
  private static final long CATCH_UP_RETRY_MS = 500;

  /** How many of the last messages sent are checked for a {@code retract} after a reconnect. */
  private static final int RECENT = 64;

  private Subscription subscription;
  private String lastSent;
  /** The ids of the last messages sent (up to {@link #RECENT}), oldest first. */
  private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();
  /** The id sent just before {@link #recent}'s first (null when it holds every one sent). */
  private String beforeRecent;
  /** Live messages are held back in {@link #buffered} (a catch-up is due or under way). */
  private boolean replaying = true;
  private final List<Message> buffered = new ArrayList<>();
  /** A connection to Redis broke: live messages may follow a gap until the RESYNC. */
  private boolean interrupted;
  private boolean reading;
  private boolean readAgain;
  private io.vertx.core.Context context;
  private boolean closed;

  WebSocketSession(ServerWebSocket ws, SocketGuard.Watch watch, String conversationId, ConversationService conversations,
      WebChannel channel, WebChannel.Options options) {
    this.ws = ws;
    this.watch = watch;
    this.conversationId = conversationId;
    this.conversations = conversations;
    this.channel = channel;
    this.options = options;
  }

  void start(String after) {
    lastSent = after;
    beforeRecent = after;
    context = io.vertx.core.Vertx.currentContext();
    watch.onClose(this::close); // closed by the client, a failure, the idle timeout or back-pressure
    // the server is stopping: say so at once, so the client reconnects (to another instance)
    ws.shutdownHandler(v -> ws.close((short) 1001, "server going away"));
    ws.textMessageHandler(frame -> {
      watch.heard();
      onText(frame);
    });
    ws.binaryMessageHandler(b -> {
      watch.heard();
      sendError(null, "bad_frame", "Send JSON text frames.");
    });
    conversations.subscribe(conversationId, this::onEvent)
        .compose(sub -> {
          if (closed) {
            sub.cancel();
            return Future.succeededFuture();
          }
          subscription = sub;
          // messages of this conversation left unanswered by an instance that died get answered
          conversations.resume(conversationId);
          return replay().compose(v -> conversations.find(conversationId)).map(c -> {
            if (c.state() == io.relevo.core.conversation.ConversationState.CLOSED) {
              tellClosed();
            }
            return null;
          });
        })
        .onFailure(e -> {
          ApiException api = ApiErrors.classify(e, 500);
          sendError(null, api.code(), api.getMessage());
          ws.close((short) 1011, api.code());
        });
  }

  /**
   * The first read of the transcript, after the client's last message unless a master crash took
   * that one away; a failure closes the socket (the client connects again).
   */
  private Future<Void> replay() {
    if (lastSent == null) {
      return read();
    }
    String after = lastSent;
    return conversations.vanished(conversationId, List.of(after))
        .compose(gone -> gone.isEmpty() ? Future.succeededFuture()
            : conversations.lastBefore(conversationId, after).map(survivor -> {
              retract(survivor);
              return null;
            }))
        .compose(v -> read());
  }

  /**
   * After Redis came back, events may have been lost: read what the transcript has beyond the
   * last message sent, holding live messages back meanwhile (sent in order after the read). A
   * failed read is tried again.
   */
  private void catchUp() {
    if (closed) {
      return;
    }
    replaying = true;
    retractVanished().compose(v -> read()).onFailure(e -> {
      if (!closed) {
        context.owner().setTimer(CATCH_UP_RETRY_MS, t -> catchUp());
      }
    });
  }

  /**
   * Takes back what a Redis master crash lost of what was sent (a newest part, as replication
   * keeps order), so that the transcript read next follows the last message that survived.
   */
  private Future<Void> retractVanished() {
    if (recent.isEmpty()) {
      return Future.succeededFuture();
    }
    return conversations.vanished(conversationId, List.copyOf(recent)).map(gone -> {
      if (!gone.isEmpty()) {
        recent.removeIf(gone::contains);
        retract(recent.isEmpty() ? beforeRecent : recent.peekLast());
      }
      return null;
    });
  }

  /** Tells the client that nothing it has after {@code survivor} is stored; reads go on from there. */
  private void retract(String survivor) {
    lastSent = survivor;
    if (!closed) {
      RETRACTED.incrementAndGet();
      JsonObject frame = new JsonObject().put("type", "retract");
      if (survivor != null) {
        frame.put("after", survivor);
      }
      watch.write(frame.encode());
    }
  }

  /**
   * Reads and sends the transcript after {@link #lastSent}, then the messages held back, unless a
   * connection is still broken. A read asked for during another brings one more read after it.
   */
  private Future<Void> read() {
    if (reading) {
      readAgain = true;
      return Future.succeededFuture();
    }
    reading = true;
    readAgain = false;
    return replayFrom().onComplete(done -> {
      reading = false;
      if (done.failed() || closed) {
        return;
      }
      if (readAgain) {
        catchUp();
      } else if (!interrupted) {
        replaying = false;
        buffered.forEach(this::send);
        buffered.clear();
        if (closeDue) {
          tellClosed();
        }
      }
    });
  }

  /** Sends the transcript after {@link #lastSent}, page by page. */
  private Future<Void> replayFrom() {
    return conversations.transcript(conversationId, lastSent, 1000).compose(page -> {
      page.forEach(this::send);
      return page.size() == 1000 ? replayFrom() : Future.succeededFuture();
    });
  }

  private void onEvent(ConversationEvent event) {
    if (ConversationEvents.DISCONNECTED.equals(event.type())) {
      // what arrives next may follow a gap: hold it back until the catch-up after the RESYNC
      interrupted = true;
      replaying = true;
      return;
    }
    if (ConversationEvents.RESYNC.equals(event.type())) {
      interrupted = false;
      catchUp();
      return;
    }
    if (ConversationEvents.VERIFY.equals(event.type())) {
      catchUp(); // nothing was missed, but what was sent may be gone
      return;
    }
    if ("queue".equals(event.type())) {
      JsonObject queue = new JsonObject(event.raw());
      if (!closed) {
        watch.write(queue.encode());
      }
      return;
    }
    if ("state".equals(event.type())) {
      if (event.raw() != null && event.raw().contains("\"state\":\"" + io.relevo.core.conversation.ConversationState.CLOSED.wire() + "\"")) {
        tellClosed();
      }
      return;
    }
    if ("typing".equals(event.type())) {
      JsonObject typing = new JsonObject(event.raw());
      if ("agent".equals(typing.getString("role")) && !closed) {
        watch.write(new JsonObject().put("type", "typing").put("role", "agent")
            .put("name", typing.getString("name")).encode());
      }
      return;
    }
    if (!"message".equals(event.type())) {
      return;
    }
    if (replaying) {
      if (interrupted) {
        HELD_BACK.incrementAndGet();
      }
      buffered.add(event.message());
    } else {
      send(event.message());
    }
  }

  private boolean toldClosed;
  private boolean closeDue;

  /** Tells the client, once, that the conversation has ended (after the messages before it). */
  private void tellClosed() {
    if (closed || toldClosed) {
      return;
    }
    if (replaying) {
      closeDue = true; // the closing line may still be held back: the end follows it
      return;
    }
    toldClosed = true;
    watch.write(new JsonObject().put("type", "closed").encode());
  }

  private void send(Message m) {
    if (closed || !Json.isAfter(m.id(), lastSent)) {
      return;
    }
    lastSent = m.id();
    recent.addLast(m.id());
    if (recent.size() > RECENT) {
      beforeRecent = recent.removeFirst();
    }
    watch.write(new JsonObject().put("type", "message").put("message", WebChannel.messageJson(m)).encode());
  }

  private void onText(String frame) {
    JsonObject json;
    try {
      json = Requests.parseObject(frame);
    } catch (ApiException e) {
      sendError(null, "bad_frame", "A frame must be a JSON object with a 'type'.");
      return;
    }
    String type = json.getValue("type") instanceof String t ? t : "";
    switch (type) {
      case "message", "postback" -> onMessage(json, type.equals("postback"));
      case "ping" -> watch.write(new JsonObject().put("type", "pong").encode());
      case "typing" -> onTyping();
      // the type is echoed only in part: a long one must not make the reply as long
      default -> sendError(null, "bad_frame", "Unknown frame type '"
          + (type.length() > 40 ? type.substring(0, 40) + "…" : type) + "'.");
    }
  }

  private long lastTyping;

  private void onTyping() {
    long now = System.currentTimeMillis();
    if (now - lastTyping >= 2000) { // at most one every two seconds reaches the agent
      lastTyping = now;
      conversations.publish(conversationId, "{\"type\":\"typing\",\"role\":\"customer\"}");
    }
  }

  private void onMessage(JsonObject json, boolean postback) {
    String clientMessageId = null;
    try {
      clientMessageId = Requests.clientMessageId(json);
      String payload = postback ? Requests.payload(json) : null;
      if (postback && payload == null) {
        throw new ApiException(400, "bad_request", "A postback needs a 'payload'.");
      }
      String text = Requests.text(json, options.maxMessageChars(), !postback);
      String shown = text == null || text.isEmpty() ? payload : text;
      String cmid = clientMessageId;
      channel.limitConversation(conversationId)
          .compose(v -> conversations.accept(conversationId, shown, cmid, payload))
          .onSuccess(accepted -> {
            JsonObject ack = new JsonObject().put("type", "ack").put("messageId", accepted.message().id())
                .put("duplicate", accepted.duplicate());
            if (cmid != null) {
              ack.put("clientMessageId", cmid);
            }
            if (!closed) {
              watch.write(ack.encode());
            }
          })
          .onFailure(e -> {
            ApiException api = ApiErrors.classify(e, 500);
            sendError(cmid, api.code(), api.getMessage(), api.retryAfter());
          });
    } catch (ApiException e) {
      sendError(clientMessageId, e.code(), e.getMessage());
    }
  }

  private void sendError(String clientMessageId, String code, String message) {
    sendError(clientMessageId, code, message, null);
  }

  private void sendError(String clientMessageId, String code, String message, java.time.Duration retryAfter) {
    if (closed) {
      return;
    }
    ERROR_FRAMES.incrementAndGet();
    JsonObject frame = new JsonObject().put("type", "error").put("error",
        new JsonObject().put("code", code).put("message", message));
    if (clientMessageId != null) {
      frame.put("clientMessageId", clientMessageId);
    }
    if (retryAfter != null) {
      frame.put("retryAfterMs", retryAfter.toMillis());
    }
    watch.write(frame.encode());
  }

  private void close() {
    closed = true;
    if (subscription != null) {
      subscription.cancel();
      subscription = null;
    }
  }
}
