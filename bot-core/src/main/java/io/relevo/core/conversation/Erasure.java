package io.relevo.core.conversation;

import java.util.List;
import java.util.Set;

import io.vertx.core.Future;

/**
 * What {@link ConversationService} erases with a conversation or a person: the index of a verified
 * person's conversations and the keys outside a conversation that name it (its aliases).
 * Thread-safe.
 */
final class Erasure {

  private final Store store;

  Erasure(Store store) {
    this.store = store;
  }

  /** The set of a verified person's conversations (for export and erasure on request). */
  static String personKey(String customerId) {
    return io.relevo.redis.Keyspace.personConversations(Tokens.sha256Hex(customerId).substring(0, 32));
  }

  /** Adds {@code conversationId} to the person's index, kept for the retention from now. */
  Future<Void> index(String customerId, String conversationId) {
    return store.call(store.commands().sadd(personKey(customerId), conversationId))
        .compose(n -> store.call(store.commands().pexpire(personKey(customerId),
            store.options().retention().toMillis())))
        .mapEmpty();
  }

  Future<List<String>> conversationsOf(String customerId) {
    return store.<Set<String>>call(store.commands().smembers(personKey(customerId))).map(List::copyOf);
  }

  Future<Void> alias(String conversationId, String key) {
    long ttl = store.options().retention().toMillis();
    return store.call(store.commands().sadd(Keys.aliases(conversationId), key))
        .compose(n -> store.call(store.commands().pexpire(Keys.aliases(conversationId), ttl)))
        .compose(ok -> store.call(store.commands().hget(Keys.meta(conversationId), "customerId")))
        .compose(customer -> customer == null || customer.isEmpty() ? Future.succeededFuture()
            : index(customer, conversationId));
  }

  Future<Void> erase(String conversationId) {
    String[] keys = io.relevo.redis.Keyspace.erasedWithConversation(conversationId);
    return store.<Set<String>>call(store.commands().smembers(Keys.aliases(conversationId)))
        // one DEL each: a mapping key lives in another Cluster slot than the conversation
        .compose(aliases -> Future.all(aliases.stream().map(k -> store.call(store.commands().del(k))).toList()))
        .compose(v -> store.call(store.commands().del(keys)))
        .compose(n -> store.call(store.commands().del(io.relevo.core.analytics.Analytics.conversationKey(conversationId))))
        .compose(n -> store.call(store.commands().del(io.relevo.redis.Keyspace.legacySlackPlace(conversationId))))
        .mapEmpty();
  }

  Future<Void> forgetPerson(String customerId) {
    return store.call(store.commands().del(personKey(customerId))).mapEmpty();
  }
}
