package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/** Waiting conversations go to the least-loaded online agent, never beyond their capacity. */
class AutoAssignTest {

  private static JsonObject state(Api api, Api.Conversation c) {
    return api.get("/api/v1/conversations/" + c.id(), c.token()).json();
  }

  /** Waits for the agent's console to be given the conversation: an assignment announces itself there. */
  private static void assigned(WsClient console, Api.Conversation c) {
    console.next(f -> "conversation".equals(f.getString("type")) && c.id().equals(f.getString("conversationId")));
  }

  @Test
  void assignsLongestWaitingFirstToTheLeastLoadedAgentWithinCapacity() {
    EmbeddedRedis own = TestRedis.dedicated();
    Relevo relevo = TestServers.start(Map.of("REDIS_URL", own.uri(), "RELEVO_HANDOFF_AUTO_ASSIGN", "true"));
    try {
      Api api = new Api(relevo.port());
      String ana = HandoffTest.login(api, "ana");
      try (WsClient anaConsole = HandoffTest.online(relevo, ana)) {
        List<Api.Conversation> people = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          Api.Conversation c = api.create("en");
          assertThat(HandoffTest.askForAPerson(api, c, "Talk to a person").status()).isEqualTo(200);
          people.add(c);
        }
        // ana's capacity is 3: the three who waited longest are hers, the last one waits
        // her console is given each of them and follows it
        people.subList(0, 3).forEach(c -> assigned(anaConsole, c));
        assertThat(people.subList(0, 3)).allSatisfy(c -> {
          assertThat(state(api, c).getString("state")).isEqualTo("agent");
          assertThat(state(api, c).getJsonObject("agent").getString("name")).isEqualTo("Ana");
        });
        assertThat(state(api, people.get(3)).getString("state")).isEqualTo("queued");
        // and she sees its context: the reason, the person's tickets, suggested articles
        Api.Response context = api.get("/api/v1/handoffs/" + people.get(0).id() + "/context", ana);
        assertThat(context.status()).isEqualTo(200);
        assertThat(context.json().getString("reason")).isEqualTo("asked_for_person");
        assertThat(context.json().getString("channel")).isEqualTo("web");
        assertThat(context.json().getJsonArray("tickets")).isEmpty();
        assertThat(context.json().containsKey("suggestions")).isTrue();
        assertThat(api.get("/api/v1/handoffs/" + people.get(3).id() + "/context", ana).status()).isEqualTo(409);
        assertThat(api.get("/api/v1/handoffs/" + people.get(0).id() + "/context", people.get(0).token()).status()).isEqualTo(401);

        // sam comes online: the one still waiting is his
        String sam = HandoffTest.login(api, "sam");
        try (WsClient samConsole = HandoffTest.online(relevo, sam)) {
          assigned(samConsole, people.get(3));
          assertThat(state(api, people.get(3)).getString("state")).isEqualTo("agent");
          assertThat(state(api, people.get(3)).getJsonObject("agent").getString("name")).isEqualTo("Sam");
        }
      }
    } finally {
      relevo.stop();
      own.close();
    }
  }
}
