package io.relevo.app.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an evaluation set: UTF-8, tab-separated, the header {@code id lang split expected text},
 * one message per line (blank lines and lines starting with {@code #} are skipped). Every line is
 * checked; the first bad one throws {@link IllegalArgumentException} naming the file and line.
 * Stateless.
 */
final class DialogueSet {

  static final List<String> HEADER = List.of("id", "lang", "split", "expected", "text");

  /** One labelled message. Immutable. */
  public record Line(String id, String lang, String split, Expected expected, String text) {
  }

  private DialogueSet() {
  }

  /** The lines of every file, in order; ids must be unique across all of them. */
  public static List<Line> load(List<Path> files) throws IOException {
    List<Line> all = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Path f : files) {
      for (Line line : parse(f.toString(), Files.readString(f, StandardCharsets.UTF_8))) {
        if (!ids.add(line.id())) {
          throw new IllegalArgumentException(f + ": id " + line.id() + " appears twice in the set");
        }
        all.add(line);
      }
    }
    return all;
  }

  /** Parses one file's text; {@code source} names it in errors. */
  public static List<Line> parse(String source, String text) {
    String[] rows = text.replace("\r\n", "\n").split("\n", -1);
    int first = 0;
    while (first < rows.length && skipped(rows[first])) {
      first++;
    }
    if (first == rows.length) {
      throw new IllegalArgumentException(source + ": empty, no header");
    }
    List<String> header = List.of(rows[first].replace("\uFEFF", "").strip().split("\t"));
    if (!header.equals(HEADER)) {
      throw new IllegalArgumentException(source + ": the header must be " + String.join("<TAB>", HEADER)
          + ", found " + String.join("<TAB>", header));
    }
    List<Line> out = new ArrayList<>();
    for (int i = first + 1; i < rows.length; i++) {
      if (skipped(rows[i])) {
        continue;
      }
      String[] cols = rows[i].split("\t", -1);
      String where = source + ":" + (i + 1) + ": ";
      if (cols.length != HEADER.size()) {
        throw new IllegalArgumentException(where + cols.length + " columns, expected 5 (a tab inside the text?)");
      }
      String id = cols[0].strip();
      String lang = cols[1].strip();
      String split = cols[2].strip();
      String message = cols[4].strip();
      if (id.isEmpty()) {
        throw new IllegalArgumentException(where + "no id");
      }
      if (!lang.equals("es") && !lang.equals("en")) {
        throw new IllegalArgumentException(where + "lang must be es or en, found '" + lang + "'");
      }
      if (!split.equals("dev") && !split.equals("holdout")) {
        throw new IllegalArgumentException(where + "split must be dev or holdout, found '" + split + "'");
      }
      if (message.isEmpty()) {
        throw new IllegalArgumentException(where + "no text");
      }
      Expected expected;
      try {
        expected = Expected.parse(cols[3]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage());
      }
      out.add(new Line(id, lang, split, expected, message));
    }
    return out;
  }

  private static boolean skipped(String row) {
    return row.isBlank() || row.startsWith("#");
  }
}
