package io.relevo.handoff.queue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Link;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Role;
import io.relevo.core.dialogue.DialogueKeys;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.TicketJson;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.auth.AgentAuth;
import io.relevo.handoff.tickets.TicketQueues;
import io.relevo.kb.Hit;
import io.relevo.kb.KnowledgeBase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/handoffs/{id}/context}: what an agent needs beside the transcript — the
 * escalation reason and queue, the language, the last intent the bot understood, the articles the
 * bot showed, the person's tickets (those of the agent's queues), and knowledge articles suggested for the person's first typed
 * question. For the agent who holds the conversation, or a supervisor. Stateless.
 */
public final class ContextRoutes {

  private final Vertx vertx;
  private final AgentAuth auth;
  private final HandoffService handoff;
  private final ConversationService conversations;
  private final TicketSystem tickets;
  private final KnowledgeBase knowledge;
  private final TicketQueues ticketQueues;

  /** @param ticketQueues which of the person's tickets the agent sees */
  public ContextRoutes(Vertx vertx, AgentAuth auth, HandoffService handoff, ConversationService conversations,
      TicketSystem tickets, KnowledgeBase knowledge, TicketQueues ticketQueues) {
    this.ticketQueues = ticketQueues;
    this.vertx = vertx;
    this.auth = auth;
    this.handoff = handoff;
    this.conversations = conversations;
    this.tickets = tickets;
    this.knowledge = knowledge;
  }

  public void mount(Router router) {
    router.get("/api/v1/handoffs/:id/context").handler(auth.require(AgentRole.AGENT)).handler(this::context);
  }

  /** The bot's last decision (candidates, scores, the rule that won), or null. */
  private static JsonObject decision(Conversation c) {
    String raw = c.attributes().get(DialogueKeys.DECISION);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return new JsonObject(raw);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Every kept turn's decision, oldest first, each with the id of the message it answered. */
  private static JsonArray decisions(Conversation c) {
    String raw = c.attributes().get(DialogueKeys.DECISIONS);
    if (raw == null || raw.isEmpty()) {
      return new JsonArray();
    }
    try {
      return new JsonArray(raw);
    } catch (RuntimeException e) {
      return new JsonArray();
    }
  }

  /** Who the person is: the name their channel gave, and whether the channel verified who they are. */
  private static JsonObject person(Conversation c) {
    io.relevo.core.conversation.Participant p = c.customer();
    boolean verified = p != null && p.id() != null && !p.id().isBlank();
    return new JsonObject().put("name", p == null ? null : p.name()).put("verified", verified);
  }

  private void context(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Agent agent = ctx.get(AgentAuth.AGENT);
    Future<Conversation> allowed = agent.has(AgentRole.SUPERVISOR) ? conversations.find(id)
        : handoff.held(id, agent);
    allowed.compose(c -> conversations.transcript(id, null, 1000).compose(messages -> {
      String lang = c.attributes().getOrDefault("lang", c.locale());
      String firstQuestion = null;
      String lastQuestion = null;
      Map<String, Link> shown = new LinkedHashMap<>();
      for (Message m : messages) {
        if (m.role() == Role.CUSTOMER && m.payload() == null && m.text() != null && !m.text().isBlank()) {
          lastQuestion = m.text();
          if (firstQuestion == null) {
            firstQuestion = m.text();
          }
        }
        for (Link l : m.links() == null ? List.<Link>of() : m.links()) {
          if (l.articleId() != null) {
            shown.put(l.articleId(), l);
          }
        }
      }
      // the person's real question is what they first typed, not the request for a person that came last
      String question = firstQuestion;
      String latest = lastQuestion;
      Future<List<Hit>> suggested = question == null ? Future.succeededFuture(List.of())
          : vertx.executeBlocking(() -> knowledge.search(question, lang, 3), false);
      return Future.all(suggested, tickets.listFor(Requesters.of(c), 10)).map(all -> {
        JsonArray articles = new JsonArray();
        shown.values().forEach(l -> articles.add(new JsonObject().put("id", l.articleId()).put("title", l.title()).put("url", l.url())));
        JsonArray suggestions = new JsonArray();
        for (Hit h : all.<List<Hit>>resultAt(0)) {
          suggestions.add(new JsonObject().put("id", h.article().id()).put("title", h.article().title())
              .put("url", "/kb/" + h.article().id()).put("passage", h.passage()));
        }
        JsonArray ticketList = new JsonArray();
        all.<List<io.relevo.core.tickets.Ticket>>resultAt(1).stream().filter(t -> ticketQueues.visibleTo(agent, t))
            .forEach(t -> ticketList.add(TicketJson.summary(t)));
        return new JsonObject().put("conversationId", id).put("state", c.state().wire())
            .put("reason", c.fields().get("reason")).put("queue", c.fields().get("queue")).put("locale", lang)
            .put("channel", c.channel())
            .put("intent", c.attributes().get(DialogueKeys.INTENT)).put("decision", decision(c))
            .put("decisions", decisions(c))
            .put("articlesShown", articles)
            .put("tickets", ticketList).put("suggestions", suggestions).put("question", question)
            .put("lastQuestion", latest).put("person", person(c));
      });
    })).onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode()))
        .onFailure(ctx::fail);
  }
}
