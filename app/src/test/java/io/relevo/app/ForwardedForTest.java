package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.relevo.testkit.TestRedis;

/**
 * The address rate limit counts the right-most X-Forwarded-For hop that is not a trusted proxy:
 * what a client writes to the left of it changes nothing.
 */
class ForwardedForTest {

  @BeforeEach
  void freshCounters() {
    TestRedis.flushAll(); // other suites' requests from 127.0.0.1 must not count here
  }

  private static int create(Api api, String forwardedFor) {
    return api.send("POST", "/api/v1/conversations", null, Map.of("X-Forwarded-For", forwardedFor)).status();
  }

  @Test
  void rotatingTheLeftmostForwardedForValueDoesNotEscapeTheAddressLimit() {
    Relevo relevo = TestServers.start(Map.of("RELEVO_LIMITS_ADDRESS_RATE", "3", "RELEVO_LIMITS_RATE_WINDOW", "1h",
        "RELEVO_HTTP_TRUST_FORWARDED_FOR", "true"));
    try {
      Api api = new Api(relevo.port());
      int created = 0;
      for (int i = 0; i < 20; i++) {
        if (create(api, "198.51.100." + i + ", 203.0.113.7") == 201) {
          created++;
        }
      }
      assertThat(created).isEqualTo(3);
      assertThat(create(api, "203.0.113.8")).isEqualTo(201); // another client behind the proxy
    } finally {
      relevo.stop();
    }
  }

  @Test
  void theHopLeftOfATrustedMiddleProxyIsTheClient() {
    Relevo relevo = TestServers.start(Map.of("RELEVO_LIMITS_ADDRESS_RATE", "3", "RELEVO_LIMITS_RATE_WINDOW", "1h",
        "RELEVO_HTTP_TRUSTED_PROXIES", "127.0.0.1, ::1, 10.0.0.0/8"));
    try {
      Api api = new Api(relevo.port());
      int created = 0;
      for (int i = 0; i < 20; i++) {
        if (create(api, "198.51.100." + i + ", 203.0.113.7, 10.1.2.3") == 201) {
          created++;
        }
      }
      assertThat(created).isEqualTo(3);
      assertThat(create(api, "203.0.113.9, 10.1.2.3")).isEqualTo(201);
      assertThat(create(api, "203.0.113.9")).isEqualTo(201);
    } finally {
      relevo.stop();
    }
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() {
    Relevo relevo = TestServers.start(Map.of("RELEVO_LIMITS_ADDRESS_RATE", "3", "RELEVO_LIMITS_RATE_WINDOW", "1h",
        "RELEVO_HTTP_TRUSTED_PROXIES", "10.0.0.0/8"));
    try {
      Api api = new Api(relevo.port());
      int created = 0;
      for (int i = 0; i < 10; i++) {
        if (create(api, "203.0.113." + i) == 201) {
          created++;
        }
      }
      assertThat(created).isEqualTo(3);
    } finally {
      relevo.stop();
    }
  }
}
