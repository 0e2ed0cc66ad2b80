package io.relevo.core.conversation;

import java.time.Instant;
import java.util.Map;

/**
 * A conversation's current state, as read from the store. Immutable snapshot.
 *
 * @param id server-assigned id
 * @param locale {@code es} or {@code en}
 * @param state who answers now
 * @param channel where it takes place ({@code web}, {@code slack}, {@code teams})
 * @param customer the person asking
 * @param createdAt creation time
 * @param attributes dialogue attributes (small strings), owned by the bot
 * @param fields other modules' fields on the conversation's record (queue, agent, reason...)
 */
public record Conversation(
    String id,
    String locale,
    ConversationState state,
    String channel,
    Participant customer,
    Instant createdAt,
    Map<String, String> attributes,
    Map<String, String> fields) {
}
