package io.relevo.channels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

class IdentityTokensTest {

  static final String SECRET = "host-site-secret";
  static final Instant NOW = Instant.parse("2026-07-15T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final long NOW_S = NOW.getEpochSecond();

  final IdentityTokens checked = new IdentityTokens(SECRET, "https://intranet.example.com", "relevo", Duration.ofHours(24), CLOCK);
  final IdentityTokens unchecked = new IdentityTokens(SECRET, CLOCK);

  static JsonObject claims() {
    return new JsonObject().put("sub", "alice").put("iss", "https://intranet.example.com").put("aud", "relevo")
        .put("iat", NOW_S - 60).put("exp", NOW_S + 600);
  }

  @Test
  void aTokenOfTheConfiguredIssuerAndAudienceNamesTheWebPerson() {
    assertThat(checked.verify(checked.issue(claims())).id()).isEqualTo("web:alice");
    assertThat(checked.verify(checked.issue(claims().put("aud", new JsonArray().add("other").add("relevo"))))).isNotNull();
  }

  @Test
  void anotherIssuerOrAudienceIsRefused() {
    assertThat(checked.verify(checked.issue(claims().put("iss", "https://evil.example.com")))).isNull();
    assertThat(checked.verify(checked.issue(claims().put("aud", "another-app")))).isNull();
    assertThat(checked.verify(checked.issue(claims().put("aud", new JsonArray().add("another-app"))))).isNull();
    assertThat(checked.verify(checked.issue(claims().putNull("aud")))).isNull();
    JsonObject noIssuer = claims();
    noIssuer.remove("iss");
    assertThat(checked.verify(checked.issue(noIssuer))).isNull();
    // not configured: not checked
    assertThat(unchecked.verify(unchecked.issue(claims().put("iss", "anyone").put("aud", "anything")))).isNotNull();
  }

  @Test
  void aTokenLivingLongerThanTheMaximumIsRefused() {
    long in2100 = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
    assertThat(unchecked.verify(unchecked.issue(claims().put("exp", in2100)))).isNull();
    assertThat(unchecked.verify(unchecked.issue(claims().put("iat", NOW_S).put("exp", NOW_S + 24 * 3600)))).isNotNull();
    assertThat(unchecked.verify(unchecked.issue(claims().put("iat", NOW_S).put("exp", NOW_S + 24 * 3600 + 1)))).isNull();
  }

  @Test
  void aTokenWithoutIatOrIssuedInTheFutureIsRefused() {
    JsonObject noIat = claims();
    noIat.remove("iat");
    assertThat(unchecked.verify(unchecked.issue(noIat))).isNull();
    assertThat(unchecked.verify(unchecked.issue(claims().put("iat", "yesterday")))).isNull();
    assertThat(unchecked.verify(unchecked.issue(claims().put("iat", NOW_S + 3600).put("exp", NOW_S + 4000)))).isNull();
    assertThat(unchecked.verify(unchecked.issue(claims().put("iat", NOW_S + 30)))).isNotNull(); // clock skew
    assertThat(unchecked.verify(unchecked.issue(claims().put("exp", NOW_S - 1)))).isNull();
  }

  @Test
  void aHostIdShapedLikeAnotherChannelsIdStaysInTheWebNamespace() {
    assertThat(unchecked.verify(unchecked.issue(claims().put("sub", "teams:alice-aad"))).id()).isEqualTo("web:teams:alice-aad");
  }
}
