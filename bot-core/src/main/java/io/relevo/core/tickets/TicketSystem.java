package io.relevo.core.tickets;

import java.util.List;
import java.util.Optional;

import io.vertx.core.Future;

/**
 * Where tickets live: the built-in {@link RedisTicketSystem}, or an adapter to the company's own
 * system. Implementations are thread-safe; futures complete on the caller's Vert.x context.
 *
 * <p>Methods that take a {@link Ticket.Requester} act for that person and treat a ticket of
 * anybody else exactly like a missing one (empty, or {@link TicketException.Reason#NOT_FOUND}),
 * so nobody learns that someone else's ticket exists.
 */
public interface TicketSystem {

  /** Opens a ticket with status {@code new}. */
  Future<Ticket> create(NewTicket ticket);

  /** Any ticket, for agents and integrations. */
  Future<Optional<Ticket>> find(String id);

  /** The ticket when it is {@code requester}'s; empty otherwise. */
  Future<Optional<Ticket>> findFor(String id, Ticket.Requester requester);

  /** {@code requester}'s tickets, newest first. */
  Future<List<Ticket>> listFor(Ticket.Requester requester, int limit);

  /** Tickets for agents: {@code text} in id, title or description; {@code status} null for any. */
  Future<List<Ticket>> search(String text, Ticket.Status status, int limit);

  /** Changes the status, recording who and an optional note as a comment. */
  Future<Ticket> changeStatus(String id, Ticket.Status status, Ticket.Actor by, String note);

  /** Adds a comment; for a requester ({@code by.kind() == requester}) only on their own ticket. */
  Future<Ticket> comment(String id, Ticket.Requester requester, Ticket.Actor by, String text);

  /** Cancels {@code requester}'s ticket (not when it is already closed or cancelled). */
  Future<Ticket> cancel(String id, Ticket.Requester requester, String reason);

  /** Records the id the company's ticket system gave it. */
  Future<Ticket> link(String id, String externalId);

  /** Deletes every ticket of {@code requester} (a person's erasure on request); returns how many. */
  Future<Integer> erase(Ticket.Requester requester);
}
