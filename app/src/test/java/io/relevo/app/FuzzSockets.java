package io.relevo.app;

import static io.relevo.app.FuzzTest.BODY_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The WebSocket part of {@link FuzzTest}: sends malformed frames on real sockets, the people's and
 * the agents'; each must get an error frame or a proper close. Frames of the wrong shape, well-formed
 * frames with wrong content (after which the socket still answers a ping), and raw frames that break
 * the protocol. What goes wrong is added to {@code problems}; every frame sent counts in
 * {@code frames}. Not thread-safe: one instance per run, used by one thread.
 */
final class FuzzSockets {

  final Random rnd;
  final int port;
  final Api.Conversation target;
  final String agent;
  private final Queue<String> problems;
  private final AtomicInteger frames;

  FuzzSockets(Random rnd, int port, Api.Conversation target, String agent, Queue<String> problems, AtomicInteger frames) {
    this.rnd = rnd;
    this.port = port;
    this.target = target;
    this.agent = agent;
    this.problems = problems;
    this.frames = frames;
  }

  void run() throws Exception {
    // frames of the wrong shape each get an error frame, and the socket stays open
    for (boolean agentSide : new boolean[] {false, true}) {
      try (WsClient ws = agentSide ? WsClient.agent(port, agent) : WsClient.connect(port, target, null)) {
        for (String frame : List.of("{\"type\":1}", "{\"type\":null}", "{\"type\":[\"message\"]}", "{\"type\":{}}",
            "{\"type\":\"status\",\"status\":7}", "{\"type\":\"typing\",\"conversationId\":[]}",
            "{\"type\":\"message\",\"text\":\"ok\",\"clientMessageId\":[]}", "{\"type\":\"postback\",\"payload\":1}")) {
          frames.incrementAndGet();
          ws.ws.sendText(frame, true).join();
          ws.send(new JsonObject().put("type", "ping"));
          JsonObject answer = ws.next(f -> "error".equals(f.getString("type")) || "pong".equals(f.getString("type")));
          // a typing frame is fine on either side: one with a bad conversationId is ignored
          if (!"error".equals(answer.getString("type")) && !frame.contains("typing")) {
            problems.add((agentSide ? "agent" : "person") + " socket: no error frame for " + frame);
          } else if ("error".equals(answer.getString("type"))) {
            ws.nextOfType("pong");
          }
        }
      }
    }
    // well-formed frames with wrong content, 400 per socket, each socket then still answers a ping
    for (int round = 0; round < 5; round++) {
      boolean agentSide = round == 4;
      try (WsClient ws = agentSide ? WsClient.agent(port, agent) : WsClient.connect(port, target, null)) {
        for (int i = 0; i < 400; i++) {
          String frame = frame(agentSide);
          frames.incrementAndGet();
          ws.ws.sendText(frame, true).join();
        }
        ws.send(new JsonObject().put("type", "ping"));
        JsonObject pong = ws.next(f -> "pong".equals(f.getString("type")) || ws.closed);
        assertThat(pong.getString("type")).isEqualTo("pong");
        for (JsonObject f : ws.drainNow()) {
          if ("error".equals(f.getString("type"))) {
            JsonObject error = f.getJsonObject("error");
            if (error == null || error.getString("code") == null || error.getString("message") == null) {
              problems.add("error frame without code and message: " + f);
            }
            if ("internal_error".equals(error == null ? null : error.getString("code"))) {
              problems.add("internal error frame: " + f);
            }
          }
        }
        if (ws.closed) {
          problems.add("the socket was closed (" + ws.closeCode + ") by well-formed frames");
        }
      }
    }
    // frames that break the protocol: the server closes with a proper code, or drops the connection
    for (int i = 0; i < 60; i++) {
      rawFrame(i);
    }
  }

  private String frame(boolean agentSide) {
    int k = rnd.nextInt(16);
    String type = agentSide ? pickS("ping", "typing", "subscribe", "message", "x") : pickS("message", "postback", "typing", "ping", "x", "");
    return switch (k) {
      case 0 -> "{";
      case 1 -> "[]";
      case 2 -> "null";
      case 3 -> "\"text\"";
      case 4 -> "{\"type\":1}";
      case 5 -> "{\"type\":null}";
      case 6 -> "{\"type\":[\"message\"]}";
      case 7 -> new JsonObject().put("type", type).put("text", rnd.nextInt()).encode();
      case 8 -> new JsonObject().put("type", type).put("text", "x".repeat(4001)).encode();
      case 9 -> new JsonObject().put("type", type).put("text", "ok").put("clientMessageId", new JsonArray()).encode();
      case 10 -> new JsonObject().put("type", type).put("payload", new JsonObject()).encode();
      case 11 -> new JsonObject().put("type", type).put("text", "").put("clientMessageId", "bad id!").encode();
      case 12 -> "[".repeat(3000) + "]".repeat(3000);
      case 13 -> new JsonObject().put("type", type).put("conversationId", "x").put("zzz", 1).encode();
      case 14 -> "";
      default -> new JsonObject().put("type", type).put("text", "\u0000\u001f").put("clientMessageId", 5).encode();
    };
  }

