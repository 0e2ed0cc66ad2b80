package io.relevo.core.dialogue;

import static io.relevo.core.dialogue.SkillsTest.await;
import static io.relevo.core.dialogue.SkillsTest.understood;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Requesters;
import io.relevo.core.tickets.Ticket;
import io.relevo.kb.Band;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.relevo.texts.Texts;
import io.vertx.core.Vertx;

/** The ticket skill with a stub understanding (no model) and a real Redis for the tickets. */
class TicketSkillTest {

  private Vertx vertx;
  private RedisConnector redis;
  private RedisTicketSystem tickets;

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false);
  }

  @AfterEach
  void tearDown() throws Exception {
    redis.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static BotTurn act(List<Candidate> candidates) throws Exception {
    assertThat(candidates).isNotEmpty();
    return await(candidates.get(0).act().get());
  }

  private Ticket open(Conversation c, Ticket.Kind kind, String title) throws Exception {
    return await(tickets.create(new NewTicket(kind, Requesters.of(c), title, "-", "other", "low", "low", Map.of(), "c1",
        "en")));
  }

  private BotTurn say(TicketSkill skill, String text, String intent) throws Exception {
    Turn turn = new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of()));
    return act(skill.propose(turn, understood(text, Act.TICKET, intent, null)));
  }

  @Test
  void cancellingWithoutANumberTakesTheOnlyOpenTicket() throws Exception {
    Conversation c = SkillsTest.conversation(ConversationState.BOT, Map.of());
    Ticket only = open(c, Ticket.Kind.REQUEST, "Vacation: from December 21, 2026 to December 23, 2026");
    BotTurn t = say(new TicketSkill(tickets, Clock.systemUTC()), "can you cancel my request", "cancel_ticket");
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.cancel.confirm", only.id(), only.title()));
    assertThat(t.attributes()).containsEntry("awaiting", "cancel:" + only.id());
  }

  @Test
  void cancellingARequestNamedByItsTitleAmongSeveralTakesThatOne() throws Exception {
    Conversation c = SkillsTest.conversation(ConversationState.BOT, Map.of());
    open(c, Ticket.Kind.INCIDENT, "Printer jammed on floor 2");
    Ticket vacation = open(c, Ticket.Kind.REQUEST, "Vacation: from December 21, 2026 to December 23, 2026");
    BotTurn t = say(new TicketSkill(tickets, Clock.systemUTC()), "please cancel my vacation request", "cancel_ticket");
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.cancel.confirm", vacation.id(),
        vacation.title()));
  }

  @Test
  void amongSeveralOpenTicketsNoneNamedTheyAreOfferedToChooseAndTheChoiceActs() throws Exception {
    Conversation c = SkillsTest.conversation(ConversationState.BOT, Map.of());
    Ticket printer = open(c, Ticket.Kind.INCIDENT, "Printer jammed on floor 2");
    Ticket monitor = open(c, Ticket.Kind.REQUEST, "Monitor: a second screen");
    Ticket closed = open(c, Ticket.Kind.REQUEST, "Mouse");
    await(tickets.cancel(closed.id(), Requesters.of(c), null));
    TicketSkill skill = new TicketSkill(tickets, Clock.systemUTC());
    BotTurn which = say(skill, "I want to add something to my ticket", "add_ticket_comment");
    assertThat(which.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.whichOne"));
    assertThat(which.replies().get(0).quickReplies()).extracting(QuickReply::payload).containsExactlyInAnyOrder(
        TicketSkill.PICK + "add_ticket_comment:" + printer.id(), TicketSkill.PICK + "add_ticket_comment:" + monitor.id());
    assertThat(which.replies().get(0).quickReplies()).extracting(QuickReply::label).allMatch(l -> l.length() <= 60);

    Turn turn = new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of()));
    BotTurn picked = await(skill.onPayload(turn, TicketSkill.PICK + "add_ticket_comment:" + monitor.id()));
    assertThat(picked.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.comment.ask", monitor.id()));
    assertThat(picked.attributes()).containsEntry("awaiting", "comment:" + monitor.id());
  }

  @Test
  void cancelThatRightAfterARequestWasSentAsksToCancelThatRequest() throws Exception {
    Conversation c = SkillsTest.conversation(ConversationState.BOT, Map.of());
    open(c, Ticket.Kind.INCIDENT, "Printer jammed on floor 2");
    Ticket monitor = open(c, Ticket.Kind.REQUEST, "Monitor: a second screen");
    TicketSkill skill = new TicketSkill(tickets, Clock.systemUTC());
    for (String said : List.of("actually can you cancel that", "espera, cancélalo")) {
      Turn turn = new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of("ticket", monitor.id())));
      BotTurn t = act(skill.propose(turn, understood(said, Act.REQUEST, "help", null)));
      assertThat(t.replies().get(0).text()).as(said)
          .isEqualTo(Texts.get("en", "tickets.cancel.confirm", monitor.id(), monitor.title()));
    }
    Turn none = new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of()));
    assertThat(skill.propose(none, understood("actually can you cancel that", Act.REQUEST, "help", null))).isEmpty();
  }

  @Test
  void askingForOnesTicketsWhileAFormWaitsTellsThemAndAsksTheFormsQuestionAgain() throws Exception {
    Conversation c = SkillsTest.conversation(ConversationState.BOT, Map.of());
    Ticket printer = open(c, Ticket.Kind.INCIDENT, "Printer jammed on floor 2");
    FormSkill forms = new FormSkill(new io.relevo.core.dialogue.flows.FormEngine(io.relevo.core.dialogue.flows.Flows.load(null)),
        tickets, null, Clock.systemUTC(), Departments.shipped());
    forms.uses(new TicketSkill(tickets, Clock.systemUTC()));
    Map<String, String> inForm = Map.of("form", "request_vacation", "form.at", "note", "f.dates", "2027-08-03/2027-08-07",
        "f.type", "vacation");
    Turn turn = new Turn(SkillsTest.conversation(ConversationState.BOT, inForm));
    BotTurn t = act(forms.propose(turn, understood("what tickets do I have?", Act.TICKET, "list_my_tickets", null)));
    assertThat(t.replies().get(0).text()).startsWith(Texts.get("en", "tickets.list")).contains(printer.id());
    assertThat(t.replies().get(1).text()).startsWith("Let's go on with your request: Anything your manager should know?");
    assertThat(t.attributes()).doesNotContainEntry("form", "");
  }

  @Test
  void aPickedTicketThatIsNotTheirsIsNotFound() throws Exception {
    Conversation other = new Conversation("c2", "en", ConversationState.BOT, "web", null, java.time.Instant.now(),
        Map.of(), Map.of("queue", "it"));
    Ticket theirs = open(other, Ticket.Kind.INCIDENT, "Printer");
    Turn turn = new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of()));
    BotTurn t = await(new TicketSkill(tickets, Clock.systemUTC()).onPayload(turn,
        TicketSkill.PICK + "cancel_ticket:" + theirs.id()));
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.notfound", theirs.id()));
    assertThat(await(tickets.findFor(theirs.id(), Requesters.of(other))).orElseThrow().status().isFinal()).isFalse();
  }

  @Test
  void cancellingWithNoTicketsAtAllIsNoDeadEnd() throws Exception {
    BotTurn t = say(new TicketSkill(tickets, Clock.systemUTC(), () -> true), "cancel my laptop request", "cancel_ticket");
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.none"));
    assertThat(t.replies().get(0).quickReplies()).extracting(QuickReply::payload)
        .containsExactly(Replies.ASK_PERSON, Replies.LEAVE_CONTACT);
  }

  @Test
  void aTypedYesOrNoToCancellingATicketActsLikeTheButtons() throws Exception {
    Conversation c = SkillsTest.conversation(ConversationState.BOT, Map.of());
    Ticket one = await(tickets.create(new NewTicket(Ticket.Kind.INCIDENT, io.relevo.core.tickets.Requesters.of(c),
        "Printer", "jam", "printer", "low", "low", Map.of(), "c1", "en")));
    TicketSkill skill = new TicketSkill(tickets, Clock.systemUTC());

    Map<String, String> waiting = Map.of("awaiting", "cancel:" + one.id());
    BotTurn kept = await(skill.onPending(new Turn(SkillsTest.conversation(ConversationState.BOT, waiting)),
        understood("mejor no", Act.DENY, "deny", null)));
    assertThat(kept.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.kept", one.id()));
    assertThat(await(tickets.findFor(one.id(), io.relevo.core.tickets.Requesters.of(c))).orElseThrow().status().isFinal()).isFalse();

    BotTurn cancelled = await(skill.onPending(new Turn(SkillsTest.conversation(ConversationState.BOT, waiting)),
        understood("yes", Act.AFFIRM, "affirm", null)));
    assertThat(cancelled.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.cancelled", one.id()));
    assertThat(await(tickets.findFor(one.id(), io.relevo.core.tickets.Requesters.of(c))).orElseThrow().status().isFinal()).isTrue();
  }

  @Test
  void noTicketHereIsNoDeadEndAPersonAndACallbackAreOffered() throws Exception {
    TicketSkill skill = new TicketSkill(tickets, Clock.systemUTC(), () -> true);
    Turn turn = new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of()));
    BotTurn t = act(skill.propose(turn, understood("what tickets do I have open?", Act.TICKET, "list_my_tickets", null)));
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "tickets.none"));
    assertThat(t.replies().get(0).quickReplies()).extracting(q -> q.payload())
        .containsExactly(Replies.ASK_PERSON, Replies.LEAVE_CONTACT);
  }

  @Test
  void somethingElseWhileACancellationWaitsLeavesTheTicketAlone() throws Exception {
    TicketSkill skill = new TicketSkill(tickets, Clock.systemUTC());
    Turn turn = new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of("awaiting", "cancel:INC-000001")));
    assertThat(skill.onPending(turn, understood("how do I set up the vpn", Act.ASK, "help", Band.UNKNOWN))).isNull();
    assertThat(turn.awaiting()).isEqualTo(Awaiting.NOTHING);
  }
}
