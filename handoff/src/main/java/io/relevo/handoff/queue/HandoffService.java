package io.relevo.handoff.queue;

import io.relevo.texts.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationException;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.relevo.core.dialogue.HandoffPort;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.handoff.agents.Agent;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Queues of conversations waiting for a person, and what agents do with them.
 *
 * <p>A queue is a Redis sorted set of conversation ids by the time they started waiting; the
 * conversation's own record says which queue it is in and who holds it. Claiming is a
 * compare-and-set on that record ({@code queued} to {@code agent}), so of any number of agents on
 * any number of instances exactly one wins; the sorted sets are an index, cleaned as they are read.
 * What the person should know later (that an agent joined or left) is a {@code system} message in the transcript, so it reaches them on every channel.
 *
 * <p>An agent sees and claims only the queues they serve ({@link QueueAccess}; supervisors see every
 * queue) and never holds more conversations than their capacity: a claim or a transfer to an agent
 * first takes one of the agent's places atomically ({@link HeldConversations}).
 *
 * <p>Thread-safe; one instance per process. Futures complete on the caller's context.
 */
public final class HandoffService implements HandoffPort {

  static final String DEFAULT_QUEUE = "general";
  /** The queues of the demo configuration. */
  public static final List<String> DEFAULT_QUEUES = List.of("it", "hr", "facilities", "general");
  private final List<String> queueNames;

  private final Vertx vertx;
  private final RedisConnector redis;
  private final ConversationService conversations;
  private final io.relevo.core.conversation.ConversationEvents events;
  private final Presence presence;
  private final HeldConversations held;
  private final WaitingView waiting;
  private final Duration averageHandling = Duration.ofMinutes(4);

  /** The topic on which every instance hears of queue changes. */
  public static final String TOPIC = "handoff";

  public HandoffService(Vertx vertx, RedisConnector redis, ConversationService conversations,
      io.relevo.core.conversation.ConversationEvents events, Presence presence) {
    this(vertx, redis, conversations, events, presence, BusinessHours.always(), DEFAULT_QUEUES);
  }

  /** @param hours when each queue is staffed; outside them nobody is queued */
  public HandoffService(Vertx vertx, RedisConnector redis, ConversationService conversations,
      io.relevo.core.conversation.ConversationEvents events, Presence presence, BusinessHours hours) {
    this(vertx, redis, conversations, events, presence, hours, DEFAULT_QUEUES);
  }

  /**
   * @param queues the queues, highest priority first (automatic assignment serves them in this
   *     order); always includes {@value #DEFAULT_QUEUE}, where unknown queues go
   */
  public HandoffService(Vertx vertx, RedisConnector redis, ConversationService conversations,
      io.relevo.core.conversation.ConversationEvents events, Presence presence, BusinessHours hours,
      List<String> queues) {
    List<String> names = new ArrayList<>(queues);
    if (!names.contains(DEFAULT_QUEUE)) {
      names.add(DEFAULT_QUEUE);
    }
    this.queueNames = List.copyOf(names);
    this.hours = hours;
    this.vertx = vertx;
    this.redis = redis;
    this.conversations = conversations;
    this.events = events;
    this.presence = presence;
    this.held = new HeldConversations(vertx, redis, conversations);
    this.waiting = new WaitingView(vertx, redis, conversations);
  }

  private final BusinessHours hours;

  /** The queues, highest priority first. */
  public List<String> queueNames() {
    return queueNames;
  }

  public Presence presence() {
    return presence;
  }

  HeldConversations held() {
    return held;
  }

  /** Takes a conversation out of {@code queue} and tells those behind it their new place. */
  Future<Void> leaveQueue(String queue, String conversationId) {
    return this.<Long>call(redis.commands().zrem(queueKey(queue), conversationId)).compose(n -> tellPositions(queue));
  }

  /** Tells every instance's agents that something changed; losing this only delays their view. */
  Future<Void> announce(String type, String conversationId, String agentId) {
    return announce(type, conversationId, agentId, null);
  }

  /** As {@link #announce(String, String, String)}; {@code by} is the agent who gave the conversation to {@code agentId}. */
  private Future<Void> announce(String type, String conversationId, String agentId, Agent by) {
    io.vertx.core.json.JsonObject e = new io.vertx.core.json.JsonObject().put("type", type)
        .put("conversationId", conversationId);
    if (agentId != null) {
      e.put("agentId", agentId);
    }
    if (by != null) {
      e.put("by", new io.vertx.core.json.JsonObject().put("id", by.id()).put("name", by.name()));
    }
    return events.publishTopic(TOPIC, e.encode()).recover(err -> Future.succeededFuture());
  }

