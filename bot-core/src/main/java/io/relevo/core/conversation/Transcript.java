package io.relevo.core.conversation;

import java.util.List;
import java.util.Set;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.relevo.core.conversation.ConversationException.Reason;
import io.vertx.core.Future;

/**
 * The conversation's transcript (a Redis stream) for {@link ConversationService}: reading it and
 * adding the messages the bot does not process (an agent's reply, a system notice). Thread-safe.
 */
final class Transcript {

  private static final LuaScript POST = LuaScript.load(Transcript.class, "post.lua", ScriptOutputType.MULTI);

  private final Store store;

  Transcript(Store store) {
    this.store = store;
  }

  Future<List<Message>> read(String conversationId, String afterId, int limit) {
    Range<String> range = afterId == null ? Range.unbounded()
        : Range.from(Range.Boundary.excluding(afterId), Range.Boundary.unbounded());
    return store.<List<StreamMessage<String, String>>>call(
        store.commands().xrange(Keys.log(conversationId), range, Limit.from(limit)))
        .map(entries -> entries.stream()
            .map(e -> Json.fromStored(conversationId, e.getId(), e.getBody().get("m")))
            .toList());
  }

  Future<Set<String>> vanished(String conversationId, List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    Range<String> range = Range.create(ids.get(0), ids.get(ids.size() - 1));
    return store.<List<StreamMessage<String, String>>>call(
        store.commands().xrange(Keys.log(conversationId), range, Limit.from(ids.size() * 2L + 100)))
        .map(entries -> {
          Set<String> gone = new java.util.LinkedHashSet<>(ids);
          entries.forEach(e -> gone.remove(e.getId()));
          return gone;
        });
  }

  Future<String> lastBefore(String conversationId, String id) {
    Range<String> range = Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(id));
    return store.<List<StreamMessage<String, String>>>call(
        store.commands().xrevrange(Keys.log(conversationId), range, Limit.from(1)))
        .map(entries -> entries.isEmpty() ? null : entries.get(0).getId());
  }

  /** The stored message {@code id}, or {@link Reason#NOT_FOUND}. */
  Future<Message> message(String conversationId, String id) {
    return store.<List<StreamMessage<String, String>>>call(
        store.commands().xrange(Keys.log(conversationId), Range.create(id, id)))
        .compose(list -> list.isEmpty()
            ? Future.failedFuture(new ConversationException(Reason.NOT_FOUND, "no such message"))
            : Future.succeededFuture(Json.fromStored(conversationId, id, list.get(0).getBody().get("m"))));
  }

  Future<Message> post(String conversationId, Message draft) {
    if (draft.role() == Role.CUSTOMER) {
      return Future.failedFuture(new IllegalArgumentException("a person's messages go through accept()"));
    }
    return store.<List<Object>>write(() -> POST.run(store.commands(),
        new String[] {Keys.meta(conversationId), Keys.log(conversationId)},
        store.ttl(), Json.stored(draft), Keys.channel(conversationId)))
        .compose(r -> store.replicated(conversationId).map(r))
        .compose(r -> "NEW".equals(r.get(0))
            ? Future.succeededFuture(draft.stored((String) r.get(1), conversationId, Json.timeOf((String) r.get(1))))
            : Future.failedFuture(new ConversationException(Reason.NOT_FOUND, "no such conversation")));
  }
}
