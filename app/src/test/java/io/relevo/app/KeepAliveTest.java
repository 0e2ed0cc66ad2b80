package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A request that carries a body the route never reads (a page or file asked for with a body) must
 * not hold its keep-alive connection: the next request on the same socket is answered. Before the
 * fix, a body larger than the socket buffers left the request unended and the connection hung.
 */
class KeepAliveTest {

  @Test
  void aPageRequestWithABodyLeavesTheConnectionUsable() throws Exception {
    Relevo relevo = TestServers.start(Map.of("RELEVO_LIMITS_BODY_BYTES", "1048576"));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", relevo.port()), 5000);
      s.setSoTimeout(20_000); // a bounded wait for each answer, no sleep
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      for (String path : new String[] {"/console/dashboard.html", "/", "/widget.js"}) {
        byte[] body = new byte[400_000];
        Arrays.fill(body, (byte) 'a');
        out.write(("GET " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: "
            + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        assertThat(readResponse(in)).as(path).startsWith("HTTP/1.1 200");
        out.write("GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(readResponse(in)).as("the next request after " + path).startsWith("HTTP/1.1 200");
      }
      // over the body limit: a JSON 413, and the connection still answers
      byte[] huge = new byte[1_500_000];
      out.write(("GET /console/ HTTP/1.1\r\nHost: t\r\nContent-Length: " + huge.length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(huge);
      out.flush();
      String refused = readResponse(in);
      assertThat(refused).startsWith("HTTP/1.1 413").contains("application/json").contains("payload_too_large");
      out.write("GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(readResponse(in)).startsWith("HTTP/1.1 200");
    } finally {
      relevo.stop();
    }
  }

  /** One response with a Content-Length body: its head and body as text. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.append((char) c);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    byte[] body = in.readNBytes(length);
    return head + new String(body, StandardCharsets.UTF_8);
  }
}
