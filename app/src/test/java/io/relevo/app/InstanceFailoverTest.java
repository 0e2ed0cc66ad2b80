package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * Two instances on one Redis; one of them, a separate JVM, is killed (SIGKILL: no drain, no close
 * frames, its processing lock left behind). The people it served reconnect to the other instance
 * with their conversation token and carry on with their whole history, the messages acknowledged
 * just before the kill included; an agent on the surviving instance still reaches their person.
 */
class InstanceFailoverTest {

  private static final int PEOPLE = 6;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  @Timeout(180)
  void peopleOfAKilledInstanceReconnectToTheOtherAndContinueWithTheirWholeHistory() throws Exception {
    EmbeddedRedis redis = TestRedis.dedicated();
    // a short lease, so the lock a killed instance leaves behind lapses soon (conversation.lockLease)
    Map<String, String> env = Map.of("REDIS_URL", redis.uri(), "RELEVO_CONVERSATION_LOCK_LEASE", "3s");
    int portA = freePort();
    Path logA = dir.resolve("a.log");
    Process a = launch(portA, env, logA); // starts while B starts here
    Relevo b = null;
    List<PersonSocket> people = new ArrayList<>();
    WsClient console = null;
    try {
      b = TestServers.start(env);
      Api apiA = new Api(portA);
      Api apiB = new Api(b.port());
      awaitReady(apiA, a, logA);

      // the agent works on B; people talk to A
      String agent = HandoffTest.login(apiB, "ana");
      console = HandoffTest.online(b, agent);
      for (int i = 0; i < PEOPLE; i++) {
        PersonSocket p = new PersonSocket(apiA.create("en"), "p" + i);
        p.connect(portA);
        p.awaitMessages(1); // the greeting
        p.awaitAnswer(p.send("hello"));
        p.awaitAnswer(p.send("how do I reset my password?"));
        people.add(p);
      }
      PersonSocket withAgent = new PersonSocket(apiA.create("en"), "agent-side");
      withAgent.connect(portA);
      withAgent.awaitMessages(1);
      withAgent.awaitAnswer(withAgent.postback("Talk to a person", "handoff.request"));
      assertThat(apiB.post("/api/v1/handoffs/" + withAgent.conversation.id() + "/claim", null, agent).status()).isEqualTo(200);
      agentSays(apiB, agent, withAgent, "Hi, I'm Ana. What do you see?");
      withAgent.awaitMessage(m -> "agent".equals(m.getString("role")));
      withAgent.send("an error on the payroll portal");

      // messages in flight: acknowledged, then the instance dies before it could answer them all
      List<String> inFlight = new ArrayList<>();
      for (PersonSocket p : people) {
        inFlight.add(p.send("what is the vpn?"));
      }
      a.destroyForcibly();
      assertThat(a.waitFor(20, TimeUnit.SECONDS)).isTrue();

      // every socket notices, and reconnects to B from the last message it has
      for (PersonSocket p : people) {
        p.awaitClosed();
        p.connect(b.port());
      }
      withAgent.awaitClosed();
      withAgent.connect(b.port());

      // the acknowledged messages are answered without the people writing again
      for (int i = 0; i < PEOPLE; i++) {
        people.get(i).awaitAnswer(inFlight.get(i));
      }
      // and the conversations go on
      for (PersonSocket p : people) {
        p.awaitAnswer(p.send("thanks"));
      }
      agentSays(apiB, agent, withAgent, "Are you still there?");
      withAgent.awaitMessage(m -> "Are you still there?".equals(m.getString("text")));
      withAgent.send("yes, still here");

      // the whole history, each message once, in order, on both sides of the kill
      for (PersonSocket p : people) {
        List<JsonObject> transcript = apiB.transcript(p.conversation);
        FaultTraffic.assertTranscript(transcript, p.sentClientIds);
        p.awaitMessages(transcript.size());
        assertThat(p.received).as(p.name + " received over its WebSockets on A, then B")
            .extracting(m -> m.getString("id"))
            .containsExactlyElementsOf(transcript.stream().map(m -> m.getString("id")).toList());
      }
      List<JsonObject> handled = apiB.transcript(withAgent.conversation);
      withAgent.awaitMessages(handled.size());
      assertThat(withAgent.received).extracting(m -> m.getString("id"))
          .containsExactlyElementsOf(handled.stream().map(m -> m.getString("id")).toList());
      assertThat(handled).extracting(m -> m.getString("text"))
          .containsSubsequence("Hi, I'm Ana. What do you see?", "an error on the payroll portal",
              "Are you still there?", "yes, still here");
      assertThat(handled.get(handled.size() - 1).getString("role")).as("the bot stays silent while Ana holds it")
          .isEqualTo("customer");
    } finally {
      people.forEach(PersonSocket::close);
      if (console != null) {
        console.close();
      }
      a.destroyForcibly();
      if (b != null) {
        b.stop();
      }
      redis.close();
    }
  }

