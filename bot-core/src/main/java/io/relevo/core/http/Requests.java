package io.relevo.core.http;

import io.relevo.texts.Lang;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.regex.Pattern;

import io.relevo.core.http.ApiErrors.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Strict parsing of what clients send; every refusal is an {@link ApiException}. Thread-safe. */
public final class Requests {

  private static final Pattern CLIENT_MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,100}");

  private Requests() {
  }

  /** The address {@code request} is counted under (see {@link TrustedProxies}); "unknown" when there is none. */
  public static String clientAddress(HttpServerRequest request, TrustedProxies proxies) {
    if (request.remoteAddress() == null || request.remoteAddress().hostAddress() == null) {
      return "unknown";
    }
    List<String> forwarded = request.headers().getAll("X-Forwarded-For");
    return proxies.clientAddress(request.remoteAddress().hostAddress(),
        forwarded.isEmpty() ? null : String.join(",", forwarded));
  }

  /** The body as a JSON object; an empty body is an empty object when {@code optional}. */
  public static JsonObject jsonObject(Buffer body, boolean optional) {
    if (body == null || body.length() == 0) {
      if (optional) {
        return new JsonObject();
      }
      throw new ApiException(400, "bad_request", "A JSON body is required.");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw new ApiException(400, "bad_encoding", "The body is not valid UTF-8.");
    }
    return parseObject(text);
  }

  public static JsonObject parseObject(String text) {
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ApiException(400, "bad_request", "The body is not valid JSON.");
    }
    if (!(value instanceof JsonObject obj)) {
      throw new ApiException(400, "bad_request", "The body must be a JSON object.");
    }
    return obj;
  }

  /** The message text: a non-blank string of at most {@code maxChars} characters. */
  public static String text(JsonObject body, int maxChars, boolean required) {
    Object v = body.getValue("text");
    if (v == null) {
      if (required) {
        throw new ApiException(400, "bad_request", "'text' is required.");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw new ApiException(400, "bad_request", "'text' must be a string.");
    }
    if (s.codePointCount(0, s.length()) > maxChars) {
      throw new ApiException(413, "message_too_large", "The message is longer than " + maxChars + " characters.");
    }
    String trimmed = s.strip();
    if (trimmed.isEmpty() && required) {
      throw new ApiException(400, "bad_request", "'text' must not be empty.");
    }
    return trimmed;
  }

  public static String clientMessageId(JsonObject body) {
    Object v = body.getValue("clientMessageId");
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || !CLIENT_MESSAGE_ID.matcher(s).matches()) {
      throw new ApiException(400, "bad_request",
          "'clientMessageId' must be 1 to 100 letters, digits or . _ : -");
    }
    return s;
  }

  public static String payload(JsonObject body) {
    Object v = body.getValue("payload");
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || s.length() > 200) {
      throw new ApiException(400, "bad_request", "'payload' must be a string of at most 200 characters.");
    }
    return s;
  }

  /** es or en from an explicit value, else from Accept-Language, else the default. */
  public static String locale(Object requested, String acceptLanguage, String fallback) {
    if (requested != null) {
      if (requested instanceof String s) {
        Optional<Lang> lang = Lang.parse(s);
        if (lang.isPresent()) {
          return lang.get().tag();
        }
      }
      throw new ApiException(400, "bad_request", "'locale' must be \"es\" or \"en\".");
    }
    if (acceptLanguage != null) {
      try {
        List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
        for (Locale.LanguageRange r : ranges) {
          Optional<Lang> lang = Lang.parse(r.getRange());
          if (r.getWeight() > 0 && lang.isPresent()) {
            return lang.get().tag();
          }
        }
      } catch (IllegalArgumentException malformed) {
        // ignore a malformed header
      }
    }
    return fallback;
  }

  public static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String a = authorization.strip();
    return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).strip() : null;
  }
}
