package io.relevo.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.vertx.core.json.JsonObject;

/**
 * HTTP/1.1 requests sent from a chosen loopback address (127.0.0.2, 127.0.0.3...), so a test can
 * play several clients that the server tells apart by address. One connection per request
 * ({@code Connection: close}); blocking; thread-safe.
 */
final class FromAddress {

  private final String address;
  private final int port;

  FromAddress(String address, int port) {
    this.address = address;
    this.port = port;
  }

  /** Status and body of a sign-in as {@code user}. */
  Api.Response login(String user, String password) {
    return post("/api/v1/agents/login", new JsonObject().put("username", user).put("password", password).encode());
  }

  Api.Response post(String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(address, 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(text.substring(9, 12));
      int start = text.indexOf("\r\n\r\n");
      return new Api.Response(status, start < 0 ? "" : text.substring(start + 4), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
