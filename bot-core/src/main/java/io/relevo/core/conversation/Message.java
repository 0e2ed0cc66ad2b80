package io.relevo.core.conversation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of a conversation's transcript. Immutable.
 *
 * <p>{@code id} is assigned by the server when the message is stored; ids of one conversation
 * sort in transcript order. {@code clientMessageId} is the sender's own id, which makes a resend
 * idempotent; {@code inReplyTo} links a bot reply to the message that caused it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Message(
    String id,
    String conversationId,
    Role role,
    String text,
    @JsonFormat(shape = JsonFormat.Shape.STRING) Instant ts,
    String clientMessageId,
    String inReplyTo,
    String payload,
    List<QuickReply> quickReplies,
    Participant author,
    List<Link> links) {

  /** A message not yet stored: no id, conversation or time. */
  public static Message draft(Role role, String text, Participant author) {
    return new Message(null, null, role, text, null, null, null, null, List.of(), author, List.of());
  }

  public Message withQuickReplies(List<QuickReply> replies) {
    return new Message(id, conversationId, role, text, ts, clientMessageId, inReplyTo, payload,
        List.copyOf(replies), author, links);
  }

  public Message withInReplyTo(String messageId) {
    return new Message(id, conversationId, role, text, ts, clientMessageId, messageId, payload,
        quickReplies, author, links);
  }

  public Message withLinks(List<Link> newLinks) {
    return new Message(id, conversationId, role, text, ts, clientMessageId, inReplyTo, payload,
        quickReplies, author, List.copyOf(newLinks));
  }

  Message stored(String newId, String newConversationId, Instant newTs) {
    return new Message(newId, newConversationId, role, text, newTs, clientMessageId, inReplyTo,
        payload, quickReplies == null ? List.of() : quickReplies, author, links == null ? List.of() : links);
  }
}
