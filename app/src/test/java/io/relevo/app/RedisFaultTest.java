package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.Eventually;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * Redis is killed (SIGKILL, as a crash) while people are writing, then restarted on the same port
 * and data: the service tells clients to retry while it is gone and recovers by itself, and no
 * acknowledged message is lost or stored twice.
 *
 * <p>Why an acknowledged message survives the kill: the embedded Redis runs with append-only
 * persistence and {@code appendfsync always} (the default of {@code redis.embedded.fsync}): Redis
 * writes and fsyncs the append-only file before it sends any reply, so everything the app
 * acknowledged (a 200 or an {@code ack} frame comes only after Redis answered the append) is on
 * disk. (Against a killed process even {@code everysec} would keep it, since the write already
 * reached the OS; {@code always} also covers a machine that loses power.) A write whose reply
 * was lost in the kill may or may not be stored: the client got an error and sends it again with
 * the same {@code clientMessageId}, which stores it at most once.
 */
class RedisFaultTest {

  private static final Duration DEADLINE = FaultTraffic.DEADLINE;

  private static final int REST_CLIENTS = 10;
  private static final int WS_CLIENTS = 10;

  @Test
  @Timeout(150)
  void noAcknowledgedMessageIsLostOrDuplicatedWhenRedisIsKilledDuringTraffic() throws Exception {
    EmbeddedRedis redis = TestRedis.dedicated();
    Relevo relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_REDIS_TIMEOUT", "1s"));
    ExecutorService pool = Executors.newFixedThreadPool(REST_CLIENTS + WS_CLIENTS);
    AtomicBoolean stop = new AtomicBoolean();
    FaultTraffic.Observed seen = new FaultTraffic.Observed();
    try {
      Api api = new Api(relevo.port());
      List<FaultTraffic.RestPerson> rest = new ArrayList<>();
      List<FaultTraffic.WsPerson> sockets = new ArrayList<>();
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int i = 0; i < REST_CLIENTS; i++) {
        FaultTraffic.RestPerson p = new FaultTraffic.RestPerson(api, api.create("en"), "r" + i, seen, stop);
        rest.add(p);
        running.add(CompletableFuture.runAsync(p::run, pool));
      }
      for (int i = 0; i < WS_CLIENTS; i++) {
        FaultTraffic.WsPerson p = new FaultTraffic.WsPerson(relevo.port(), api.create("en"), "w" + i, seen, stop);
        sockets.add(p);
        running.add(CompletableFuture.runAsync(p::run, pool));
      }

      // traffic flows: every client has had messages answered
      Eventually.until("every client had two messages accepted", Duration.ofSeconds(30),
          () -> rest.stream().allMatch(p -> p.acked.size() >= 2) && sockets.stream().allMatch(p -> p.acked.size() >= 2));

      redis.kill();
      int ackedAtKill = seen.acked.get();
      // while Redis is gone, clients are told to retry, and the service says it is not ready;
      // the outage lasts beyond the Redis command timeout (1 s), so commands in flight at the kill
      // fail rather than being sent again after the restart
      seen.retriable.awaitCount(REST_CLIENTS + WS_CLIENTS, "retriable errors during the outage");
      Eventually.until("/health/ready reports 503", () -> api.get("/health/ready", null).status() == 503);
      List<String> names = new ArrayList<>();
      rest.forEach(p -> names.add(p.name));
      sockets.forEach(p -> names.add(p.name));
      Eventually.until("every client was told to retry 10 times", Duration.ofSeconds(30),
          () -> seen.everyoneRetried(names, 10));

      redis.start();
      // it recovers by itself: ready again, and every client gets messages through again
      Eventually.until("/health/ready reports 200", Duration.ofSeconds(30),
          () -> api.get("/health/ready", null).status() == 200);
      Map<Object, Integer> before = new java.util.HashMap<>();
      rest.forEach(p -> before.put(p, p.acked.size()));
      sockets.forEach(p -> before.put(p, p.acked.size()));
      Eventually.until("every client had two more messages accepted after the restart", Duration.ofSeconds(45),
          () -> rest.stream().allMatch(p -> p.acked.size() >= before.get(p) + 2)
              && sockets.stream().allMatch(p -> p.acked.size() >= before.get(p) + 2));
      stop.set(true);
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

      assertThat(seen.unexpected).as("responses other than success or a retriable error").isEmpty();
      assertThat(seen.acked.get()).isGreaterThan(ackedAtKill);
      for (FaultTraffic.RestPerson p : rest) {
        FaultTraffic.assertTranscript(api.transcript(p.conversation), p.acked);
      }
      for (FaultTraffic.WsPerson p : sockets) {
        p.awaitAnswerToLast();
        List<JsonObject> transcript = api.transcript(p.conversation);
        System.out.printf("%s: %d messages acknowledged, %d in the transcript%n", p.name, p.acked.size(), transcript.size());
        FaultTraffic.assertTranscript(transcript, p.acked);
        p.awaitReceived(transcript.size());
        // the socket delivered the whole transcript, each message once, in order (across reconnects)
        assertThat(p.received).as(p.name + " received over its WebSocket")
            .extracting(m -> m.getString("id"))
            .containsExactlyElementsOf(transcript.stream().map(m -> m.getString("id")).toList());
        p.close();
      }

      // and new conversations work as before
      Api.Conversation fresh = api.create("en");
      Api.Response reply = api.say(fresh, "hello", "fresh-1");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.messages()).isNotEmpty();
    } finally {
      stop.set(true);
      pool.shutdownNow();
      relevo.stop();
      redis.close();
    }
  }

}
