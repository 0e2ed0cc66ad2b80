package io.relevo.kb;

import java.util.ArrayList;
import java.util.List;

/** Splits an article body into passages: the summary, then each section, long ones by paragraph. */
final class Passages {

  static final int MAX_WORDS = 150;
  static final int MAX_PASSAGES = 16;

  private Passages() {
  }

  static List<String> split(String body) {
    List<String> sections = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inFence = false;
    for (String line : body.split("\n", -1)) {
      if (line.startsWith("```")) {
        inFence = !inFence;
      }
      if (!inFence && line.matches("#{1,3} .*") && current.toString().strip().length() > 0) {
        sections.add(current.toString().strip());
        current.setLength(0);
      }
      current.append(line).append('\n');
    }
    if (!current.toString().isBlank()) {
      sections.add(current.toString().strip());
    }
    List<String> passages = new ArrayList<>();
    for (String section : sections) {
      if (words(section) <= MAX_WORDS) {
        passages.add(section);
        continue;
      }
      StringBuilder group = new StringBuilder();
      for (String paragraph : section.split("\n\\s*\n")) {
        if (group.length() > 0 && words(group) + words(paragraph) > MAX_WORDS) {
          passages.add(group.toString().strip());
          group.setLength(0);
        }
        group.append(paragraph.strip()).append("\n\n");
      }
      if (!group.toString().isBlank()) {
        passages.add(group.toString().strip());
      }
    }
    if (passages.size() > MAX_PASSAGES) {
      List<String> head = new ArrayList<>(passages.subList(0, MAX_PASSAGES - 1));
      head.add(String.join("\n\n", passages.subList(MAX_PASSAGES - 1, passages.size())));
      return head;
    }
    return passages;
  }

  static int words(CharSequence text) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean letter = !Character.isWhitespace(text.charAt(i));
      if (letter && !inWord) {
        count++;
      }
      inWord = letter;
    }
    return count;
  }

  /** Markdown markup removed, for embedding. */
  static String plain(String markdown) {
    return markdown.replaceAll("(?m)^#{1,6}\\s*", "")
        .replaceAll("[*_`>|]+", " ")
        .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
        .replaceAll("\\s+", " ")
        .strip();
  }
}
