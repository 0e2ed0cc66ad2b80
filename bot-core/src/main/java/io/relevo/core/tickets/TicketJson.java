package io.relevo.core.tickets;

import io.relevo.core.conversation.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON views of a ticket: what its requester sees, and what agents see. */
public final class TicketJson {

  private TicketJson() {
  }

  /** Everything, for agents and integrations. */
  public static JsonObject full(Ticket t) {
    return new JsonObject(Buffer.buffer(Json.writeBytes(t)));
  }

  /** What the requester sees: no internal version or requester key. */
  public static JsonObject forRequester(Ticket t) {
    JsonObject out = full(t);
    out.remove("version");
    out.remove("requester");
    JsonArray history = out.getJsonArray("history", new JsonArray());
    history.forEach(h -> ((JsonObject) h).remove("by"));
    JsonObject approval = out.getJsonObject("approval");
    if (approval != null) {
      approval.getJsonArray("steps", new JsonArray()).forEach(step -> {
        JsonObject decision = ((JsonObject) step).getJsonObject("decision");
        if (decision != null) {
          decision.remove("key");
        }
      });
    }
    return out;
  }

  /** One line of a list. */
  public static JsonObject summary(Ticket t) {
    JsonObject out = new JsonObject().put("id", t.id()).put("kind", t.kind().code())
        .put("title", t.title()).put("status", t.status().code())
        .put("priority", t.priority().code())
        .put("createdAt", t.createdAt().toString()).put("updatedAt", t.updatedAt().toString());
    if (t.approval() != null) {
      out.put("approvalState", t.approval().state().code());
    }
    return out;
  }
}
