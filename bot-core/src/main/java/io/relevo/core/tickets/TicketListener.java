package io.relevo.core.tickets;

/**
 * Told of each ticket version a {@link RedisTicketSystem} saved: once per version, by the instance
 * whose compare-and-set saved it (a change retried after a conflict is told once, as saved), after
 * the save and before the future of the call that made it completes. A call that changes nothing
 * (a status set to the one it has) saves nothing and tells nothing.
 *
 * <p>Called on the caller's Vert.x context: implementations must not block. They are told after the
 * change is stored, so a failure in one is logged and never undoes it; nor is a listener told again
 * after a crash between the save and the call. Implementations are thread-safe; the store holds
 * them for its lifetime.
 */
@FunctionalInterface
public interface TicketListener {

  /**
   * {@code after} was saved over {@code before}.
   *
   * @param before the version it replaced; null for a new ticket
   */
  void saved(Ticket before, Ticket after);
}
