package io.relevo.handoff.approvals;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.relevo.core.approvals.ApprovalViews;
import io.relevo.core.approvals.Approvals;
import io.relevo.core.approvals.Decider;
import io.relevo.core.approvals.Directory;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.core.tickets.Approval;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.audit.AuditLog;
import io.relevo.handoff.auth.AgentAuth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Approvers' side of approvals, with an agent token (role {@code approver} or above):
 * <ul>
 *   <li>{@code GET /api/v1/agent/approvals}: the steps the caller may decide now (as approver,
 *       delegate of one who is away, escalation target, or holder of the step's role);</li>
 *   <li>{@code GET /api/v1/agent/approvals/{id}}: one of them (or one they decided);</li>
 *   <li>{@code POST /api/v1/agent/approvals/{id}/decision} {@code {"decision":"approve|reject","reason"?}}
 *       with an optional {@code Idempotency-Key} header: decides once ({@code "replayed":true} for a
 *       repeat); 403 {@code not_your_approval}, 409 {@code already_decided}, {@code withdrawn} (by the
 *       requester), {@code cancelled} (by the help desk) or {@code not_pending}, 404 {@code not_found}
 *       (also for an id that is not an approval's, see {@code ApprovalId}).</li>
 * </ul>
 * The caller's directory identity is the person whose {@code agent} is their sign-in. Decisions go
 * to the audit log with their outcome. Stateless; one instance per HTTP verticle.
 */
public final class ApprovalRoutes {

  private static final String BASE = "/api/v1/agent/approvals";

  private final Approvals approvals;
  private final Directory directory;
  private final AgentAuth auth;

  public ApprovalRoutes(Approvals approvals, Directory directory, AgentAuth auth) {
    this.approvals = approvals;
    this.directory = directory;
    this.auth = auth;
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(16 * 1024);
    router.get(BASE).handler(auth.require(AgentRole.APPROVER)).handler(this::list);
    router.get(BASE + "/:id").handler(auth.require(AgentRole.APPROVER)).handler(this::get);
    router.post(BASE + "/:id/decision").handler(body).handler(auth.require(AgentRole.APPROVER)).handler(this::decide);
  }

  /** The signed-in agent as a decider: their directory e-mail and the roles their account grants. */
  public static Decider decider(Agent agent, Directory directory) {
    Set<String> roles = new LinkedHashSet<>();
    for (AgentRole r : AgentRole.values()) {
      if (agent.has(r)) {
        roles.add(r.wire());
      }
    }
    String email = directory.byAgent(agent.id()).map(Directory.Person::email).orElse(null);
    return new Decider(email, agent.id(), agent.name(), roles, "console");
  }

  private void list(RoutingContext ctx) {
    Agent agent = ctx.get(AgentAuth.AGENT);
    approvals.pendingFor(decider(agent, directory), 200).onSuccess(list -> {
      JsonArray out = new JsonArray();
      list.forEach(p -> out.add(ApprovalViews.json(p)));
      json(ctx, 200, new JsonObject().put("approvals", out));
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Agent agent = ctx.get(AgentAuth.AGENT);
    approvals.find(ctx.pathParam("id"), decider(agent, directory))
        .onSuccess(p -> json(ctx, 200, ApprovalViews.json(p))).onFailure(ctx::fail);
  }

  private void decide(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    Object given = body.getValue("decision");
    Approval.State decision = "approve".equals(given) ? Approval.State.APPROVED
        : "reject".equals(given) ? Approval.State.REJECTED : null;
    if (decision == null) {
      throw new ApiException(400, "bad_request", "'decision' must be approve or reject.");
    }
    String reason = Requests.text(body.put("text", body.getValue("reason", "")), 1000, false);
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && (key.isBlank() || key.length() > 200)) {
      throw new ApiException(400, "bad_request", "'Idempotency-Key' must be 1 to 200 characters.");
    }
    Agent agent = ctx.get(AgentAuth.AGENT);
    String id = ctx.pathParam("id");
    ctx.put(AuditLog.DETAILS, Map.of("decision", given.toString()));
    approvals.decide(id, decider(agent, directory), decision, reason == null || reason.isEmpty() ? null : reason, key)
        .onSuccess(d -> json(ctx, 200, ApprovalViews.json(new Approvals.Pending(d.approvalId(), d.ticket(), d.step(), null))
            .put("replayed", d.replayed())))
        .onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
