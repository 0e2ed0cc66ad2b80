package io.relevo.handoff.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.queue.HandoffService.Claimed;
import io.relevo.handoff.queue.HandoffService.TransferTargets;
import io.vertx.core.Future;

/**
 * What an agent does with a conversation for {@link HandoffService}: claiming it from a queue
 * within their capacity, replying and writing notes while holding it, and handing it back,
 * closing or transferring it; the time to an agent and the handling time go to analytics.
 * Thread-safe; futures complete on the caller's context.
 */
final class AgentDesk {

  private final ConversationService conversations;
  private final Presence presence;
  private final HeldConversations held;
  private final Queueing queueing;
  private final Notes notes;
  private final List<String> queueNames;
  private volatile io.relevo.core.analytics.Analytics analytics;

  AgentDesk(ConversationService conversations, Presence presence, HeldConversations held, Queueing queueing,
      Notes notes, List<String> queueNames) {
    this.conversations = conversations;
    this.presence = presence;
    this.held = held;
    this.queueing = queueing;
    this.notes = notes;
    this.queueNames = queueNames;
  }

  void analytics(io.relevo.core.analytics.Analytics analytics) {
    this.analytics = analytics;
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

  Future<Claimed> claim(String conversationId, Agent agent) {
    return conversations.find(conversationId).compose(c -> {
      String queue = c.fields().getOrDefault("queue", HandoffService.DEFAULT_QUEUE);
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
            return queueing.leave(queue, conversationId)
                .compose(v -> conversations.post(conversationId, HandoffService.system(c.locale(), "joined", agent.name())))
                .compose(v -> queueing.announce("claimed", conversationId, agent.id()))
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
  Future<Conversation> held(String conversationId, Agent agent) {
    return conversations.find(conversationId).compose(c -> c.state() == ConversationState.AGENT
        && agent.id().equals(c.fields().get("agentId"))
        ? Future.succeededFuture(c)
        : Future.failedFuture(new ApiException(409, "not_yours", "You do not hold this conversation.")));
  }

  Future<Message> reply(String conversationId, Agent agent, String text) {
    return held(conversationId, agent).compose(c -> conversations.post(conversationId,
        Message.draft(Role.AGENT, text, new Participant(agent.id(), Role.AGENT, agent.name()))));
  }

  Future<Void> note(String conversationId, Agent agent, String text) {
    String note = new io.vertx.core.json.JsonObject().put("agentId", agent.id()).put("agentName", agent.name())
        .put("text", text).put("ts", Instant.now().toString()).encode();
    return held(conversationId, agent).compose(c -> notes.add(conversationId, note)).mapEmpty();
  }

  Future<Void> returnToBot(String conversationId, Agent agent) {
    return held(conversationId, agent).onSuccess(c -> since(c, "claimedAt", false)).compose(c -> conversations.transition(conversationId,
            Set.of(ConversationState.AGENT), ConversationState.BOT,
            Map.of("agentId", "", "agentName", "", "queue", "", "reason", "", "queuedAt", "", "claimedAt", ""))
        .compose(won -> held.release(agent.id(), conversationId))
        .compose(v -> conversations.post(conversationId, HandoffService.system(c.locale(), "left", agent.name())))
        .compose(v -> queueing.announce("returned", conversationId, agent.id())));
  }

  Future<Void> close(String conversationId, Agent agent, String resolution) {
    return held(conversationId, agent).onSuccess(c -> since(c, "claimedAt", false)).compose(c -> conversations.post(conversationId, HandoffService.system(c.locale(), "closed"))
        .compose(v -> conversations.transition(conversationId, Set.of(ConversationState.AGENT),
            ConversationState.CLOSED, Map.of("resolution", resolution, "closedAt", Long.toString(System.currentTimeMillis()))))
        .compose(won -> held.release(agent.id(), conversationId))
        .compose(v -> queueing.announce("closed", conversationId, agent.id())));
  }

  Future<Void> transfer(String conversationId, Agent agent, String toQueue, Agent toAgent) {
    return held(conversationId, agent).compose(c -> {
      if (toAgent != null) {
        return toAgent(conversationId, c, agent, toAgent);
      }
      if (!queueNames.contains(toQueue)) {
        return Future.failedFuture(new ApiException(400, "bad_request", "Unknown queue '" + toQueue + "'."));
      }
      long since = Long.parseLong(c.fields().getOrDefault("queuedAt", Long.toString(System.currentTimeMillis())));
      return conversations.transition(conversationId, Set.of(ConversationState.AGENT), ConversationState.QUEUED,
              Map.of("queue", toQueue, "agentId", "", "agentName", "", "claimedAt", ""))
          .compose(v -> held.release(agent.id(), conversationId))
          .compose(v -> queueing.requeue(toQueue, since, conversationId))
          .compose(v -> conversations.post(conversationId, HandoffService.system(c.locale(), "transferred")))
          .compose(v -> queueing.announce("returned", conversationId, agent.id()))
          .compose(v -> queueing.announce("queued", conversationId, null))
          .compose(v -> queueing.tellPositions(toQueue));
    });
  }

  /** Gives {@code c}, which {@code agent} holds, straight to {@code toAgent}, who serves its queue and is online. */
  private Future<Void> toAgent(String conversationId, Conversation c, Agent agent, Agent toAgent) {
    String queue = c.fields().getOrDefault("queue", HandoffService.DEFAULT_QUEUE);
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
          .compose(v -> conversations.post(conversationId, HandoffService.system(c.locale(), "left", agent.name())))
          .compose(v -> conversations.post(conversationId, HandoffService.system(c.locale(), "joined", toAgent.name())))
          .compose(v -> queueing.announce("returned", conversationId, agent.id()))
          .compose(v -> queueing.announce("claimed", conversationId, toAgent.id(), agent));
    });
  }

  Future<TransferTargets> transferTargets(String conversationId, Agent agent) {
    return held(conversationId, agent).compose(c -> presence.online().map(online -> {
      String queue = c.fields().getOrDefault("queue", HandoffService.DEFAULT_QUEUE);
      List<Agent> agents = online.values().stream()
          .filter(a -> !a.id().equals(agent.id()) && a.has(io.relevo.handoff.agents.AgentRole.AGENT)
              && QueueAccess.sees(a, queue))
          .sorted(Comparator.comparing(Agent::name).thenComparing(Agent::id))
          .toList();
      return new TransferTargets(queueNames, agents);
    }));
  }
}
