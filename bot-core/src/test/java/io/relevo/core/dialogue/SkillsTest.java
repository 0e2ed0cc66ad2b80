package io.relevo.core.dialogue;

import io.relevo.texts.Texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.core.analytics.Analytics;
import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.dialogue.flows.FormEngine;
import io.relevo.core.dialogue.flows.Flows;
import io.relevo.core.knowledge.KnowledgeStats;
import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.RedisTicketSystem;
import io.relevo.core.tickets.Ticket;
import io.relevo.intents.Analysis;
import io.relevo.intents.Entity;
import io.relevo.kb.Answer;
import io.relevo.kb.Article;
import io.relevo.kb.Band;
import io.relevo.kb.Hit;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The skills on their own, with a stub understanding (no model) and a real Redis for tickets and
 * analytics.
 */
class SkillsTest {

  private Vertx vertx;
  private RedisConnector redis;
  private RedisTicketSystem tickets;
  private Analytics analytics;
  private KnowledgeStats stats;
  private FormEngine forms;
  private final List<String> escalations = new ArrayList<>();
  private final List<String> withdrawn = new ArrayList<>();
  private final HandoffPort port = new HandoffPort() {
    @Override
    public Future<Escalation> escalate(Conversation conversation, String reason, String queue) {
      escalations.add(reason + "@" + queue);
      return Future.succeededFuture(new Escalation(Outcome.QUEUED, 1, Duration.ofMinutes(3)));
    }

    @Override
    public Future<Boolean> withdraw(Conversation conversation) {
      withdrawn.add(conversation.id());
      return Future.succeededFuture(true);
    }
  };

  @BeforeEach
  void setUp() {
    TestRedis.flushAll();
    vertx = Vertx.vertx();
    redis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
    tickets = new RedisTicketSystem(vertx, redis, Clock.systemUTC(), false);
    analytics = new Analytics(vertx, redis, ZoneOffset.UTC, Duration.ofDays(30), Duration.ofDays(30), null);
    stats = new KnowledgeStats(vertx, redis);
    forms = new FormEngine(Flows.load(null));
  }

  @AfterEach
  void tearDown() throws Exception {
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

  static Conversation conversation(ConversationState state, Map<String, String> attributes) {
    return new Conversation("c1", "en", state, "web", null, Instant.now(), attributes, Map.of("queue", "it"));
  }

  static final Article VACATION = new Article("en-hr-vacation", "hr-vacation", "en", "Vacation", "hr", List.of(),
      List.of(), null, "public", "You get 23 days a year.");

  static Understanding understood(String text, Act act, String intent, Band band, Article... articles) {
    Analysis analysis = ActsTest.intent(intent, 0.9);
    List<Hit> hits = new ArrayList<>();
    for (Article a : articles) {
      hits.add(new Hit(a, 1, a.body()));
    }
    Answer answer = band == null ? null : new Answer(band, band == Band.ANSWER ? 0.9 : 0.5, hits, false);
    return new Understanding(text, analysis, act, answer, "hr", false);
  }

  private HandoffSkill handoffSkill() {
    return new HandoffSkill(port, tickets, analytics, Departments.shipped(), id -> Future.succeededFuture(List.of()));
  }

  private FormSkill formSkill() {
    FormSkill f = new FormSkill(forms, tickets, analytics, Clock.systemUTC(), Departments.shipped());
    f.uses(handoffSkill());
    return f;
  }

  private KnowledgeSkill knowledgeSkill() {
    return new KnowledgeSkill(null, stats, analytics, null, handoffSkill(), formSkill());
  }

  private static BotTurn act(List<Candidate> candidates) throws Exception {
    assertThat(candidates).isNotEmpty();
    return await(candidates.stream().max(java.util.Comparator.comparingDouble(Candidate::score)).orElseThrow().act().get());
  }

  private static List<String> payloads(Message m) {
    return m.quickReplies().stream().map(QuickReply::payload).toList();
  }

  @Test
  void aQuestionAnsweredByAnotherArticleGetsNoFormTheIntentGuessed() throws Exception {
    Article onboarding = new Article("en-hr-onboarding", "hr-onboarding", "en", "Your first day", "hr", List.of(),
        List.of(), null, "public", "Come to reception at 9:00 with your ID document.");
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    Understanding u = understood("I'm starting on monday, what time should i arrive?", Act.ASK, "request_vacation",
        Band.ANSWER, onboarding);

    BotTurn t = act(knowledgeSkill().propose(turn, u));

    assertThat(t.replies().get(0).text()).contains("9:00");
    assertThat(payloads(t.replies().get(1))).contains("kb.helped:en-hr-onboarding")
        .noneMatch(p -> p.startsWith("form.start:"));
  }

  @Test
  void aQuestionTheKnowledgeBaseAnswersGetsThePassageTheArticleAndTheFormOneClickAway() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    Understanding u = understood("how many vacation days do i get", Act.ASK, "request_vacation", Band.ANSWER, VACATION);

    assertThat(formSkill().propose(turn, u)).as("a question never starts a form").isEmpty();
    BotTurn t = act(knowledgeSkill().propose(turn, u));

    assertThat(t.replies().get(0).text()).contains("23 days");
    assertThat(t.replies().get(0).links()).extracting(l -> l.articleId()).containsExactly("en-hr-vacation");
    assertThat(payloads(t.replies().get(1))).contains("kb.helped:en-hr-vacation", "form.start:request_vacation");
    assertThat(t.attributes()).containsEntry("awaiting", "feedback").containsEntry("article", "en-hr-vacation");
  }

