package io.relevo.core.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.ScriptOutputType;
import io.relevo.core.conversation.ConversationException.Reason;
import io.relevo.core.conversation.ConversationService.Created;
import io.relevo.core.conversation.ConversationService.NewConversation;
import io.relevo.core.dialogue.Bot;
import io.vertx.core.Future;

/**
 * The conversation's record (its Redis hash) for {@link ConversationService}: creation with the
 * bot's greeting, lookup, token checks and state transitions, and reading a record back into a
 * {@link Conversation}. Thread-safe.
 */
final class Records {

  private static final LuaScript CREATE = LuaScript.load(Records.class, "create.lua", ScriptOutputType.MULTI);
  private static final LuaScript TRANSITION = LuaScript.load(Records.class, "transition.lua", ScriptOutputType.VALUE);

  private static final Set<String> FIXED_FIELDS = Set.of("locale", "channel", "customerId", "customerName");
  private static final Set<String> RESERVED_FIELDS = Set.of("id", "state", "tokenHash",
      "processed", "createdAt", "lastIn");

  private final Store store;
  private final Erasure erasure;
  private final Bot bot;
  private volatile java.util.function.Consumer<Conversation> onCreated = c -> { };

  Records(Store store, Erasure erasure, Bot bot) {
    this.store = store;
    this.erasure = erasure;
    this.bot = bot;
  }

  void onCreated(java.util.function.Consumer<Conversation> listener) {
    this.onCreated = listener;
  }

  Future<Created> create(NewConversation request) {
    String id = Tokens.conversationId();
    String token = Tokens.token();
    Instant now = Instant.now();
    Participant customer = request.customer() == null ? new Participant(null, Role.CUSTOMER, null)
        : request.customer();
    Conversation conversation = new Conversation(id, request.locale(), ConversationState.BOT,
        request.channel(), customer, now, Map.of(), request.fields());
    List<Message> greeting = bot.greeting(request.locale(), customer);

    List<String> args = new ArrayList<>();
    args.add(store.ttl());
    List<String> fields = new ArrayList<>(List.of("id", id, "locale", request.locale(),
        "state", ConversationState.BOT.wire(), "channel", request.channel(),
        "createdAt", Long.toString(now.toEpochMilli()), "tokenHash", Tokens.sha256Hex(token)));
    if (customer.id() != null) {
      fields.addAll(List.of("customerId", customer.id()));
    }
    if (customer.name() != null) {
      fields.addAll(List.of("customerName", customer.name()));
    }
    request.fields().forEach((k, v) -> {
      if (!FIXED_FIELDS.contains(k) && v != null) {
        fields.addAll(List.of(k, v));
      }
    });
    args.add(Integer.toString(fields.size() / 2));
    args.addAll(fields);
    greeting.forEach(m -> args.add(Json.stored(m)));

    // the person's index first (it may sit on another Cluster shard): an index entry of a
    // conversation that was never made is harmless, a conversation missing from it escapes erasure
    Future<Void> indexed = customer.id() == null ? Future.succeededFuture()
        : erasure.index(customer.id(), id);
    return indexed.compose(v -> store.<List<Object>>write(() -> CREATE.run(store.commands(),
        new String[] {Keys.meta(id), Keys.log(id)}, args.toArray(String[]::new))))
        .compose(ids -> store.replicated(id).map(ids))
        .map(ids -> {
          List<Message> stored = new ArrayList<>();
          for (int i = 0; i < greeting.size(); i++) {
            String mid = (String) ids.get(i);
            stored.add(greeting.get(i).stored(mid, id, Json.timeOf(mid)));
          }
          return new Created(conversation, token, stored);
        })
        .onSuccess(created -> onCreated.accept(created.conversation()));
  }

  Future<Conversation> find(String id) {
    return load(id).map(StoredConversation::conversation);
  }

  Future<Conversation> authorize(String id, String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new ConversationException(Reason.UNAUTHENTICATED, "a conversation token is required"));
    }
    return load(id).compose(stored -> Tokens.matches(token, stored.tokenHash())
        ? Future.succeededFuture(stored.conversation())
        : Future.failedFuture(new ConversationException(Reason.FORBIDDEN, "the token does not grant access to this conversation")));
  }

  Future<Boolean> transition(String conversationId, Set<ConversationState> from, ConversationState to,
      Map<String, String> fields) {
    List<String> args = new ArrayList<>(List.of(store.ttl(), Keys.channel(conversationId),
        String.join(",", from.stream().map(ConversationState::wire).toList()), to.wire()));
    fields.forEach((k, v) -> {
      if (RESERVED_FIELDS.contains(k)) {
        throw new IllegalArgumentException(k + " cannot be set this way");
      }
      args.add(k);
      args.add(v);
    });
    return store.<String>write(() -> TRANSITION.run(store.commands(), new String[] {Keys.meta(conversationId)},
        args.toArray(String[]::new)))
        .compose(before -> store.replicated(conversationId).map(before))
        .compose(before -> before == null || before.isEmpty()
            ? Future.failedFuture(new ConversationException(Reason.NOT_FOUND, "no such conversation"))
            : Future.succeededFuture(from.stream().anyMatch(s -> s.wire().equals(before))));
  }

  // --- reading ------------------------------------------------------------------------------

  private record StoredConversation(Conversation conversation, String tokenHash) {
  }

  private Future<StoredConversation> load(String id) {
    return store.<Map<String, String>>call(store.commands().hgetall(Keys.meta(id))).compose(h -> {
      try {
        return Future.succeededFuture(parse(id, h));
      } catch (ConversationException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /** The conversation kept in the flat field/value list a script returned; {@link Reason#NOT_FOUND} when there is none. */
  static Conversation parse(String id, List<Object> flat) {
    Map<String, String> h = new java.util.HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      h.put((String) flat.get(i), (String) flat.get(i + 1));
    }
    return parse(id, h).conversation();
  }

  /** The conversation kept in record {@code h}; {@link Reason#NOT_FOUND} when there is none. */
  private static StoredConversation parse(String id, Map<String, String> h) {
    if (h == null || h.isEmpty() || !h.containsKey("id")) {
      throw new ConversationException(Reason.NOT_FOUND, "no such conversation");
    }
    Map<String, String> attributes = new java.util.HashMap<>();
    h.forEach((k, v) -> {
      if (k.startsWith("a:")) {
        attributes.put(k.substring(2), v);
      }
    });
    Conversation c = new Conversation(id, h.get("locale"),
        ConversationState.valueOf(h.getOrDefault("state", "bot").toUpperCase(java.util.Locale.ROOT)),
        h.get("channel"), new Participant(h.get("customerId"), Role.CUSTOMER, h.get("customerName")),
        Instant.ofEpochMilli(Long.parseLong(h.getOrDefault("createdAt", "0"))), Map.copyOf(attributes),
        Map.copyOf(fieldsOf(h)));
    return new StoredConversation(c, h.get("tokenHash"));
  }

  /** Record fields other modules keep on the conversation (queue, agent...): not the reserved ones. */
  private static Map<String, String> fieldsOf(Map<String, String> h) {
    Map<String, String> out = new java.util.HashMap<>();
    h.forEach((k, v) -> {
      if (!k.startsWith("a:") && !RESERVED_FIELDS.contains(k) && !FIXED_FIELDS.contains(k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
