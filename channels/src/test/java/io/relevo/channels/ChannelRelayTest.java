package io.relevo.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationEvents;
import io.relevo.core.conversation.ConversationService;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.relevo.core.dialogue.Bot;
import io.relevo.core.dialogue.BotTurn;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.redis.RedisConnector;
import io.relevo.testkit.Arrivals;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.RespClient;
import io.relevo.testkit.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The relay's subscriptions: released when idle, taken again with what was missed meanwhile. */
class ChannelRelayTest {

  /** Greets, and echoes. */
  static final class EchoBot implements Bot {
    @Override
    public List<Message> greeting(String locale, Participant customer) {
      return List.of(Message.draft(Role.BOT, "hello", Participant.BOT));
    }

    @Override
    public Future<BotTurn> respond(Conversation conversation, Message message) {
      return Future.succeededFuture(new BotTurn(List.of(Message.draft(Role.BOT, "re: " + message.text(), Participant.BOT)),
          Map.of()));
    }
  }

  EmbeddedRedis redis;
  Vertx vertx;
  RedisConnector connector;
  ConversationEvents events;
  ConversationService conversations;

  @BeforeEach
  void start() {
    redis = TestRedis.dedicated();
    vertx = Vertx.vertx();
    connector = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5));
    events = new ConversationEvents(vertx, connector);
    conversations = new ConversationService(vertx, connector, events, new EchoBot(),
        new ConversationService.Options(Duration.ofDays(30), Duration.ofSeconds(10), Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() throws Exception {
    events.close();
    connector.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    redis.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String subscribers(String conversationId) {
    return RespClient.command(redis.port(), "PUBSUB", "NUMSUB", "relevo:conv:" + conversationId);
  }

  @Test
  void anIdleConversationsSubscriptionIsReleasedAndWhatCameMeanwhileIsRelayedAtTheNextFollow() throws Exception {
    ChannelRelay relay = new ChannelRelay(vertx, conversations, connector, "test", "", Duration.ofMillis(200));
    String id = await(relay.conversation("test:conv:place:person",
        () -> new ConversationService.NewConversation("en", "test", new Participant("test:person", Role.CUSTOMER, null))));
    Arrivals<Message> relayed = new Arrivals<>();
    ChannelRelay.Sender sender = m -> {
      relayed.add(m);
      return Future.succeededFuture();
    };
    relay.follow(id, sender);
    Eventually.until("the relay's subscription", () -> subscribers(id).endsWith(":1"));
    await(conversations.post(id, Message.draft(Role.AGENT, "while followed", new Participant("ana", Role.AGENT, "Ana"))));
    relayed.await(m -> "while followed".equals(m.text()), "the agent's message relayed");

    Eventually.until("the idle subscription released", () -> !relay.follows(id) && subscribers(id).endsWith(":0"));
    await(conversations.post(id, Message.draft(Role.AGENT, "while released", new Participant("ana", Role.AGENT, "Ana"))));

    // the person writes again: followed again, and the message of the meantime reaches them
    relay.follow(id, sender);
    relayed.await(m -> "while released".equals(m.text()), "the missed message relayed at the next follow");
    await(conversations.post(id, Message.draft(Role.AGENT, "after", new Participant("ana", Role.AGENT, "Ana"))));
    relayed.await(m -> "after".equals(m.text()), "a later message relayed");
    assertThat(relayed.all()).extracting(Message::text).containsExactly("while followed", "while released", "after");
  }

  @Test
  void newsPostedBeforeTheConversationIsFollowedIsRelayedByAFollowFromAnEarlierPoint() throws Exception {
    ChannelRelay relay = new ChannelRelay(vertx, conversations, connector, "test", "");
    String id = await(relay.conversation("test:conv:place:someone",
        () -> new ConversationService.NewConversation("en", "test", new Participant("test:someone", Role.CUSTOMER, null))));
    assertThat(await(relay.mappings(id))).containsExactly("test:conv:place:someone");
    List<Message> greeting = await(conversations.transcript(id, null, 10));
    String before = greeting.get(greeting.size() - 1).id(); // the point the follow starts from
    // an approval decided while nobody follows the conversation (days later, or after a restart)
    await(conversations.post(id, Message.draft(Role.BOT, "your request was approved", Participant.BOT)));
    Arrivals<Message> relayed = new Arrivals<>();
    ChannelRelay.Sender sender = m -> {
      relayed.add(m);
      return Future.succeededFuture();
    };
    relay.followFrom(id, sender, before);
    relayed.await(m -> "your request was approved".equals(m.text()), "the news relayed");
    relay.followFrom(id, sender, before); // asked again: relayed once
    await(conversations.post(id, Message.draft(Role.AGENT, "later", new Participant("ana", Role.AGENT, "Ana"))));
    relayed.await(m -> "later".equals(m.text()), "a later message relayed");
    assertThat(relayed.all()).extracting(Message::text).containsExactly("your request was approved", "later");
  }
}
