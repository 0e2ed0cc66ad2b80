package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** A person ends their own conversation (with the bot, waiting, with an agent) and rates the help once. */
class PersonEndAndRatingTest {

  static Relevo relevo;

  @BeforeAll
  static void start() {
    relevo = TestServers.start();
  }

  @AfterAll
  static void stop() {
    if (relevo != null) {
      relevo.stop();
    }
  }

  private static Api.Response end(Api api, Api.Conversation c) {
    return api.post("/api/v1/conversations/" + c.id() + "/end", null, c.token());
  }

  private static Api.Response rate(Api api, Api.Conversation c, String body) {
    return api.post("/api/v1/conversations/" + c.id() + "/rating", body, c.token());
  }

  @Test
  void endingAConversationWithTheBotClosesItOnceAndNothingMoreIsAccepted() {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    assertThat(api.say(c, "how do I connect to the VPN?", null).status()).isEqualTo(200);
    try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
      Api.Response ended = end(api, c);
      assertThat(ended.status()).isEqualTo(200);
      assertThat(ended.json().getBoolean("ended")).isTrue();
      assertThat(ended.json().getString("state")).isEqualTo("closed");
      ws.nextOfType("closed");
    }
    assertThat(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("closed");
    assertThat(api.transcript(c)).last().satisfies(m -> assertThat(m.getString("text")).startsWith("You ended the conversation."));
    Api.Response again = end(api, c);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getBoolean("ended")).as("already ended: nothing changes").isFalse();
    Api.Response said = api.say(c, "hello?", null);
    assertThat(said.status()).isEqualTo(409);
    assertThat(said.errorCode()).isEqualTo("conversation_closed");
  }

  @Test
  void someoneElsesTokenEndsNothing() {
    Api api = new Api(relevo.port());
    Api.Conversation mine = api.create("es");
    Api.Conversation theirs = api.create("es");
    Api.Response r = api.post("/api/v1/conversations/" + mine.id() + "/end", null, theirs.token());
    assertThat(r.status()).isIn(401, 403, 404);
    assertThat(r.json().getJsonObject("error").getString("code")).isNotBlank();
    assertThat(api.get("/api/v1/conversations/" + mine.id(), mine.token()).json().getString("state")).isEqualTo("bot");
    assertThat(rate(api, mine, "{\"score\":5}").status()).isEqualTo(204);
    assertThat(api.post("/api/v1/conversations/" + mine.id() + "/rating", "{\"score\":1}", theirs.token()).status()).isIn(401, 403, 404);
  }

  @Test
  void endingWhileWaitingLeavesTheQueueAndWithAnAgentTellsTheAgent() {
    HandoffTest.free(relevo, "ana");
    Api api = new Api(relevo.port());
    String token = HandoffTest.login(api, "ana");
    try (WsClient console = HandoffTest.online(relevo, token)) {
      Api.Conversation waiting = api.create("es");
      assertThat(HandoffTest.askForAPerson(api, waiting, "Hablar con una persona").status()).isEqualTo(200);
      assertThat(api.get("/api/v1/conversations/" + waiting.id(), waiting.token()).json().getString("state")).isEqualTo("queued");
      assertThat(end(api, waiting).json().getBoolean("ended")).isTrue();
      assertThat(api.get("/api/v1/queues", token).json().getJsonArray("queues").stream().map(o -> (JsonObject) o)
          .flatMap(q -> q.getJsonArray("waiting").stream()).anyMatch(w -> w.toString().contains(waiting.id())))
          .as("out of the queue").isFalse();
      assertThat(api.post("/api/v1/handoffs/" + waiting.id() + "/claim", null, token).status()).isNotEqualTo(200);

      Api.Conversation talking = api.create("en");
      HandoffTest.askForAPerson(api, talking, "Talk to a person");
      assertThat(api.post("/api/v1/handoffs/" + talking.id() + "/claim", null, token).status()).isEqualTo(200);
      assertThat(end(api, talking).json().getBoolean("ended")).isTrue();
      console.next(f -> "state".equals(f.getString("type")) && talking.id().equals(f.getString("conversationId"))
          && "closed".equals(f.getString("state")));
      Api.Response reply = api.post("/api/v1/handoffs/" + talking.id() + "/messages", "{\"text\":\"still there?\"}", token);
      assertThat(reply.status()).isGreaterThanOrEqualTo(400);
    }
  }

  @Test
  void theHelpIsRatedOnceAlsoAfterTheConversationEnded() {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    end(api, c);
    assertThat(rate(api, c, "{\"score\":4,\"comment\":\"quick, thanks\"}").status()).isEqualTo(204);
    Api.Response twice = rate(api, c, "{\"score\":1}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.errorCode()).isEqualTo("already_rated");

    Api.Conversation other = api.create("en");
    for (String bad : new String[] {"{\"score\":0}", "{\"score\":6}", "{\"score\":\"5\"}", "{}", "{\"score\":3,\"comment\":7}",
        "{\"score\":3,\"comment\":\"" + "x".repeat(1001) + "\"}", "not json"}) {
      Api.Response r = rate(api, other, bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.errorCode()).as(bad).isEqualTo("bad_request");
    }
    assertThat(rate(api, other, "{\"score\":3}").status()).as("nothing was stored by the bad ones").isEqualTo(204);
  }
}
