package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Deflater;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.channels.web.WebSettings;
import io.relevo.testkit.Eventually;
import io.vertx.core.json.JsonObject;

/**
 * What one client can cost the server over WebSockets: no compression to inflate, back-pressure
 * for a client that stops reading, caps on open sockets, and pings with an idle timeout. Real
 * sockets speaking the protocol byte by byte, so the client does exactly what an attacker would.
 */
class WebSocketLimitsTest {

  private static Relevo relevo;

  @BeforeAll
  static void start() {
    // default caps; a short stall timeout so a non-reading client is closed within the test
    relevo = TestServers.start(Map.of("RELEVO_WS_STALL_TIMEOUT", "2s"));
  }

  @AfterAll
  static void stop() {
    relevo.stop();
  }

  private static String wsPath(Api.Conversation c) {
    return "/api/v1/conversations/" + c.id() + "/ws?token=" + c.token();
  }

  @Test
  void aCompressedFrameIsNeitherNegotiatedNorInflated() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    try (RawWebSocket ws = new RawWebSocket(relevo.port(), wsPath(c),
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n", 0)) {
      assertThat(ws.upgraded()).as(ws.responseHead).isTrue();
      assertThat(ws.responseHead.toLowerCase()).doesNotContain("permessage-deflate");
      // ~50 MB of text deflated to well under the 64 KB frame limit, sent as a compressed frame
      byte[] bomb = deflate(50_000_000);
      assertThat(bomb.length).isLessThan(65_536);
      ws.write(RawWebSocket.frame(0x1, true, bomb));
      long started = System.nanoTime();
      // the server refuses the frame and ends the socket
      RawWebSocket.Frame f;
      while ((f = readOrNull(ws)) != null && f.opcode() != 0x8) {
        assertThat(System.nanoTime() - started).isLessThan(20_000_000_000L);
      }
      Api.Response live = api.get("/health/live", null);
      assertThat(live.status()).isEqualTo(200);
      assertThat((System.nanoTime() - started) / 1_000_000).as("ms until /health/live answered").isLessThan(2_000);
    }
  }

