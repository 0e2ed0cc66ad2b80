package io.relevo.handoff.queue;

import io.relevo.texts.Lang;
import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationException;
import io.relevo.core.conversation.Json;
import io.relevo.core.conversation.Message;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.auth.AgentAuth;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The agents' REST API: the queues, and claiming, answering, noting, returning, transferring
 * (to a queue or to a named online agent, listed by {@code GET .../transfer-targets}) and closing
 * conversations. Every route needs an agent token; an agent sees and takes only the queues they
 * serve ({@link QueueAccess}). One instance per HTTP verticle.
 */
public final class HandoffRoutes {

  private final HandoffService handoff;
  private final AgentAuth auth;
  private final io.relevo.core.conversation.ConversationService conversations;
  private final io.relevo.core.conversation.ConversationEvents events;
  private final int maxMessageChars;
  private final CannedResponses canned;

  public HandoffRoutes(HandoffService handoff, AgentAuth auth, io.relevo.core.conversation.ConversationService conversations,
      io.relevo.core.conversation.ConversationEvents events, int maxMessageChars, CannedResponses canned) {
    this.canned = canned;
    this.handoff = handoff;
    this.auth = auth;
    this.conversations = conversations;
    this.events = events;
    this.maxMessageChars = maxMessageChars;
  }

  public void mount(Router router) {
    // GET /api/v1/conversations/{id} with an agent's token (a JWT); a person's token goes on to the web channel
    router.get("/api/v1/conversations/:id").handler(this::describeForAgent);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(64 * 1024);
    router.get("/api/v1/queues").handler(auth.require(AgentRole.AGENT)).handler(this::queues);
    router.get("/api/v1/agents/ws").handler(this::socket);
    String base = "/api/v1/handoffs/:id";
    router.post(base + "/claim").handler(auth.require(AgentRole.AGENT)).handler(this::claim);
    router.post(base + "/messages").handler(body).handler(auth.require(AgentRole.AGENT)).handler(this::reply);
    router.post(base + "/notes").handler(body).handler(auth.require(AgentRole.AGENT)).handler(this::note);
    router.post(base + "/return-to-bot").handler(auth.require(AgentRole.AGENT)).handler(this::returnToBot);
    router.post(base + "/close").handler(body).handler(auth.require(AgentRole.AGENT)).handler(this::close);
    router.post(base + "/transfer").handler(body).handler(auth.require(AgentRole.AGENT)).handler(this::transfer);
    router.get(base + "/transfer-targets").handler(auth.require(AgentRole.AGENT)).handler(this::transferTargets);
    router.get("/api/v1/canned").handler(auth.require(AgentRole.AGENT)).handler(this::canned);
    router.get("/api/v1/supervisor/overview").handler(auth.require(AgentRole.SUPERVISOR)).handler(this::overview);
  }

  private void describeForAgent(RoutingContext ctx) {
    String token = Requests.bearer(ctx.request().getHeader("Authorization"));
    if (token == null || token.split("\\.", -1).length != 3) {
      ctx.next();
      return;
    }
    String id = ctx.pathParam("id");
    auth.authenticate(token)
        .compose(agent -> conversations.find(id).compose(c -> mayDescribe(agent, c) ? Future.succeededFuture(c)
            : Future.failedFuture(new ConversationException(ConversationException.Reason.NOT_FOUND, "not for this agent"))))
        .onSuccess(c -> {
          JsonObject out = new JsonObject().put("conversationId", c.id()).put("state", c.state().wire())
              .put("locale", c.locale()).put("channel", c.channel()).put("createdAt", c.createdAt().toString())
              .put("queue", c.fields().get("queue")).put("reason", c.fields().get("reason"));
          String agentName = c.fields().get("agentName");
          if (agentName != null) {
            out.put("agent", new JsonObject().put("id", c.fields().get("agentId")).put("name", agentName));
          }
          json(ctx, out);
        })
        .onFailure(ctx::fail);
  }

  /** Supervisors see every conversation; an agent, the ones they hold and the ones waiting in a queue they serve. */
  private static boolean mayDescribe(Agent agent, Conversation c) {
    String queue = c.fields().get("queue");
    return agent.has(AgentRole.SUPERVISOR) || agent.id().equals(c.fields().get("agentId"))
        || queue != null && !queue.isEmpty() && QueueAccess.sees(agent, queue);
  }

  private void socket(RoutingContext ctx) {
    String token = Requests.bearer(ctx.request().getHeader("Authorization"));
    if (token == null) {
      token = ctx.request().getParam("token");
    }
    String presented = token;
    ctx.request().pause();
    io.relevo.core.http.SocketGuard guard = io.relevo.core.http.SocketGuard.of(ctx.vertx());
    io.relevo.core.http.SocketGuard.Lease[] lease = {null};
    auth.authenticate(token)
        .compose(agent -> {
          lease[0] = guard.acquire(List.of(guard.perAgent(agent.id()))); // refused with a 429 before the upgrade
          ctx.request().resume();
          return ctx.request().toWebSocket().map(ws -> new AgentSocket(ws, guard.watch(ws, lease[0], "agent"), agent,
              handoff, conversations, events).signedInWhile(() -> auth.authenticate(presented)));
        })
        .onSuccess(AgentSocket::start)
        .onFailure(e -> {
          if (lease[0] != null) {
            lease[0].release();
          }
          ctx.request().resume();
          ctx.fail(e);
        });
  }

