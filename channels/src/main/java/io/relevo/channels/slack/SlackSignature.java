package io.relevo.channels.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing: {@code X-Slack-Signature: v0=HEX}, the HMAC-SHA256 with the app's
 * signing secret of {@code v0:TIMESTAMP:BODY}, where {@code X-Slack-Request-Timestamp} must be
 * within five minutes of now (no replays). Compared in constant time. Stateless.
 */
public final class SlackSignature {

  static final long WINDOW_SECONDS = 300;

  private SlackSignature() {
  }

  /** Whether the request is signed with {@code secret} and recent. */
  public static boolean verify(String secret, String timestamp, String body, String signature, long nowSeconds) {
    if (secret == null || secret.isEmpty() || timestamp == null || signature == null || !signature.startsWith("v0=")) {
      return false;
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(nowSeconds - ts) > WINDOW_SECONDS) {
      return false;
    }
    byte[] expected = ("v0=" + sign(secret, "v0:" + ts + ":" + body)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
  }

  /** The hex HMAC-SHA256 of {@code text}. */
  public static String sign(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
