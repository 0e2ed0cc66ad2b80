package io.relevo.core.conversation;

import io.relevo.redis.Keyspace;

/**
 * Redis keys of one conversation, as {@link Keyspace} builds them. All share the hash tag
 * {@code {conv:ID}} so they live in one Cluster slot and one Lua script can touch them together.
 */
final class Keys {

  private Keys() {
  }

  static String meta(String id) {
    return Keyspace.conversation(id);
  }

  static String log(String id) {
    return Keyspace.transcript(id);
  }

  static String clientIds(String id) {
    return Keyspace.clientIds(id);
  }

  static String results(String id) {
    return Keyspace.results(id);
  }

  static String lock(String id) {
    return Keyspace.lock(id);
  }

  /** The set of other keys that name this conversation (a channel's mapping), erased with it. */
  static String aliases(String id) {
    return Keyspace.aliases(id);
  }

  /** Pub/sub channel of one conversation's events. */
  static String channel(String id) {
    return Keyspace.conversationEvents(id);
  }

  static final String CHANNEL_PREFIX = Keyspace.CONVERSATION_EVENTS_PREFIX;
}
