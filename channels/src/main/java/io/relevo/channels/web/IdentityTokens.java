package io.relevo.channels.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.relevo.core.tickets.Requesters;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Verifies the identity token a host site gives its widget, so that a signed-in employee or
 * customer is the same person in every conversation (and sees their tickets across them). The
 * token is a JWT signed with HS256 by the host site's back end with the shared secret
 * {@code widget.identitySecret}; claims: {@code sub} (the user's stable id, required), {@code iat} and
 * {@code exp} (required, Unix seconds; the token may live at most {@code widget.identityMaxLifetime}
 * and may not be issued in the future beyond {@value #LEEWAY_SECONDS} s), {@code iss} and {@code aud}
 * (required to match {@code widget.identityIssuer} / {@code widget.identityAudience} when those are
 * set), {@code name}, {@code email} and {@code manager} (the e-mail of the person's manager, who approves their requests) (optional). The signature is compared in constant time.
 *
 * <p>The person's id is the host's {@code sub} in the web namespace ({@link Requesters#WEB}{@code sub}),
 * so a host-site id can never equal a Slack or Teams person's id, whatever it looks like.
 * Immutable and thread-safe.
 */
public final class IdentityTokens {

  /** A verified user; {@code id} is the person's id in the web namespace ({@code web:SUB}). */
  public record Identity(String id, String name, String email, String manager) {
  }

  /** How far in the future a token's {@code iat} may be (clock skew between the host and Relevo). */
  static final long LEEWAY_SECONDS = 60;

  private final byte[] secret;
  private final Clock clock;
  private final String issuer;
  private final String audience;
  private final long maxLifetimeSeconds;

  /**
   * @param secret the shared secret; empty disables identity tokens
   * @param issuer the required {@code iss}; empty: not checked
   * @param audience the required {@code aud} (a string or one of an array); empty: not checked
   * @param maxLifetime the longest {@code exp - iat} accepted
   */
  public IdentityTokens(String secret, String issuer, String audience, Duration maxLifetime, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.issuer = issuer;
    this.audience = audience;
    this.maxLifetimeSeconds = maxLifetime.toSeconds();
    this.clock = clock;
  }

  /** No issuer or audience check, the default maximum lifetime (24 h). */
  public IdentityTokens(String secret, Clock clock) {
    this(secret, "", "", Duration.ofHours(24), clock);
  }

  /** As the web settings configure them. */
  public static IdentityTokens from(JsonObject config, Clock clock) {
    return new IdentityTokens(WebSettings.IDENTITY_SECRET.get(config), WebSettings.IDENTITY_ISSUER.get(config).strip(),
        WebSettings.IDENTITY_AUDIENCE.get(config).strip(), WebSettings.IDENTITY_MAX_LIFETIME.get(config), clock);
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
      if (!(sub instanceof String s) || s.isBlank() || s.length() > 200 || !timely(claims) || !meantForUs(claims)) {
        return null;
      }
      return new Identity(Requesters.WEB + s, text(claims.getValue("name")), text(claims.getValue("email")),
          text(claims.getValue("manager")));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** Whether {@code iat} and {@code exp} are given, now lies between them, and the token lives at most the maximum. */
  private boolean timely(JsonObject claims) {
    if (!(claims.getValue("iat") instanceof Number iat) || !(claims.getValue("exp") instanceof Number exp)) {
      return false;
    }
    long now = clock.millis() / 1000;
    return exp.longValue() >= now && iat.longValue() <= now + LEEWAY_SECONDS
        && exp.longValue() - iat.longValue() <= maxLifetimeSeconds;
  }

  /** Whether the issuer and audience are the configured ones (each checked only when configured). */
  private boolean meantForUs(JsonObject claims) {
    if (!issuer.isEmpty() && !issuer.equals(claims.getValue("iss"))) {
      return false;
    }
    if (audience.isEmpty()) {
      return true;
    }
    Object aud = claims.getValue("aud");
    return audience.equals(aud) || aud instanceof io.vertx.core.json.JsonArray list && list.contains(audience);
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
