package io.relevo.core.dialogue;

/**
 * The names of the dialogue state's attributes in a conversation, for the modules that read them
 * (the agent console's context, the web channel). Only the dialogue writes them.
 */
public final class DialogueKeys {

  /** The language the bot speaks in this conversation (es or en). */
  public static final String LANG = "lang";
  /** The last understood intent. */
  public static final String INTENT = "intent";
  /** The last turn's decision, JSON ({@link Decision}). */
  public static final String DECISION = "decision";
  /**
   * The decisions of the last turns, JSON: an array of {@link Decision}s, oldest first, each with
   * {@code message}, the id of the person's message it answered.
   */
  public static final String DECISIONS = "decisions";
  /** The ids of the articles shown as answers, space-separated, the latest last. */
  public static final String SHOWN = "shown";
  /** Why the conversation was handed to a person (a {@link HandoffReason} code). */
  public static final String REASON = "handoff.reason";
  /** The queue it was handed to. */
  public static final String QUEUE = "handoff.queue";

  static final String AWAITING = "awaiting";
  static final String CONTACT = "contact";
  static final String ARTICLE = "article";
  /** The department of the article awaiting "did it help?". */
  static final String ARTICLE_DEPARTMENT = "article.department";
  static final String QUESTION = "question";
  static final String MISSES = "misses";
  static final String UNHELPED = "unhelped";
  static final String TICKET = "ticket";
  static final String CSAT_ASKED = "csat";
  static final String WAY_OUT = "wayout";
  static final String DEPARTMENT = "department";

  private DialogueKeys() {
  }
}
