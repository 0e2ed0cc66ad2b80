package io.relevo.core.conversation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random ids and conversation tokens; tokens are kept only as SHA-256 hashes. Thread-safe. */
public final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  /** {@code bytes} random bytes, base64url without padding. */
  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  /** A new conversation id: 128 random bits. */
  public static String conversationId() {
    return random(16);
  }

  /** A new bearer token: 256 random bits. */
  public static String token() {
    return random(32);
  }

  public static String sha256Hex(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code token} hashes to {@code expectedHash}, compared in constant time. */
  public static boolean matches(String token, String expectedHash) {
    if (token == null || expectedHash == null) {
      return false;
    }
    byte[] actual = sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(actual, expectedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
