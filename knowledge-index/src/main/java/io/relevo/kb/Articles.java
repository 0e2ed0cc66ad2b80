package io.relevo.kb;

import io.relevo.texts.Lang;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.stream.Collectors;
import java.util.Arrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@link Article}s from Markdown files with a YAML front matter block. Errors are
 * {@link ArticleFormatException}s that name the file and the problem. Stateless and thread-safe.
 */
public final class Articles {

  /** Classpath folder of the shipped demo articles ({@code en/*.md}, {@code es/*.md}). */
  public static final String DEMO_RESOURCE_DIR = "io/relevo/kb/demo/";

  /** The language tags of articles: {@link Lang#tag()} of each language. */
  static final Set<String> LANGS = Arrays.stream(Lang.values()).map(Lang::tag).collect(Collectors.toUnmodifiableSet());
  private static final Set<String> VISIBILITIES = Set.of("public", "employees");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Articles() {
  }

  /** Thrown when an article file cannot be read as an article; the message names the file. */
  public static final class ArticleFormatException extends RuntimeException {
    public ArticleFormatException(String source, String problem) {
      super(source + ": " + problem);
    }
  }

  /** All {@code *.md} files under {@code dir}, recursively, sorted by path. */
  public static List<Article> loadDirectory(Path dir) {
    List<Article> result = new ArrayList<>();
    for (Path file : markdownFiles(dir)) {
      result.add(loadFile(file));
    }
    return result;
  }

  static List<Path> markdownFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ArticleFormatException(dir.toString(), "not a directory");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  public static Article loadFile(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ArticleFormatException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  /**
   * The demo articles shipped in this jar. Works from a directory of classes, this module's jar
   * or a shaded fat jar: it lists the code source of this class instead of relying on an index.
   */
  public static List<Article> loadShipped() {
    List<Article> result = new ArrayList<>();
    for (String name : shippedResourceNames()) {
      try (InputStream in = Articles.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new ArticleFormatException(name, "resource not found");
        }
        result.add(parse("classpath:" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new ArticleFormatException(name, "cannot read: " + e.getMessage());
      }
    }
    return result;
  }

  static List<String> shippedResourceNames() {
    URL location = Articles.class.getProtectionDomain().getCodeSource().getLocation();
    try {
      Path source = Path.of(location.toURI());
      List<String> names = new ArrayList<>();
      if (Files.isDirectory(source)) {
        Path demo = source.resolve(DEMO_RESOURCE_DIR);
        if (Files.isDirectory(demo)) {
          for (Path file : markdownFiles(demo)) {
            names.add(source.relativize(file).toString().replace('\\', '/'));
          }
        }
      } else {
        try (JarFile jar = new JarFile(source.toFile())) {
          jar.stream().map(JarEntry::getName)
              .filter(n -> n.startsWith(DEMO_RESOURCE_DIR) && n.endsWith(".md"))
              .forEach(names::add);
        }
      }
      names.sort(null);
      return names;
    } catch (IOException | URISyntaxException e) {
      throw new UncheckedIOException(new IOException("cannot list shipped articles in " + location, e));
    }
  }

  /**
   * Parses one article.
   *
   * @param source names the file in error messages
   */
  public static Article parse(String source, String text) {
    String normalized = text.replace("\r\n", "\n");
    if (normalized.startsWith("\uFEFF")) {
      normalized = normalized.substring(1);
    }
    if (!normalized.startsWith("---\n")) {
      throw new ArticleFormatException(source, "missing front matter: the file must start with a line '---'");
    }
    int end = normalized.indexOf("\n---", 3);
    if (end < 0) {
      throw new ArticleFormatException(source, "front matter is not closed by a line '---'");
    }
    String yaml = normalized.substring(4, end + 1);
    int breakAt = lineBreakOtherThanLf(yaml);
    if (breakAt >= 0) {
      // YAML would start a new line there while this parser does not: refuse rather than disagree
      throw new ArticleFormatException(source, String.format(
          "front matter line %d has a control character U+%04X (lines end with LF or CRLF only)",
          yaml.substring(0, breakAt).chars().filter(c -> c == '\n').count() + 2, (int) yaml.charAt(breakAt)));
    }
    int bodyStart = normalized.indexOf('\n', end + 4);
    String body = bodyStart < 0 ? "" : normalized.substring(bodyStart + 1).replace('\r', '\n').strip();
    JsonNode meta;
    try {
      meta = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new ArticleFormatException(source, "front matter is not valid YAML: " + firstLine(e.getMessage()));
    }
    if (meta == null || !meta.isObject()) {
      throw new ArticleFormatException(source, "front matter must be a YAML mapping");
    }
    String id = required(source, meta, "id");
    if (!ID.matcher(id).matches()) {
      throw new ArticleFormatException(source, "id '" + id + "' may only contain letters, digits, '.', '_' and '-'");
    }
    String lang = required(source, meta, "lang");
    if (!LANGS.contains(lang)) {
      throw new ArticleFormatException(source, "lang must be en or es, not '" + lang + "'");
    }
    String title = required(source, meta, "title");
    String visibility = text(meta, "visibility", "public");
    if (!VISIBILITIES.contains(visibility)) {
      throw new ArticleFormatException(source, "visibility must be public or employees, not '" + visibility + "'");
    }
    LocalDate updated = null;
    String updatedText = text(meta, "updated", null);
    if (updatedText != null) {
      try {
        updated = LocalDate.parse(updatedText);
      } catch (DateTimeParseException e) {
        throw new ArticleFormatException(source, "updated must be a date like 2026-10-15, not '" + updatedText + "'");
      }
    }
    if (body.isBlank()) {
      throw new ArticleFormatException(source, "the article has no body after the front matter");
    }
    return new Article(id, text(meta, "topic", id), lang, title, text(meta, "department", ""),
        list(source, meta, "tags"), list(source, meta, "questions"), updated, visibility, body);
  }

  /** Where {@code yaml} has a control character other than LF and tab (a lone CR, NEL, U+2028...), or -1. */
  private static int lineBreakOtherThanLf(String yaml) {
    for (int i = 0; i < yaml.length(); i++) {
      char c = yaml.charAt(i);
      if (c != '\n' && c != '\t' && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
        return i;
      }
    }
    return -1;
  }

  private static String required(String source, JsonNode meta, String key) {
    String value = text(meta, key, null);
    if (value == null || value.isBlank()) {
      throw new ArticleFormatException(source, "front matter lacks '" + key + "'");
    }
    return value.strip();
  }

  private static String text(JsonNode meta, String key, String fallback) {
    JsonNode node = meta.get(key);
    return node == null || node.isNull() ? fallback : node.asText().strip();
  }

  private static List<String> list(String source, JsonNode meta, String key) {
    JsonNode node = meta.get(key);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText().strip());
    }
    if (!node.isArray()) {
      throw new ArticleFormatException(source, "'" + key + "' must be a list");
    }
    List<String> values = new ArrayList<>();
    node.forEach(v -> {
      if (!v.isValueNode()) {
        throw new ArticleFormatException(source, "'" + key + "' must be a list of strings");
      }
      if (!v.asText().isBlank()) {
        values.add(v.asText().strip());
      }
    });
    return values;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
