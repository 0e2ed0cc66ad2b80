package io.relevo.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal blocking RESP client for test set-up, so tests need no Redis client of their own. */
public final class RespClient {

  private RespClient() {
  }

  public static String command(int port, String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[16384];
      int n = in.read(buf);
      String reply = n > 0 ? new String(buf, 0, n, StandardCharsets.UTF_8) : "";
      if (reply.startsWith("-")) {
        throw new IllegalStateException("Redis answered " + reply.trim());
      }
      return reply.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
