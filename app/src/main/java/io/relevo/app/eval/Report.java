package io.relevo.app.eval;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * Prints a run's results: per language and overall, the metrics of {@link Tally} on the chosen split
 * (and, for the whole set, on dev and holdout separately), the confusion table of outcome types, the
 * misses when asked, and one JSON object. Stateless.
 */
final class Report {

  static final List<String> GROUPS = List.of("en", "es", "all");

  private Report() {
  }

  /** The tallies of {@code results} by language and overall ("en", "es", "all"), for lines of {@code split} ("all": every line). */
  static Map<String, Tally> tally(List<DialogueRunner.Result> results, String split) {
    Map<String, Tally> out = new LinkedHashMap<>();
    GROUPS.forEach(g -> out.put(g, new Tally()));
    for (DialogueRunner.Result r : results) {
      if (split.equals("all") || r.line().split().equals(split)) {
        out.get(r.line().lang()).add(r.line().expected(), r.got());
        out.get("all").add(r.line().expected(), r.got());
      }
    }
    return out;
  }

  static void table(PrintStream out, String title, Map<String, Tally> t) {
    out.println();
    out.println(title);
    out.println("          n    P@1  P@1 ans  reach  reach all  wrong-conf (article)  forms on q  honest dk");
    for (String g : GROUPS) {
      Tally x = t.get(g);
      if (x.n() == 0) {
        continue;
      }
      out.printf(Locale.ROOT, "  %-3s %5d  %s    %s  %s      %s       %s   (%s)       %s      %s%n", g, x.n(), Tally.show(x.p1()),
          Tally.show(x.p1Answers()), Tally.show(x.reach()), Tally.show(x.reachAll()), Tally.show(x.wrongConfident()),
          Tally.show(x.wrongArticleShare()), Tally.show(x.formsOnQuestions()), Tally.show(x.honestDontKnow()));
    }
  }

  static void confusion(PrintStream out, String lang, Tally t) {
    out.println();
    out.println("confusion, " + lang + " (rows: expected, columns: got)");
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-10s", ""));
    for (Outcome.Type g : Outcome.Type.values()) {
      head.append(String.format(Locale.ROOT, "%10s", g.label()));
    }
    out.println(head);
    for (Outcome.Type e : Outcome.Type.values()) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-10s", e.label()));
      int sum = 0;
      for (Outcome.Type g : Outcome.Type.values()) {
        row.append(String.format(Locale.ROOT, "%10d", t.confusion(e, g)));
        sum += t.confusion(e, g);
      }
      if (sum > 0) {
        out.println(row);
      }
    }
  }

  /**
   * Whether a line's own outcome may be listed: with {@code --split all} only dev lines, so that a run
   * of the whole set never shows the holdout lines one must not tune on; {@code --split holdout} asks for them.
   */
  static boolean listed(DialogueSet.Line line, String split) {
    return line.split().equals(split.equals("all") ? "dev" : split);
  }

  /** Up to {@code max} misses per language: listed lines whose outcome is not exactly the expected one. */
  static void misses(PrintStream out, List<DialogueRunner.Result> results, String split, int max) {
    for (String lang : List.of("en", "es")) {
      List<DialogueRunner.Result> misses = results.stream()
          .filter(r -> r.line().lang().equals(lang) && listed(r.line(), split))
          .filter(r -> !Tally.exact(r.line().expected(), r.got())).toList();
      if (misses.isEmpty()) {
        continue;
      }
      out.println();
      out.printf(Locale.ROOT, "misses, %s, %s lines (%d of %d shown)%n", lang, split.equals("all") ? "dev" : split,
          Math.min(max, misses.size()), misses.size());
      for (DialogueRunner.Result r : misses.subList(0, Math.min(max, misses.size()))) {
        out.printf(Locale.ROOT, "  %-8s expected %-28s got %s%n", r.line().id(), r.line().expected(), r.got().describe());
        out.println("           said:  " + r.line().text());
        out.println("           reply: " + first(r.got().reply(), 80));
      }
    }
  }

  /** Every listed line's outcome ({@link #listed}) as TSV with a header, in the set's order. */
  static void write(java.nio.file.Path file, List<DialogueRunner.Result> results, String split) throws java.io.IOException {
    StringBuilder out = new StringBuilder("id\tlang\tsplit\texpected\tgot\texact\treached\treply\n");
    for (DialogueRunner.Result r : results) {
      DialogueSet.Line l = r.line();
      if (!listed(l, split)) {
        continue;
      }
      out.append(String.join("\t", l.id(), l.lang(), l.split(), l.expected().toString(), r.got().describe(),
          Boolean.toString(Tally.exact(l.expected(), r.got())), Boolean.toString(Tally.reached(l.expected(), r.got())),
          first(r.got().reply(), 200))).append('\n');
    }
    java.nio.file.Files.writeString(file, out, java.nio.charset.StandardCharsets.UTF_8);
  }

  static String first(String text, int chars) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= chars ? flat : flat.substring(0, chars) + "…";
  }

  /** The metrics of each group, as the JSON's {@code en}, {@code es} and {@code all}. */
  static JsonObject json(Map<String, Tally> t) {
    JsonObject o = new JsonObject();
    t.forEach((g, x) -> o.put(g, x.toJson()));
    return o;
  }
}
