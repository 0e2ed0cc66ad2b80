package io.relevo.core.conversation;

/**
 * Redis keys of one conversation. All share the hash tag {@code {conv:ID}} so they live in one
 * Cluster slot and one Lua script can touch them together.
 */
final class Keys {

  private Keys() {
  }

  static String meta(String id) {
    return "{conv:" + id + "}";
  }

  static String log(String id) {
    return "{conv:" + id + "}:log";
  }

  static String clientIds(String id) {
    return "{conv:" + id + "}:cmid";
  }

  static String results(String id) {
    return "{conv:" + id + "}:results";
  }

  static String lock(String id) {
    return "{conv:" + id + "}:lock";
  }

  /** The set of other keys that name this conversation (a channel's mapping), erased with it. */
  static String aliases(String id) {
    return "{conv:" + id + "}:aliases";
  }

  /** Pub/sub channel of one conversation's events. */
  static String channel(String id) {
    return "relevo:conv:" + id;
  }

  static final String CHANNEL_PREFIX = "relevo:conv:";
}
