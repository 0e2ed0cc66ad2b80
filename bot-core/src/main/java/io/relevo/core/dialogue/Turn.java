package io.relevo.core.dialogue;

import io.relevo.texts.Lang;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.Message;
import io.vertx.core.Future;

/**
 * One turn's typed view of the dialogue state (the conversation's attributes) and the changes it
 * makes, which the conversation service saves with the replies. Confined to the turn that made it:
 * not thread-safe, used by one message's processing only.
 */
final class Turn {

  private static final int SHOWN_KEPT = 20;
  private static final int DECISIONS_KEPT = 20;

  final Conversation conversation;
  /** When the turn began: its CPU-heavy steps run before those of later turns. */
  final long order = System.nanoTime();
  private final Map<String, String> changes = new HashMap<>();
  private String lang;
  private Decision decision;
  private final String messageId;

  Turn(Conversation conversation) {
    this(conversation, null);
  }

  /** @param messageId the person's message this turn answers, or null */
  Turn(Conversation conversation, String messageId) {
    this.conversation = conversation;
    this.messageId = messageId;
    String chosen = conversation.attributes().get(DialogueKeys.LANG);
    this.lang = chosen != null ? chosen : conversation.locale();
  }

  String lang() {
    return lang;
  }

  void speak(String language) {
    String tag = Lang.exactly(language).map(Lang::tag).orElse(null);
    if (tag != null && !tag.equals(lang)) {
      lang = tag;
      set(DialogueKeys.LANG, tag);
    }
  }

  /** Whether the turn began more than {@code nanos} ago ({@code nanos > 0}). */
  boolean waited(long nanos) {
    return nanos > 0 && System.nanoTime() - order > nanos;
  }

  Awaiting awaiting() {
    return Awaiting.parse(get(DialogueKeys.AWAITING));
  }

  void await(Awaiting.Kind kind, String arg) {
    set(DialogueKeys.AWAITING, new Awaiting(kind, arg).stored());
  }

  void awaitNothing() {
    set(DialogueKeys.AWAITING, "");
  }

  /** The article last shown as an answer and not yet rated, or empty. */
  String article() {
    return get(DialogueKeys.ARTICLE);
  }

  void article(String id) {
    set(DialogueKeys.ARTICLE, id);
  }

  /** The department of the article awaiting feedback, or empty. */
  String articleDepartment() {
    return get(DialogueKeys.ARTICLE_DEPARTMENT);
  }

  void article(String id, String department) {
    article(id);
    set(DialogueKeys.ARTICLE_DEPARTMENT, department == null ? "" : department);
  }

  /** The last question the knowledge base was asked. */
  String question() {
    return get(DialogueKeys.QUESTION);
  }

  void question(String text) {
    set(DialogueKeys.QUESTION, text.length() > 500 ? text.substring(0, 500) : text);
  }

  int misses() {
    return number(DialogueKeys.MISSES);
  }

  void misses(int n) {
    set(DialogueKeys.MISSES, Integer.toString(n));
  }

  int unhelped() {
    return number(DialogueKeys.UNHELPED);
  }

  void unhelped(int n) {
    set(DialogueKeys.UNHELPED, Integer.toString(n));
  }

  /** The ticket this conversation talked about last, or empty. */
  String ticket() {
    return get(DialogueKeys.TICKET);
  }

  void ticket(String id) {
    set(DialogueKeys.TICKET, id);
  }

  boolean csatAsked() {
    return !get(DialogueKeys.CSAT_ASKED).isEmpty();
  }

  void csat(String value) {
    set(DialogueKeys.CSAT_ASKED, value);
  }

  /** How many times in a row the person was offered a way out of a form. */
  int wayOuts() {
    return number(DialogueKeys.WAY_OUT);
  }

  void wayOuts(int n) {
    set(DialogueKeys.WAY_OUT, n == 0 ? "" : Integer.toString(n));
  }

  /** The department of the matter last talked about, or empty. */
  String department() {
    return get(DialogueKeys.DEPARTMENT);
  }

  void department(String department) {
    set(DialogueKeys.DEPARTMENT, department);
  }

  void intent(String intent) {
    set(DialogueKeys.INTENT, intent);
  }

  void handedOff(HandoffReason reason, String queue) {
    set(DialogueKeys.REASON, reason.code());
    set(DialogueKeys.QUEUE, queue);
  }

  String reason() {
    return get(DialogueKeys.REASON);
  }

  /** Whether {@code articleId} was shown as an answer in this conversation (its latest answers). */
  boolean wasShown(String articleId) {
    return !articleId.isEmpty() && List.of(get(DialogueKeys.SHOWN).split(" ")).contains(articleId);
  }

  void shown(String articleId) {
    List<String> ids = new ArrayList<>(List.of(get(DialogueKeys.SHOWN).split(" ")));
    ids.removeIf(id -> id.isEmpty() || id.equals(articleId));
    ids.add(articleId);
    set(DialogueKeys.SHOWN, String.join(" ", ids.subList(Math.max(0, ids.size() - SHOWN_KEPT), ids.size())));
  }

  /** The raw attribute, for the forms (whose state keys belong to the form engine). */
  String get(String key) {
    String changed = changes.get(key);
    if (changed != null) {
      return changed;
    }
    String v = conversation.attributes().get(key);
    return v == null ? "" : v;
  }

  /** The attributes as they are after this turn's changes so far (an empty value removes one). */
  Map<String, String> attributes() {
    Map<String, String> all = new HashMap<>(conversation.attributes());
    changes.forEach((k, v) -> {
      if (v.isEmpty()) {
        all.remove(k);
      } else {
        all.put(k, v);
      }
    });
    return all;
  }

  void set(String key, String value) {
    changes.put(key, value);
  }

  void decided(Decision d) {
    this.decision = d;
  }

  /** Records what the person got (on the policy's decision, or as a button's when there was none). */
  void outcome(Outcome outcome, String articleId, String flowId) {
    decision = (decision == null ? Decision.direct("button", "button", outcome) : decision).with(outcome, articleId, flowId);
  }

  Decision decision() {
    return decision;
  }

  private int number(String key) {
    try {
      return Integer.parseInt(get(key));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  Future<BotTurn> done(Message... replies) {
    return done(List.of(replies));
  }

  Future<BotTurn> done(List<Message> replies) {
    if (decision != null) {
      String json = decision.json();
      set(DialogueKeys.DECISION, json);
      set(DialogueKeys.DECISIONS, history(json));
    }
    return Future.succeededFuture(new BotTurn(replies, changes));
  }

  /** The kept decisions with this turn's last, at most {@value #DECISIONS_KEPT}. */
  private String history(String json) {
    io.vertx.core.json.JsonArray all;
    try {
      all = new io.vertx.core.json.JsonArray(get(DialogueKeys.DECISIONS).isEmpty() ? "[]" : get(DialogueKeys.DECISIONS));
    } catch (RuntimeException unreadable) {
      all = new io.vertx.core.json.JsonArray();
    }
    io.vertx.core.json.JsonObject latest = new io.vertx.core.json.JsonObject(json);
    if (messageId != null) {
      latest.put("message", messageId);
    }
    all.add(latest);
    while (all.size() > DECISIONS_KEPT) {
      all.remove(0);
    }
    return all.encode();
  }
}