  private static void agentSays(Api api, String token, PersonSocket to, String text) {
    Api.Response r = api.post("/api/v1/handoffs/" + to.conversation.id() + "/messages",
        new JsonObject().put("text", text).encode(), token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /** Instance A: Relevo's launcher in a JVM of its own, on the test classpath, as in production. */
  private Process launch(int port, Map<String, String> env, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("RELEVO_") || k.equals("REDIS_URL"));
    Map<String, String> all = new HashMap<>(env);
    all.put("RELEVO_HTTP_PORT", Integer.toString(port));
    all.put("RELEVO_HTTP_INSTANCES", "2");
    all.put("RELEVO_DEMO_PASSWORD", TestServers.DEMO_PASSWORD);
    // the models cached by the in-process instances: A starts without training them again
    all.put("RELEVO_DATA_DIR", Path.of("target/test-data").toAbsolutePath().toString());
    pb.environment().putAll(all);
    return pb.start();
  }

  private static void awaitReady(Api api, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("instance A exited: " + Files.readString(log));
      }
      try {
        if (api.get("/health/ready", null).status() == 200) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling interval of a deadline-bounded wait
    }
    throw new AssertionError("instance A not ready within 90 s: " + Files.readString(log));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One person's WebSocket, across reconnects: what it sent and every message it received, in order. */
  private static final class PersonSocket {
    final Api.Conversation conversation;
    final String name;
    final List<JsonObject> received = new ArrayList<>();
    final List<String> sentClientIds = new ArrayList<>();
    private WsClient ws;
    private int sent;

    PersonSocket(Api.Conversation conversation, String name) {
      this.conversation = conversation;
      this.name = name;
    }

    void connect(int port) {
      String last = received.isEmpty() ? null : received.get(received.size() - 1).getString("id");
      ws = WsClient.connect(port, conversation, last);
    }

    /** Sends a message and returns its id once acknowledged. */
    String send(String text) {
      String cmid = name + "-" + sent++;
      ws.send(new JsonObject().put("type", "message").put("text", text).put("clientMessageId", cmid));
      return ack(cmid);
    }

    String postback(String text, String payload) {
      String cmid = name + "-" + sent++;
      ws.send(new JsonObject().put("type", "postback").put("text", text).put("payload", payload)
          .put("clientMessageId", cmid));
      return ack(cmid);
    }

    private String ack(String cmid) {
      JsonObject f = next(x -> ("ack".equals(x.getString("type")) || "error".equals(x.getString("type")))
          && cmid.equals(x.getString("clientMessageId")));
      assertThat(f.getString("type")).as(f.encode()).isEqualTo("ack");
      sentClientIds.add(cmid);
      return f.getString("messageId");
    }

    void awaitAnswer(String messageId) {
      awaitMessage(m -> messageId.equals(m.getString("inReplyTo")));
    }

    void awaitMessage(Predicate<JsonObject> which) {
      if (received.stream().noneMatch(which)) {
        next(f -> "message".equals(f.getString("type")) && which.test(f.getJsonObject("message")));
      }
    }

    void awaitMessages(int n) {
      while (received.size() < n) {
        next(f -> "message".equals(f.getString("type")));
      }
    }

    /** Reads what is left until the server's side is gone. */
    void awaitClosed() {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        JsonObject f = ws.poll(Duration.ofMillis(200));
        if (f != null) {
          take(f);
        } else if (ws.closed) {
          return;
        } else if (System.nanoTime() > deadline) {
          throw new AssertionError(name + ": the socket to the killed instance is still open");
        }
      }
    }

    /** The next frame matching {@code which}, taking in every message frame on the way. */
    private JsonObject next(Predicate<JsonObject> which) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        JsonObject f = ws.poll(Duration.ofMillis(200));
        if (f == null) {
          if (ws.closed) {
            throw new AssertionError(name + ": the socket closed (" + ws.closeCode + ")");
          }
          continue;
        }
        take(f);
        if (which.test(f)) {
          return f;
        }
      }
      throw new AssertionError(name + ": no matching frame within " + WAIT + "; received " + received);
    }

    private void take(JsonObject f) {
      if (f != null && "message".equals(f.getString("type"))) {
        received.add(f.getJsonObject("message"));
      }
    }

    void close() {
      if (ws != null) {
        ws.close();
      }
    }
  }
}
