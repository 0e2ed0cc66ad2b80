package io.relevo.core.dialogue;

import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.Message;

/**
 * The bot's answer to one message.
 *
 * @param replies messages to add to the transcript (drafts: no id, conversation or time)
 * @param attributes dialogue attributes to set; an empty value removes the attribute
 */
public record BotTurn(List<Message> replies, Map<String, String> attributes) {

  public BotTurn {
    replies = List.copyOf(replies);
    attributes = Map.copyOf(attributes);
  }

  public static BotTurn of(Message... replies) {
    return new BotTurn(List.of(replies), Map.of());
  }
}
