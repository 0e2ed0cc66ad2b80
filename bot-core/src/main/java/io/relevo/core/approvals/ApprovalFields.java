package io.relevo.core.approvals;

/**
 * The conversation record's fields an approval reads: what a verified identity token said of its
 * person. Set when the conversation is created; erased with it.
 */
public final class ApprovalFields {

  /** The person's e-mail (the token's {@code email} claim). */
  public static final String EMAIL = "customerEmail";
  /** Their manager's e-mail (the token's {@code manager} claim). */
  public static final String MANAGER = "customerManager";

  private ApprovalFields() {
  }
}
