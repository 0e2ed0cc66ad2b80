package io.relevo.core.approvals;

import io.relevo.texts.Texts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.core.tickets.TicketException;
import io.relevo.core.tickets.TicketNotifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The approvals, over the ticket store: each approval lives in its ticket, and every change is one
 * compare-and-set of the ticket that also enqueues its webhook delivery and moves it in the index
 * of pending approvals ({@code {tickets}:approvals:pending}, by when it is next due). A periodic
 * check ({@link #start}) sends the reminders and escalations that fell due; several instances may
 * run it at once, since a tick already made changes nothing. The requester is told of each
 * decision in their conversation and language; {@link ApprovalListener}s are told of every event.
 *
 * <p>A request waiting for its approval may be cancelled by anybody the ticket store lets (the
 * requester, an agent, the company's ticket system): the store withdraws its approval in the same
 * compare-and-set that cancels it, so a decision racing the cancellation either comes first (and the
 * cancellation then cancels a decided request) or finds it withdrawn; never both. The service listens
 * to the store it is given ({@link RedisTicketSystem#listen}, from its constructor) and tells its
 * listeners of each withdrawal once, whichever call made it: the approvals own what follows a
 * cancellation, wherever it came from.
 *
 * <p>Thread-safe; futures complete on the caller's context. The logs name tickets and steps only.
 */
public final class ApprovalService implements Approvals {

  private static final Logger LOG = LoggerFactory.getLogger(ApprovalService.class);
  /** Pending approvals looked through to find one approver's. */
  private static final int SCANNED = 2000;

  private final Vertx vertx;
  private final RedisTicketSystem tickets;
  private final ApprovalMachine machine;
  private final Map<String, Flow> flows;
  private final TicketNotifier notifier;
  private final Clock clock;
  private final List<ApprovalListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean checking = new AtomicBoolean();
  private long timer = -1;

  /** @param flows the flows by intent (an approval names its flow by intent) */
  public ApprovalService(Vertx vertx, RedisTicketSystem tickets, ApprovalMachine machine, Map<String, Flow> flows,
      TicketNotifier notifier, Clock clock) {
    this.vertx = vertx;
    this.tickets = tickets;
    this.machine = machine;
    this.flows = Map.copyOf(flows);
    this.notifier = notifier;
    this.clock = clock;
    tickets.listen(this::saved);
  }

  /** A request waiting for its approval was cancelled, by whichever call: its approval ended withdrawn. */
  private void saved(Ticket before, Ticket after) {
    if (before != null && before.status() == Ticket.Status.PENDING_APPROVAL && after.status() == Ticket.Status.CANCELLED
        && after.approval() != null && after.approval().state() == Approval.State.WITHDRAWN) {
      Ticket.Actor by = after.cancelledBy();
      LOG.info("Request {} withdrawn before its approval (by the {})", after.id(), by == null ? "requester" : by.kind());
      listeners.forEach(l -> safely(() -> l.withdrawn(after)));
    }
  }

  /** Adds a listener; call while wiring. */
  public ApprovalService listen(ApprovalListener listener) {
    listeners.add(listener);
    return this;
  }

  public ApprovalMachine machine() {
    return machine;
  }

  /** Looks for due reminders and escalations every {@code every}, until {@link #stop}. */
  public synchronized void start(Duration every) {
    if (timer < 0) {
      timer = vertx.setPeriodic(every.toMillis(), id -> checkDue());
    }
  }

  public synchronized void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  /**
   * Opens {@code request} of {@code flow} with its approval, its first step asked of the requester's
   * manager (the {@code manager} claim of their verified identity token, else the directory's), a
   * group or a role.
   */
  public Future<Ticket> open(NewTicket request, Flow flow, Conversation conversation) {
    Instant now = clock.instant();
    Approval approval = machine.start(flow, managerOf(request.requester(), conversation), now);
    return tickets.create(request.withApproval(approval)).onSuccess(t -> {
      LOG.info("Approval of {} asked (step 1 of {})", t.id(), approval.steps().size());
      listeners.forEach(l -> safely(() -> l.requested(t, t.approval().currentStep())));
    });
  }

  /** The requester's manager: their identity token's claim, else the directory's (by e-mail, then by id). */
  private String managerOf(Ticket.Requester requester, Conversation conversation) {
    String claimed = conversation == null ? null : conversation.fields().get(ApprovalFields.MANAGER);
    if (claimed != null && !claimed.isBlank()) {
      return claimed;
    }
    Directory d = machine.directory();
    if (requester.email() != null) {
      String m = d.managerOf(requester.email());
      if (m != null) {
        return m;
      }
    }
    String key = requester.key();
    return key != null && key.startsWith("user:") ? d.byId(key.substring(5)).map(Directory.Person::manager).orElse(null)
        : null;
  }

  @Override
  public Future<List<Pending>> pendingFor(Decider decider, int limit) {
    Instant now = clock.instant();
    return tickets.pendingApprovals(Instant.MAX, SCANNED).compose(ids -> {
      List<Future<Optional<Ticket>>> found = new ArrayList<>();
      ids.forEach(id -> found.add(tickets.find(id)));
      return Future.all(found).map(all -> {
        List<Pending> mine = new ArrayList<>();
        for (Future<Optional<Ticket>> f : found) {
          f.result().filter(t -> t.approval() != null && t.status() == Ticket.Status.PENDING_APPROVAL).ifPresent(t -> {
            Approval.Step step = t.approval().currentStep();
            try {
              String onBehalfOf = machine.standingOf(step, decider, now);
              mine.add(new Pending(ApprovalId.of(t, step).toString(), t, step, onBehalfOf));
            } catch (ApprovalException notTheirs) {
              // another approver's
            }
          });
        }
        mine.sort(Comparator.comparing((Pending p) -> p.step().startedAt()));
        return mine.size() > limit ? List.copyOf(mine.subList(0, limit)) : List.copyOf(mine);
      });
    });
  }

  @Override
  public Future<Pending> find(String approvalId, Decider decider) {
    ApprovalId id;
    try {
      id = ApprovalId.parse(approvalId);
    } catch (ApprovalException e) {
      return Future.failedFuture(e);
    }
    return tickets.find(id.ticket()).map(found -> {
      Ticket t = found.orElseThrow(ApprovalException::notFound);
      Approval.Step step = id.stepOf(t);
      boolean decidedIt = step.decision() != null && step.decision().by().equals(decider.identity());
      if (!decidedIt && !machine.mayDecide(step, decider, clock.instant())) {
        throw ApprovalException.notFound(); // nobody learns of another's approvals
      }
      String onBehalfOf = decidedIt ? step.decision().onBehalfOf() : machine.standingOf(step, decider, clock.instant());
      return new Pending(id.toString(), t, step, onBehalfOf);
    });
  }

  @Override
  public Future<Decision> decide(String approvalId, Decider decider, Approval.State decision, String reason,
      String idempotencyKey) {
    ApprovalId id;
    try {
      id = ApprovalId.parse(approvalId);
    } catch (ApprovalException e) {
      return Future.failedFuture(e);
    }
    AtomicReference<ApprovalMachine.Decided> made = new AtomicReference<>();
    AtomicReference<Ticket> before = new AtomicReference<>();
    return tickets.update(id.ticket(), t -> {
      before.set(t);
      ApprovalMachine.Decided d = machine.decide(t, id.step(), decider, decision, reason, idempotencyKey,
          t.approval() == null ? null : flows.get(t.approval().flow()), clock.instant());
      made.set(d);
      return d.ticket();
    }, ApprovalMachine::event).recover(e -> Future.failedFuture(e instanceof TicketException te
        && te.reason() == TicketException.Reason.NOT_FOUND ? ApprovalException.notFound() : e))
        .compose(after -> {
          ApprovalMachine.Decided d = made.get();
          if (d.replayed()) {
            return Future.succeededFuture(new Decision(id.toString(), after, true));
          }
          Approval.Step step = id.stepOf(after);
          LOG.info("Approval step {} of {} {} ({})", id.step(), after.id(), step.state().code(), decider.via());
          listeners.forEach(l -> safely(() -> l.decided(after, step, decider)));
          if (after.status() == Ticket.Status.PENDING_APPROVAL && after.approval().current() != id.step()) {
            listeners.forEach(l -> safely(() -> l.requested(after, after.approval().currentStep())));
          }
          return tellRequester(after, step).map(new Decision(id.toString(), after, false));
        });
  }

  private Future<Void> tellRequester(Ticket t, Approval.Step step) {
    String lang = io.relevo.texts.Lang.of(t.locale()).tag();
    Approval.Decision d = step.decision();
    String who = d.name() == null || d.name().isBlank() ? Texts.get(lang, "approval.someone") : d.name();
    String text;
    if (t.status() == Ticket.Status.REJECTED) {
      text = Texts.get(lang, "approval.rejected", t.id(), t.title(), who);
      if (d.reason() != null) {
        text = text + "\n" + Texts.get(lang, "approval.reason", d.reason());
      }
    } else if (t.status() == Ticket.Status.APPROVED) {
      text = Texts.get(lang, "approval.approved", t.id(), t.title(), who);
    } else {
      text = Texts.get(lang, "approval.step_approved", t.id(), t.title(), who);
    }
    return notifier.tell(t, text);
  }

  @Override
  public Future<Ticket> withdraw(String ticketId, Ticket.Requester requester, String reason) {
    return tickets.withdraw(ticketId, requester, reason).recover(e -> {
      if (e instanceof TicketException te && te.reason() == TicketException.Reason.CONFLICT) {
        return tickets.findFor(ticketId, requester).compose(t -> Future.failedFuture(t.isPresent()
            && t.get().status() == Ticket.Status.APPROVED || t.isPresent() && t.get().status() == Ticket.Status.REJECTED
            ? new ApprovalException(409, "already_decided", "This request was already decided; it can no longer be withdrawn.")
            : new ApprovalException(409, "not_pending", "This request is not waiting for an approval.")));
      }
      return Future.failedFuture(e instanceof TicketException te && te.reason() == TicketException.Reason.NOT_FOUND
          ? new ApprovalException(404, "not_found", "No such request.") : e);
    }); // its listeners are told as the store saves it (saved)
  }

  /** Sends the reminders and escalations due now; one run at a time per instance. */
  Future<Integer> checkDue() {
    if (!checking.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    Instant now = clock.instant();
    return tickets.pendingApprovals(now, 100).compose(ids -> {
      List<Future<Boolean>> done = new ArrayList<>();
      for (String id : ids) {
        AtomicReference<Ticket> was = new AtomicReference<>();
        done.add(tickets.update(id, t -> {
          was.set(t);
          return machine.tick(t, now);
        }, ApprovalMachine::event).map(after -> {
          Ticket before = was.get();
          if (before != null && after.version() != before.version()) {
            announce(before, after);
            return true;
          }
          return false;
        }).recover(e -> {
          LOG.warn("Could not check the approval of {}: {}", id, e.getMessage());
          return Future.succeededFuture(false);
        }));
      }
      return Future.all(done).map(v -> (int) done.stream().filter(Future::result).count());
    }).onComplete(ar -> checking.set(false));
  }

  private void announce(Ticket before, Ticket after) {
    Approval.Step step = after.approval().currentStep();
    String event = ApprovalMachine.event(before, after);
    LOG.info("Approval step {} of {} {}", step.number(), after.id(), event.substring(event.lastIndexOf('.') + 1));
    if (event.endsWith("escalated")) {
      listeners.forEach(l -> safely(() -> l.escalated(after, step)));
    } else if (event.endsWith("reminded")) {
      listeners.forEach(l -> safely(() -> l.reminded(after, step)));
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("An approval listener failed: {}", e.toString());
    }
  }
}
