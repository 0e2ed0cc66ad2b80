package io.relevo.app;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client over a plain socket that does only what a test tells it: it never answers a
 * ping, reads only when asked, and can send frames a browser would not (compressed without the
 * extension). Not thread-safe: one writer thread and one reader thread at most.
 */
final class RawWebSocket implements AutoCloseable {

  final Socket socket;
  final String responseHead;
  private final OutputStream out;
  private final DataInputStream in;

  /** Opens {@code path} with the extra request header lines {@code headers} ("Name: value\r\n" each). */
  RawWebSocket(int port, String path, String headers, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(20_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + headers + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    responseHead = head.toString(StandardCharsets.ISO_8859_1);
  }

  boolean upgraded() {
    return responseHead.startsWith("HTTP/1.1 101");
  }

  /** One masked frame (final), with the compressed bit when {@code rsv1}. */
  static byte[] frame(int opcode, boolean rsv1, byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
    f.write(0x80 | (rsv1 ? 0x40 : 0) | opcode);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      f.write(0x80 | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length & 0xff);
    } else {
      f.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        f.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
      }
    }
    byte[] mask = {1, 2, 3, 4};
    f.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      f.write(payload[i] ^ mask[i & 3]);
    }
    return f.toByteArray();
  }

  static byte[] text(String s) {
    return frame(0x1, false, s.getBytes(StandardCharsets.UTF_8));
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** A frame from the server: its opcode and payload. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }
  }

  /** The next frame, or null at the end of the stream. */
  Frame read() throws IOException {
    InputStream s = in;
    int b0 = s.read();
    if (b0 < 0) {
      return null;
    }
    int b1 = in.readUnsignedByte();
    long length = b1 & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(b0 & 0x0f, payload);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
