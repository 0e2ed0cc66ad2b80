package io.relevo.core.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.core.conversation.ConversationException.Reason;
import io.relevo.core.dialogue.Bot;
import io.relevo.core.dialogue.BotTurn;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

class ConversationServiceTest {

  /** Answers "re: <text>" after a short random delay, and records any overlap between calls. */
  static final class SlowEchoBot implements Bot {
    final Vertx vertx;
    final AtomicInteger active;
    final AtomicInteger overlaps;
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    SlowEchoBot(Vertx vertx, AtomicInteger active, AtomicInteger overlaps) {
      this.vertx = vertx;
      this.active = active;
      this.overlaps = overlaps;
    }

    @Override
    public List<Message> greeting(String locale, Participant customer) {
      return List.of(Message.draft(Role.BOT, "hello " + locale, Participant.BOT));
    }

    @Override
    public Future<BotTurn> respond(Conversation conversation, Message message) {
      if (active.incrementAndGet() > 1) {
        overlaps.incrementAndGet();
      }
      seen.add(message.text());
      Promise<BotTurn> p = Promise.promise();
      vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(4), t -> {
        active.decrementAndGet();
        if (message.text().equals("fail")) {
          p.fail(new IllegalStateException("boom"));
        } else {
          p.complete(new BotTurn(List.of(Message.draft(Role.BOT, "re: " + message.text(), Participant.BOT)),
              Map.of("last", message.text())));
        }
      });
      return p.future();
    }
  }

  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger overlaps = new AtomicInteger();
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void flush() {
    TestRedis.flushAll();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    for (Vertx v : vertxes) {
      v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private ConversationService service(Duration lease) {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    RedisConnector redis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
    ConversationEvents events = new ConversationEvents(vertx, redis);
    closeables.add(redis);
    closeables.add(0, events);
    return new ConversationService(vertx, redis, events, new SlowEchoBot(vertx, active, overlaps),
        new ConversationService.Options(Duration.ofHours(1), Duration.ofSeconds(20), lease));
  }

  private ConversationService service() {
    return service(Duration.ofSeconds(30));
  }

  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  private static ConversationService.NewConversation web(String locale) {
    return new ConversationService.NewConversation(locale, "web", null);
  }

  @Test
  void createsAConversationWithItsGreetingAndAHashedToken() throws Exception {
    ConversationService s = service();
    ConversationService.Created created = await(s.create(web("es")));

    assertThat(created.messages()).singleElement().satisfies(m -> {
      assertThat(m.text()).isEqualTo("hello es");
      assertThat(m.role()).isEqualTo(Role.BOT);
      assertThat(m.id()).matches("\\d+-\\d+");
    });
    assertThat(created.token()).hasSizeGreaterThanOrEqualTo(43); // 256 bits, base64url
    Conversation c = await(s.authorize(created.conversation().id(), created.token()));
    assertThat(c.locale()).isEqualTo("es");
    assertThat(c.state()).isEqualTo(ConversationState.BOT);
    assertThat(await(s.transcript(c.id(), null, 100))).extracting(Message::text).containsExactly("hello es");
  }

  @Test
  void refusesMissingWrongAndUnknownCredentials() throws Exception {
    ConversationService s = service();
    String id = await(s.create(web("en"))).conversation().id();

    assertThatThrownBy(() -> await(s.authorize(id, null)))
        .isInstanceOfSatisfying(ConversationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHENTICATED));
    assertThatThrownBy(() -> await(s.authorize(id, Tokens.token())))
        .isInstanceOfSatisfying(ConversationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
    assertThatThrownBy(() -> await(s.authorize("nope", "x")))
        .isInstanceOfSatisfying(ConversationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThatThrownBy(() -> await(s.accept("nope", "hi", null, null)))
        .isInstanceOfSatisfying(ConversationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void storesTheMessageBeforeAnsweringAndLinksTheReply() throws Exception {
    ConversationService s = service();
    String id = await(s.create(web("en"))).conversation().id();

    ConversationService.Accepted accepted = await(s.accept(id, "printer", "c-1", null));
    List<Message> replies = await(s.replies(id, accepted.message().id()));

    assertThat(replies).singleElement().satisfies(r -> {
      assertThat(r.text()).isEqualTo("re: printer");
      assertThat(r.inReplyTo()).isEqualTo(accepted.message().id());
    });
    assertThat(await(s.find(id)).attributes()).containsEntry("last", "printer");
    assertThat(await(s.transcript(id, null, 100))).extracting(Message::role)
        .containsExactly(Role.BOT, Role.CUSTOMER, Role.BOT);
    assertThat(await(s.transcript(id, accepted.message().id(), 100))).extracting(Message::text)
        .containsExactly("re: printer");
  }

  @Test
  void aResendWithTheSameClientMessageIdIsStoredOnceAndGetsTheSameReplies() throws Exception {
    ConversationService s = service();
    String id = await(s.create(web("en"))).conversation().id();

    ConversationService.Accepted first = await(s.accept(id, "vpn", "same", null));
    List<Message> firstReplies = await(s.replies(id, first.message().id()));
    ConversationService.Accepted again = await(s.accept(id, "vpn", "same", null));
    List<Message> againReplies = await(s.replies(id, again.message().id()));

    assertThat(again.duplicate()).isTrue();
    assertThat(again.message().id()).isEqualTo(first.message().id());
    assertThat(againReplies).isEqualTo(firstReplies);
    assertThat(await(s.transcript(id, null, 100))).hasSize(3);
  }

  @Test
  void fiftyConcurrentSendsAreStoredOnceEachAndAnsweredOneAtATimeInOrder() throws Exception {
    ConversationService s = service();
    String id = await(s.create(web("en"))).conversation().id();

    List<CompletableFuture<List<Message>>> sends = IntStream.range(0, 50)
        .mapToObj(i -> s.accept(id, "m" + i, "cm-" + i, null)
            .compose(a -> s.replies(id, a.message().id()))
            .toCompletionStage().toCompletableFuture())
        .toList();
    // and every one of them sent twice, as a client retrying would
    List<CompletableFuture<List<Message>>> retries = IntStream.range(0, 50)
        .mapToObj(i -> s.accept(id, "m" + i, "cm-" + i, null)
            .compose(a -> s.replies(id, a.message().id()))
            .toCompletionStage().toCompletableFuture())
        .toList();
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    CompletableFuture.allOf(retries.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertTranscriptOrdered(await(s.transcript(id, null, 1000)), 50);
    assertThat(overlaps.get()).as("messages processed at the same time").isZero();
  }

  @Test
  void twoInstancesOnOneRedisProcessAConversationOneMessageAtATimeInOrder() throws Exception {
    ConversationService a = service();
    ConversationService b = service();
    String id = await(a.create(web("en"))).conversation().id();

    List<CompletableFuture<List<Message>>> sends = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ConversationService s = i % 2 == 0 ? a : b;
      String text = "m" + i;
      sends.add(s.accept(id, text, "cm-" + i, null)
          .compose(acc -> s.replies(id, acc.message().id()))
          .toCompletionStage().toCompletableFuture());
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertTranscriptOrdered(await(b.transcript(id, null, 1000)), 50);
    assertThat(overlaps.get()).as("messages processed at the same time").isZero();
  }

  /** Each person's message once; each answered once, after it; answers in the messages' order. */
  static void assertTranscriptOrdered(List<Message> transcript, int expected) {
    List<Message> customer = transcript.stream().filter(m -> m.role() == Role.CUSTOMER).toList();
    List<Message> replies = transcript.stream().filter(m -> m.inReplyTo() != null).toList();
    assertThat(customer).hasSize(expected);
    assertThat(customer.stream().map(Message::clientMessageId).collect(Collectors.toSet())).hasSize(expected);
    assertThat(replies).extracting(Message::inReplyTo).containsExactlyElementsOf(
        customer.stream().map(Message::id).toList());
    for (Message r : replies) {
      Message asked = customer.stream().filter(c -> c.id().equals(r.inReplyTo())).findFirst().orElseThrow();
      assertThat(r.text()).isEqualTo("re: " + asked.text());
      assertThat(Json.isAfter(r.id(), asked.id())).isTrue();
    }
  }

  @Test
  void anotherInstanceTakesOverWhenTheLockHolderDied() throws Exception {
    ConversationService s = service(Duration.ofSeconds(2));
    String id = await(s.create(web("en"))).conversation().id();
    // an instance that died mid-processing leaves its lease behind
    try (RedisConnector r = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5))) {
      r.commands().set(Keys.lock(id), "dead-instance", io.lettuce.core.SetArgs.Builder.px(1500))
          .toCompletableFuture().get();
    }
    ConversationService.Accepted accepted = await(s.accept(id, "still there?", null, null));

    assertThat(await(s.replies(id, accepted.message().id()))).extracting(Message::text)
        .containsExactly("re: still there?");
  }

  @Test
  void aMessageIsAnsweredByItselfOnceTheLeaseOfADeadHolderLapses() throws Exception {
    ConversationService s = service(Duration.ofSeconds(2));
    String id = await(s.create(web("en"))).conversation().id();
    try (RedisConnector r = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5))) {
      r.commands().set(Keys.lock(id), "dead-instance", io.lettuce.core.SetArgs.Builder.px(1500))
          .toCompletableFuture().get();
    }
    ConversationService.Accepted accepted = await(s.accept(id, "anyone?", null, null));

    // nobody waits for the answer and no other message comes (a WebSocket client): the lapsed
    // lease alone lets the processing through
    io.relevo.testkit.Eventually.until("the message is answered", () -> await(s.transcript(id, accepted.message().id(), 10))
        .stream().anyMatch(m -> "re: anyone?".equals(m.text())));
  }

  @Test
  void aTurnLeavesTheLockFreeAndKeepsItsBookkeepingOutOfTheRecordFields() throws Exception {
    ConversationService s = service();
    String id = await(s.create(web("en"))).conversation().id();
    ConversationService.Accepted accepted = await(s.accept(id, "one", null, null));
    await(s.replies(id, accepted.message().id()));

    try (RedisConnector r = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5))) {
      // the commit that found nothing more to answer released the lock in the same script
      io.relevo.testkit.Eventually.until("the lock is released",
          () -> r.commands().exists(Keys.lock(id)).toCompletableFuture().get() == 0);
      assertThat(r.commands().hget(Keys.meta(id), "lastIn").toCompletableFuture().get())
          .isEqualTo(accepted.message().id());
    }
    assertThat(await(s.find(id)).fields()).doesNotContainKeys("lastIn", "processed");
  }

  @Test
  void aPersonsMessageStoredWithoutTheNewestMessageFieldIsStillAnswered() throws Exception {
    // a transcript written before 'lastIn' was kept: the scripts find the message by reading it
    ConversationService s = service();
    String id = await(s.create(web("en"))).conversation().id();
    String messageId;
    try (RedisConnector r = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5))) {
      messageId = r.commands().xadd(Keys.log(id), Map.of("m", Json.stored(Message.draft(Role.CUSTOMER,
          "from before", new Participant(null, Role.CUSTOMER, null))))).toCompletableFuture().get();
      assertThat(r.commands().hexists(Keys.meta(id), "lastIn").toCompletableFuture().get()).isFalse();
    }
    s.resume(id);

    io.relevo.testkit.Eventually.until("the stored message is answered", () -> await(s.transcript(id, messageId, 10))
        .stream().anyMatch(m -> "re: from before".equals(m.text())));
  }

  @Test
  void aFailingBotStillAnswersAndTheConversationMovesOn() throws Exception {
    ConversationService s = service();
    String id = await(s.create(web("es"))).conversation().id();

    ConversationService.Accepted failed = await(s.accept(id, "fail", null, null));
    assertThat(await(s.replies(id, failed.message().id()))).singleElement()
        .satisfies(m -> assertThat(m.text()).startsWith("Lo siento"));
    ConversationService.Accepted next = await(s.accept(id, "next", null, null));
    assertThat(await(s.replies(id, next.message().id()))).extracting(Message::text).containsExactly("re: next");
  }

  @Test
  void keysExpireAfterTheRetentionPeriod() throws Exception {
    ConversationService s = service();
    String id = await(s.create(web("en"))).conversation().id();
    await(s.replies(id, await(s.accept(id, "x", "k", null)).message().id()));

    try (RedisConnector r = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5))) {
      for (String key : List.of(Keys.meta(id), Keys.log(id), Keys.clientIds(id), Keys.results(id))) {
        long ttl = r.commands().pttl(key).toCompletableFuture().get();
        assertThat(ttl).as(key).isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
      }
    }
  }

  @Test
  void deliversMessageEventsInTranscriptOrderToSubscribers() throws Exception {
    ConversationService s = service();
    String id = await(s.create(web("en"))).conversation().id();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> allSeen = new CompletableFuture<>();
    await(s.subscribe(id, e -> {
      if ("message".equals(e.type())) {
        seen.add(e.message().id());
        if (seen.size() == 20) {
          allSeen.complete(null);
        }
      }
    }));
    for (int i = 0; i < 10; i++) {
      s.accept(id, "e" + i, null, null);
    }
    allSeen.get(30, TimeUnit.SECONDS);

    List<String> transcript = await(s.transcript(id, null, 100)).stream().skip(1).map(Message::id).toList();
    assertThat(seen).containsExactlyElementsOf(transcript);
  }

  @Test
  void aChannelsMappingKeepsTheIndexOfThePersonsConversationsAsLongAsTheConversation() throws Exception {
    ConversationService s = service();
    String id = await(s.create(new ConversationService.NewConversation("en", "slack",
        new Participant("slack:T1:U1", Role.CUSTOMER, null)))).conversation().id();
    RedisConnector redis = RedisConnector.connect(TestRedis.uri(), Duration.ofSeconds(5));
    closeables.add(redis);
    // the index made at creation is gone (it lives the retention from then), the conversation is used on
    redis.commands().del(Erasure.personKey("slack:T1:U1")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    await(s.alias(id, "slack:conv:T1:D1::U1"));
    assertThat(await(s.conversationsOf("slack:T1:U1"))).containsExactly(id);
    assertThat(redis.commands().pttl(Erasure.personKey("slack:T1:U1")).toCompletableFuture()
        .get(5, TimeUnit.SECONDS)).isPositive();
  }
}