  private String pickS(String... options) {
    return options[rnd.nextInt(options.length)];
  }

  /** One connection with a frame that breaks the protocol; the server must close it properly. */
  private void rawFrame(int i) throws Exception {
    frames.incrementAndGet();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      String path = i % 3 == 0 ? "/api/v1/agents/ws?token=" + agent
          : "/api/v1/conversations/" + target.id() + "/ws?token=" + target.token();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = readHead(in);
      if (!head.startsWith("HTTP/1.1 101")) {
        problems.add("WebSocket upgrade refused: " + head.lines().findFirst().orElse(""));
        return;
      }
      byte[] payload;
      int opcode;
      boolean masked = true;
      boolean fin = true;
      switch (i % 8) {
        case 0 -> { opcode = 1; payload = new byte[] {'{', '"', (byte) 0xC3, 0x28, '"', '}'}; } // text, invalid UTF-8
        case 1 -> { opcode = 1; payload = new byte[BODY_LIMIT + 10]; } // bigger than the frame limit
        case 2 -> { opcode = 3 + rnd.nextInt(5); payload = "x".getBytes(StandardCharsets.US_ASCII); } // reserved opcode
        case 3 -> { opcode = 1; payload = "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII); masked = false; } // unmasked client frame
        case 4 -> { opcode = 8; payload = new byte[] {0x03, (byte) 0xE7}; } // close with a forbidden code (999)
        case 5 -> { opcode = 0; payload = "continuation without a start".getBytes(StandardCharsets.US_ASCII); }
        case 6 -> { opcode = 9; payload = new byte[200]; } // a ping longer than 125 bytes
        default -> { opcode = 1; payload = "{\"type\":\"ping\"".getBytes(StandardCharsets.US_ASCII); fin = false; } // never finished
      }
      out.write(frameBytes(opcode, payload, masked, fin));
      // then a good frame: the socket either still answers it, or is closed
      out.write(frameBytes(1, "{\"type\":\"ping\"}".getBytes(StandardCharsets.US_ASCII), true, true));
      out.flush();
      int outcome = readOutcome(in);
      if (outcome == 1011) {
        problems.add("WebSocket closed with 1011 (server error) after raw frame case " + (i % 8));
      }
    } catch (java.net.SocketTimeoutException e) {
      problems.add("WebSocket neither answered nor closed after raw frame case " + (i % 8));
    } catch (IOException e) {
      // a dropped connection is a proper end for a frame that breaks the protocol
    }
  }

  private String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      b.write(c);
      byte[] a = b.toByteArray();
      int n = a.length;
      if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
        break;
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * The close code of the server's close frame (0 for a close without a code), -1 when the
   * connection ended without one, -2 when the socket answered the ping (still open).
   */
  private int readOutcome(InputStream in) throws IOException {
    while (true) {
      int b0 = in.read();
      if (b0 == -1) {
        return -1;
      }
      int b1 = in.read();
      long len = b1 & 0x7F;
      if (len == 126) {
        len = (in.read() << 8) | in.read();
      } else if (len == 127) {
        len = 0;
        for (int k = 0; k < 8; k++) {
          len = (len << 8) | in.read();
        }
      }
      byte[] payload = in.readNBytes((int) Math.min(len, 1 << 20));
      if ((b0 & 0x0F) == 1 && new String(payload, StandardCharsets.UTF_8).contains("pong")) {
        return -2;
      }
      if ((b0 & 0x0F) == 8) {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 0;
      }
    }
  }

  private byte[] frameBytes(int opcode, byte[] payload, boolean masked, boolean fin) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      b.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      b.write(maskBit | 126);
      b.write(payload.length >> 8);
      b.write(payload.length & 0xFF);
    } else {
      b.write(maskBit | 127);
      for (int k = 7; k >= 0; k--) {
        b.write((int) ((long) payload.length >> (8 * k)) & 0xFF);
      }
    }
    byte[] mask = {1, 2, 3, 4};
    if (masked) {
      b.writeBytes(mask);
    }
    for (int k = 0; k < payload.length; k++) {
      b.write(masked ? payload[k] ^ mask[k % 4] : payload[k]);
    }
    return b.toByteArray();
  }
}
