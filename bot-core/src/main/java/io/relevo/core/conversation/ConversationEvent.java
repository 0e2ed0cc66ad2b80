package io.relevo.core.conversation;

import java.util.List;

/**
 * Something that happened in a conversation, as delivered to subscribers on every instance.
 *
 * @param type {@code message} (a message was added to the transcript; {@link #message()} set),
 *     {@code processed} (the bot finished with {@link #messageId()}; {@link #replies()} set),
 *     {@code disconnected} (a connection to Redis broke; events may be missed until the
 *     {@code resync}), {@code resync} (the subscriptions are back after a reconnect; events may
 *     have been missed), or
 *     another type published by a module (then only {@link #raw()} is set)
 * @param conversationId the conversation
 * @param message the new message, for {@code message}
 * @param messageId the processed message, for {@code processed}
 * @param replies the replies produced, for {@code processed}
 * @param raw the event as published (JSON)
 */
public record ConversationEvent(String type, String conversationId, Message message,
    String messageId, List<Message> replies, String raw) {
}
