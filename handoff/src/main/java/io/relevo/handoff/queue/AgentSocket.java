package io.relevo.handoff.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.ConversationEvent;
import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationService;
import io.relevo.handoff.agents.Agent;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One agent's WebSocket. On connect it sends {@code hello} (the agent and the conversations they
 * hold, each with its transcript as a {@code conversation} frame) and a {@code queues} snapshot;
 * then {@code queues} again whenever a queue changes on any instance, and for every held
 * conversation its new messages ({@code message}), the person's {@code typing} and {@code state}
 * changes. A conversation the agent claims (over REST, on any instance) is followed from then on;
 * one another agent transferred to them comes first as {@code transferred} ({@code from}: that
 * agent's id and name), then as {@code conversation}.
 * From the agent: {@code typing} ({@code conversationId}), {@code status} ({@code online} or
 * {@code away}) and {@code ping}. While the socket is open the agent counts as online (or away)
 * for routing. Pings, idle timeout and back-pressure come from its {@code SocketGuard.Watch}.
 * Confined to the socket's event loop.
 */
final class AgentSocket {

  private final ServerWebSocket ws;
  private final io.relevo.core.http.SocketGuard.Watch watch;
  private final Agent agent;
  private final HandoffService handoff;
  private final ConversationService conversations;
  private final ConversationEvents events;
  private final Map<String, ConversationEvents.Subscription> watched = new HashMap<>();
  /** Per watched conversation, what this console was sent, so a catch-up sends only what it lacks. */
  private final Map<String, Sent> sent = new HashMap<>();
  private ConversationEvents.Subscription topic;
  private boolean closed;
  private boolean refreshing;
  private boolean refreshAgain;
  private long lastTyping;
  private final String socketId = io.relevo.core.conversation.Tokens.random(9);
  private Presence.Status status = Presence.Status.ONLINE;
  private long heartbeatTimer = -1;
  private java.util.function.Supplier<io.vertx.core.Future<?>> signedIn = io.vertx.core.Future::succeededFuture;

  AgentSocket(ServerWebSocket ws, io.relevo.core.http.SocketGuard.Watch watch, Agent agent, HandoffService handoff,
      ConversationService conversations, ConversationEvents events) {
    this.ws = ws;
    this.watch = watch;
    this.agent = agent;
    this.handoff = handoff;
    this.conversations = conversations;
    this.events = events;
  }

  /**
   * Checks at every heartbeat that the agent is still signed in (the token not revoked or
   * expired, the agent not removed); a 401 closes the socket with 1008. Other failures (Redis
   * unavailable) leave it open.
   */
  AgentSocket signedInWhile(java.util.function.Supplier<io.vertx.core.Future<?>> check) {
    this.signedIn = check;
    return this;
  }

  void start() {
    Presence presence = handoff.presence();
    presence.beat(socketId, agent, status);
    heartbeatTimer = io.vertx.core.Vertx.currentContext().owner().setPeriodic(Presence.HEARTBEAT.toMillis(), t -> {
      presence.beat(socketId, agent, status);
      signedIn.get().onFailure(e -> {
        if (e instanceof io.relevo.core.http.ApiErrors.ApiException api && api.status() == 401 && !closed) {
          ws.close((short) 1008, "signed out");
        }
      });
    });
    watch.onClose(this::close); // closed by the agent, a failure, the idle timeout or back-pressure
    ws.shutdownHandler(v -> ws.close((short) 1001, "server going away"));
    ws.textMessageHandler(frame -> {
      watch.heard();
      onText(frame);
    });
    events.subscribeTopic(HandoffService.TOPIC, this::onHandoffEvent)
        .compose(sub -> {
          topic = sub;
          return handoff.heldBy(agent);
        })
        .onSuccess(held -> {
          send(new JsonObject().put("type", "hello").put("agent", new JsonObject().put("id", agent.id())
              .put("name", agent.name())).put("held", new JsonArray(held.stream().sorted().toList())));
          held.forEach(this::watch);
          refreshQueues();
        })
        .onFailure(e -> ws.close((short) 1011, "unavailable"));
  }

  private void onHandoffEvent(String raw) {
    JsonObject e = new JsonObject(raw);
    String conversationId = e.getString("conversationId");
    boolean mine = agent.id().equals(e.getString("agentId"));
    switch (e.getString("type", "")) {
      case "claimed" -> {
        if (mine) {
          JsonObject by = e.getJsonObject("by");
          if (by != null && !watched.containsKey(conversationId)) {
            // before its transcript: the console says who gave it the conversation
            send(new JsonObject().put("type", "transferred").put("conversationId", conversationId)
                .put("from", new JsonObject().put("id", by.getString("id")).put("name", by.getString("name"))));
          }
          watch(conversationId);
        }
      }
      case "returned", "closed" -> {
        if (mine && watched.containsKey(conversationId)) {
          unwatch(conversationId);
          // the conversation's own state event may have been published while the pub/sub
          // connection was down: the console drops the conversation on this frame either way
          send(new JsonObject().put("type", "state").put("conversationId", conversationId)
              .put("state", "closed".equals(e.getString("type")) ? "closed" : "bot"));
        }
      }
      // events may have been lost while Redis was away: read what this agent holds again
      case ConversationEvents.RESYNC -> rewatch();
      default -> { }
    }
    refreshQueues();
  }

  /** Watches the conversations the agent holds now, trying every half second while Redis does not answer. */
  private void rewatch() {
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    // taken before the read: a conversation claimed after it is not dropped for missing from the read
    List<String> before = List.copyOf(watched.keySet());
    handoff.heldBy(agent).onSuccess(held -> {
      held.forEach(this::watch);
      // a conversation given back or closed meanwhile: the console drops it on a state other than 'agent'
      for (String id : before) {
        if (!held.contains(id)) {
          unwatch(id);
          conversations.find(id).onComplete(found -> send(new JsonObject().put("type", "state").put("conversationId", id)
              .put("state", found.succeeded() ? found.result().state().wire() : "closed")));
        }
      }
    }).onFailure(e -> {
      if (!closed && context != null) {
        context.owner().setTimer(500, t -> {
          rewatch();
          refreshQueues();
        });
      }
    });
  }

  private void refreshQueues() {
    if (refreshing) {
      refreshAgain = true;
      return;
    }
    refreshing = true;
    handoff.queuesFor(agent).onComplete(ar -> {
      refreshing = false;
      if (ar.succeeded()) {
        send(new JsonObject().put("type", "queues").put("queues", HandoffRoutes.queuesJson(handoff, ar.result())));
      }
      if (refreshAgain) {
        refreshAgain = false;
        refreshQueues();
      }
    });
  }

  private void watch(String conversationId) {
    if (closed || watched.containsKey(conversationId)) {
      return;
    }
    watched.put(conversationId, null);
    conversations.subscribe(conversationId, ev -> onConversationEvent(conversationId, ev))
        .compose(sub -> {
          if (closed || !watched.containsKey(conversationId)) {
            sub.cancel();
            return Future.succeededFuture();
          }
          watched.put(conversationId, sub);
          return sendTranscript(conversationId);
        });
  }

  /**
   * After events may have been lost: sends the messages this console has not had yet, and no
   * others — or the whole transcript again when a Redis master crash took away the last one it
   * was sent (the console then replaces what it shows). Tried every half second while Redis does
   * not answer.
   */
  private void resend(String conversationId) {
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    Sent before = sent.get(conversationId);
    String last = before == null ? null : before.last();
    Future<Void> caughtUp = last == null ? sendTranscript(conversationId)
        : conversations.vanished(conversationId, java.util.List.of(last)).compose(gone -> !gone.isEmpty()
            ? sendTranscript(conversationId)
            : conversations.transcript(conversationId, before.upTo, 1000).map(list -> {
              Sent now = sent.get(conversationId);
              if (!closed && watched.containsKey(conversationId) && now != null) {
                list.forEach(m -> sendMessage(conversationId, m, true));
                now.caughtUp(list.isEmpty() ? null : list.get(list.size() - 1).id());
              }
              return null;
            }));
    caughtUp.onFailure(e -> {
      if (!closed && watched.containsKey(conversationId) && context != null) {
        context.owner().setTimer(500, t -> resend(conversationId));
      }
    });
  }

  private Future<Void> sendTranscript(String conversationId) {
    return conversations.transcript(conversationId, null, 1000).map(list -> {
      if (!closed && watched.containsKey(conversationId)) {
        send(new JsonObject().put("type", "conversation").put("conversationId", conversationId)
            .put("messages", HandoffRoutes.messages(list)));
        Sent s = sent.computeIfAbsent(conversationId, k -> new Sent());
        s.upTo = null;
        s.since.clear();
        s.caughtUp(list.isEmpty() ? null : list.get(list.size() - 1).id());
      }
      return null;
    });
  }

  /** Sends one message unless this console already has it (a live event after a catch-up, or the reverse). */
  private void sendMessage(String conversationId, io.relevo.core.conversation.Message m, boolean catchUp) {
    Sent s = sent.computeIfAbsent(conversationId, k -> new Sent());
    if (m.id() != null && !s.add(m.id(), catchUp)) {
      return;
    }
    send(new JsonObject().put("type", "message").put("conversationId", conversationId)
        .put("message", HandoffRoutes.message(m)));
  }

  /**
   * What one conversation's console was sent: every message up to {@code upTo}, and the ones in
   * {@code since} after it. While a gap may be open (Redis pub/sub was lost until the catch-up),
   * live messages go into {@code since} and {@code upTo} stays where the gap began.
   */
  private static final class Sent {
    String upTo;
    boolean gap;
    final java.util.TreeSet<String> since = new java.util.TreeSet<>(AgentSocket::compareIds);

    /** Whether {@code id} is new to the console (and records it). */
    boolean add(String id, boolean catchUp) {
      if (upTo != null && compareIds(id, upTo) <= 0 || !since.add(id)) {
        return false;
      }
      if (!gap && !catchUp) {
        caughtUp(id);
      }
      return true;
    }

    /** The newest message id sent (null when none). */
    String last() {
      return since.isEmpty() ? upTo : since.last();
    }

    /** Everything up to {@code last} (when not null) was sent, with no gap. */
    void caughtUp(String last) {
      gap = false;
      if (last != null && (upTo == null || compareIds(last, upTo) > 0)) {
        upTo = last;
      }
      if (upTo != null) {
        since.headSet(upTo, true).clear();
      }
    }
  }

  /** Orders stream ids ({@code millis-sequence}). */
  static int compareIds(String a, String b) {
    String[] x = a.split("-");
    String[] y = b.split("-");
    int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
    if (c == 0 && x.length > 1 && y.length > 1) {
      c = Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }
    return c;
  }

  private void unwatch(String conversationId) {
    sent.remove(conversationId);
    ConversationEvents.Subscription sub = watched.remove(conversationId);
    if (sub != null) {
      sub.cancel();
    }
  }

  private void onConversationEvent(String conversationId, ConversationEvent ev) {
    switch (ev.type()) {
      case "message" -> sendMessage(conversationId, ev.message(), false);
      case ConversationEvents.DISCONNECTED -> sent.computeIfAbsent(conversationId, k -> new Sent()).gap = true;
      case "typing" -> {
        if ("customer".equals(new JsonObject(ev.raw()).getString("role"))) {
          send(new JsonObject().put("type", "typing").put("conversationId", conversationId));
        }
      }
      case "state" -> send(new JsonObject().put("type", "state").put("conversationId", conversationId)
          .put("state", new JsonObject(ev.raw()).getString("state")));
      // events may have been lost while Redis was away: the console takes the whole transcript again
      case ConversationEvents.RESYNC, ConversationEvents.VERIFY -> resend(conversationId);
      default -> { }
    }
  }

  private void onText(String frame) {
    JsonObject json;
    try {
      json = new JsonObject(frame);
    } catch (RuntimeException e) {
      send(error("bad_frame", "A frame must be a JSON object with a 'type'."));
      return;
    }
    switch (json.getValue("type") instanceof String type ? type : "") {
      case "ping" -> send(new JsonObject().put("type", "pong"));
      case "status" -> {
        String wanted = json.getValue("status") instanceof String s ? s : "";
        if (wanted.equals("online") || wanted.equals("away")) {
          status = Presence.Status.valueOf(wanted.toUpperCase(java.util.Locale.ROOT));
          handoff.presence().beat(socketId, agent, status);
          send(new JsonObject().put("type", "status").put("status", wanted));
        } else {
          send(error("bad_frame", "status must be online or away"));
        }
      }
      case "typing" -> {
        String id = json.getValue("conversationId") instanceof String s ? s : null;
        long now = System.currentTimeMillis();
        if (id != null && watched.containsKey(id) && now - lastTyping >= 2000) {
          lastTyping = now;
          conversations.publish(id, new JsonObject().put("type", "typing").put("role", "agent")
              .put("name", agent.name()).encode());
        }
      }
      default -> send(error("bad_frame", "Unknown frame type."));
    }
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("type", "error").put("error", new JsonObject().put("code", code).put("message", message));
  }

  private void send(JsonObject frame) {
    if (!closed) {
      watch.write(frame.encode()); // with back-pressure: see SocketGuard
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (heartbeatTimer >= 0) {
      io.vertx.core.Vertx.currentContext().owner().cancelTimer(heartbeatTimer);
    }
    handoff.presence().gone(socketId);
    if (topic != null) {
      topic.cancel();
    }
    watched.values().forEach(s -> {
      if (s != null) {
        s.cancel();
      }
    });
    watched.clear();
  }
}
