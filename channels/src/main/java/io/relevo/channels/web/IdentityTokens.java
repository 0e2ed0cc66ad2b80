package io.relevo.channels.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Verifies the identity token a host site gives its widget, so that a signed-in employee or
 * customer is the same person in every conversation (and sees their tickets across them). The
 * token is a JWT signed with HS256 by the host site's back end with the shared secret
 * {@code widget.identitySecret}; claims: {@code sub} (the user's stable id, required), {@code exp}
 * (required, Unix seconds), {@code name} and {@code email} (optional). The signature is compared in
 * constant time. Immutable and thread-safe.
 */
public final class IdentityTokens {

  /** A verified user. */
  public record Identity(String id, String name, String email) {
  }

  private final byte[] secret;
  private final Clock clock;

  /** @param secret the shared secret; empty disables identity tokens */
  public IdentityTokens(String secret, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  public boolean enabled() {
    return secret.length > 0;
  }

  /** The user the token names, or null when it is not a valid, unexpired token signed with the secret. */
  public Identity verify(String token) {
    if (!enabled() || token == null || token.length() > 4096) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      if (!"HS256".equals(header.getString("alg"))) {
        return null;
      }
      byte[] expected = sign(parts[0] + "." + parts[1]);
      byte[] given = Base64.getUrlDecoder().decode(parts[2]);
      if (!MessageDigest.isEqual(expected, given)) {
        return null;
      }
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      Object sub = claims.getValue("sub");
      Object exp = claims.getValue("exp");
      if (!(sub instanceof String s) || s.isBlank() || s.length() > 200 || !(exp instanceof Number e)
          || e.longValue() * 1000 < clock.millis()) {
        return null;
      }
      return new Identity(s, text(claims.getValue("name")), text(claims.getValue("email")));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** A token for {@code claims}, as a host site makes it (used by tests and examples). */
  public String issue(JsonObject claims) {
    String header = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode());
    String body = b64(claims.encode());
    return header + "." + body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(header + "." + body));
  }

  private byte[] sign(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Object v) {
    return v instanceof String s && !s.isBlank() && s.length() <= 200 ? s.strip() : null;
  }
}
