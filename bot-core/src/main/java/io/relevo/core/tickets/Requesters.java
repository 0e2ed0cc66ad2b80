package io.relevo.core.tickets;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.Participant;

/**
 * Who a conversation's tickets belong to. A person's id always carries its channel's namespace
 * ({@code web:SUB}, {@code slack:TEAM:USER}, {@code teams:AAD_ID}), so people of different channels
 * never share one. Stateless.
 */
public final class Requesters {

  /** The namespace of people verified by a host site's identity token (the widget). */
  public static final String WEB = "web:";

  private static final java.util.List<String> NAMESPACES = java.util.List.of(WEB, "slack:", "teams:");

  private Requesters() {
  }

  /**
   * The verified user of the conversation ({@code user:ID}, from the channel's identity) or, for
   * an anonymous conversation, its owner ({@code conv:ID}).
   */
  public static Ticket.Requester of(Conversation conversation) {
    Participant customer = conversation.customer();
    if (customer != null && customer.id() != null && !customer.id().isBlank()) {
      return new Ticket.Requester("user:" + customer.id(), customer.name(),
          conversation.fields() == null ? null : conversation.fields().get("customerEmail"));
    }
    return new Ticket.Requester("conv:" + conversation.id(), customer == null ? null : customer.name(), null);
  }

  /**
   * The person id of an id given by an administrator: an id in a channel's namespace as it is, any
   * other id a host site's user id ({@code alice} is {@code web:alice}).
   */
  public static String person(String givenId) {
    return NAMESPACES.stream().anyMatch(givenId::startsWith) ? givenId : WEB + givenId;
  }
}
