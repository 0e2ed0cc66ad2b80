package io.relevo.core.tickets;

import java.util.Map;

/**
 * What is needed to open a ticket. Immutable.
 *
 * @param impact high, medium or low (null: medium)
 * @param urgency high, medium or low (null: medium)
 * @param approval the approval it needs, its first step pending: it opens as {@code pending_approval};
 *     null when it needs none
 */
public record NewTicket(Ticket.Kind kind, Ticket.Requester requester, String title, String description,
    String category, String impact, String urgency, Map<String, String> fields, String conversationId,
    String locale, Approval approval) {

  public NewTicket {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }

  /** A ticket that needs no approval (the constructor before approvals). */
  public NewTicket(Ticket.Kind kind, Ticket.Requester requester, String title, String description,
      String category, String impact, String urgency, Map<String, String> fields, String conversationId,
      String locale) {
    this(kind, requester, title, description, category, impact, urgency, fields, conversationId, locale, null);
  }

  /** This ticket with an approval to pass. */
  public NewTicket withApproval(Approval needed) {
    return new NewTicket(kind, requester, title, description, category, impact, urgency, fields, conversationId, locale,
        needed);
  }
}
