package io.relevo.handoff.tickets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketJson;
import io.relevo.core.tickets.TicketNotifier;
import io.relevo.core.tickets.TicketSystem;
import io.relevo.core.tickets.TicketWebhook;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.audit.AuditLog;
import io.relevo.handoff.auth.AgentAuth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The help desk's side of tickets:
 * <ul>
 *   <li>agents (agent token): {@code GET /api/v1/agent/tickets?q=&status=}, {@code GET
 *       /api/v1/agent/tickets/{id}}, {@code POST .../{id}/status} {@code {"status","note"}} and
 *       {@code POST .../{id}/comments} {@code {"text"}};</li>
 *   <li>the company's ticket system: {@code POST /api/v1/integrations/tickets/{id}}
 *       {@code {"status","comment","externalId"}} with {@code Authorization: Bearer} the
 *       configured inbound token (compared in constant time; disabled when none is set);</li>
 *   <li>administrators: {@code GET /api/v1/admin/webhooks/dead-letters} and {@code POST
 *       .../dead-letters/replay}.</li>
 * </ul>
 * Status changes and comments from the desk are told to the requester in their conversation. An
 * agent reads, finds and changes only the tickets of the queues they serve ({@link TicketQueues};
 * supervisors and admins all); any other is answered like a missing one. Every agent's read and
 * search goes to the audit log: the ticket id, or that a search ran and how many it found (never
 * the search text). Stateless; one instance per HTTP verticle.
 */
public final class DeskTicketRoutes {

  private static final String BASE = "/api/v1/agent/tickets";
  /** Tickets a search looks through before keeping the agent's own queues' (of which it answers 200). */
  private static final int SEARCHED = 2000;

  private final TicketSystem tickets;
  private final TicketNotifier notifier;
  private final AgentAuth auth;
  private final String inboundToken;
  private final TicketWebhook webhook;
  private final TicketQueues queues;
  private final AuditLog audit;

  /**
   * @param inboundToken the integration's bearer token; empty disables the endpoint
   * @param webhook the outbound webhook; null when none is configured
   * @param queues which agents see which tickets
   * @param audit where agents' reads and searches are recorded
   */
  public DeskTicketRoutes(TicketSystem tickets, TicketNotifier notifier, AgentAuth auth, String inboundToken,
      TicketWebhook webhook, TicketQueues queues, AuditLog audit) {
    this.queues = queues;
    this.audit = audit;
    this.tickets = tickets;
    this.notifier = notifier;
    this.auth = auth;
    this.inboundToken = inboundToken;
    this.webhook = webhook;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(64 * 1024);
    String base = BASE;
    router.get(base).handler(auth.require(AgentRole.AGENT)).handler(this::search);
    router.get(base + "/:id").handler(auth.require(AgentRole.AGENT)).handler(this::get);
    router.post(base + "/:id/status").handler(body).handler(auth.require(AgentRole.AGENT)).handler(this::status);
    router.post(base + "/:id/comments").handler(body).handler(auth.require(AgentRole.AGENT)).handler(this::comment);
    router.post("/api/v1/integrations/tickets/:id").handler(body).handler(this::inbound);
    router.get("/api/v1/admin/webhooks/dead-letters").handler(auth.require(AgentRole.ADMIN)).handler(this::deadLetters);
    router.post("/api/v1/admin/webhooks/dead-letters/replay").handler(auth.require(AgentRole.ADMIN)).handler(this::replay);
  }

