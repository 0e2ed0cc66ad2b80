package io.relevo.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one embedded Redis's data directory that are not Redis's own: the password (made
 * once per directory, so a restart on the same data and an operator's {@code redis-cli} use the
 * same one) and the configuration file it is started with. Everything in the directory is kept to
 * its owner: the directory 0700, files 0600 (on file systems with POSIX permissions), which also
 * repairs the permissions of files left by an older version. Not thread-safe: used by
 * {@link EmbeddedRedis#start()} under its lock.
 */
final class RedisDataDir {

  private static final Logger LOG = LoggerFactory.getLogger(RedisDataDir.class);
  static final String PASSWORD_FILE = "redis.password";
  static final String CONFIG_FILE = "redis.conf";
  private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._~-]{16,128}");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private final Path dir;
  private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  RedisDataDir(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  Path path() {
    return dir;
  }

  /** Creates the directory if needed and takes every permission but the owner's from it and its files. */
  void createPrivate() throws IOException {
    if (!posix) {
      Files.createDirectories(dir);
      return;
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
    }
    List<Path> all;
    try (Stream<Path> paths = Files.walk(dir, 2)) {
      all = new ArrayList<>(paths.toList());
    }
    for (Path p : all) {
      if (Files.isSymbolicLink(p)) {
        continue;
      }
      Files.setPosixFilePermissions(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIR : FILE);
    }
  }

  /** The directory's Redis password, made on first use. */
  String password() throws IOException {
    Path file = dir.resolve(PASSWORD_FILE);
    if (!Files.exists(file)) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      try {
        Files.writeString(Files.createFile(file, privateFile()), made + "\n", StandardCharsets.US_ASCII);
      } catch (FileAlreadyExistsException raced) {
        // another start made it first: use theirs
      }
    }
    String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (!PASSWORD.matcher(password).matches()) {
      throw new IOException(file + " must hold the Redis password: 16 to 128 letters, digits, '.', '_', '~' or '-'"
          + " (delete the file to have a new one made)");
    }
    return password;
  }

  /** Writes the configuration file (0600: it holds the password) and returns its path. */
  Path writeConfig(List<String> lines) throws IOException {
    Path file = dir.resolve(CONFIG_FILE);
    Path temp = dir.resolve(CONFIG_FILE + ".new");
    Files.deleteIfExists(temp);
    Files.write(Files.createFile(temp, privateFile()), lines, StandardCharsets.UTF_8);
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** A configuration-file argument, quoted as Redis reads it. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
  }

  private FileAttribute<?>[] privateFile() {
    return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
  }

  /**
   * Stops a server still running on this directory (its pid file names it), since it would share
   * the files: one left by an older version, whose Redis could outlive its JVM, or an earlier start.
   */
  void stopServerLeftBehind(String pidFileName) throws IOException {
    Path pidFile = dir.resolve(pidFileName);
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan;
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      orphan = ProcessHandle.of(pid)
          .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false));
    } catch (NumberFormatException e) {
      orphan = Optional.empty();
    }
    if (orphan.isPresent()) {
      LOG.warn("Stopping a Redis server left running from an earlier start (pid {})", orphan.get().pid());
      orphan.get().destroy();
      try {
        orphan.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        orphan.get().destroyForcibly();
      }
    }
    Files.deleteIfExists(pidFile);
  }
}
