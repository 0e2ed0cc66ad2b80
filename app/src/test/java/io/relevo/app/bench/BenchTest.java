package io.relevo.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.relevo.app.Relevo;
import io.relevo.app.TestRelevo;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The benchmark's pieces, briefly, against in-test servers: they produce results and no errors. */
class BenchTest {

  private static final List<LoadClient.Msg> MESSAGES = BenchArgs.loadMessages(null);

  @Test
  void echoClosedLoopCountsTurnsWithoutErrors() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      int port = EchoServer.start(vertx, "127.0.0.1", 0, 1).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      try (LoadClient client = new LoadClient("127.0.0.1", port, MESSAGES, 1)) {
        List<LoadClient.Conn> conns = client.echoConnections(4, "/echo", 4);
        LoadClient.Result r = client.closedLoop("echo", conns, Duration.ZERO, Duration.ofMillis(500));
        assertThat(conns).hasSize(4);
        assertThat(r.turns()).isPositive();
        assertThat(r.latency().getTotalCount()).isPositive();
        assertThat(r.allErrors()).as("%s", r.errorSamples()).isZero();
      }
    } finally {
      vertx.close();
    }
  }

  @Test
  void theRedisCounterSignsInToAnEmbeddedRedisThatRequiresItsPassword(@org.junit.jupiter.api.io.TempDir Path dir) {
    try (io.relevo.redis.EmbeddedRedis redis = io.relevo.redis.EmbeddedRedis.builder().dataDir(dir).port(0).password(true)
        .build().start();
        RedisCounter counter = new RedisCounter("127.0.0.1", redis.port(), redis.dataDir().resolve("redis.password"))) {
      Map<String, Long> before = counter.calls();
      Map<String, Long> after = counter.calls();
      assertThat(after).containsKey("info");
      assertThat(RedisCounter.since(before, after)).doesNotContainKey("info");
    }
  }

  @Test
  void transportModeStoresEveryTurnAndAnswersWithoutUnderstanding() throws Exception {
    Relevo relevo = TestRelevo.start(Map.of("RELEVO_BENCH_MODE", "transport"));
    try (LoadClient client = new LoadClient("127.0.0.1", relevo.port(), MESSAGES, 1)) {
      List<LoadClient.Conn> conns = client.connect(client.createConversations(4, 4), 4);
      assertThat(conns).hasSize(4);
      LoadClient.Result closed = client.closedLoop("transport", conns, Duration.ZERO, Duration.ofMillis(500));
      assertThat(closed.sent()).isPositive();
      assertThat(closed.latency().getTotalCount()).isPositive();
      assertThat(closed.allErrors()).as("%s", closed.errorSamples()).isZero();

      LoadClient.Result open = client.openLoop("live", conns, Duration.ofMillis(100), Duration.ZERO,
          Duration.ofMillis(500));
      assertThat(open.sent()).isPositive();
      assertThat(open.allErrors()).as("%s", open.errorSamples()).isZero();

      // each turn is in the transcript in Redis: the person's message and the fixed reply
      LoadClient.Conn c = conns.get(0);
      HttpResponse<String> transcript = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + relevo.port() + "/api/v1/conversations/" + c.conversationId + "/messages"))
          .header("Authorization", "Bearer " + c.token).build(), HttpResponse.BodyHandlers.ofString());
      List<Object> messages = new JsonObject(transcript.body()).getJsonArray("messages").getList();
      assertThat(messages.toString()).contains("customer").containsAnyOf("Message received.", "Mensaje recibido.");
      client.close(conns);
    } finally {
      relevo.stop();
    }
  }

  @Test
  void fullTurnsAndTheComputeFloorMeasureTheSameMessages() {
    Relevo relevo = TestRelevo.start(Map.of());
    try (LoadClient client = new LoadClient("127.0.0.1", relevo.port(), MESSAGES, 1)) {
      List<LoadClient.Conn> conns = client.connect(client.createConversations(2, 2), 2);
      ServerTimes times = new ServerTimes("127.0.0.1", relevo.port());
      times.started();
      LoadClient.Result r = client.closedLoop("full", conns, Duration.ZERO, Duration.ofMillis(300));
      times.ended(); // after every answer arrived (the first turns of a cold server outlast the window)
      assertThat(r.sent()).isPositive();
      assertThat(r.latency().getTotalCount()).isPositive();
      assertThat(r.allErrors()).as("%s", r.errorSamples()).isZero();
      // the server's own histograms say where the window's turns spent their time
      assertThat(times.window()).containsKeys("turn", "understand waited", "understand ran");
      assertThat(times.window().get("understand ran").count()).isPositive();
      assertThat(times.window().get("understand ran").meanMs()).isPositive();
      client.close(conns);
    } finally {
      relevo.stop();
    }
    ComputeFloor.Result floor = ComputeFloor.measure(Path.of(TestRelevo.dataDir()), MESSAGES.subList(0, 6),
        Duration.ZERO, Duration.ZERO, false, false);
    assertThat(floor.messages()).isEqualTo(6);
    assertThat(floor.cpuMicros()).isPositive();
    assertThat(floor.perMessage().getTotalCount()).isEqualTo(6);
    assertThat(floor.cpuMs(100)).isGreaterThanOrEqualTo(floor.cpuMs(50)).isPositive();
    assertThat(floor.floorPerSecond()).isPositive();
    // one thread per core at once: every thread measures the messages once (each from its own start)
    ComputeFloor.Result allCores = ComputeFloor.measure(Path.of(TestRelevo.dataDir()), MESSAGES.subList(0, 6),
        Duration.ZERO, Duration.ZERO, false, false, 2);
    assertThat(allCores.messages()).isEqualTo(12);
    assertThat(allCores.cpuMicros()).isPositive();
    ComputeFloor.Result hurried = ComputeFloor.measure(Path.of(TestRelevo.dataDir()), MESSAGES.subList(0, 6),
        Duration.ZERO, Duration.ZERO, false, true);
    assertThat(hurried.messages()).isEqualTo(6);
    assertThat(hurried.cpuMicros()).isPositive();
  }

  @Test
  void optionsHaveQuickDefaultsAndRejectUnknownOnes() {
    Bench.Options quick = BenchArgs.parse(new String[] {"--quick", "--steps", "echo,floor", "--set", "redis.embedded.fsync=everysec",
        "--server-jvm", "-XX:+UseParallelGC", "--server-jvm", "-Xss1m"});
    assertThat(quick.serverJvm()).containsExactly("-XX:+UseParallelGC", "-Xss1m");
    assertThat(quick.steps()).containsExactly("echo", "floor");
    assertThat(quick.conversations()).isEqualTo(100);
    assertThat(quick.settings()).containsEntry("redis.embedded.fsync", "everysec");
    assertThat(BenchArgs.parse(new String[0]).conversations()).isEqualTo(1000);
    assertThat(BenchArgs.parse(new String[0]).idle()).isEqualTo(10_000);
    assertThatThrownBy(() -> BenchArgs.parse(new String[] {"--steps", "nope"})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BenchArgs.parse(new String[] {"--frobnicate", "1"})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void helpPrintsTheUsageAndAnUnknownOptionSaysWhatIsWrong() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    assertThat(Bench.run(new String[] {"--help"}, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true))).isZero();
    assertThat(out.toString()).contains("--conversations");
    assertThat(Bench.run(new String[] {"--frobnicate"}, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--frobnicate");
  }
}
