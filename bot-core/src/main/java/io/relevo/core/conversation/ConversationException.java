package io.relevo.core.conversation;

/** Why a conversation operation was refused; channels map the reason to their protocol's errors. */
public final class ConversationException extends RuntimeException {

  /** The kinds of refusal. */
  public enum Reason {
    /** No such conversation (or it expired). */
    NOT_FOUND,
    /** No credentials were given. */
    UNAUTHENTICATED,
    /** The credentials do not grant access to this conversation. */
    FORBIDDEN,
    /** The conversation is closed and takes no more messages. */
    CLOSED,
    /** The store could not be reached; retrying later may succeed. */
    UNAVAILABLE,
    /** The message was stored but not yet answered in time; a resend with the same client id gets the answer. */
    TIMEOUT
  }

  private final Reason reason;

  public ConversationException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public ConversationException(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
