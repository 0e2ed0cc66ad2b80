package io.relevo.core.approvals;

/**
 * Why a decision or a withdrawal was refused: a code for the JSON error and its HTTP status.
 * {@code not_found} 404, {@code not_your_approval} 403, {@code already_decided}, {@code withdrawn} (by
 * the requester), {@code cancelled} (by the help desk), {@code not_pending} 409, {@code bad_request} 400.
 * Immutable.
 */
public final class ApprovalException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApprovalException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static ApprovalException notFound() {
    return new ApprovalException(404, "not_found", "No such approval.");
  }
}
