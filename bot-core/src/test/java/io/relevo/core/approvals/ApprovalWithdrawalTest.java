package io.relevo.core.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.dialogue.flows.Flows;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketNotifier;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * However a request waiting for its approval is cancelled (an agent or the company's ticket system
 * changing its status, the requester cancelling or withdrawing it), its approval ends withdrawn in
 * the same save, the approval listeners hear of it once, and a decision after it is refused; an
 * approve racing a cancel ends in one of them, never a decision on a withdrawn step. A real ticket
 * store on its own Redis; the listener records what it hears, and is told before the change's future
 * completes, so nothing is waited for.
 */
class ApprovalWithdrawalTest {

  static final Ticket.Requester LUIS = new Ticket.Requester("user:web:luis", "Luis", "luis@acme.example");
  static final Ticket.Actor AGENT = new Ticket.Actor("agent", "ana", "Ana");
  static final Decider ELENA = new Decider("elena@acme.example", null, "Elena", Set.of(), "slack");
  static final Flow EQUIPMENT = Flows.load(null).get("request_equipment");

  static Vertx vertx;
  static EmbeddedRedis redis;
  static RedisConnector store;
  static RedisTicketSystem tickets;
  static ApprovalService approvals;
  /** What the listener heard: "withdrawn REQ-…", "decided REQ-….1", "requested REQ-….1". */
  static final List<String> heard = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.dedicated();
    store = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, store, Clock.systemUTC(), false);
    Directory people = Directory.parse("""
        people:
          - {email: luis@acme.example, name: Luis, manager: elena@acme.example}
          - {email: elena@acme.example, name: Elena}
        """, "test");
    approvals = new ApprovalService(vertx, tickets, new ApprovalMachine(people,
        new ApprovalMachine.Defaults(Duration.ofHours(72), Duration.ofHours(24), "role:supervisor")),
        Map.of(EQUIPMENT.intent(), EQUIPMENT), new TicketNotifier(null), Clock.systemUTC());
    approvals.listen(new ApprovalListener() {
      @Override
      public void requested(Ticket ticket, Approval.Step step) {
        heard.add("requested " + ApprovalId.of(ticket, step));
      }

      @Override
      public void decided(Ticket ticket, Approval.Step step, Decider decider) {
        heard.add("decided " + ApprovalId.of(ticket, step));
      }

      @Override
      public void withdrawn(Ticket ticket) {
        heard.add("withdrawn " + ticket.id());
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  /** Luis asks for a monitor (no conversation: nobody to tell); its approval asks Elena. */
  static Ticket request() throws Exception {
    return await(approvals.open(new NewTicket(Ticket.Kind.REQUEST, LUIS, "Monitor", null, "equipment", null, null,
        Map.of("item", "monitor"), null, "en"), EQUIPMENT, null));
  }

  static List<String> heardOf(String ticketId) {
    synchronized (heard) {
      return heard.stream().filter(h -> h.endsWith(" " + ticketId) || h.contains(" " + ticketId + ".")).toList();
    }
  }

  static Ticket stored(String id) throws Exception {
    return await(tickets.find(id)).orElseThrow();
  }

  static void assertWithdrawn(Ticket t) {
    assertThat(t.status()).isEqualTo(Ticket.Status.CANCELLED);
    assertThat(t.approval().state()).isEqualTo(Approval.State.WITHDRAWN);
    assertThat(t.approval().steps()).allSatisfy(s -> {
      assertThat(s.state()).isEqualTo(Approval.State.WITHDRAWN);
      assertThat(s.decision()).isNull();
    });
  }

  @Test
  void anAgentCancellingAPendingRequestEndsItsApprovalTellsTheListenersOnceAndALaterDecisionIsRefused() throws Exception {
    String id = request().id();

    Ticket cancelled = await(tickets.changeStatus(id, Ticket.Status.CANCELLED, AGENT, "Duplicate of REQ-000001"));
    assertWithdrawn(cancelled);
    assertThat(heardOf(id)).containsExactly("requested " + id + ".1", "withdrawn " + id);
    assertThat(await(tickets.pendingApprovals(java.time.Instant.MAX, 100))).doesNotContain(id);
    assertThat(await(approvals.pendingFor(ELENA, 10))).noneMatch(p -> p.ticket().id().equals(id));

    // cancelled again: nothing changes, nobody is told twice
    await(tickets.changeStatus(id, Ticket.Status.CANCELLED, AGENT, null));
    assertThatThrownBy(() -> await(approvals.decide(id + ".1", ELENA, Approval.State.APPROVED, null, "click-1")))
        .isInstanceOfSatisfying(ApprovalException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.code()).isEqualTo("cancelled");
          assertThat(e.getMessage()).contains("help desk cancelled");
        });
    assertWithdrawn(stored(id));
    assertThat(heardOf(id)).containsExactly("requested " + id + ".1", "withdrawn " + id);
  }

  @Test
  void theRequestersCancelAndWithdrawalEachTellTheListenersOnce() throws Exception {
    String cancelled = request().id();
    assertWithdrawn(await(tickets.cancel(cancelled, LUIS, "not needed")));
    assertThat(heardOf(cancelled)).containsExactly("requested " + cancelled + ".1", "withdrawn " + cancelled);

    String withdrawn = request().id();
    assertWithdrawn(await(approvals.withdraw(withdrawn, LUIS, null)));
    assertThat(heardOf(withdrawn)).containsExactly("requested " + withdrawn + ".1", "withdrawn " + withdrawn);
    assertThatThrownBy(() -> await(approvals.decide(withdrawn + ".1", ELENA, Approval.State.APPROVED, null, null)))
        .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("withdrawn"));
  }

  @Test
  void anApproveRacingAnAgentsCancelEndsInExactlyOneOfThemAndTheStoredStateAgrees() throws Exception {
    for (int i = 0; i < 12; i++) {
      String id = request().id();
      // both start before either is saved, each first in turn: both read the same version, one
      // compare-and-set wins and the other applies its change again to the version it made
      Future<Approvals.Decision> approve;
      Future<Ticket> cancel;
      if (i % 2 == 0) {
        approve = approvals.decide(id + ".1", ELENA, Approval.State.APPROVED, null, "race-" + i);
        cancel = tickets.changeStatus(id, Ticket.Status.CANCELLED, AGENT, null);
      } else {
        cancel = tickets.changeStatus(id, Ticket.Status.CANCELLED, AGENT, null);
        approve = approvals.decide(id + ".1", ELENA, Approval.State.APPROVED, null, "race-" + i);
      }
      await(Future.join(approve, cancel).otherwiseEmpty());
      assertThat(cancel.succeeded()).as("the agent's cancel").isTrue();

      Ticket t = stored(id);
      assertThat(t.status()).isEqualTo(Ticket.Status.CANCELLED);
      if (approve.succeeded()) {
        // the approve came first; the cancel then cancelled an approved request: nothing was withdrawn
        assertThat(t.approval().state()).isEqualTo(Approval.State.APPROVED);
        assertThat(t.approval().steps().get(0).decision().by()).isEqualTo("elena@acme.example");
        assertThat(heardOf(id)).containsExactly("requested " + id + ".1", "decided " + id + ".1");
      } else {
        assertThat(approve.cause()).isInstanceOfSatisfying(ApprovalException.class,
            e -> assertThat(e.code()).isEqualTo("cancelled"));
        assertWithdrawn(t);
        assertThat(heardOf(id)).containsExactly("requested " + id + ".1", "withdrawn " + id);
      }
    }
  }
}
