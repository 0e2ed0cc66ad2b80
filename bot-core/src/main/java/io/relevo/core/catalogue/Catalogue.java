package io.relevo.core.catalogue;

import io.relevo.texts.Texts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.relevo.core.dialogue.TextFold;
import io.relevo.core.dialogue.flows.Flow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The service catalogue: every flow that declares a {@code catalogue} listing, by department
 * (IT, HR, facilities, general, in that order), with its title and description in Spanish and
 * English and whether it needs an approval. What "what can I request?" shows in the chat and
 * {@code GET /api/v1/catalogue} returns; a request starts in the chat with the item's
 * {@link #START} payload. Immutable and thread-safe.
 */
public final class Catalogue {

  /** The payload that starts an item's request in a conversation (the form's start button). */
  public static final String START = "form.start:";
  private static final List<String> ORDER = List.of("it", "hr", "facilities", "general");

  /** One item. */
  public record Item(String id, String department, Map<String, String> title, Map<String, String> description,
      boolean approval, String kind) {

    public String payload() {
      return START + id;
    }
  }

  private final List<Item> items;

  /** @param flows in preference order, as {@code Flows.load} returns them */
  public Catalogue(java.util.Collection<Flow> flows) {
    List<Item> all = new ArrayList<>();
    for (Flow f : flows) {
      if (f.catalogue() != null) {
        all.add(new Item(f.intent(), f.department(), f.catalogue().title(), f.catalogue().description(),
            f.needsApproval(), f.ticketKind()));
      }
    }
    all.sort((a, b) -> Integer.compare(rank(a.department()), rank(b.department())));
    this.items = List.copyOf(all);
  }

  private static int rank(String department) {
    int i = ORDER.indexOf(department);
    return i < 0 ? ORDER.size() : i;
  }

  public List<Item> items() {
    return items;
  }

  /**
   * The items whose title or description, in either language, contains every word of {@code query}
   * (ignoring case and accents); all for an empty query.
   */
  public List<Item> search(String query) {
    String[] words = TextFold.words(query).split(" ");
    if (query == null || TextFold.words(query).isEmpty()) {
      return items;
    }
    return items.stream().filter(item -> {
      String text = TextFold.words(String.join(" ", item.title().values()) + " " + String.join(" ", item.description().values())
          + " " + item.id().replace('_', ' '));
      return Arrays.stream(words).allMatch(w -> (" " + text + " ").contains(" " + w) );
    }).toList();
  }

  /** The items by department, in order. */
  public Map<String, List<Item>> byDepartment(List<Item> of) {
    Map<String, List<Item>> out = new LinkedHashMap<>();
    for (Item i : of) {
      out.computeIfAbsent(i.department(), d -> new ArrayList<>()).add(i);
    }
    return out;
  }

  /** The catalogue (or a search's items) as the API returns it, in {@code lang}. */
  public JsonObject json(String lang, List<Item> of) {
    String l = io.relevo.texts.Lang.of(lang).tag();
    JsonArray departments = new JsonArray();
    byDepartment(of).forEach((department, list) -> {
      JsonArray items = new JsonArray();
      for (Item i : list) {
        items.add(new JsonObject().put("id", i.id()).put("title", i.title().get(l)).put("description", i.description().get(l))
            .put("kind", i.kind()).put("approval", i.approval()).put("payload", i.payload()));
      }
      departments.add(new JsonObject().put("id", department).put("name", departmentName(l, department)).put("items", items));
    });
    return new JsonObject().put("lang", l).put("departments", departments);
  }

  /** A department's name in {@code lang}. */
  public static String departmentName(String lang, String department) {
    return Texts.get(lang, "catalogue.department." + department);
  }
}
