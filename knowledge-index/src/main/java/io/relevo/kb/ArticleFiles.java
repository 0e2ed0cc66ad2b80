package io.relevo.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The articles directory as last read: each Markdown file's modification time, size and article id, so that a
 * rescan reads only new and modified files. Not thread-safe: the knowledge base calls it under its write lock.
 */
final class ArticleFiles {

  // logged under the knowledge base's name, as before the class was split out
  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBase.class);

  private final Path dir;
  private final Map<Path, FileState> files = new HashMap<>();

  ArticleFiles(Path dir) {
    this.dir = dir;
  }

  /** The ids of the articles of the files read so far. */
  Set<String> ids() {
    Set<String> live = new HashSet<>();
    files.values().forEach(s -> live.add(s.id));
    return live;
  }

  /** Reads new or modified files and remembers them; strict on the first load. */
  List<Article> scan(boolean strict) {
    List<Path> paths = Articles.markdownFiles(dir);
    Map<Path, FileState> next = new HashMap<>();
    Map<String, Path> ids = new HashMap<>();
    List<Article> changed = new ArrayList<>();
    for (Path p : paths) {
      try {
        FileTime modified = Files.getLastModifiedTime(p);
        long size = Files.size(p);
        FileState old = files.get(p);
        if (old != null && old.modified.equals(modified) && old.size == size) {
          next.put(p, old);
          ids.put(old.id, p);
          continue;
        }
        Article a = Articles.loadFile(p);
        Path other = ids.putIfAbsent(a.id(), p);
        if (other != null) {
          throw new Articles.ArticleFormatException(p.toString(), "id '" + a.id() + "' is also used by " + other);
        }
        next.put(p, new FileState(modified, size, a.id()));
        changed.add(a);
      } catch (IOException | RuntimeException e) {
        if (strict) {
          throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        LOG.warn("skipping article file {}: {}", p, e.getMessage());
        FileState old = files.get(p);
        if (old != null) {
          next.put(p, old);
        }
      }
    }
    files.clear();
    files.putAll(next);
    return changed;
  }

  private record FileState(FileTime modified, long size, String id) {
  }
}
