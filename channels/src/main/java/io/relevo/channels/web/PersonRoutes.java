package io.relevo.channels.web;

import java.util.Set;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.http.ApiErrors.ApiException;
import io.relevo.core.http.Requests;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.handoff.queue.PersonEnding;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * What a person does to their conversation besides writing in it: ending it, and rating the help
 * (once, also after it ended). One instance per {@link WebChannel}; stateless, handlers never block.
 */
final class PersonRoutes {

  private static final int MAX_COMMENT_CHARS = 1000;

  private final WebChannel channel;
  private final ConversationService conversations;
  private final PersonEnding ending;
  private final Analytics analytics;

  PersonRoutes(WebChannel channel, ConversationService conversations, PersonEnding ending, Analytics analytics) {
    this.channel = channel;
    this.conversations = conversations;
    this.ending = ending;
    this.analytics = analytics;
  }

  void mount(Router router, BodyHandler body) {
    router.post(WebChannel.API + "/conversations/:id/end").handler(this::end);
    router.post(WebChannel.API + "/conversations/:id/rating").handler(body).handler(this::rate);
  }

  private Future<Conversation> authorized(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return channel.limitAddress(ctx)
        .compose(v -> conversations.authorize(id, Requests.bearer(ctx.request().getHeader("Authorization"))));
  }

  private void end(RoutingContext ctx) {
    authorized(ctx)
        .compose(c -> ending.end(c).map(ended -> new JsonObject().put("conversationId", c.id())
            .put("state", "closed").put("ended", ended)))
        .onSuccess(out -> WebChannel.json(ctx, 200, out))
        .onFailure(ctx::fail);
  }

  private void rate(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx.body().buffer(), false);
    Object s = body.getValue("score");
    if (!(s instanceof Integer score) || score < 1 || score > 5) {
      throw new ApiException(400, "bad_request", "'score' must be a whole number from 1 to 5.");
    }
    Object comment = body.getValue("comment");
    if (comment != null && (!(comment instanceof String text) || text.length() > MAX_COMMENT_CHARS)) {
      throw new ApiException(400, "bad_request", "'comment' must be text of at most " + MAX_COMMENT_CHARS + " characters.");
    }
    authorized(ctx)
        .compose(c -> mark(c, score, 2))
        .compose(c -> analytics.satisfaction(c, score)
            .compose(v -> comment == null || ((String) comment).isBlank() ? Future.<Void>succeededFuture()
                : analytics.comment(score, c.locale(), KnowledgeStats.redacted((String) comment))))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** Records the score on the conversation unless it already has one (asked in the chat or here). */
  private Future<Conversation> mark(Conversation c, int score, int attempts) {
    if (rated(c)) {
      return Future.failedFuture(new ApiException(409, "already_rated", "This conversation has already been rated."));
    }
    return conversations.transition(c.id(), Set.of(c.state()), c.state(), java.util.Map.of("rating", Integer.toString(score)))
        .compose(won -> won ? Future.succeededFuture(c)
            : attempts > 1 ? conversations.find(c.id()).compose(again -> mark(again, score, attempts - 1))
            : Future.failedFuture(new ApiException(409, "already_rated", "This conversation has already been rated.")));
  }

  private static boolean rated(Conversation c) {
    String chat = c.attributes().getOrDefault("csat", "");
    return !c.fields().getOrDefault("rating", "").isEmpty() || chat.matches("[1-5]");
  }
}