  private void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q", "");
    String statusParam = ctx.request().getParam("status");
    Ticket.Status status = statusParam == null ? null : Ticket.Status.parse(statusParam);
    if (statusParam != null && status == null) {
      throw new ApiException(400, "bad_request", "Unknown status '" + statusParam + "'.");
    }
    Agent agent = ctx.get(AgentAuth.AGENT);
    tickets.search(q.length() > 200 ? q.substring(0, 200) : q, status, SEARCHED).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.stream().filter(t -> queues.visibleTo(agent, t)).limit(200)
          .forEach(t -> out.add(TicketJson.summary(t).put("requester", t.requester().name())));
      audit.record(agent.id(), agent.name(), "GET " + BASE, Map.of("search", q.isBlank() ? "all" : "text",
          "status", statusParam == null ? "any" : status.code(), "results", Integer.toString(out.size())), 200);
      json(ctx, 200, new JsonObject().put("tickets", out));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Agent agent = ctx.get(AgentAuth.AGENT);
    String id = ctx.pathParam("id");
    visible(agent, id).onSuccess(ticket -> {
      audit.record(agent.id(), agent.name(), "GET " + BASE + "/:id", Map.of("id", cut(id)), 200);
      json(ctx, 200, TicketJson.full(ticket));
    }).onFailure(e -> {
      if (e instanceof ApiException) {
        audit.record(agent.id(), agent.name(), "GET " + BASE + "/:id", Map.of("id", cut(id)), 404);
      }
      ctx.fail(e);
    });
  }

  /** The ticket if {@code agent} may see it; a 404 for one of another queue, as for a missing one. */
  private Future<Ticket> visible(Agent agent, String id) {
    return tickets.find(id).compose(found -> found.isPresent() && (agent == null || queues.visibleTo(agent, found.get()))
        ? Future.succeededFuture(found.get())
        : Future.failedFuture(new ApiException(404, "not_found", "No such ticket.")));
  }

  private static String cut(String id) {
    return id.length() > 100 ? id.substring(0, 100) : id;
  }

  private void status(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    Ticket.Status status = Ticket.Status.parse(body.getValue("status") instanceof String s ? s : "");
    if (status == null) {
      throw new ApiException(400, "bad_request", "'status' must be one of new, in_progress, waiting_on_user, resolved, closed, cancelled.");
    }
    String note = Requests.text(body.put("text", body.getValue("note", "")), 4000, false);
    Agent agent = ctx.get(AgentAuth.AGENT);
    change(ctx, ctx.pathParam("id"), agent, status, new Ticket.Actor("agent", agent.id(), agent.name()), note, null);
  }

  private void comment(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    String text = Requests.text(body, 4000, true);
    Agent agent = ctx.get(AgentAuth.AGENT);
    change(ctx, ctx.pathParam("id"), agent, null, new Ticket.Actor("agent", agent.id(), agent.name()), text, null);
  }

  private void inbound(RoutingContext ctx) {
    if (inboundToken.isEmpty()) {
      throw new ApiException(404, "not_found", "The ticket integration is not enabled (tickets.inboundToken).");
    }
    String presented = Requests.bearer(ctx.request().getHeader("Authorization"));
    if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
        inboundToken.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(401, "unauthorized", "The integration's bearer token is required.");
    }
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    Ticket.Status status = null;
    if (body.containsKey("status")) {
      status = Ticket.Status.parse(body.getValue("status") instanceof String s ? s : "");
      if (status == null) {
        throw new ApiException(400, "bad_request", "'status' must be one of new, in_progress, waiting_on_user, resolved, closed, cancelled.");
      }
    }
    Object given = body.getValue("comment");
    String comment = Requests.text(body.put("text", given == null ? "" : given), 4000, false);
    Object external = body.getValue("externalId");
    if (external != null && (!(external instanceof String e) || e.isBlank() || e.length() > 200)) {
      throw new ApiException(400, "bad_request", "'externalId' must be a string of 1 to 200 characters.");
    }
    if (status == null && comment.isEmpty() && external == null) {
      throw new ApiException(400, "bad_request", "Send a 'status', a 'comment' or an 'externalId'.");
    }
    change(ctx, ctx.pathParam("id"), null, status, new Ticket.Actor("system", null, "Ticket system"), comment, (String) external);
  }

  /**
   * Applies a status and/or comment, tells the requester, answers with the ticket.
   *
   * @param agent the agent making the change, who must see the ticket; null for the ticket system
   */
  private void change(RoutingContext ctx, String id, Agent agent, Ticket.Status status, Ticket.Actor by, String text,
      String externalId) {
    visible(agent, id).compose(before -> {
      Future<Ticket> done = Future.succeededFuture(before);
      if (externalId != null) {
        done = done.compose(t -> tickets.link(id, externalId));
      }
      if (status != null) {
        done = done.compose(t -> tickets.changeStatus(id, status, by, text));
      } else if (text != null && !text.isEmpty()) {
        done = done.compose(t -> tickets.comment(id, null, by, text));
      }
      return done.compose(after -> notifier.changed(before, after, text).map(after));
    }).onSuccess(after -> json(ctx, 200, TicketJson.full(after))).onFailure(ctx::fail);
  }

  private void deadLetters(RoutingContext ctx) {
    if (webhook == null) {
      json(ctx, 200, new JsonObject().put("deadLetters", new JsonArray()).put("webhook", false));
      return;
    }
    webhook.deadLetters(500).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(d -> out.add(JsonObject.mapFrom(d)));
      json(ctx, 200, new JsonObject().put("deadLetters", out).put("webhook", true));
    }).onFailure(ctx::fail);
  }

  private void replay(RoutingContext ctx) {
    if (webhook == null) {
      throw new ApiException(409, "no_webhook", "No webhook is configured (tickets.webhook.url).");
    }
    webhook.replay().onSuccess(n -> json(ctx, 200, new JsonObject().put("replayed", n))).onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
