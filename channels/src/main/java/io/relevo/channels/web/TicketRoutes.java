package io.relevo.channels.web;

import io.relevo.core.conversation.ConversationService;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.TicketJson;
import io.relevo.core.tickets.TicketSystem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A person's own tickets: {@code GET /api/v1/tickets} and {@code GET /api/v1/tickets/{id}}, with
 * the conversation's credentials ({@code ?conversation=ID} and {@code Authorization: Bearer
 * TOKEN}). The requester is the conversation's verified user, or the owner of the anonymous
 * conversation; anybody else's ticket is answered exactly like a missing one (404). With
 * approvals, {@code POST /api/v1/tickets/{id}/withdraw} {@code {"reason"?}} withdraws a request still
 * waiting for its approval (409 {@code already_decided} or {@code not_pending} otherwise). Stateless.
 */
public final class TicketRoutes {

  private final ConversationService conversations;
  private final TicketSystem tickets;

  public TicketRoutes(ConversationService conversations, TicketSystem tickets) {
    this.conversations = conversations;
    this.tickets = tickets;
  }

  private io.relevo.core.approvals.Approvals approvals;

  /** Enables withdrawals of pending requests through {@code service}; call before {@link #mount}. */
  public TicketRoutes approvals(io.relevo.core.approvals.Approvals service) {
    this.approvals = service;
    return this;
  }

  public void mount(Router router) {
    router.get("/api/v1/tickets").handler(this::list);
    router.get("/api/v1/tickets/:id").handler(this::get);
    if (approvals != null) {
      router.post("/api/v1/tickets/:id/withdraw")
          .handler(io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::withdraw);
    }
  }

  private void withdraw(RoutingContext ctx) {
    String conversation = conversationId(ctx);
    String id = ctx.pathParam("id");
    io.vertx.core.buffer.Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    JsonObject body = raw == null || raw.length() == 0 ? new JsonObject() : Requests.jsonObject(raw, false);
    String reason = Requests.text(body.put("text", body.getValue("reason", "")), 1000, false);
    conversations.authorize(conversation, Requests.bearer(ctx.request().getHeader("Authorization")))
        .compose(c -> approvals.withdraw(id, Requesters.of(c), reason))
        .onSuccess(t -> json(ctx, TicketJson.forRequester(t)))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    String conversation = conversationId(ctx);
    conversations.authorize(conversation, Requests.bearer(ctx.request().getHeader("Authorization")))
        .compose(c -> tickets.listFor(Requesters.of(c), 100))
        .onSuccess(list -> {
          JsonArray out = new JsonArray();
          list.forEach(t -> out.add(TicketJson.summary(t)));
          json(ctx, new JsonObject().put("tickets", out));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String conversation = conversationId(ctx);
    String id = ctx.pathParam("id");
    conversations.authorize(conversation, Requests.bearer(ctx.request().getHeader("Authorization")))
        .compose(c -> tickets.findFor(id, Requesters.of(c)))
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(new ApiException(404, "not_found", "No such ticket."));
          } else {
            json(ctx, TicketJson.forRequester(found.get()));
          }
        })
        .onFailure(ctx::fail);
  }

  private static String conversationId(RoutingContext ctx) {
    String id = ctx.request().getParam("conversation");
    if (id == null || id.isBlank()) {
      throw new ApiException(400, "bad_request", "Name the conversation: ?conversation=ID, with its token as Bearer.");
    }
    return id;
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
