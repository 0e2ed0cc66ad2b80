package io.relevo.core.tickets;

/** Why a ticket operation was refused. */
public final class TicketException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kinds of refusal, each with its HTTP status. */
  public enum Reason {
    NOT_FOUND(404), INVALID(400), CONFLICT(409), UNAVAILABLE(503);

    public final int status;

    Reason(int status) {
      this.status = status;
    }
  }

  private final Reason reason;

  public TicketException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
