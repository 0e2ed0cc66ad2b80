package io.relevo.core.tickets;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.Participant;

/** Who a conversation's tickets belong to. */
public final class Requesters {

  private Requesters() {
  }

  /**
   * The verified user of the conversation ({@code user:ID}, from the channel's identity) or, for
   * an anonymous conversation, its owner ({@code conv:ID}).
   */
  public static Ticket.Requester of(Conversation conversation) {
    Participant customer = conversation.customer();
    if (customer != null && customer.id() != null && !customer.id().isBlank()) {
      return new Ticket.Requester("user:" + customer.id(), customer.name(), null);
    }
    return new Ticket.Requester("conv:" + conversation.id(), customer == null ? null : customer.name(), null);
  }
}
