package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/** Waiting conversations go to the least-loaded online agent, never beyond their capacity. */
class AutoAssignTest {

  private static JsonObject state(Api api, Api.Conversation c) {
    return api.get("/api/v1/conversations/" + c.id(), c.token()).json();
  }

  private static void eventually(Supplier<Boolean> check, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.get()) {
      assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
      Thread.sleep(50); // polling with a deadline
    }
  }

  @Test
  void assignsLongestWaitingFirstToTheLeastLoadedAgentWithinCapacity() throws Exception {
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
        eventually(() -> people.subList(0, 3).stream().allMatch(c -> "agent".equals(state(api, c).getString("state"))),
            "three assignments");
        assertThat(people.subList(0, 3)).allSatisfy(c ->
            assertThat(state(api, c).getJsonObject("agent").getString("name")).isEqualTo("Ana"));
        assertThat(state(api, people.get(3)).getString("state")).isEqualTo("queued");
        // her console is told and follows each conversation
        anaConsole.next(f -> "conversation".equals(f.getString("type")) && people.get(0).id().equals(f.getString("conversationId")));
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
          eventually(() -> "agent".equals(state(api, people.get(3)).getString("state")), "the fourth assignment");
          assertThat(state(api, people.get(3)).getJsonObject("agent").getString("name")).isEqualTo("Sam");
        }
      }
    } finally {
      relevo.stop();
      own.close();
    }
  }
}
