package io.relevo.channels.web;

import io.relevo.texts.Lang;
import java.time.Duration;
import java.util.List;

import io.relevo.core.config.ConfigException;
import io.relevo.core.config.Setting;
import io.relevo.core.http.TrustedProxies;
import io.vertx.core.json.JsonObject;

/** Settings of the web channel (REST and WebSocket API, widget). */
public final class WebSettings {

  public static final Setting<Integer> MAX_MESSAGE_CHARS = Setting.integer("limits.messageChars", 4000, 1, 100_000,
      "Longest message text accepted, in characters; longer gets 413 message_too_large.");
  public static final Setting<Integer> MAX_BODY_BYTES = Setting.integer("limits.bodyBytes", 65_536, 1024, 10_485_760,
      "Largest request body accepted, in bytes.");
  public static final Setting<Integer> CONVERSATION_RATE = Setting.integer("limits.conversationRate", 30, 1, 1_000_000,
      "Messages accepted per conversation per rate window; more get 429 with Retry-After.");
  public static final Setting<Integer> ADDRESS_RATE = Setting.integer("limits.addressRate", 300, 1, 10_000_000,
      "API requests accepted per client address per rate window; more get 429 with Retry-After.");
  public static final Setting<Duration> RATE_WINDOW = Setting.duration("limits.rateWindow", "60s",
      Duration.ofSeconds(1), Duration.ofHours(24), "Length of the rate-limit window.");
  public static final Setting<String> DEFAULT_LOCALE = Setting.oneOf("bot.defaultLocale", Lang.EN.tag(),
      "Language of a conversation when neither the request nor Accept-Language names es or en.", Lang.ES.tag(), Lang.EN.tag());
  public static final Setting<Boolean> TRUST_FORWARDED = Setting.bool("http.trustForwardedFor", false,
      "Trust X-Forwarded-For from any direct peer (only when every peer is your proxy): the client is its right-most entry not in http.trustedProxies.");

  private WebSettings() {
  }

  public static final Setting<String> IDENTITY_SECRET = Setting.secret("widget.identitySecret",
      "Secret with which the host site signs its users' identity tokens (HS256 JWT: sub, iat, exp, iss, aud, name, email) for the widget's data-identity-token; empty: anonymous only.");

  public static final Setting<String> PUBLIC_URL = Setting.string("http.publicUrl", "",
      "Public base URL of this Relevo (https://help.example.com), for links sent to Slack and Teams; empty: such links are left out.");

  public static final Setting<String> ALLOWED_ORIGINS = Setting.string("widget.allowedOrigins", "",
      "Host sites (https://www.example.com, comma-separated) whose pages may embed the widget from another origin (CORS on the people's API); empty: the same origin only.");

  public static final Setting<String> IDENTITY_ISSUER = Setting.string("widget.identityIssuer", "",
      "The iss an identity token must carry; empty: not checked (production should set it and widget.identityAudience).");
  public static final Setting<String> IDENTITY_AUDIENCE = Setting.string("widget.identityAudience", "",
      "The aud an identity token must carry (or list); empty: not checked (production should set it, e.g. this Relevo's public URL).");
  public static final Setting<Duration> IDENTITY_MAX_LIFETIME = Setting.duration("widget.identityMaxLifetime", "24h",
      Duration.ofMinutes(1), Duration.ofDays(30), "Longest exp - iat of an identity token (both claims required; iat at most 60 s in the future).");

  public static final Setting<Integer> SOCKETS_PER_CONVERSATION = Setting.integer("limits.socketsPerConversation", 10,
      1, 10_000, "Open WebSockets per conversation (a person's tabs); more are refused with 429 too_many_sockets.");
  public static final Setting<Integer> SOCKETS_PER_ADDRESS = Setting.integer("limits.socketsPerAddress", 100, 1,
      1_000_000, "Open people's WebSockets per client address; more are refused with 429 too_many_sockets.");

  public static List<Setting<?>> all() {
    return List.of(MAX_MESSAGE_CHARS, MAX_BODY_BYTES, CONVERSATION_RATE, ADDRESS_RATE, RATE_WINDOW,
        DEFAULT_LOCALE, TRUST_FORWARDED, IDENTITY_SECRET, PUBLIC_URL, ALLOWED_ORIGINS, TRUSTED_PROXIES,
        IDENTITY_ISSUER, IDENTITY_AUDIENCE, IDENTITY_MAX_LIFETIME, SOCKETS_PER_CONVERSATION, SOCKETS_PER_ADDRESS);
  }

  public static final Setting<String> TRUSTED_PROXIES = Setting.string("http.trustedProxies", "",
      "Proxies (IPs and CIDRs, comma-separated) whose X-Forwarded-For is read; the client is the right-most entry not in this list. Empty: none.");

  /** Whose X-Forwarded-For is read, from {@link #TRUST_FORWARDED} and {@link #TRUSTED_PROXIES}. */
  public static TrustedProxies proxies(JsonObject c) {
    try {
      return TrustedProxies.of(TRUST_FORWARDED.get(c), TRUSTED_PROXIES.get(c));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(TRUSTED_PROXIES.key(), e.getMessage());
    }
  }
}
