package io.relevo.handoff.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256) that stand for a value, such as a person's user id or a client
 * address, where it must be recognisable but not readable: the same value always gives the same
 * pseudonym, and without the key no one can test guesses (as they could against a plain SHA-256 of
 * an e-mail address). The key is derived from the agent-token secret, which every instance shares.
 * Immutable and thread-safe.
 */
public final class Pseudonyms {

  private final byte[] key;

  /** Pseudonyms keyed by {@code secret} (for this one purpose: the key is derived, not reused). */
  public Pseudonyms(String secret) {
    this.key = hmac(secret.getBytes(StandardCharsets.UTF_8), "relevo pseudonyms v1");
  }

  /**
   * The pseudonym of {@code value} as a {@code kind}, e.g. {@code of("user", "ana@example.com")}:
   * {@code hmac:} and 16 hex digits. Different kinds of the same value give different pseudonyms.
   */
  public String of(String kind, String value) {
    return "hmac:" + HexFormat.of().formatHex(hmac(key, kind + '\n' + value), 0, 8);
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
