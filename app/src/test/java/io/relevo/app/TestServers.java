package io.relevo.app;

import java.util.HashMap;
import java.util.Map;

import io.relevo.testkit.TestRedis;

/** Full Relevo instances for tests, on the shared test Redis and free ports. */
final class TestServers {

  static final String DEMO_PASSWORD = "demo-password-for-tests";

  private TestServers() {
  }

  /** A Relevo with generous limits, overridden by {@code env} (RELEVO_* names). */
  static Relevo start(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(Map.ofEntries(
        Map.entry("RELEVO_HTTP_PORT", "0"),
        Map.entry("RELEVO_HTTP_INSTANCES", "2"),
        Map.entry("REDIS_URL", TestRedis.uri()),
        Map.entry("RELEVO_LIMITS_ADDRESS_RATE", "1000000"),
        Map.entry("RELEVO_LIMITS_CONVERSATION_RATE", "100000"),
        // every test signs in from 127.0.0.1, on one Redis: sign-in limits have tests of their own
        Map.entry("RELEVO_AUTH_LOGIN_FAILURES", "1000000"),
        Map.entry("RELEVO_AUTH_LOGIN_ADDRESS_FAILURES", "1000000"),
        Map.entry("RELEVO_AUTH_LOGIN_NAME_FAILURES", "1000000"),
        Map.entry("RELEVO_AUTH_LOGIN_QUEUE", "64"),
        Map.entry("RELEVO_SHUTDOWN_TIMEOUT", "2s"),
        Map.entry("RELEVO_DEMO_PASSWORD", DEMO_PASSWORD),
        // shared by all test servers: the intent model and embeddings are trained once, then cached
        Map.entry("RELEVO_DATA_DIR", "target/test-data")));
    all.putAll(env);
    return Relevo.start(new ConfigLoader(AppSettings.all()).load(null, all));
  }

  static Relevo start() {
    return start(Map.of());
  }
}
