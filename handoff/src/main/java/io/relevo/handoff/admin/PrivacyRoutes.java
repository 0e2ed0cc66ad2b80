package io.relevo.handoff.admin;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.conversation.ConversationException;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Message;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketJson;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.auth.AgentAuth;
import io.relevo.redis.Keyspace;
import io.relevo.redis.RedisConnector;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A person's data on request (admin role): {@code GET /api/v1/admin/people/{userId}/export} — every
 * conversation (with its transcript) and ticket of the verified user {@code userId} as JSON — and
 * {@code DELETE /api/v1/admin/people/{userId}}, which erases them from Redis. The user id is the
 * verified identity as the channel gives it (the host site's {@code sub} or {@code web:SUB},
 * {@code slack:TEAM:USER}, {@code teams:AAD_ID}; see {@link io.relevo.core.tickets.Requesters#person}). Each call is logged with the administrator's id, never the person's data.
 *
 * <p>An erasure covers every key family that {@link Keyspace} declares erased with a person: each
 * conversation's own keys and the channels' mappings ({@link ConversationService#erase}), its place
 * in a handoff queue and in its agent's set, the index of the person's conversations, and their
 * tickets with the webhook deliveries that carry them ({@link TicketSystem#erase}). Stateless.
 */
public final class PrivacyRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(PrivacyRoutes.class);

  private final AgentAuth auth;
  private final ConversationService conversations;
  private final TicketSystem tickets;
  private final RedisConnector redis;

  public PrivacyRoutes(AgentAuth auth, ConversationService conversations, TicketSystem tickets, RedisConnector redis) {
    this.auth = auth;
    this.conversations = conversations;
    this.tickets = tickets;
    this.redis = redis;
  }

  public void mount(Router router) {
    router.get("/api/v1/admin/people/:userId/export").handler(auth.require(AgentRole.ADMIN)).handler(this::export);
    router.delete("/api/v1/admin/people/:userId").handler(auth.require(AgentRole.ADMIN)).handler(this::erase);
  }

  private static String userId(RoutingContext ctx) {
    String id = ctx.pathParam("userId");
    if (id == null || id.isBlank() || id.length() > 200) {
      throw new ApiException(400, "bad_request", "A user id of 1 to 200 characters is required.");
    }
    return Requesters.person(id);
  }

  private static Ticket.Requester requester(String userId) {
    return new Ticket.Requester("user:" + userId, null, null);
  }

  private void export(RoutingContext ctx) {
    String userId = userId(ctx);
    Agent admin = ctx.get(AgentAuth.AGENT);
    conversations.conversationsOf(userId).compose(ids -> {
      List<Future<JsonObject>> each = new ArrayList<>();
      for (String id : ids) {
        each.add(conversations.find(id).compose(c -> conversations.transcript(id, null, 100_000).map(messages -> {
          JsonArray list = new JsonArray();
          for (Message m : messages) {
            list.add(new JsonObject(Buffer.buffer(io.relevo.core.conversation.Json.writeBytes(m))));
          }
          return new JsonObject().put("conversationId", id).put("channel", c.channel()).put("locale", c.locale())
              .put("createdAt", c.createdAt().toString()).put("state", c.state().wire()).put("messages", list);
        })).recover(e -> e instanceof ConversationException ce && ce.reason() == ConversationException.Reason.NOT_FOUND
            ? Future.succeededFuture(null) : Future.failedFuture(e)));
      }
      return Future.all(each).compose(all -> tickets.listFor(requester(userId), 10_000).map(ts -> {
        JsonArray convs = new JsonArray();
        for (int i = 0; i < all.size(); i++) {
          if (all.resultAt(i) != null) {
            convs.add(all.<JsonObject>resultAt(i));
          }
        }
        JsonArray ticketList = new JsonArray();
        ts.forEach(t -> ticketList.add(TicketJson.full(t)));
        return new JsonObject().put("userId", userId).put("exportedAt", java.time.Instant.now().toString())
            .put("conversations", convs).put("tickets", ticketList);
      }));
    }).onSuccess(body -> {
      LOG.info("Admin {} exported a person's data ({} conversations)", admin.id(), body.getJsonArray("conversations").size());
      ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").putHeader("Cache-Control", "no-store")
          .putHeader("Content-Disposition", "attachment; filename=\"relevo-export.json\"").end(body.encode());
    }).onFailure(ctx::fail);
  }

  private void erase(RoutingContext ctx) {
    String userId = userId(ctx);
    Agent admin = ctx.get(AgentAuth.AGENT);
    conversations.conversationsOf(userId).compose(ids -> {
      List<Future<Void>> gone = new ArrayList<>();
      ids.forEach(id -> gone.add(leaveHandoff(id).compose(v -> conversations.erase(id))));
      return Future.all(gone).compose(v -> conversations.forgetPerson(userId))
          .compose(v -> tickets.erase(requester(userId)))
          .map(n -> new JsonObject().put("conversations", ids.size()).put("tickets", n));
    }).onSuccess(body -> {
      LOG.info("Admin {} erased a person's data ({} conversations, {} tickets)", admin.id(),
          body.getInteger("conversations"), body.getInteger("tickets"));
      ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }).onFailure(ctx::fail);
  }

  /**
   * Removes the conversation's id from the handoff queue it waits in and the set of the agent who
   * holds it ({@link Keyspace#HANDOFF_QUEUE}, {@link Keyspace#AGENT_CONVERSATIONS}), as its record
   * names them; one command each (other Cluster slots).
   */
  private Future<Void> leaveHandoff(String conversationId) {
    return conversations.find(conversationId).compose(c -> {
      var cmd = redis.commands();
      String queue = c.fields().getOrDefault("queue", "");
      String agent = c.fields().getOrDefault("agentId", "");
      List<Future<Long>> removed = new ArrayList<>();
      removed.add(Future.fromCompletionStage(cmd.zrem(Keyspace.handoffQueue(queue.isEmpty() ? "general" : queue), conversationId), io.vertx.core.Vertx.currentContext()));
      if (!agent.isEmpty()) {
        removed.add(Future.fromCompletionStage(cmd.srem(Keyspace.agentConversations(agent), conversationId),
            io.vertx.core.Vertx.currentContext()));
      }
      return Future.all(removed).<Void>mapEmpty();
    }).recover(e -> e instanceof ConversationException ce && ce.reason() == ConversationException.Reason.NOT_FOUND
        ? Future.succeededFuture() : Future.failedFuture(e));
  }
}
