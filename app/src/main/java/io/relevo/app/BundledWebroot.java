package io.relevo.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The widget's and console's files as bundled on the class path ({@code webroot/} of every module),
 * copied once per process into a private temporary directory that the static handler serves by its
 * absolute path. Vert.x resolves a relative {@code webroot} against the working directory before
 * the class path, so a stray {@code ./webroot/index.html} would otherwise be served instead of the
 * bundled page. Thread-safe; blocking (call it on a worker).
 */
final class BundledWebroot {

  private static final String ROOT = "webroot/";
  private static Path directory;

  private BundledWebroot() {
  }

  /** The absolute directory holding the bundled files; the first call copies them. */
  static synchronized String directory() {
    if (directory == null) {
      try {
        Path dir = Files.createTempDirectory("relevo-webroot"); // 0700 on POSIX
        dir.toFile().deleteOnExit();
        Enumeration<URL> roots = BundledWebroot.class.getClassLoader().getResources(ROOT);
        while (roots.hasMoreElements()) {
          copy(roots.nextElement(), dir);
        }
        directory = dir;
      } catch (IOException | URISyntaxException e) {
        throw new UncheckedIOException(new IOException("cannot copy the bundled web files: " + e.getMessage(), e));
      }
    }
    return directory.toString();
  }

  /** Copies one class-path root (a directory or a jar entry); a file already copied from an earlier root wins. */
  private static void copy(URL root, Path target) throws IOException, URISyntaxException {
    if ("file".equals(root.getProtocol())) {
      Path from = Path.of(root.toURI());
      try (Stream<Path> files = Files.walk(from)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          try (InputStream in = Files.newInputStream(file)) {
            write(target, from.relativize(file).toString().replace('\\', '/'), in);
          }
        }
      }
    } else if (root.openConnection() instanceof JarURLConnection jar) {
      jar.setUseCaches(false);
      try (JarFile file = jar.getJarFile()) {
        for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
          if (!entry.isDirectory() && entry.getName().startsWith(ROOT)) {
            try (InputStream in = file.getInputStream(entry)) {
              write(target, entry.getName().substring(ROOT.length()), in);
            }
          }
        }
      }
    }
  }

  private static void write(Path target, String relative, InputStream in) throws IOException {
    Path to = target.resolve(relative).normalize();
    if (!to.startsWith(target) || Files.exists(to)) {
      return;
    }
    if (!Files.isDirectory(to.getParent())) {
      Files.createDirectories(to.getParent());
      to.getParent().toFile().deleteOnExit();
    }
    Files.copy(in, to);
    to.toFile().deleteOnExit();
  }
}