  private static Agent agent(RoutingContext ctx) {
    return ctx.get(AgentAuth.AGENT);
  }

  private void queues(RoutingContext ctx) {
    handoff.queuesFor(agent(ctx)).onSuccess(queues -> json(ctx, new JsonObject().put("queues", queuesJson(handoff, queues))))
        .onFailure(ctx::fail);
  }

  /** The queues as the console shows them: each with its target wait and its waiting conversations. */
  static JsonArray queuesJson(HandoffService handoff, Map<String, List<HandoffService.Waiting>> queues) {
    JsonArray out = new JsonArray();
    queues.forEach((name, waiting) -> {
      JsonArray items = new JsonArray();
      waiting.forEach(w -> items.add(new JsonObject().put("conversationId", w.conversationId())
          .put("reason", w.reason()).put("waitingSince", w.since().toString()).put("locale", w.locale())
          .put("preview", w.preview()).put("question", w.question()).put("person", w.person())));
      out.add(new JsonObject().put("id", name).put("targetWaitSeconds", handoff.targetWait(name).toSeconds())
          .put("waiting", items));
    });
    return out;
  }

  private void claim(RoutingContext ctx) {
    handoff.claim(ctx.pathParam("id"), agent(ctx)).onSuccess(claimed -> {
      Map<String, String> f = claimed.conversation().fields();
      json(ctx, new JsonObject()
          .put("conversationId", claimed.conversation().id())
          .put("state", claimed.conversation().state().wire())
          .put("locale", claimed.conversation().locale())
          .put("queue", f.get("queue"))
          .put("reason", f.get("reason"))
          .put("messages", messages(claimed.transcript())));
    }).onFailure(ctx::fail);
  }

  private void reply(RoutingContext ctx) {
    String text = Requests.text(Requests.jsonObject(ctx.body().buffer(), false), maxMessageChars, true);
    handoff.reply(ctx.pathParam("id"), agent(ctx), text)
        .onSuccess(m -> json(ctx, new JsonObject().put("message", message(m))))
        .onFailure(ctx::fail);
  }

  private void note(RoutingContext ctx) {
    String text = Requests.text(Requests.jsonObject(ctx.body().buffer(), false), maxMessageChars, true);
    handoff.note(ctx.pathParam("id"), agent(ctx), text)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void returnToBot(RoutingContext ctx) {
    handoff.returnToBot(ctx.pathParam("id"), agent(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void close(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), true);
    Object resolution = body.getValue("resolution", "resolved");
    if (!(resolution instanceof String r) || r.isBlank() || r.length() > 500) {
      throw new ApiException(400, "bad_request", "'resolution' must be a string of at most 500 characters.");
    }
    handoff.close(ctx.pathParam("id"), agent(ctx), r.strip())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void transfer(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    Object queue = body.getValue("queue");
    Object to = body.getValue("agent");
    if ((queue == null) == (to == null) || (queue != null && !(queue instanceof String)) || (to != null && !(to instanceof String))) {
      throw new ApiException(400, "bad_request", "Give either 'queue' or 'agent'.");
    }
    Agent target = null;
    if (to != null) {
      target = auth.directory().find((String) to)
          .orElseThrow(() -> new ApiException(404, "not_found", "No such agent."));
    }
    ctx.put(io.relevo.handoff.audit.AuditLog.DETAILS, to != null ? Map.of("toAgent", target.id())
        : Map.of("toQueue", ((String) queue).length() > 40 ? ((String) queue).substring(0, 40) : (String) queue));
    handoff.transfer(ctx.pathParam("id"), agent(ctx), (String) queue, target)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void transferTargets(RoutingContext ctx) {
    handoff.transferTargets(ctx.pathParam("id"), agent(ctx)).onSuccess(targets -> {
      JsonArray agents = new JsonArray();
      targets.agents().forEach(a -> agents.add(new JsonObject().put("id", a.id()).put("name", a.name())));
      json(ctx, new JsonObject().put("queues", new JsonArray(targets.queues())).put("agents", agents));
    }).onFailure(ctx::fail);
  }

  private void canned(RoutingContext ctx) {
    String q = ctx.request().getParam("q", "");
    String lang = ctx.request().getParam("lang", "en");
    if (q.length() > 200 || Lang.exactly(lang).isEmpty()) {
      throw new ApiException(400, "bad_request", "'q' is at most 200 characters; 'lang' is es or en.");
    }
    JsonArray out = new JsonArray();
    canned.search(q, lang).forEach(c -> out.add(new JsonObject().put("id", c.id()).put("title", c.title()).put("text", c.text())));
    json(ctx, new JsonObject().put("responses", out));
  }

  private void overview(RoutingContext ctx) {
    handoff.overview(auth.directory().all()).onSuccess(o -> json(ctx, o)).onFailure(ctx::fail);
  }

  static JsonArray messages(List<Message> list) {
    JsonArray arr = new JsonArray();
    list.forEach(m -> arr.add(message(m)));
    return arr;
  }

  static JsonObject message(Message m) {
    return new JsonObject(Buffer.buffer(Json.writeBytes(m)));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
