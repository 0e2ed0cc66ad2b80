package io.relevo.handoff.agents;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2 with HMAC-SHA256, encoded {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}
 * (salt and hash base64). New hashes take {@link #DEFAULT_ITERATIONS} (OWASP's 2023 advice for
 * PBKDF2-SHA256); a hash keeps the count it was made with, so older hashes (210,000) still verify.
 * Verification takes hundreds of milliseconds on purpose: call it from a worker, never an event
 * loop. Thread-safe.
 */
public final class Passwords {

  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final String PREFIX = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {
  }

  public static String hash(String password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  public static String hash(String password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] dk = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
  }

  /** Whether {@code password} matches {@code encoded}; false for a malformed encoding. */
  public static boolean verify(String password, String encoded) {
    if (password == null || encoded == null) {
      return false;
    }
    String[] parts = encoded.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(derive(password, salt, iterations), expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The iteration count {@code encoded} was made with; 0 for a malformed encoding. */
  public static int iterations(String encoded) {
    if (!isHash(encoded)) {
      return 0;
    }
    try {
      return Integer.parseInt(encoded.split("\\$")[1]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Spends the time of {@code iterations} PBKDF2 iterations and throws the result away: evens out
   * the cost of checking passwords whose hashes have different counts.
   */
  public static void burn(int iterations) {
    if (iterations > 0) {
      derive("x", new byte[16], iterations);
    }
  }

  /** Whether {@code encoded} has the form this class writes. */
  public static boolean isHash(String encoded) {
    return encoded != null && encoded.matches(PREFIX + "\\$\\d+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

}
