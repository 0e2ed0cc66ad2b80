package io.relevo.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking RESP client for test set-up, so tests need no Redis client of their own. The
 * reply comes back as its raw RESP text (one whole reply, however many reads it takes), trimmed;
 * an error reply is thrown.
 */
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
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      readReply(new BufferedInputStream(s.getInputStream()), raw);
      String reply = raw.toString(StandardCharsets.UTF_8);
      if (reply.startsWith("-")) {
        throw new IllegalStateException("Redis answered " + reply.trim());
      }
      return reply.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies one whole RESP reply (nested arrays included) from {@code in} to {@code raw}. */
  private static void readReply(InputStream in, ByteArrayOutputStream raw) throws IOException {
    String line = readLine(in, raw);
    if (line.isEmpty()) {
      return;
    }
    char type = line.charAt(0);
    if (type == '$') {
      int len = Integer.parseInt(line.substring(1));
      if (len >= 0) {
        raw.write(in.readNBytes(len + 2));
      }
    } else if (type == '*' || type == '%' || type == '~') {
      int n = Integer.parseInt(line.substring(1)) * (type == '%' ? 2 : 1);
      for (int i = 0; i < n; i++) {
        readReply(in, raw);
      }
    }
  }

  private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      raw.write(c);
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
