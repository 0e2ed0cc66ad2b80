package io.relevo.handoff.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.relevo.core.config.ConfigException;
import io.relevo.core.tickets.Ticket;
import io.relevo.handoff.agents.Agent;
import io.relevo.handoff.agents.AgentRole;
import io.relevo.handoff.agents.HandoffSettings;

class TicketQueuesTest {

  private static final List<String> QUEUES = List.of("it", "hr", "facilities", "general");

  private static Ticket ofCategory(String category) {
    return new Ticket("REQ-000001", Ticket.Kind.REQUEST, new Ticket.Requester("conv:x", null, null), "t", null, category,
        null, null, Ticket.Priority.MEDIUM, Ticket.Status.NEW, Map.of(), null, "en", null, null, null, null, null, 1);
  }

  @Test
  void aTicketGoesToTheQueueOfItsCategoryOrToGeneral() {
    TicketQueues queues = TicketQueues.parse(HandoffSettings.TICKET_QUEUES.get(new io.vertx.core.json.JsonObject()), QUEUES);
    assertThat(queues.queueOf(ofCategory("vacation"))).isEqualTo("hr");
    assertThat(queues.queueOf(ofCategory("vpn"))).isEqualTo("it");
    assertThat(queues.queueOf(ofCategory("Facilities"))).as("a category named like a queue").isEqualTo("facilities");
    assertThat(queues.queueOf(ofCategory("parking"))).isEqualTo("general");
    assertThat(queues.queueOf(ofCategory(null))).isEqualTo("general");
    assertThat(TicketQueues.parse("parking=facilities, vpn = nowhere", QUEUES).queueOf(ofCategory("parking"))).isEqualTo("facilities");
    assertThat(TicketQueues.parse("vpn=nowhere", QUEUES).queueOf(ofCategory("vpn"))).as("not a configured queue").isEqualTo("general");
  }

  @Test
  void agentsSeeTheTicketsOfTheirQueuesSupervisorsAll() {
    TicketQueues queues = TicketQueues.parse("chair=facilities", QUEUES);
    Agent ana = new Agent("ana", "Ana", Set.of(AgentRole.AGENT), Set.of("it", "hr"), 3, "x");
    Agent sam = new Agent("sam", "Sam", Set.of(AgentRole.SUPERVISOR), Set.of(), 3, "x");
    assertThat(queues.visibleTo(ana, ofCategory("chair"))).isFalse();
    assertThat(queues.visibleTo(ana, ofCategory("hr"))).isTrue();
    assertThat(queues.visibleTo(ana, ofCategory("anything"))).as("general").isTrue();
    assertThat(queues.visibleTo(sam, ofCategory("chair"))).isTrue();
  }

  @Test
  void aMalformedTableNamesTheSetting() {
    assertThatThrownBy(() -> TicketQueues.parse("vpn", QUEUES)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("handoff.ticketQueues").hasMessageContaining("'vpn'");
    assertThatThrownBy(() -> TicketQueues.parse("vpn=IT Desk", QUEUES)).isInstanceOf(ConfigException.class);
  }
}
