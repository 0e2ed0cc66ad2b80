package io.relevo.handoff.tickets;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.relevo.core.config.ConfigException;
import io.relevo.core.tickets.Ticket;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.HandoffSettings;
import io.relevo.handoff.queue.QueueAccess;

/**
 * Which queue (department) handles a ticket, and so which agents see it: a ticket's category maps
 * to a queue by a table ({@code handoff.ticketQueues}, e.g. {@code vacation=hr,vpn=it}); a
 * category that is itself a queue's name goes to that queue; anything else, and a mapping to a
 * queue that is not configured, goes to {@code general}, which every agent serves. Agents see the
 * tickets of the queues they serve, supervisors and admins all ({@link QueueAccess}). Immutable
 * and thread-safe.
 */
public final class TicketQueues {

  private static final String GENERAL = "general";

  private final Map<String, String> byCategory;
  private final List<String> queues;

  private TicketQueues(Map<String, String> byCategory, List<String> queues) {
    this.byCategory = Map.copyOf(byCategory);
    this.queues = List.copyOf(queues);
  }

  /**
   * @param spec {@code category=queue} pairs separated by commas; empty for none
   * @param queues the configured queues
   * @throws ConfigException naming the setting and the malformed pair
   */
  public static TicketQueues parse(String spec, List<String> queues) {
    Map<String, String> map = new HashMap<>();
    for (String pair : spec.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.split("=", -1);
      if (kv.length != 2 || kv[0].isBlank() || !kv[1].strip().matches("[a-z0-9_-]{1,64}")) {
        throw new ConfigException(HandoffSettings.TICKET_QUEUES.key(), "'" + pair.strip() + "' is not category=queue");
      }
      map.put(kv[0].strip().toLowerCase(Locale.ROOT), kv[1].strip());
    }
    return new TicketQueues(map, queues);
  }

  /** The queue whose agents handle {@code ticket}. */
  public String queueOf(Ticket ticket) {
    String category = ticket.category() == null ? "" : ticket.category().strip().toLowerCase(Locale.ROOT);
    String queue = byCategory.getOrDefault(category, category);
    return queues.contains(queue) ? queue : GENERAL;
  }

  /** Whether {@code agent} may read and change {@code ticket}. */
  public boolean visibleTo(Agent agent, Ticket ticket) {
    return QueueAccess.sees(agent, queueOf(ticket));
  }
}