  static String queueKey(String queue) {
    return io.relevo.redis.Keyspace.handoffQueue(queue);
  }

  static String notesKey(String conversationId) {
    return io.relevo.redis.Keyspace.notes(conversationId);
  }

  private volatile io.relevo.core.analytics.Analytics analytics;
  private volatile TargetWaits targetWaits = TargetWaits.standard();

  /** How long conversations may wait in each queue before the console shows them as late; call while wiring. */
  public HandoffService targetWaits(TargetWaits waits) {
    this.targetWaits = waits;
    return this;
  }

  /** The target wait of {@code queue}. */
  public Duration targetWait(String queue) {
    return targetWaits.of(queue);
  }

  /** Counts time to an agent and handling time in {@code analytics}; call while wiring, before serving. */
  public HandoffService analytics(io.relevo.core.analytics.Analytics analytics) {
    this.analytics = analytics;
    return this;
  }

  private void since(Conversation c, String field, boolean waiting) {
    io.relevo.core.analytics.Analytics a = analytics;
    String at = c.fields().get(field);
    if (a == null || at == null || at.isEmpty()) {
      return;
    }
    try {
      Duration d = Duration.ofMillis(System.currentTimeMillis() - Long.parseLong(at));
      if (waiting) {
        a.timeToAgent(c, d);
      } else {
        a.handling(c, d);
      }
    } catch (NumberFormatException e) {
      // a malformed timestamp is not worth a failed claim
    }
  }

  @Override
  public Future<Escalation> escalate(Conversation conversation, String reason, String queue) {
    String q = queueNames.contains(queue) ? queue : DEFAULT_QUEUE;
    Instant now = Instant.now();
    if (conversation.state() == ConversationState.QUEUED || conversation.state() == ConversationState.AGENT) {
      return Future.succeededFuture(new Escalation(Outcome.ALREADY, 0, Duration.ZERO));
    }
    if (!hours.isOpen(q, now)) {
      return Future.succeededFuture(new Escalation(Outcome.UNAVAILABLE, 0, Duration.ZERO));
    }
    // nobody to wait for: say so at once rather than leave the person waiting
    return presence.anyoneFor(q).compose(anyone -> !anyone
        ? Future.succeededFuture(new Escalation(Outcome.UNAVAILABLE, 0, Duration.ZERO))
        : queue(conversation, q, reason, now));
  }

  private Future<Escalation> queue(Conversation conversation, String q, String reason, Instant now) {
    // the queue's index first (it may sit on another Cluster shard): a conversation in the index
    // that is not waiting is dropped when the queue is read, while a waiting conversation missing
    // from it would never be seen by an agent
    return call(redis.commands().zadd(queueKey(q), io.lettuce.core.ZAddArgs.Builder.nx(), now.toEpochMilli(),
            conversation.id()))
        .compose(added -> conversations.transition(conversation.id(), Set.of(ConversationState.BOT),
            ConversationState.QUEUED, Map.of("queue", q, "reason", reason, "queuedAt", Long.toString(now.toEpochMilli()))))
        .compose(won -> {
          if (!won) {
            return Future.succeededFuture(new Escalation(Outcome.ALREADY, 0, Duration.ZERO));
          }
          return announce("queued", conversation.id(), null)
              .compose(v -> position(q, conversation.id()))
              .map(pos -> new Escalation(Outcome.QUEUED, pos, averageHandling.multipliedBy(Math.max(1, pos))));
        });
  }

  @Override
  public Future<Boolean> withdraw(Conversation conversation) {
    if (conversation.state() != ConversationState.QUEUED) {
      return Future.succeededFuture(false);
    }
    String q = conversation.fields().getOrDefault("queue", DEFAULT_QUEUE);
    return conversations.transition(conversation.id(), Set.of(ConversationState.QUEUED), ConversationState.BOT,
            Map.of("queue", "", "reason", "", "queuedAt", ""))
        .compose(won -> !won ? Future.succeededFuture(false)
            : call(redis.commands().zrem(queueKey(q), conversation.id()))
                .compose(v -> announce("withdrawn", conversation.id(), null))
                .compose(v -> tellPositions(q))
                .map(true));
  }

