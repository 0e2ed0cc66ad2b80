package io.relevo.app;

import static io.relevo.app.FuzzTest.BODY_LIMIT;
import static io.relevo.app.FuzzTest.IDENTITY;
import static io.relevo.app.FuzzTest.SLACK_SECRET;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.relevo.app.FuzzRequests.Endpoint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Request bodies and tokens for {@link FuzzRequests}, from the {@link Random} it shares: empty, huge
 * and deeply nested bodies, invalid UTF-8, broken JSON, every field of an endpoint with values of
 * the wrong type, Slack's form bodies, and JWT-shaped tokens wrong in one way or another. Not
 * thread-safe, like the generator that owns it.
 */
final class FuzzBodies {

  final Random rnd;

  FuzzBodies(Random rnd) {
    this.rnd = rnd;
  }

  /** A JWT-shaped token that is wrong in one way or another. */
  String junkJwt() {
    String[] headers = {"{\"alg\":\"none\"}", "{\"alg\":\"HS256\"}", "null", "[]", "{\"alg\":1}", "{", "\"x\"",
        "{\"alg\":\"RS256\",\"kid\":\"x\"}"};
    String[] claims = {"{\"sub\":\"ana\",\"exp\":1}", "{\"sub\":1,\"exp\":\"x\"}", "null", "[]", "{}", "1",
        "{\"sub\":\"sam\",\"roles\":[\"admin\"],\"exp\":99999999999}", "{\"exp\":1e400}"};
    String h = b64(pick(headers));
    String c = b64(pick(claims));
    String sig = pick("", "x", "AAAA", b64("sig"), "!!!", hmac(IDENTITY, h + "." + c));
    return pick(h + "." + c + "." + sig, h + "." + c, h, "...", "a.b.c.d", h + ".!!!." + sig);
  }

  byte[] body(Endpoint e) {
    int k = rnd.nextInt(100);
    if (k < 6) {
      return new byte[0];
    }
    if (k < 10) {
      return huge();
    }
    if (k < 18) {
      return invalidUtf8(e);
    }
    if (k < 28) {
      return brokenJson(e).getBytes(StandardCharsets.UTF_8);
    }
    if (k < 32) {
      return deep();
    }
    if (e.kind().equals("slack-form")) {
      return slackForm();
    }
    if (e.kind().equals("public") && e.path().equals("/api/v1/conversations") && rnd.nextInt(4) == 0) {
      return new JsonObject().put("identityToken", rnd.nextBoolean() ? junkJwt() : identityToken()).encode()
          .getBytes(StandardCharsets.UTF_8);
    }
    return typedJson(e).encode().getBytes(StandardCharsets.UTF_8);
  }

  /** Every field of the endpoint with a value of a random, mostly wrong, type; plus unknown fields. */
  private JsonObject typedJson(Endpoint e) {
    JsonObject o = new JsonObject();
    for (String f : e.fields()) {
      if (rnd.nextInt(4) != 0) {
        o.put(f, value(f));
      }
    }
    if (rnd.nextInt(3) == 0) {
      o.put(pick("zzz", "__proto__", "constructor", "", "text ", "\u0000", "\ud83d\ude00"), value("x"));
    }
    return o;
  }

  private Object value(String field) {
    int k = rnd.nextInt(22);
    return switch (k) {
      case 0 -> null;
      case 1 -> rnd.nextInt();
      case 2 -> rnd.nextLong();
      case 3 -> rnd.nextDouble() * 1e300;
      case 4 -> rnd.nextBoolean();
      case 5 -> new JsonArray().add(1).add("a").addNull();
      case 6 -> new JsonObject().put("a", new JsonObject().put("b", 1));
      case 7 -> "";
      case 8 -> "   ";
      case 9 -> "x".repeat(4001 + rnd.nextInt(5000));
      case 10 -> "\u0000\u0001\u001f\u007f";
      case 11 -> "\ud83d\ude00".repeat(50);
      case 12 -> "<script>alert(1)</script>";
      case 13 -> "es";
      case 14 -> "INC-000001";
      case 15 -> "handoff.request";
      case 16 -> "in_progress";
      case 17 -> "https://127.0.0.1:9/x";
      case 18 -> new JsonObject().put("id", 1).put("name", new JsonArray());
      case 19 -> new JsonArray().add(new JsonObject().put("id", "x"));
      case 20 -> "\ud800"; // a lone surrogate
      default -> field.equals("text") ? "hello" : "a" + rnd.nextInt(100);
    };
  }

  private String brokenJson(Endpoint e) {
    String good = typedJson(e).encode();
    return switch (rnd.nextInt(12)) {
      case 0 -> good.substring(0, rnd.nextInt(Math.max(1, good.length())));
      case 1 -> "{";
      case 2 -> "}";
      case 3 -> "[1,2";
      case 4 -> "{\"text\":}";
      case 5 -> "nul";
      case 6 -> "{\"text\":\"a\",}";
      case 7 -> "{'text':'single quotes'}";
      case 8 -> "{\"text\":\"\\uZZZZ\"}";
      case 9 -> good + good;
      case 10 -> "{\"text\":\"a\"} trailing";
      default -> "\"just a string\"";
    };
  }

  private byte[] invalidUtf8(Endpoint e) {
    byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
    String f = e.fields().isEmpty() ? "text" : pick(e.fields().toArray(String[]::new));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("{\"" + f + "\":\"a").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(bad[rnd.nextInt(bad.length)]);
    b.writeBytes("b\"}".getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  private byte[] huge() {
    int size = BODY_LIMIT + 1 + rnd.nextInt(rnd.nextBoolean() ? 1000 : 400_000);
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) 'a');
    byte[] start = "{\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(start, 0, b, 0, start.length);
    b[size - 2] = '"';
    b[size - 1] = '}';
    return b;
  }

  private byte[] deep() {
    int depth = pick(1500, 5000, 20_000);
    boolean arrays = rnd.nextBoolean();
    StringBuilder s = new StringBuilder(arrays ? "" : "{\"text\":");
    for (int i = 0; i < depth; i++) {
      s.append(arrays ? "[" : "{\"a\":");
    }
    s.append("1");
    for (int i = 0; i < depth; i++) {
      s.append(arrays ? "]" : "}");
    }
    if (!arrays) {
      s.append("}");
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private byte[] slackForm() {
    String payload = pick("%7B", "%zz", "", "%7B%22type%22%3A1%7D", "%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%22x%22%7D",
        "%7B%22type%22%3A%22block_actions%22%2C%22actions%22%3A%5B%7B%22value%22%3A1%7D%5D%2C%22user%22%3A2%7D",
        "%5B%5D", "null", "%22s%22");
    return pick("payload=" + payload, "x=1", "payload", "payload=" + payload + "&payload=%7B%7D", "&&&=")
        .getBytes(StandardCharsets.UTF_8);
  }

  String identityToken() {
    String h = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String c = b64(pick("{\"sub\":\"u-1\",\"exp\":99999999999,\"name\":1,\"email\":[]}", "{\"sub\":\"\",\"exp\":99999999999}",
        "{\"sub\":\"u-2\",\"exp\":\"soon\"}", "null", "[]", "{\"sub\":\"u-3\",\"exp\":1e400}",
        "{\"sub\":\"" + "u".repeat(300) + "\",\"exp\":99999999999}", "{\"sub\":{\"a\":1},\"exp\":99999999999}"));
    return h + "." + c + "." + hmac(IDENTITY, h + "." + c);
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] d = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
      return secret.equals(SLACK_SECRET) ? java.util.HexFormat.of().formatHex(d)
          : Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
