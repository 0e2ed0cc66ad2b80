package io.relevo.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A blocking RESP exchange with a Redis on 127.0.0.1, to tell when it is ready. Stateless, thread-safe. */
final class RedisProbe {

  private RedisProbe() {
  }

  /**
   * Whether the server on {@code port} answers PING, after AUTH when {@code password} is not null:
   * "+PONG" when ready; "-LOADING" while the append-only file is replayed; "-NOAUTH" without it.
   */
  static boolean answersPing(int port, String password) {
    String request = (password == null ? "" : resp("AUTH", password)) + resp("PING");
    String expected = (password == null ? "" : "+OK\r\n") + "+PONG\r\n";
    return expected.equals(exchange(port, request, expected.length()));
  }

  /** Sends {@code request} and reads until {@code length} bytes or the first error reply; "" on failure. */
  static String exchange(int port, String request, int length) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder reply = new StringBuilder();
      byte[] buf = new byte[256];
      while (reply.length() < length && reply.indexOf("-") < 0) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        reply.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
      return reply.toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static String resp(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString();
  }
}
