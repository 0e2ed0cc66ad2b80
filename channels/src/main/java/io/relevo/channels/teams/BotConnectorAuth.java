package io.relevo.channels.teams;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * Checks the Bot Connector's bearer token on incoming activities: an RS256 JWT signed by one of the
 * keys published in the OpenID metadata ({@code jwks_uri}), with the configured issuer, the bot's
 * app id as audience, and a valid lifetime (5 minutes of clock skew). Keys are cached and fetched
 * again for an unknown key id (at most once a minute). Thread-safe.
 */
public final class BotConnectorAuth {

  private static final long SKEW_SECONDS = 300;

  private final WebClient client;
  private final String openIdUrl;
  private final String issuer;
  private final String appId;
  private final Clock clock;
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private volatile long fetchedAt;

  public BotConnectorAuth(WebClient client, String openIdUrl, String issuer, String appId, Clock clock) {
    this.client = client;
    this.openIdUrl = openIdUrl;
    this.issuer = issuer;
    this.appId = appId;
    this.clock = clock;
  }

  /** The token's claims when it is valid; a failed future otherwise. */
  public Future<JsonObject> verify(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Future.failedFuture("no bearer token");
    }
    String[] parts = authorization.substring(7).strip().split("\\.", -1);
    if (parts.length != 3) {
      return Future.failedFuture("not a JWT");
    }
    JsonObject header;
    JsonObject claims;
    try {
      header = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return Future.failedFuture("malformed token");
    }
    if (!"RS256".equals(header.getString("alg"))) {
      return Future.failedFuture("unsupported algorithm");
    }
    String kid = header.getString("kid", "");
    return key(kid).compose(key -> {
      try {
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
          return Future.failedFuture("bad signature");
        }
      } catch (Exception e) {
        return Future.failedFuture("bad signature");
      }
      long now = clock.millis() / 1000;
      if (!issuer.equals(claims.getString("iss"))) {
        return Future.failedFuture("wrong issuer");
      }
      Object aud = claims.getValue("aud");
      boolean audienceOk = aud instanceof String s ? s.equals(appId)
          : aud instanceof JsonArray a && a.contains(appId);
      if (!audienceOk) {
        return Future.failedFuture("wrong audience");
      }
      Long exp = claims.getLong("exp");
      Long nbf = claims.getLong("nbf");
      if (exp == null || exp + SKEW_SECONDS < now || (nbf != null && nbf - SKEW_SECONDS > now)) {
        return Future.failedFuture("expired or not yet valid");
      }
      return Future.succeededFuture(claims);
    });
  }

  private Future<PublicKey> key(String kid) {
    PublicKey known = keys.get(kid);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    if (clock.millis() - fetchedAt < 60_000 && !keys.isEmpty()) {
      return Future.failedFuture("unknown signing key");
    }
    fetchedAt = clock.millis();
    return client.getAbs(openIdUrl).timeout(10_000).send()
        .compose(r -> client.getAbs(r.bodyAsJsonObject().getString("jwks_uri")).timeout(10_000).send())
        .compose(r -> {
          for (Object o : r.bodyAsJsonObject().getJsonArray("keys", new JsonArray())) {
            JsonObject k = (JsonObject) o;
            if ("RSA".equals(k.getString("kty")) && k.getString("kid") != null) {
              try {
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.getString("n")));
                BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.getString("e")));
                keys.put(k.getString("kid"), KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
              } catch (Exception ignored) {
                // a key we cannot read is a key we do not trust
              }
            }
          }
          PublicKey key = keys.get(kid);
          return key == null ? Future.failedFuture("unknown signing key") : Future.succeededFuture(key);
        });
  }
}
