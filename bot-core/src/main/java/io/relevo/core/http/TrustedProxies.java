package io.relevo.core.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.netty.util.NetUtil;

/**
 * Which client address a request is counted under, given the proxies in front of Relevo.
 *
 * <p>{@code X-Forwarded-For} is read only when the direct peer is trusted: every peer when
 * {@code trustAnyPeer} (the {@code http.trustForwardedFor} setting), or a peer within the
 * trusted proxies (IPs and CIDRs, the {@code http.trustedProxies} setting). The header is then
 * walked from the right, past the addresses of trusted proxies, and the first address that is not
 * one of them is the client (the right-most untrusted hop): the values to its left are whatever
 * the client wrote. An entry that is not an IP address ends the walk at the last trusted hop.
 * Addresses are literals only (never resolved); IPv4-mapped IPv6 addresses count as IPv4.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedProxies {

  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private final boolean trustAnyPeer;
  private final List<Range> ranges;

  private TrustedProxies(boolean trustAnyPeer, List<Range> ranges) {
    this.trustAnyPeer = trustAnyPeer;
    this.ranges = ranges;
  }

  /**
   * From the settings' values: {@code proxies} is a comma-separated list of IPs and CIDRs
   * ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); empty: none.
   *
   * @throws IllegalArgumentException naming the first entry that is neither
   */
  public static TrustedProxies of(boolean trustAnyPeer, String proxies) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : (proxies == null ? "" : proxies).split(",")) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      int slash = e.indexOf('/');
      byte[] network = address(slash < 0 ? e : e.substring(0, slash));
      int prefix = network == null ? -1 : network.length * 8;
      if (network != null && slash >= 0) {
        try {
          prefix = Integer.parseInt(e.substring(slash + 1));
        } catch (NumberFormatException ex) {
          prefix = -1;
        }
      }
      if (network == null || prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("'" + e + "' is not an IP address or a CIDR range");
      }
      ranges.add(new Range(network, prefix));
    }
    return new TrustedProxies(trustAnyPeer, List.copyOf(ranges));
  }

  /** Whether {@code address} (a literal) is one of the trusted proxies. */
  public boolean isProxy(String address) {
    byte[] a = address(address);
    return a != null && ranges.stream().anyMatch(r -> r.contains(a));
  }

  /**
   * The client's address: {@code peer} (the direct peer's address) unless it is trusted and
   * {@code forwardedFor} (the X-Forwarded-For values, comma-separated; null when absent) names
   * an earlier hop, as the class describes.
   */
  public String clientAddress(String peer, String forwardedFor) {
    byte[] direct = address(peer);
    String last = direct == null ? peer : NetUtil.bytesToIpAddress(direct);
    if (forwardedFor == null || forwardedFor.isBlank()
        || !(trustAnyPeer || direct != null && ranges.stream().anyMatch(r -> r.contains(direct)))) {
      return last;
    }
    List<String> hops = Arrays.asList(forwardedFor.split(","));
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] hop = address(hops.get(i));
      if (hop == null) {
        return last;
      }
      last = NetUtil.bytesToIpAddress(hop);
      if (ranges.stream().noneMatch(r -> r.contains(hop))) {
        return last;
      }
    }
    return last;
  }

  /** The bytes of an IP literal (optionally bracketed, an IPv4 optionally with a port), or null. */
  static byte[] address(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      s = close < 0 ? "" : s.substring(1, close);
    } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
      s = s.substring(0, s.indexOf(':')); // 192.0.2.1:4711
    }
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    byte[] b = NetUtil.createByteArrayFromIpAddressString(s);
    if (b != null && b.length == 16 && isIpv4Mapped(b)) {
      return Arrays.copyOfRange(b, 12, 16);
    }
    return b;
  }

  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
  }
}
