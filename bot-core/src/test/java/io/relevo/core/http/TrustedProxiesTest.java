package io.relevo.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading the client address from X-Forwarded-For behind trusted proxies. */
class TrustedProxiesTest {

  @Test
  void parsesIpv4Ipv6AndCidrRanges() {
    TrustedProxies p = TrustedProxies.of(false, " 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32, ::1, 172.16.0.0/12");
    assertThat(p.isProxy("10.255.1.2")).isTrue();
    assertThat(p.isProxy("11.0.0.1")).isFalse();
    assertThat(p.isProxy("192.0.2.7")).isTrue();
    assertThat(p.isProxy("192.0.2.8")).isFalse();
    assertThat(p.isProxy("2001:db8:1::5")).isTrue();
    assertThat(p.isProxy("2001:db9::5")).isFalse();
    assertThat(p.isProxy("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(p.isProxy("172.31.255.255")).isTrue();
    assertThat(p.isProxy("172.32.0.0")).isFalse();
    assertThat(p.isProxy("::ffff:10.1.1.1")).isTrue();
    assertThat(p.isProxy("[2001:db8::1]:443")).isTrue();
    assertThat(p.isProxy("10.1.1.1:8080")).isTrue();
    assertThat(p.isProxy("proxy.example")).isFalse();
    assertThat(TrustedProxies.of(false, "").isProxy("10.0.0.1")).isFalse();
  }

  @Test
  void refusesEntriesThatAreNotAddressesOrRanges() {
    for (String bad : new String[] {"proxy.example", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "300.1.1.1", "10.0.0.0/-1"}) {
      assertThatThrownBy(() -> TrustedProxies.of(false, bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
    }
  }

  @Test
  void takesTheRightmostHopThatIsNotATrustedProxy() {
    TrustedProxies p = TrustedProxies.of(false, "127.0.0.1, 10.0.0.0/8");
    assertThat(p.clientAddress("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3")).isEqualTo("203.0.113.7");
    assertThat(p.clientAddress("127.0.0.1", "203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(p.clientAddress("127.0.0.1", "10.0.0.1, 10.0.0.2")).isEqualTo("10.0.0.1");
    assertThat(p.clientAddress("127.0.0.1", null)).isEqualTo("127.0.0.1");
    assertThat(p.clientAddress("127.0.0.1", "2001:db8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
    assertThat(p.clientAddress("127.0.0.1", "[2001:DB8::1]:443")).isEqualTo("2001:db8::1");
  }

  @Test
  void ignoresTheHeaderFromAnUntrustedPeer() {
    TrustedProxies p = TrustedProxies.of(false, "10.0.0.0/8");
    assertThat(p.clientAddress("198.51.100.4", "203.0.113.7")).isEqualTo("198.51.100.4");
  }

  @Test
  void trustingAnyPeerTakesTheRightmostEntry() {
    TrustedProxies p = TrustedProxies.of(true, "");
    assertThat(p.clientAddress("198.51.100.4", "1.1.1.1, 2.2.2.2, 203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void garbageEntriesEndTheWalkAtTheLastTrustedHop() {
    TrustedProxies p = TrustedProxies.of(false, "127.0.0.1, 10.0.0.0/8");
    assertThat(p.clientAddress("127.0.0.1", "203.0.113.7, not-an-ip, 10.1.2.3")).isEqualTo("10.1.2.3");
    assertThat(p.clientAddress("127.0.0.1", "<script>")).isEqualTo("127.0.0.1");
    assertThat(p.clientAddress("127.0.0.1", ",,,")).isEqualTo("127.0.0.1");
    assertThat(p.clientAddress("127.0.0.1", "x".repeat(10_000))).isEqualTo("127.0.0.1");
    assertThat(p.clientAddress("127.0.0.1", "::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }
}
