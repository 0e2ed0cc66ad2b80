package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** Two app instances sharing one Redis, as behind a load balancer. */
class TwoInstancesTest {

  static Relevo a;
  static Relevo b;

  @BeforeAll
  static void start() {
    a = TestServers.start();
    b = TestServers.start();
  }

  @AfterAll
  static void stop() {
    a.stop();
    b.stop();
  }

  @Test
  void fiftyConcurrentSendsSpreadOverTwoInstancesAreStoredOnceEachAndAnsweredInOrder() throws Exception {
    Api apiA = new Api(a.port());
    Api apiB = new Api(b.port());
    Api.Conversation c = apiA.create("en");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (WsClient watcher = WsClient.connect(a.port(), c, null)) {
      List<CompletableFuture<Api.Response>> sends = IntStream.range(0, 50)
          .mapToObj(i -> CompletableFuture.supplyAsync(
              () -> (i % 2 == 0 ? apiA : apiB).say(c, "m" + i, "cm-" + i), pool))
          .toList();
      // a client that retries on the other instance must not store it twice
      List<CompletableFuture<Api.Response>> retries = IntStream.range(0, 50)
          .mapToObj(i -> CompletableFuture.supplyAsync(
              () -> (i % 2 == 0 ? apiB : apiA).say(c, "m" + i, "cm-" + i), pool))
          .toList();
      for (CompletableFuture<Api.Response> s : sends) {
        assertThat(s.get().status()).isEqualTo(200);
      }
      for (CompletableFuture<Api.Response> s : retries) {
        assertThat(s.get().status()).isEqualTo(200);
      }
      List<JsonObject> transcript = apiB.transcript(c);
      ConversationApiTest.assertOrdered(transcript, 50);

      // the WebSocket on instance A saw every message, including those handled by B, in order
      List<JsonObject> seen = watcher.messages(transcript.size());
      assertThat(seen).extracting(m -> m.getString("id"))
          .containsExactlyElementsOf(transcript.stream().map(m -> m.getString("id")).toList());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aConversationStartedOnOneInstanceContinuesOnTheOther() {
    Api.Conversation c = new Api(a.port()).create("es");
    Api.Response reply = new Api(b.port()).say(c, "hola", null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.messages().get(0).getString("text")).startsWith("¡Hola! ¿En qué puedo ayudarte?");
  }
}