  /** Raw deflate of {@code n} spaces in a message frame, without the 00 00 FF FF tail (RFC 7692). */
  private static byte[] deflate(int n) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] spaces = new byte[1_000_000];
    java.util.Arrays.fill(spaces, (byte) ' ');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65_536];
    deflater.setInput("{\"type\":\"message\",\"text\":\"".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < n / spaces.length; i++) {
      while (!deflater.needsInput()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
      deflater.setInput(spaces);
    }
    while (!deflater.needsInput()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.setInput("\"}".getBytes(StandardCharsets.UTF_8));
    int written;
    while ((written = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(buf, 0, written);
    }
    byte[] all = out.toByteArray();
    return java.util.Arrays.copyOf(all, all.length - 4);
  }

  private static RawWebSocket.Frame readOrNull(RawWebSocket ws) {
    try {
      return ws.read();
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void anUnknownFrameTypeGetsAShortErrorNotAnEcho() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    try (RawWebSocket ws = new RawWebSocket(relevo.port(), wsPath(c), "", 0)) {
      assertThat(ws.upgraded()).isTrue();
      int frames = 200;
      byte[] frame = RawWebSocket.text("{\"type\":\"" + "x".repeat(60_000) + "\"}");
      for (int i = 0; i < frames; i++) {
        ws.write(frame); // 12 MB sent without reading
      }
      long received = 0;
      int errors = 0;
      while (errors < frames) {
        RawWebSocket.Frame f = ws.read();
        received += f.payload().length;
        if (f.opcode() == 0x1 && f.text().contains("bad_frame")) {
          errors++;
        }
      }
      // what the server queued for this socket: ~100 bytes a frame (an echo would be 60 KB a frame)
      assertThat(received).isLessThan(frames * 1_000L);
    }
  }

  /**
   * A client that sends pings and never reads: the server's replies fill its write queue, it stops
   * reading (the client's writes stall) and closes the socket after the stall timeout. Before, the
   * server read on and queued every reply in its heap.
   */
  @Test
  void aClientThatStopsReadingIsPausedThenClosed() throws Exception {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    try (RawWebSocket ws = new RawWebSocket(relevo.port(), wsPath(c), "", 4096)) {
      assertThat(ws.upgraded()).isTrue();
      byte[] ping = RawWebSocket.text("{\"type\":\"ping\"}");
      byte[] batch = new byte[ping.length * 10_000];
      for (int i = 0; i < 10_000; i++) {
        System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
      }
      long limit = 400L * 1024 * 1024; // 400 MB of pings: the old server read them all
      AtomicLong sent = new AtomicLong();
      AtomicReference<Throwable> cutOff = new AtomicReference<>(); // set if the client sees the close
      Thread writer = new Thread(() -> {
        try {
          while (sent.get() < limit) {
            ws.write(batch);
            sent.addAndGet(batch.length);
          }
        } catch (IOException e) {
          cutOff.set(e);
        }
      }, "non-reading-client");
      writer.setDaemon(true);
      writer.start();
      // the client's writes stall once the server stops reading: no progress for 3 s
      long last = -1;
      long stalledSince = System.nanoTime();
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (writer.isAlive() && System.nanoTime() < deadline) {
        writer.join(500);
        long now = sent.get();
        if (now != last) {
          last = now;
          stalledSince = System.nanoTime();
        } else if (System.nanoTime() - stalledSince > 3_000_000_000L) {
          break;
        }
      }
      assertThat(sent.get()).as("bytes the server took before it stopped reading").isLessThan(200L * 1024 * 1024);
      // and after the stall timeout the server closes it: its place among the open sockets is freed
      io.relevo.core.http.SocketGuard guard = io.relevo.core.http.SocketGuard.of(relevo.vertx());
      Eventually.until("the stalled socket is closed", () -> guard.open() == 0);
      assertThat(new Api(relevo.port()).get("/health/live", null).status()).isEqualTo(200);
    }
  }

  /** 600 attempts on one conversation: the default cap (10) holds; a closed socket frees its place. */
  @Test
  void socketsPastTheConversationCapAreRefusedBeforeTheUpgrade() throws Exception {
    assertThat(WebSettings.SOCKETS_PER_CONVERSATION.get(new JsonObject())).isEqualTo(10);
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    List<RawWebSocket> open = new ArrayList<>();
    try {
      int upgraded = 0;
      int refused = 0;
      for (int i = 0; i < 600; i++) {
        RawWebSocket ws = new RawWebSocket(relevo.port(), wsPath(c), "", 0);
        if (ws.upgraded()) {
          upgraded++;
          open.add(ws);
        } else {
          assertThat(ws.responseHead).startsWith("HTTP/1.1 429");
          refused++;
          ws.close();
        }
      }
      assertThat(upgraded).isEqualTo(10);
      assertThat(refused).isEqualTo(590);
      open.remove(0).close();
      Eventually.until("a closed socket frees its place", () -> {
        RawWebSocket again = new RawWebSocket(relevo.port(), wsPath(c), "", 0);
        open.add(again);
        return again.upgraded();
      });
    } finally {
      for (RawWebSocket ws : open) {
        ws.close();
      }
    }
  }

  @Test
  void anAgentsConsoleSocketsAreCapped() throws Exception {
    Api api = new Api(relevo.port());
    String token = HandoffTest.login(api, "ana");
    List<RawWebSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        RawWebSocket ws = new RawWebSocket(relevo.port(), "/api/v1/agents/ws?token=" + token, "", 0);
        open.add(ws);
        assertThat(ws.upgraded()).as(ws.responseHead).isTrue();
      }
      RawWebSocket eleventh = new RawWebSocket(relevo.port(), "/api/v1/agents/ws?token=" + token, "", 0);
      open.add(eleventh);
      assertThat(eleventh.responseHead).startsWith("HTTP/1.1 429");
    } finally {
      for (RawWebSocket ws : open) {
        ws.close();
      }
    }
  }

  /** A small per-address cap, and an idle socket (one that never answers a ping) closed after the idle timeout. */
  @Test
  void anIdleSocketIsPingedThenClosedAndAnAddressIsCapped() throws Exception {
    Relevo short_ = TestServers.start(Map.of("RELEVO_WS_PING_INTERVAL", "200ms", "RELEVO_WS_IDLE_TIMEOUT", "1s",
        "RELEVO_LIMITS_SOCKETS_PER_ADDRESS", "5"));
    List<RawWebSocket> open = new ArrayList<>();
    try {
      Api api = new Api(short_.port());
      RawWebSocket idle = new RawWebSocket(short_.port(), wsPath(api.create("en")), "", 0);
      open.add(idle);
      assertThat(idle.upgraded()).isTrue();
      boolean pinged = false;
      RawWebSocket.Frame f;
      long started = System.nanoTime();
      while ((f = idle.read()) != null && f.opcode() != 0x8) {
        pinged |= f.opcode() == 0x9;
      }
      assertThat(pinged).as("pinged before being closed").isTrue();
      assertThat(f).isNotNull();
      assertThat(f.closeCode()).isEqualTo(1001);
      assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
      idle.close();
      open.clear();
      for (int i = 0; i < 5; i++) {
        RawWebSocket ws = new RawWebSocket(short_.port(), wsPath(api.create("en")), "", 0);
        open.add(ws);
        assertThat(ws.upgraded()).as(ws.responseHead).isTrue();
      }
      RawWebSocket sixth = new RawWebSocket(short_.port(), wsPath(api.create("en")), "", 0);
      open.add(sixth);
      assertThat(sixth.responseHead).startsWith("HTTP/1.1 429");
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the idle socket was not closed", e);
    } finally {
      for (RawWebSocket ws : open) {
        ws.close();
      }
      short_.stop();
    }
  }
}
