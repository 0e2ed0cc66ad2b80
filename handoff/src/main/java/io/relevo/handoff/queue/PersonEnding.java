package io.relevo.handoff.queue;

import java.util.Map;
import java.util.Set;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.ConversationState;
import io.vertx.core.Future;

/**
 * Ends a conversation at the person's request, whoever is answering: the bot, nobody yet (it
 * leaves its queue) or an agent (who is told, and whose place is freed). Thread-safe; it owns
 * nothing but references to the services it was given.
 */
public final class PersonEnding {

  private final HandoffService handoff;
  private final ConversationService conversations;

  public PersonEnding(HandoffService handoff, ConversationService conversations) {
    this.handoff = handoff;
    this.conversations = conversations;
  }

  /**
   * Ends {@code c}: a closing line in the transcript, then the state {@code closed} with
   * {@code closedBy=customer}.
   *
   * @return true when this call ended it; false when it had already ended (nothing changes)
   */
  public Future<Boolean> end(Conversation c) {
    if (c.state() == ConversationState.CLOSED) {
      return Future.succeededFuture(false);
    }
    String agentId = c.fields().getOrDefault("agentId", "");
    String queue = c.fields().getOrDefault("queue", "");
    return conversations.post(c.id(), HandoffService.system(c.locale(), "ended"))
        .compose(v -> conversations.transition(c.id(),
            Set.of(ConversationState.BOT, ConversationState.QUEUED, ConversationState.AGENT), ConversationState.CLOSED,
            Map.of("closedBy", "customer", "resolution", "ended_by_person",
                "closedAt", Long.toString(System.currentTimeMillis()))))
        .compose(won -> {
          if (!won) {
            return Future.succeededFuture(false);
          }
          // best effort: a stale queue entry is skipped on read and a stale hold pruned on reserve
          Future<Void> tidy = Future.succeededFuture();
          if (c.state() == ConversationState.QUEUED && !queue.isEmpty()) {
            tidy = handoff.leaveQueue(queue, c.id());
          }
          if (c.state() == ConversationState.AGENT && !agentId.isEmpty()) {
            tidy = tidy.compose(v -> handoff.held().release(agentId, c.id()));
          }
          return tidy.recover(e -> Future.succeededFuture())
              .compose(v -> handoff.announce("closed", c.id(), agentId.isEmpty() ? null : agentId))
              .map(true);
        });
  }
}
