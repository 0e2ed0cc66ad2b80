package io.relevo.handoff.queue;

import io.relevo.texts.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Role;
import io.relevo.core.dialogue.HandoffPort;
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
 * <p>Thread-safe; one instance per process. Futures complete on the caller's context. The service
 * owns none of what it is given (Vert.x, the Redis connector, the conversations, the events,
 * presence) and closes none of it. The work is done by package-private parts: {@code Queueing}
 * (into and out of the queues, places in line, announcements), {@code AgentDesk} (an agent's
 * claims, replies, hand-backs, closes and transfers), {@code Notes}, {@code WaitingView} and
 * {@code HeldConversations}.
 */
public final class HandoffService implements HandoffPort {

  static final String DEFAULT_QUEUE = "general";
  /** The queues of the demo configuration. */
  public static final List<String> DEFAULT_QUEUES = List.of("it", "hr", "facilities", "general");
  private final List<String> queueNames;

  private final Presence presence;
  private final HeldConversations held;
  private final WaitingView waiting;
  private final Queueing queueing;
  private final AgentDesk desk;
  private final Notes notes;

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
    this.presence = presence;
    this.held = new HeldConversations(vertx, redis, conversations);
    this.waiting = new WaitingView(vertx, redis, conversations);
    this.queueing = new Queueing(vertx, redis, conversations, events, presence, hours, queueNames);
    this.notes = new Notes(vertx, redis);
    this.desk = new AgentDesk(conversations, presence, held, queueing, notes, queueNames);
  }

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
    return queueing.leave(queue, conversationId);
  }

  /** Tells every instance's agents that something changed; losing this only delays their view. */
  Future<Void> announce(String type, String conversationId, String agentId) {
    return queueing.announce(type, conversationId, agentId);
  }

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
    desk.analytics(analytics);
    return this;
  }

  @Override
  public Future<Escalation> escalate(Conversation conversation, String reason, String queue) {
    return queueing.escalate(conversation, reason, queue);
  }

  @Override
  public Future<Boolean> withdraw(Conversation conversation) {
    return queueing.withdraw(conversation);
  }

  /** 1-based place in line, or 0 when not waiting. */
  public Future<Long> position(String queue, String conversationId) {
    return queueing.position(queue, conversationId);
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
    return desk.claim(conversationId, agent);
  }

  /** The conversation if {@code agent} holds it; otherwise 409 (or 404). */
  public Future<Conversation> held(String conversationId, Agent agent) {
    return desk.held(conversationId, agent);
  }

  /** The agent's reply to the person, through the same transcript as every message. */
  public Future<Message> reply(String conversationId, Agent agent, String text) {
    return desk.reply(conversationId, agent, text);
  }

  /** An internal note, kept with the conversation and never sent to the person. */
  public Future<Void> note(String conversationId, Agent agent, String text) {
    return desk.note(conversationId, agent, text);
  }

  /** The internal notes, oldest first. */
  public Future<List<String>> notes(String conversationId) {
    return notes.list(conversationId);
  }

  /** Hands the conversation back to the bot. */
  public Future<Void> returnToBot(String conversationId, Agent agent) {
    return desk.returnToBot(conversationId, agent);
  }

  /** Closes the conversation with a resolution; the person can start a new one. */
  public Future<Void> close(String conversationId, Agent agent, String resolution) {
    return desk.close(conversationId, agent, resolution);
  }

  /**
   * Moves a conversation {@code agent} holds to another queue (it waits there, first in line by
   * its original waiting time) or straight to another agent who is online.
   */
  public Future<Void> transfer(String conversationId, Agent agent, String toQueue, Agent toAgent) {
    return desk.transfer(conversationId, agent, toQueue, toAgent);
  }

  /** Who may take a conversation: every queue, and the online agents other than {@code agent} who serve its queue. */
  public record TransferTargets(List<String> queues, List<Agent> agents) {
  }

  /**
   * Where {@code agent} may transfer a conversation they hold (409 {@code not_yours} otherwise): the
   * queues, and the agents online now who serve the conversation's queue, by name.
   */
  public Future<TransferTargets> transferTargets(String conversationId, Agent agent) {
    return desk.transferTargets(conversationId, agent);
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
}
