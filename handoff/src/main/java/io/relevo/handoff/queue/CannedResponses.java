package io.relevo.handoff.queue;

import io.relevo.texts.Lang;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.relevo.core.config.ConfigException;

/**
 * Prepared answers agents insert and adapt, each in Spanish and English, searchable regardless of
 * accents and case. Read once; immutable and thread-safe.
 */
public final class CannedResponses {

  /** One prepared answer in one language. */
  public record Canned(String id, String title, String text) {
  }

  private record Entry(String id, String titleEn, String titleEs, String textEn, String textEs) {
  }

  private final List<Entry> entries;

  private CannedResponses(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The shipped set, or {@code file} when given. */
  public static CannedResponses load(Path file) {
    try (InputStream in = file == null ? CannedResponses.class.getResourceAsStream("canned.yaml")
        : Files.newInputStream(file)) {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      List<Entry> list = new ArrayList<>();
      for (JsonNode r : root.path("responses")) {
        Entry e = new Entry(r.path("id").asText(), r.path("title").path("en").asText(), r.path("title").path("es").asText(),
            r.path("text").path("en").asText(), r.path("text").path("es").asText());
        if (e.id().isEmpty() || e.textEn().isEmpty() || e.textEs().isEmpty()) {
          throw new ConfigException("handoff.cannedFile", "every response needs an id and a text in en and es");
        }
        list.add(e);
      }
      return new CannedResponses(list);
    } catch (IOException e) {
      throw new ConfigException("handoff.cannedFile", "cannot read canned responses: " + e.getMessage());
    }
  }

  /** Responses in {@code lang} whose title or text contains every word of {@code query}. */
  public List<Canned> search(String query, String lang) {
    boolean es = Lang.of(lang).isSpanish();
    String[] words = fold(query == null ? "" : query).split("\\s+");
    List<Canned> out = new ArrayList<>();
    for (Entry e : entries) {
      String title = es ? e.titleEs() : e.titleEn();
      String text = es ? e.textEs() : e.textEn();
      String hay = fold(title + " " + text);
      boolean all = true;
      for (String w : words) {
        if (!w.isEmpty() && !hay.contains(w)) {
          all = false;
          break;
        }
      }
      if (all) {
        out.add(new Canned(e.id(), title, text));
      }
    }
    return out;
  }

  static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
  }
}