  @Test
  void aRequestStartsItsFormAndBeatsTheArticle() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    Understanding u = understood("I want to book vacation from 3 to 7 August", Act.REQUEST, "request_vacation",
        Band.ANSWER, VACATION);
    double form = formSkill().propose(turn, u).get(0).score();
    double article = knowledgeSkill().propose(turn, u).get(0).score();
    assertThat(form).isGreaterThan(article);
    BotTurn t = act(formSkill().propose(turn, u));
    assertThat(t.attributes()).containsEntry(FormEngine.FORM, "request_vacation");
  }

  @Test
  void aRequestThatAnotherDepartmentsFormWouldTakeIsAnsweredByItsOwnDepartmentsArticle() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    Article payslip = new Article("es-hr-payslip", "hr-payslip", "es", "Nómina", "hr", List.of(), List.of(), null,
        "public", "Descarga el certificado de salario en el portal.");
    // the classifier guessed IT equipment; the words and the article say HR ("understood" names the department hr)
    Understanding u = understood("necesito un certificado de salario para alquilar un piso", Act.REQUEST,
        "request_equipment", Band.ANSWER, payslip);
    assertThat(formSkill().propose(turn, u)).as("no IT equipment form for a salary certificate").isEmpty();
    BotTurn t = act(knowledgeSkill().propose(turn, u));
    assertThat(t.replies().get(0).links()).extracting(l -> l.articleId()).containsExactly("es-hr-payslip");
  }

  @Test
  void aCaseOpenedForANamedDepartmentIsThatDepartmentsCaseWhenTheMatterIsUnsure() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    String text = "please open an HR case, my contract says 35 hours but I'm scheduled for 40";
    Analysis analysis = ActsTest.intent("request_vacation", 0.39, new Entity(Entity.DEPARTMENT, "HR", 13, 15, "hr"));
    Understanding u = new Understanding(text, analysis, Act.REQUEST, new Answer(Band.UNKNOWN, 0.2, List.of(), false), "hr", false);
    BotTurn t = act(formSkill().propose(turn, u));
    assertThat(t.attributes()).containsEntry(FormEngine.FORM, "hr_query");
  }

  @Test
  void aReportedProblemAmongWhoseChoicesIsTheReportArticleOfItsDepartmentStartsThatForm() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    Article rooms = new Article("es-fac-meeting-rooms", "fac-meeting-rooms", "es", "Salas", "facilities", List.of(),
        List.of(), null, "public", "Reserva en Outlook.");
    Article maintenance = new Article("es-fac-maintenance", "fac-maintenance", "es", "Averías del edificio", "facilities",
        List.of(), List.of(), null, "public", "Comunica la avería.");
    Answer unsure = new Answer(Band.CHOOSE, 0.5, List.of(new Hit(rooms, 1, ""), new Hit(maintenance, 1, "")), false);
    Understanding u = new Understanding("la puerta de la sala Tajo no cierra", ActsTest.UNSURE, Act.REPORT, unsure,
        "facilities", false);
    List<Candidate> proposed = formSkill().propose(turn, u);
    assertThat(proposed).extracting(Candidate::score).containsExactly(70.0);
    assertThat(act(proposed).attributes()).containsEntry(FormEngine.FORM, "report_facilities_issue");
  }

  @Test
  void aLeakGetsItsArticlesEmergencyStepsBeforeTheFormWhichStaysOneButtonAway() throws Exception {
    Article maintenance = new Article("en-fac-maintenance", "fac-maintenance", "en", "Building problems", "facilities",
        List.of(), List.of(), null, "public", "Report it.");
    Answer sure = new Answer(Band.ANSWER, 0.95, List.of(new Hit(maintenance, 1, "Emergencies: call 1000")), false);
    Understanding leak = new Understanding("there is water leaking in the mens toilet", ActsTest.UNSURE, Act.REPORT,
        sure, "facilities", false);
    Understanding cold = new Understanding("the radiator in my office is freezing cold", ActsTest.UNSURE, Act.REPORT,
        sure, "facilities", false);
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    double form = formSkill().propose(turn, leak).get(0).score();
    assertThat(form).isLessThan(58 + 5 * 0.95); // the knowledge skill's answer to a report
    assertThat(formSkill().propose(turn, cold).get(0).score()).isGreaterThan(58 + 5 * 0.95);
    assertThat(formSkill().buttonFor(leak, maintenance).id()).isEqualTo("report_facilities_issue");
  }

  @Test
  void aProblemToldWithoutAReportVerbGoesToTheIncidentFormOfItsWordsDepartment() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    // "el 3 piso no tiene luz": the classifier says report_incident (IT's), the words say facilities
    Understanding u = new Understanding("el 3 piso no tiene luz", ActsTest.intent("report_incident", 0.95), Act.STATEMENT,
        new Answer(Band.UNKNOWN, 0.4, List.of(), false), "facilities", false);
    assertThat(act(formSkill().propose(turn, u)).attributes()).containsEntry(FormEngine.FORM, "report_facilities_issue");
    // a request keeps its own form whatever the words: a chair is asked for, not reported
    Understanding chair = new Understanding("necesito una silla nueva", ActsTest.intent("request_equipment", 0.95),
        Act.STATEMENT, new Answer(Band.UNKNOWN, 0.4, List.of(), false), "facilities", false);
    assertThat(act(formSkill().propose(new Turn(conversation(ConversationState.BOT, Map.of())), chair)).attributes())
        .containsEntry(FormEngine.FORM, "request_equipment");
  }

  @Test
  void askingWhoApprovesIsAQuestionAndAskingWhetherItIsApprovedIsAboutOnesRequest() {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    ApprovalSkill approvals = new ApprovalSkill(null, null);
    for (String process : List.of("who has to approve access to the finance folder", "quien aprueba las vacaciones?",
        "does a trip have to be approved by my director?", "mi jefe está de baja, quien me aprueba las vacaciones?",
        "my manager is off, who approves my holiday now?")) {
      assertThat(approvals.propose(turn, understood(process, Act.ASK, "help", Band.UNKNOWN))).as(process).isEmpty();
    }
    for (String state : List.of("is my vacation approved yet?", "¿ya me han aprobado el viaje?")) {
      assertThat(approvals.propose(turn, understood(state, Act.ASK, "help", Band.UNKNOWN))).as(state)
          .extracting(Candidate::rule).containsExactly("approval-status");
    }
  }

  @Test
  void aRequestAskedAsAQuestionThatAnArticleAnswersSurelyGetsTheArticleWithTheFormOneClickAway() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    Article laptops = new Article("en-it-laptop-request", "it-laptop-request", "en", "Laptops", "it", List.of(), List.of(),
        null, "public", "Designers can choose a MacBook Pro.");
    Understanding u = new Understanding("can I get a mac instead of a windows laptop? I'm a designer",
        ActsTest.intent("request_equipment", 0.8), Act.REQUEST,
        new Answer(Band.ANSWER, 0.98, List.of(new Hit(laptops, 1, laptops.body())), false), "it", false);
    double form = formSkill().propose(turn, u).get(0).score();
    double article = knowledgeSkill().propose(turn, u).get(0).score();
    assertThat(article).isGreaterThan(form);
    BotTurn t = act(knowledgeSkill().propose(turn, u));
    assertThat(payloads(t.replies().get(1))).contains("form.start:request_equipment");
  }

  @Test
  void nothingFitsIsAnHonestDontKnowWithAPersonOffered() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    BotTurn t = act(knowledgeSkill().propose(turn, understood("what's on the canteen menu", Act.ASK, "help", Band.UNKNOWN)));
    assertThat(payloads(t.replies().get(0))).contains(Replies.ASK_PERSON);
    assertThat(t.attributes()).containsEntry("misses", "1");
  }

  @Test
  void aSecondMissInARowHandsOverNotAThirdDontKnow() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of("misses", "1")));
    Understanding u = understood("and the pension plan?", Act.ASK, "help", Band.UNKNOWN);
    List<Candidate> all = new ArrayList<>(handoffSkill().propose(turn, u));
    all.addAll(knowledgeSkill().propose(turn, u));
    act(all);
    assertThat(await(stats.gaps(100, 10)).toString())
        .as("the question is recorded as unanswered").contains("pension plan");
    assertThat(escalations).containsExactly("not_understood@hr");
  }

  @Test
  void noneOfTheChoicesTypedOrClickedKeepsTheReportFormOffered() throws Exception {
    Article laptop = new Article("en-it-laptop-request", "it-laptop-request", "en", "New laptop", "it", List.of(),
        List.of(), null, "public", "Request one.");
    Article slow = new Article("en-it-slow-computer", "it-slow-computer", "en", "Slow computer", "it", List.of(),
        List.of(), null, "public", "Restart it.");
    Answer unsure = new Answer(Band.CHOOSE, 0.5, List.of(new Hit(laptop, 1, ""), new Hit(slow, 1, "")), false);
    Understanding flickering = new Understanding("my laptop screen keeps flickering",
        ActsTest.intent("report_incident", 0.9), Act.REPORT, unsure, "it", false);
    BotTurn choices = act(knowledgeSkill().propose(new Turn(conversation(ConversationState.BOT, Map.of())), flickering));
    assertThat(payloads(choices.replies().get(0))).contains("kb.none", "form.start:report_incident");

    for (Understanding none : List.of(understood("no", Act.DENY, "deny", null),
        understood("none of them", Act.STATEMENT, "deny", null))) {
      BotTurn t = await(knowledgeSkill().onPending(new Turn(conversation(ConversationState.BOT, choices.attributes())),
          none));
      assertThat(t.replies().get(0).text()).as(none.text()).isEqualTo(Texts.get("en", "kb.none.reply.form"));
      assertThat(payloads(t.replies().get(0))).as(none.text()).startsWith("form.start:report_incident");
    }
    BotTurn clicked = await(knowledgeSkill().onPayload(new Turn(conversation(ConversationState.BOT,
        choices.attributes())), "kb.none"));
    assertThat(payloads(clicked.replies().get(0))).startsWith("form.start:report_incident");
  }

  @Test
  void aTypedYesToTheRatingQuestionRatesTheArticle() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of("awaiting", "feedback", "article", "en-hr-vacation",
        "shown", "en-hr-vacation")));
    BotTurn t = await(knowledgeSkill().onPending(turn, understood("yes", Act.AFFIRM, "affirm", null)));
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "kb.glad"));
    assertThat(t.attributes()).containsEntry("awaiting", "").containsEntry("article", "");
  }

  @Test
  void itStillNotWorkingAfterAnAnswerIsANoWithTheFormOfTheArticlesDepartment() throws Exception {
    Map<String, String> waiting = Map.of("awaiting", "feedback", "article", "en-fac-badge-lost", "article.department",
        "facilities", "shown", "en-fac-badge-lost");
    BotTurn t = await(knowledgeSkill().onPending(new Turn(conversation(ConversationState.BOT, waiting)),
        understood("it worked yesterday", Act.REPORT, "feedback_positive", Band.UNKNOWN)));
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "kb.sorry"));
    assertThat(payloads(t.replies().get(0))).startsWith("form.start:report_facilities_issue");
    assertThat(knowledgeSkill().onPending(new Turn(conversation(ConversationState.BOT, waiting)),
        understood("and my monitor is broken too", Act.REPORT, "report_incident", Band.UNKNOWN)))
        .as("another thing broken").isNull();
  }

  @Test
  void wherePlaceAfterAnAnswerToAProblemStartsTheReportFormOfTheAnswersDepartment() throws Exception {
    Map<String, String> afterWifi = Map.of("awaiting", "feedback", "article", "es-it-wifi-office", "article.department",
        "it", "shown", "es-it-wifi-office", "question", "el wifi de la ofi va fatal hoy");
    Entity floor = new Entity(Entity.PLACE, "planta 2", 6, 14, "planta 2");
    Understanding where = new Understanding("en la planta 2", ActsTest.intent("help", 0.3, floor), Act.STATEMENT,
        new Answer(Band.UNKNOWN, 0.1, List.of(), false), "facilities", false);
    BotTurn t = await(knowledgeSkill().onPending(new Turn(conversation(ConversationState.BOT, afterWifi)), where));
    assertThat(t.attributes()).containsEntry(FormEngine.FORM, "report_incident")
        .containsEntry("f.description", "el wifi de la ofi va fatal hoy. en la planta 2");
    Map<String, String> afterRooms = new java.util.HashMap<>(afterWifi);
    afterRooms.put("question", "how do I book a meeting room");
    assertThat(knowledgeSkill().onPending(new Turn(conversation(ConversationState.BOT, afterRooms)), where)).isNull();
  }

  @Test
  void wherePlaceToldInASentenceAfterAnAnswerToAProblemStartsTheReportForm() throws Exception {
    Map<String, String> afterLeak = Map.of("awaiting", "feedback", "article", "en-fac-maintenance", "article.department",
        "facilities", "shown", "en-fac-maintenance", "question", "the coffee machine on 4 is leaking all over the floor");
    String lifts = "it's the one next to the lifts, 4th floor";
    Entity floor = new Entity(Entity.PLACE, "4th floor", lifts.indexOf("4th"), lifts.length(), "4th floor");
    Understanding where = new Understanding(lifts, ActsTest.intent("help", 0.3, floor), Act.STATEMENT,
        new Answer(Band.UNKNOWN, 0.1, List.of(), false), "facilities", false);
    BotTurn t = await(knowledgeSkill().onPending(new Turn(conversation(ConversationState.BOT, afterLeak)), where));
    assertThat(t.attributes()).containsEntry(FormEngine.FORM, "report_facilities_issue");
    Understanding kitchen = new Understanding("the one by the kitchen on our side", ActsTest.intent("help", 0.3),
        Act.STATEMENT, new Answer(Band.UNKNOWN, 0.1, List.of(), false), "facilities", false);
    assertThat(await(knowledgeSkill().onPending(new Turn(conversation(ConversationState.BOT, afterLeak)), kitchen))
        .attributes()).containsEntry(FormEngine.FORM, "report_facilities_issue");
    Understanding asked = new Understanding("is there another coffee machine near the lifts?", ActsTest.intent("help", 0.3),
        Act.ASK, new Answer(Band.UNKNOWN, 0.1, List.of(), false), "facilities", false);
    assertThat(knowledgeSkill().onPending(new Turn(conversation(ConversationState.BOT, afterLeak)), asked)).isNull();
  }

  @Test
  void aRequestOnAnotherPersonsBehalfThatAnArticleAnswersGetsTheArticleFirst() {
    Article delegate = new Article("en-it-shared-mailbox", "it-shared-mailbox", "en", "Shared mailboxes", "it",
        List.of(), List.of(), null, "public", "Give a colleague access to your mailbox: File > Delegate Access.");
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    Understanding forColleague = understood("I want to give my colleague access to my mailbox", Act.REQUEST,
        "request_access", Band.ANSWER, delegate);
    double form = formSkill().propose(turn, forColleague).get(0).score();
    double answer = knowledgeSkill().propose(turn, forColleague).get(0).score();
    assertThat(answer).isGreaterThan(form);
    Understanding forMe = understood("I need access to the finance folder", Act.REQUEST, "request_access", Band.ANSWER,
        delegate);
    assertThat(formSkill().propose(turn, forMe).get(0).score())
        .isGreaterThan(knowledgeSkill().propose(turn, forMe).get(0).score());
  }

  @Test
  void chitChatGetsAShortReplyAndNeverAQueue() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    Understanding joke = understood("tell me a joke", Act.CHITCHAT, "help", Band.UNKNOWN);
    assertThat(handoffSkill().propose(turn, joke)).isEmpty();
    assertThat(knowledgeSkill().propose(turn, joke)).isEmpty();
    BotTurn t = act(new SmallTalkSkill(port).propose(turn, joke));
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "chitchat.reply"));
    assertThat(escalations).isEmpty();
  }

  @Test
  void aShortChitChatIsAnsweredAsSuchEvenWhenAnArticleMatchesIt() throws Exception {
    Article sick = new Article("en-hr-sick-leave", "hr-sick-leave", "en", "Sick leave", "hr", List.of(), List.of(), null,
        "public", "If you are ill ...");
    Turn turn = new Turn(conversation(ConversationState.BOT, Map.of()));
    double chat = new SmallTalkSkill(port).propose(turn, understood("how are you today", Act.CHITCHAT, "help", Band.ANSWER,
        sick)).get(0).score();
    double article = knowledgeSkill().propose(turn, understood("how are you today", Act.CHITCHAT, "help", Band.ANSWER,
        sick)).get(0).score();
    assertThat(chat).isGreaterThan(article);
    double longer = new SmallTalkSkill(port).propose(turn, understood("bye, I'm off sick today and tomorrow too",
        Act.LEAVE, "goodbye", Band.ANSWER, sick)).get(0).score();
    assertThat(longer).isLessThan(article);
  }

  @Test
  void leavingWhileWaitingTakesTheConversationOutOfTheQueue() throws Exception {
    Turn turn = new Turn(conversation(ConversationState.QUEUED, Map.of()));
    BotTurn t = act(new SmallTalkSkill(port).propose(turn, understood("bye", Act.LEAVE, "goodbye", null)));
    assertThat(withdrawn).containsExactly("c1");
    assertThat(t.replies().get(0).text()).isEqualTo(Texts.get("en", "handoff.withdrawn"));
  }

  @Test
  void askingForAPersonInTheMiddleOfAFormLeavesTheFormForTheQueue() throws Exception {
    Map<String, String> inForm = new HashMap<>();
    Turn start = new Turn(conversation(ConversationState.BOT, Map.of()));
    BotTurn begun = act(formSkill().propose(start, understood("I need a new monitor", Act.REQUEST, "request_equipment",
        Band.UNKNOWN)));
    begun.attributes().forEach((k, v) -> {
      if (!v.isEmpty()) {
        inForm.put(k, v);
      }
    });
    Turn turn = new Turn(conversation(ConversationState.BOT, inForm));
    BotTurn t = act(formSkill().propose(turn, understood("let me talk to a person", Act.PERSON, "ask_human", null)));
    assertThat(t.attributes()).containsEntry(FormEngine.FORM, "");
    assertThat(escalations).as("the queue of the form's department").containsExactly("asked_for_person@it");
  }
}
