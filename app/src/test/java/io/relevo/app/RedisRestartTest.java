package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;

/** Redis goes away and comes back: clients get retriable errors, then everything works again. */
class RedisRestartTest {

  @Test
  void recoversByItselfAndOpenWebSocketsCatchUp() throws Exception {
    EmbeddedRedis redis = TestRedis.dedicated();
    Relevo relevo = TestServers.start(Map.of("REDIS_URL", redis.uri(), "RELEVO_REDIS_TIMEOUT", "1s"));
    try {
      Api api = new Api(relevo.port());
      Api.Conversation c = api.create("en");
      try (WsClient ws = WsClient.connect(relevo.port(), c, null)) {
        ws.messages(1);

        redis.stop();
        Api.Response during = api.say(c, "anyone?", "out-1");
        assertThat(during.status()).isEqualTo(503);
        assertThat(during.errorCode()).isEqualTo("unavailable");
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
        // after redis.readyGrace (3 s by default): a blip shorter than that keeps the instance in
        io.relevo.testkit.Eventually.until("/health/ready reports 503", () -> api.get("/health/ready", null).status() == 503);

        redis.start();
        // a client retrying with the same clientMessageId gets through once Redis is back
        Api.Response after = retryUntilOk(() -> api.say(c, "anyone?", "out-1"));
        assertThat(after.messages()).hasSize(1);
        assertThat(ws.messages(2)).extracting(m -> m.getString("clientMessageId"))
            .first().isEqualTo("out-1");
      }
      assertThat(api.transcript(c)).filteredOn(m -> "out-1".equals(m.getString("clientMessageId"))).hasSize(1);
      assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
    } finally {
      relevo.stop();
      redis.close();
    }
  }

  private static Api.Response retryUntilOk(java.util.function.Supplier<Api.Response> call) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Api.Response last = null;
    while (System.nanoTime() < deadline) {
      last = call.get();
      if (last.status() == 200) {
        return last;
      }
      assertThat(last.status()).as(last.body()).isEqualTo(503);
      TimeUnit.MILLISECONDS.sleep(100); // the client's back-off between retries, bounded by the deadline
    }
    throw new AssertionError("still failing after 30 s: " + (last == null ? "" : last.body()));
  }

}
