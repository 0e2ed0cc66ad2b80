package io.relevo.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.relevo.channels.web.WidgetScript;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the pages, scripts and styles bundled in the jar under {@code webroot/} — and nothing
 * from the file system. Vert.x's {@code StaticHandler} resolves a relative root against the
 * working directory before the class path, so a {@code webroot/} folder where Relevo was started
 * would have been served ahead of the bundled widget and console. Files are read once (on a
 * worker) and kept in memory; they are a few dozen kilobytes together. Thread-safe: one instance
 * may serve every event loop. Scripts get the catalogue's texts written in ({@link CatalogueInScripts});
 * {@code widget.js} is put together from its parts first ({@link WidgetScript}), once like every file.
 */
final class BundledFiles implements Handler<RoutingContext> {

  private static final String ROOT = "webroot";
  private static final String INDEX = "index.html";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml", "json", "application/json",
      "png", "image/png", "ico", "image/x-icon", "txt", "text/plain; charset=utf-8",
      "yaml", "application/yaml");

  private record File(Buffer bytes, String type, String etag) {
  }

  private final Vertx vertx;
  private final long maxAgeSeconds;
  private final ClassLoader loader = BundledFiles.class.getClassLoader();
  private final Map<String, Optional<File>> files = new ConcurrentHashMap<>();

  BundledFiles(Vertx vertx, long maxAgeSeconds) {
    this.vertx = vertx;
    this.maxAgeSeconds = maxAgeSeconds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      ctx.next();
      return;
    }
    String name = resourceName(ctx.normalizedPath());
    if (name == null) {
      ctx.next();
      return;
    }
    Optional<File> known = files.get(name);
    if (known != null) {
      send(ctx, known);
      return;
    }
    vertx.executeBlocking(() -> load(name), false).onComplete(ar -> {
      Optional<File> file = ar.succeeded() ? ar.result() : Optional.empty();
      files.putIfAbsent(name, file);
      send(ctx, file);
    });
  }

  /** {@code webroot/...} for a request path, or null for a path that cannot name a bundled file. */
  static String resourceName(String path) {
    if (path == null || !path.startsWith("/") || path.contains("\\") || path.contains("\0")) {
      return null;
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        return null;
      }
    }
    return ROOT + (path.endsWith("/") ? path + INDEX : path);
  }

  private Optional<File> load(String name) throws IOException {
    if (name.endsWith("/") || WidgetScript.inPartsFolder(name)) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = name.equals(WidgetScript.RESOURCE) ? Optional.of(WidgetScript.source()) : read(name);
    return bytes.map(b -> file(name, b));
  }

  private static File file(String name, byte[] bytes) {
    String extension = name.substring(name.lastIndexOf('.') + 1);
    if (extension.equals("js")) {
      bytes = CatalogueInScripts.fill(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }
    return new File(Buffer.buffer(bytes), TYPES.getOrDefault(extension, "application/octet-stream"),
        '"' + sha256(bytes) + '"');
  }

  private Optional<byte[]> read(String name) throws IOException {
    java.net.URL url = loader.getResource(name);
    if (url == null || "file".equals(url.getProtocol()) && java.nio.file.Files.isDirectory(pathOf(url))) {
      return Optional.empty(); // a directory in the build's classes folder (tests), not a file
    }
    try (InputStream in = url.openStream()) {
      return Optional.of(in.readAllBytes());
    }
  }

  private void send(RoutingContext ctx, Optional<File> found) {
    if (found.isEmpty() || ctx.response().ended()) {
      if (!ctx.response().ended()) {
        ctx.next();
      }
      return;
    }
    File file = found.get();
    var response = ctx.response()
        .putHeader("Cache-Control", "public, max-age=" + maxAgeSeconds)
        .putHeader("ETag", file.etag());
    String match = ctx.request().getHeader("If-None-Match");
    if (match != null && match.contains(file.etag())) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", file.type());
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", Integer.toString(file.bytes().length())).end();
    } else {
      response.end(file.bytes());
    }
  }

  private static java.nio.file.Path pathOf(java.net.URL url) {
    try {
      return java.nio.file.Path.of(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
