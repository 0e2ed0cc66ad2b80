package io.relevo.core.tickets;

import io.relevo.texts.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.vertx.core.Future;

/**
 * Tells a requester in their conversation that their ticket changed (a new status, or a comment
 * from the help desk), in the ticket's language. Thread-safe; best effort: a conversation that
 * expired is skipped.
 */
public final class TicketNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(TicketNotifier.class);

  private final ConversationService conversations;

  public TicketNotifier(ConversationService conversations) {
    this.conversations = conversations;
  }

  /** Says {@code text} in the conversation {@code t} came from (nothing when it has none). */
  public Future<Void> tell(Ticket t, String text) {
    if (t.conversationId() == null) {
      return Future.succeededFuture();
    }
    return conversations.post(t.conversationId(), Message.draft(Role.BOT, text, Participant.BOT))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.info("Could not tell the requester of {} about its approval: {}", t.id(), e.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Tells the requester of {@code after} what changed since {@code before}; {@code comment} may be null. */
  public Future<Void> changed(Ticket before, Ticket after, String comment) {
    if (after.conversationId() == null) {
      return Future.succeededFuture();
    }
    String lang = after.locale() == null ? "en" : after.locale();
    String text;
    if (before.status() != after.status()) {
      text = Texts.get(lang, "ticket.update.status", after.id(), after.title(),
          Texts.get(lang, "ticket.status." + after.status().code()));
    } else if (comment != null && !comment.isBlank()) {
      text = Texts.get(lang, "ticket.update.comment", after.id(), after.title());
    } else {
      return Future.succeededFuture();
    }
    if (comment != null && !comment.isBlank()) {
      text = text + "\n" + Texts.get(lang, "ticket.update.said", comment.strip());
    }
    return conversations.post(after.conversationId(), Message.draft(Role.BOT, text, Participant.BOT))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.info("Could not tell the requester of {} about a change: {}", after.id(), e.getMessage());
          return Future.succeededFuture();
        });
  }
}