  /**
   * Tells everyone still waiting in {@code queue} their place in line and the wait (a transient
   * {@code queue} event; the transcript is not touched). Best effort: losing it only delays the news.
   */
  Future<Void> tellPositions(String queue) {
    return this.<List<String>>call(redis.commands().zrange(queueKey(queue), 0, 199)).compose(ids -> {
      List<Future<Void>> sent = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        long position = i + 1;
        sent.add(conversations.publish(ids.get(i), new io.vertx.core.json.JsonObject().put("type", "queue")
            .put("position", position)
            .put("estimatedWaitMinutes", averageHandling.multipliedBy(position).toMinutes()).encode()));
      }
      return Future.join(sent).<Void>mapEmpty();
    }).recover(e -> Future.succeededFuture());
  }

  /** 1-based place in line, or 0 when not waiting. */
  public Future<Long> position(String queue, String conversationId) {
    return this.<Long>call(redis.commands().zrank(queueKey(queue), conversationId))
        .map(rank -> rank == null ? 0L : rank + 1);
  }

  /**
   * One waiting conversation as agents see it in the queue view.
   *
   * @param preview the person's last message
   * @param question what the person asked: their first message typed rather than chosen from a button
   * @param person the name the person's channel gave, or null
   */
  public record Waiting(String conversationId, String queue, String reason, Instant since, String locale,
      String preview, String question, String person) {
  }

  /** What waits in each queue, longest waiting first. */
  public Future<Map<String, List<Waiting>>> queues() {
    return queues(queueNames);
  }

  /** What waits in the queues {@code agent} sees (see {@link QueueAccess}), longest waiting first. */
  public Future<Map<String, List<Waiting>>> queuesFor(Agent agent) {
    return queues(queueNames.stream().filter(q -> QueueAccess.sees(agent, q)).toList());
  }

  private Future<Map<String, List<Waiting>>> queues(List<String> names) {
    return waiting.queues(names);
  }

  /** A claimed conversation: its record and whole transcript. */
  public record Claimed(Conversation conversation, List<Message> transcript) {
  }

  /**
   * Gives the conversation to {@code agent} if it is still waiting (otherwise 409
   * {@code already_claimed}), in a queue they serve (otherwise 403 {@code not_your_queue}), and they
   * hold fewer conversations than their capacity (otherwise 409 {@code at_capacity}).
   */
  public Future<Claimed> claim(String conversationId, Agent agent) {
    return conversations.find(conversationId).compose(c -> {
      String queue = c.fields().getOrDefault("queue", DEFAULT_QUEUE);
      if (c.state() == ConversationState.QUEUED && !QueueAccess.sees(agent, queue)) {
        return Future.failedFuture(new ApiException(403, "not_your_queue",
            "This conversation waits in the " + queue + " queue, which you do not serve."));
      }
      if (c.state() != ConversationState.QUEUED) {
        return Future.failedFuture(alreadyClaimed());
      }
      return held.reserve(agent, conversationId).compose(place -> conversations.transition(conversationId,
              Set.of(ConversationState.QUEUED), ConversationState.AGENT,
              Map.of("agentId", agent.id(), "agentName", agent.name(),
                  "claimedAt", Long.toString(System.currentTimeMillis())))
          .recover(e -> giveBack(place, agent.id(), conversationId).compose(v -> Future.failedFuture(e)))
          .compose(won -> {
            if (!won) {
              return giveBack(place, agent.id(), conversationId).compose(v -> Future.failedFuture(alreadyClaimed()));
            }
            since(c, "queuedAt", true);
            return call(redis.commands().zrem(queueKey(queue), conversationId))
                .compose(v -> tellPositions(queue))
                .compose(v -> conversations.post(conversationId, system(c.locale(), "joined", agent.name())))
                .compose(v -> announce("claimed", conversationId, agent.id()))
                .compose(v -> conversations.find(conversationId))
                .compose(now -> conversations.transcript(conversationId, null, 1000).map(t -> new Claimed(now, t)));
          }));
    });
  }

  private static ApiException alreadyClaimed() {
    return new ApiException(409, "already_claimed", "Another agent has this conversation, or it is no longer waiting.");
  }

  /** Gives back a place {@link HeldConversations#reserve} took for a conversation that was not had after all. */
  private Future<Void> giveBack(HeldConversations.Place place, String agentId, String conversationId) {
    return place == HeldConversations.Place.TAKEN
        ? held.release(agentId, conversationId).recover(e -> Future.succeededFuture())
        : Future.succeededFuture();
  }

  /** The conversation if {@code agent} holds it; otherwise 409 (or 404). */
  public Future<Conversation> held(String conversationId, Agent agent) {
    return conversations.find(conversationId).compose(c -> c.state() == ConversationState.AGENT
        && agent.id().equals(c.fields().get("agentId"))
        ? Future.succeededFuture(c)
        : Future.failedFuture(new ApiException(409, "not_yours", "You do not hold this conversation.")));
  }

  /** The agent's reply to the person, through the same transcript as every message. */
  public Future<Message> reply(String conversationId, Agent agent, String text) {
    return held(conversationId, agent).compose(c -> conversations.post(conversationId,
        Message.draft(Role.AGENT, text, new Participant(agent.id(), Role.AGENT, agent.name()))));
  }

  /** An internal note, kept with the conversation and never sent to the person. */
  public Future<Void> note(String conversationId, Agent agent, String text) {
    String note = new io.vertx.core.json.JsonObject().put("agentId", agent.id()).put("agentName", agent.name())
        .put("text", text).put("ts", Instant.now().toString()).encode();
    return held(conversationId, agent).compose(c -> call(redis.commands().<Long>eval(ADD_NOTE,
            io.lettuce.core.ScriptOutputType.INTEGER, new String[] {notesKey(conversationId),
            io.relevo.redis.Keyspace.conversation(conversationId)}, note)))
        .mapEmpty();
  }

  /** Appends a note that expires with its conversation's record (never outlives the transcript). */
  private static final String ADD_NOTE = """
      local n = redis.call('RPUSH', KEYS[1], ARGV[1])
      local ttl = redis.call('PTTL', KEYS[2])
      if ttl > 0 then
        redis.call('PEXPIRE', KEYS[1], ttl)
      elseif ttl == -2 then
        redis.call('DEL', KEYS[1])
      end
      return n
      """;

  /** The internal notes, oldest first. */
  public Future<List<String>> notes(String conversationId) {
    return call(redis.commands().lrange(notesKey(conversationId), 0, -1));
  }

  /** Hands the conversation back to the bot. */
  public Future<Void> returnToBot(String conversationId, Agent agent) {
    return held(conversationId, agent).onSuccess(c -> since(c, "claimedAt", false)).compose(c -> conversations.transition(conversationId,
            Set.of(ConversationState.AGENT), ConversationState.BOT,
            Map.of("agentId", "", "agentName", "", "queue", "", "reason", "", "queuedAt", "", "claimedAt", ""))
        .compose(won -> held.release(agent.id(), conversationId))
        .compose(v -> conversations.post(conversationId, system(c.locale(), "left", agent.name())))
        .compose(v -> announce("returned", conversationId, agent.id())));
  }

  /** Closes the conversation with a resolution; the person can start a new one. */
  public Future<Void> close(String conversationId, Agent agent, String resolution) {
    return held(conversationId, agent).onSuccess(c -> since(c, "claimedAt", false)).compose(c -> conversations.post(conversationId, system(c.locale(), "closed"))
        .compose(v -> conversations.transition(conversationId, Set.of(ConversationState.AGENT),
            ConversationState.CLOSED, Map.of("resolution", resolution, "closedAt", Long.toString(System.currentTimeMillis()))))
        .compose(won -> held.release(agent.id(), conversationId))
        .compose(v -> announce("closed", conversationId, agent.id())));
  }

  /**
   * Moves a conversation {@code agent} holds to another queue (it waits there, first in line by
   * its original waiting time) or straight to another agent who is online.
   */
  public Future<Void> transfer(String conversationId, Agent agent, String toQueue, Agent toAgent) {
    return held(conversationId, agent).compose(c -> {
      if (toAgent != null) {
        String queue = c.fields().getOrDefault("queue", DEFAULT_QUEUE);
        if (!toAgent.has(io.relevo.handoff.agents.AgentRole.AGENT)) {
          return Future.failedFuture(new ApiException(409, "not_an_agent", toAgent.name() + " does not answer conversations."));
        }
        if (!QueueAccess.sees(toAgent, queue)) {
          return Future.failedFuture(new ApiException(409, "not_their_queue",
              toAgent.name() + " does not serve the " + queue + " queue."));
        }
        if (toAgent.id().equals(agent.id())) {
          return Future.failedFuture(new ApiException(400, "bad_request", "You already hold this conversation."));
        }
        return presence.online().compose(online -> {
          if (!online.containsKey(toAgent.id())) {
            return Future.failedFuture(new ApiException(409, "agent_unavailable", toAgent.name() + " is not online."));
          }
          return held.reserve(toAgent, conversationId).compose(place -> conversations.transition(conversationId,
                  Set.of(ConversationState.AGENT), ConversationState.AGENT,
                  Map.of("agentId", toAgent.id(), "agentName", toAgent.name()))
              .recover(e -> giveBack(place, toAgent.id(), conversationId).compose(v -> Future.failedFuture(e)))
              .compose(won -> won ? Future.<Void>succeededFuture() : giveBack(place, toAgent.id(), conversationId)
                  .compose(v -> Future.failedFuture(new ApiException(409, "not_yours", "You do not hold this conversation.")))))
              .compose(v -> held.release(agent.id(), conversationId))
              .compose(v -> conversations.post(conversationId, system(c.locale(), "left", agent.name())))
              .compose(v -> conversations.post(conversationId, system(c.locale(), "joined", toAgent.name())))
              .compose(v -> announce("returned", conversationId, agent.id()))
              .compose(v -> announce("claimed", conversationId, toAgent.id(), agent));
        });
      }
      if (!queueNames.contains(toQueue)) {
        return Future.failedFuture(new ApiException(400, "bad_request", "Unknown queue '" + toQueue + "'."));
      }
      long since = Long.parseLong(c.fields().getOrDefault("queuedAt", Long.toString(System.currentTimeMillis())));
      return conversations.transition(conversationId, Set.of(ConversationState.AGENT), ConversationState.QUEUED,
              Map.of("queue", toQueue, "agentId", "", "agentName", "", "claimedAt", ""))
          .compose(v -> held.release(agent.id(), conversationId))
          .compose(v -> call(redis.commands().zadd(queueKey(toQueue), since, conversationId)))
          .compose(v -> conversations.post(conversationId, system(c.locale(), "transferred")))
          .compose(v -> announce("returned", conversationId, agent.id()))
          .compose(v -> announce("queued", conversationId, null))
          .compose(v -> tellPositions(toQueue));
    });
  }

  /** Who may take a conversation: every queue, and the online agents other than {@code agent} who serve its queue. */
  public record TransferTargets(List<String> queues, List<Agent> agents) {
  }

  /**
   * Where {@code agent} may transfer a conversation they hold (409 {@code not_yours} otherwise): the
   * queues, and the agents online now who serve the conversation's queue, by name.
   */
  public Future<TransferTargets> transferTargets(String conversationId, Agent agent) {
    return held(conversationId, agent).compose(c -> presence.online().map(online -> {
      String queue = c.fields().getOrDefault("queue", DEFAULT_QUEUE);
      List<Agent> agents = online.values().stream()
          .filter(a -> !a.id().equals(agent.id()) && a.has(io.relevo.handoff.agents.AgentRole.AGENT)
              && QueueAccess.sees(a, queue))
          .sorted(Comparator.comparing(Agent::name).thenComparing(Agent::id))
          .toList();
      return new TransferTargets(queueNames, agents);
    }));
  }

  /** A supervisor's view: every queue's length and oldest wait, and every online agent's load. */
  public Future<io.vertx.core.json.JsonObject> overview(java.util.Collection<Agent> everyone) {
    return queues().compose(queues -> presence.online().compose(online -> {
      List<Future<Long>> loads = new ArrayList<>();
      List<Agent> agents = new ArrayList<>(everyone);
      agents.sort(Comparator.comparing(Agent::id));
      for (Agent a : agents) {
        loads.add(held.count(a.id()));
      }
      return Future.all(loads).map(cf -> {
        io.vertx.core.json.JsonArray q = new io.vertx.core.json.JsonArray();
        queues.forEach((name, waiting) -> q.add(new io.vertx.core.json.JsonObject().put("id", name)
            .put("waiting", waiting.size())
            .put("oldestWaitingSince", waiting.isEmpty() ? null : waiting.get(0).since().toString())));
        io.vertx.core.json.JsonArray a = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < agents.size(); i++) {
          Agent ag = agents.get(i);
          a.add(new io.vertx.core.json.JsonObject().put("id", ag.id()).put("name", ag.name())
              .put("online", online.containsKey(ag.id())).put("conversations", cf.<Long>resultAt(i))
              .put("capacity", ag.capacity()).put("skills", new io.vertx.core.json.JsonArray(ag.skills().stream().sorted().toList())));
        }
        return new io.vertx.core.json.JsonObject().put("queues", q).put("agents", a);
      });
    }));
  }

  /** Conversations {@code agent} holds now. */
  public Future<Set<String>> heldBy(Agent agent) {
    return held.heldBy(agent.id());
  }

  static Message system(String locale, String key, Object... args) {
    return Message.draft(Role.SYSTEM, Texts.get(locale, "conversation." + key, args), null);
  }

  private <T> Future<T> call(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(new ConversationException(ConversationException.Reason.UNAVAILABLE,
            "the handoff store is unavailable", e)));
  }

}
