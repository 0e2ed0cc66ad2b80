package io.relevo.kb;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an article body into sections (the lead, then each heading with its content) and into passages for
 * embedding: each section, long ones by paragraph. Stateless.
 */
final class Passages {

  static final int MAX_WORDS = 150;
  static final int MAX_PASSAGES = 16;

  private Passages() {
  }

  /**
   * The body's passages for embedding, with the section each comes from.
   *
   * @param sections  the body's sections (lead first when there is one), Markdown as written
   * @param passages  the embedding passages
   * @param sectionOf for each passage, the index in {@code sections} it starts in
   */
  record Split(List<String> sections, List<String> passages, int[] sectionOf) {
  }

  static List<String> split(String body) {
    return splitWithSections(body).passages();
  }

  /** The body's sections: the text before the first heading, then each heading (levels 1 to 3) with its content. */
  static List<String> sections(String body) {
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
    return sections;
  }

  static Split splitWithSections(String body) {
    List<String> sections = sections(body);
    List<String> passages = new ArrayList<>();
    List<Integer> sectionOf = new ArrayList<>();
    for (int s = 0; s < sections.size(); s++) {
      String section = sections.get(s);
      if (words(section) <= MAX_WORDS) {
        passages.add(section);
        sectionOf.add(s);
        continue;
      }
      StringBuilder group = new StringBuilder();
      for (String paragraph : section.split("\n\\s*\n")) {
        if (group.length() > 0 && words(group) + words(paragraph) > MAX_WORDS) {
          passages.add(group.toString().strip());
          sectionOf.add(s);
          group.setLength(0);
        }
        group.append(paragraph.strip()).append("\n\n");
      }
      if (!group.toString().isBlank()) {
        passages.add(group.toString().strip());
        sectionOf.add(s);
      }
    }
    if (passages.size() > MAX_PASSAGES) {
      List<String> head = new ArrayList<>(passages.subList(0, MAX_PASSAGES - 1));
      head.add(String.join("\n\n", passages.subList(MAX_PASSAGES - 1, passages.size())));
      passages = head;
      sectionOf = sectionOf.subList(0, MAX_PASSAGES);
    }
    return new Split(List.copyOf(sections), List.copyOf(passages),
        sectionOf.stream().mapToInt(Integer::intValue).toArray());
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
