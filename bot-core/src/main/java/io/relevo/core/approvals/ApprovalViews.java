package io.relevo.core.approvals;

import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The JSON an approver sees of an approval (the console, and Slack's and Teams' messages); a withdrawn
 * one says by whom ({@code withdrawnBy}: {@code requester}, or {@code desk} for an agent or the company's
 * ticket system). Stateless.
 */
public final class ApprovalViews {

  private ApprovalViews() {
  }

  public static JsonObject json(Approvals.Pending p) {
    Ticket t = p.ticket();
    Approval.Step s = p.step();
    JsonObject out = new JsonObject()
        .put("id", p.approvalId())
        .put("ticketId", t.id())
        .put("flow", t.approval().flow())
        .put("step", s.number())
        .put("steps", t.approval().steps().size())
        .put("state", s.state().code())
        .put("approvalState", t.approval().state().code())
        .put("ticketStatus", t.status().code())
        .put("title", t.title())
        .put("category", t.category())
        .put("locale", t.locale())
        .put("requester", new JsonObject().put("name", t.requester().name()).put("email", t.requester().email()))
        .put("fields", new JsonObject(new java.util.LinkedHashMap<>(t.fields())))
        .put("requestedAt", t.createdAt().toString())
        .put("approver", new JsonObject().put("kind", s.kind()).put("target", s.target())
            .put("approvers", new JsonArray(s.approvers())).put("escalatedTo", new JsonArray(s.escalatedTo())));
    if (t.description() != null) {
      out.put("description", t.description());
    }
    if (s.startedAt() != null) {
      out.put("askedAt", s.startedAt().toString());
    }
    if (s.escalateAt() != null) {
      out.put("escalateAt", s.escalateAt().toString());
    }
    if (s.escalatedAt() != null) {
      out.put("escalatedAt", s.escalatedAt().toString());
    }
    if (p.onBehalfOf() != null) {
      out.put("onBehalfOf", p.onBehalfOf());
    }
    if (t.approval().state() == Approval.State.WITHDRAWN) {
      out.put("withdrawnBy", ApprovalMachine.byRequester(t) ? "requester" : "desk");
    }
    Approval.Decision d = s.decision();
    if (d != null) {
      JsonObject decision = new JsonObject().put("outcome", d.outcome().code()).put("by", d.by()).put("name", d.name())
          .put("via", d.via()).put("at", d.at().toString());
      if (d.onBehalfOf() != null) {
        decision.put("onBehalfOf", d.onBehalfOf());
      }
      if (d.reason() != null) {
        decision.put("reason", d.reason());
      }
      out.put("decision", decision);
    }
    out.getMap().values().removeIf(java.util.Objects::isNull);
    out.getJsonObject("requester").getMap().values().removeIf(java.util.Objects::isNull);
    out.getJsonObject("approver").getMap().values().removeIf(java.util.Objects::isNull);
    return out;
  }
}
