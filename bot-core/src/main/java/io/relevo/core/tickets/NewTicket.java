package io.relevo.core.tickets;

import java.util.Map;

/**
 * What is needed to open a ticket. Immutable.
 *
 * @param impact high, medium or low (null: medium)
 * @param urgency high, medium or low (null: medium)
 */
public record NewTicket(Ticket.Kind kind, Ticket.Requester requester, String title, String description,
    String category, String impact, String urgency, Map<String, String> fields, String conversationId,
    String locale) {

  public NewTicket {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }
}
