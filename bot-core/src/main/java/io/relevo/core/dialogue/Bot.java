package io.relevo.core.dialogue;

import java.util.List;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.vertx.core.Future;

/**
 * The bot's side of a conversation: what it says first, and how it answers one message.
 *
 * <p>The conversation service calls {@link #respond} for one conversation strictly one message at
 * a time, in transcript order, on a Vert.x event-loop context: implementations must not block it
 * (run understanding and search on a worker and return the future). Calls for different
 * conversations may be concurrent, so implementations are thread-safe. The replies are stored
 * and delivered by the caller; attribute changes are saved with them, atomically.
 */
public interface Bot {

  /** The messages that open a new conversation in {@code locale} ({@code es} or {@code en}). */
  List<Message> greeting(String locale, Participant customer);

  /** The answer to {@code message}, given the conversation as it is now. */
  Future<BotTurn> respond(Conversation conversation, Message message);
}
