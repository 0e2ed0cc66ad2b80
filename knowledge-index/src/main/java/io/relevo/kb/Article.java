package io.relevo.kb;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One help article in one language. Immutable; lists are copied.
 *
 * @param id          unique id, also the last segment of {@link #url()}
 * @param topic       links the language versions of one subject (may equal {@code id})
 * @param lang        {@code en} or {@code es}
 * @param questions   alternative phrasings of the question the article answers (may be empty)
 * @param updated     last update, or null when unknown
 * @param visibility  {@code public} or {@code employees}
 * @param body        Markdown body: a summary paragraph, then {@code ##} sections
 */
public record Article(String id, String topic, String lang, String title, String department,
                      List<String> tags, List<String> questions, LocalDate updated,
                      String visibility, String body) {

  public Article {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(lang, "lang");
    topic = topic == null || topic.isBlank() ? id : topic;
    title = title == null ? "" : title;
    department = department == null ? "" : department;
    tags = tags == null ? List.of() : List.copyOf(tags);
    questions = questions == null ? List.of() : List.copyOf(questions);
    visibility = visibility == null || visibility.isBlank() ? "public" : visibility;
    body = body == null ? "" : body;
  }

  /** A minimal article, as found in FAQ exports: no topic, tags or questions. */
  public static Article of(String id, String lang, String title, String body) {
    return new Article(id, id, lang, title, "", List.of(), List.of(), null, "public", body);
  }

  /** Where the web app serves this article. */
  public String url() {
    return "/kb/" + id;
  }
}
