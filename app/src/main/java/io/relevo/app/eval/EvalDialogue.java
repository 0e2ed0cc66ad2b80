package io.relevo.app.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code eval-dialogue}: measures what a person gets from the whole bot. Starts a real Relevo in this
 * process ({@link DialogueRunner}), sends each labelled message of the set in a fresh conversation,
 * classifies the first reply turn ({@link OutcomeClassifier}) and prints, per language and overall,
 * P@1, reach, wrong-confident, forms started on questions, honest don't-know on uncovered and a
 * confusion table of outcome types ({@link Tally}). The last output line is one JSON object.
 * Not thread-safe (a command-line tool).
 */
public final class EvalDialogue {

  static final String USAGE = String.join("\n",
      "usage: eval-dialogue --set FILE [--set FILE ...] [--split dev|holdout|all] [--show-misses N] [--threads K]",
      "                     [--results FILE]",
      "  FILE: UTF-8, tab-separated, header id<TAB>lang<TAB>split<TAB>expected<TAB>text (see the README)",
      "  --split        which lines to send (default all; with all, dev and holdout are also reported apart)",
      "  --show-misses  list up to N misses per language (id, expected, got, the text, the reply's start)",
      "                 of the dev lines (with --split all) or of the split chosen",
      "  --threads      conversations at once (default 4)",
      "  --results      also write each line's outcome to FILE (TSV: id, lang, split, expected, got, exact, reached,",
      "                 the reply's first 200 characters), to compare runs; the same lines as --show-misses",
      "  Relevo runs in this process with the RELEVO_* settings of the environment, on an embedded Redis in a",
      "  temporary directory (deleted at the end), a free port on 127.0.0.1 and no agent signed in.");

  /** The parsed command line. */
  record Options(List<Path> sets, String split, int showMisses, int threads, Path results) {
  }

  private EvalDialogue() {
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  /** As {@link #run(String[], PrintStream, PrintStream)}, with Relevo's settings from {@code env} ({@code RELEVO_*}). */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("eval-dialogue: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    List<DialogueSet.Line> lines;
    try {
      lines = DialogueSet.load(options.sets());
    } catch (IllegalArgumentException e) {
      err.println("eval-dialogue: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("eval-dialogue: cannot read " + e.getMessage());
      return 2;
    }
    List<DialogueSet.Line> chosen = lines.stream()
        .filter(l -> options.split().equals("all") || l.split().equals(options.split())).toList();
    if (chosen.isEmpty()) {
      err.println("eval-dialogue: no line of split " + options.split() + " in the set");
      return 2;
    }
    out.printf(Locale.ROOT, "eval-dialogue: %d messages (en %d, es %d) of split %s from %s; %d thread(s)%n", chosen.size(),
        chosen.stream().filter(l -> l.lang().equals("en")).count(), chosen.stream().filter(l -> l.lang().equals("es")).count(),
        options.split(), String.join(", ", options.sets().stream().map(Path::toString).toList()), options.threads());
    long t0 = System.nanoTime();
    List<DialogueRunner.Result> results;
    try (DialogueRunner runner = DialogueRunner.start(env)) {
      double startSeconds = (System.nanoTime() - t0) / 1e9;
      out.printf(Locale.ROOT, "Relevo started in %.1f s (%d articles, %d flows; embedded Redis, no agent signed in)%n",
          startSeconds, runner.topics().size(), runner.flows().size());
      unknownLabels(out, chosen, runner);
      long t1 = System.nanoTime();
      results = runner.run(chosen, options.threads(), err);
      double seconds = (System.nanoTime() - t1) / 1e9;
      return report(out, err, options, results, seconds);
    } catch (IOException | RuntimeException e) {
      err.println("eval-dialogue: could not run Relevo: " + e.getMessage());
      return 1;
    }
  }

  static Options parse(String[] args) {
    List<Path> sets = new ArrayList<>();
    String split = "all";
    int misses = 0;
    int threads = 4;
    Path results = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!Set.of("--set", "--split", "--show-misses", "--threads", "--results").contains(a)) {
        throw new IllegalArgumentException("unknown argument " + a);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--set" -> sets.add(Path.of(v));
        case "--split" -> {
          if (!Set.of("dev", "holdout", "all").contains(v)) {
            throw new IllegalArgumentException("--split must be dev, holdout or all");
          }
          split = v;
        }
        case "--show-misses" -> misses = number(a, v, 0, 100_000);
        case "--results" -> results = Path.of(v);
        default -> threads = number(a, v, 1, 64);
      }
    }
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("at least one --set FILE is needed");
    }
    return new Options(List.copyOf(sets), split, misses, threads, results);
  }

  private static int number(String option, String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max);
  }

  /** Labels naming a topic or flow the running bot does not have: a typo in the set, or content not there yet. */
  private static void unknownLabels(PrintStream out, List<DialogueSet.Line> lines, DialogueRunner runner) {
    Set<String> topics = new TreeSet<>(runner.topics().values());
    Set<String> flowIds = new TreeSet<>();
    runner.flows().values().forEach(f -> flowIds.add(f.id()));
    Set<String> unknown = new TreeSet<>();
    for (DialogueSet.Line l : lines) {
      Expected e = l.expected();
      if (e.type() == Outcome.Type.ANSWER && !topics.contains(e.detail())
          || e.type() == Outcome.Type.FORM && !flowIds.contains(e.detail())) {
        unknown.add(e.toString());
      }
    }
    if (!unknown.isEmpty()) {
      out.println("warning: the running bot has no " + String.join(", ", unknown) + " (these lines cannot score)");
    }
  }

  private static int report(PrintStream out, PrintStream err, Options options, List<DialogueRunner.Result> results,
      double seconds) {
    long errors = results.stream().filter(r -> r.error() != null).count();
    out.printf(Locale.ROOT, "sent %d messages in %.1f s: %.1f messages/s%n", results.size(), seconds,
        results.size() / Math.max(seconds, 1e-9));
    Map<String, Tally> chosen = Report.tally(results, options.split());
    Report.table(out, "== split " + options.split() + " ==", chosen);
    JsonObject json = new JsonObject()
        .put("set", new JsonArray(options.sets().stream().map(Path::toString).toList()))
        .put("split", options.split())
        .mergeIn(Report.json(chosen));
    if (options.split().equals("all")) {
      for (String split : List.of("dev", "holdout")) {
        Map<String, Tally> t = Report.tally(results, split);
        Report.table(out, "== split " + split + " ==", t);
        json.put(split, Report.json(t));
      }
    }
    for (String g : Report.GROUPS) {
      if (chosen.get(g).n() > 0) {
        Report.confusion(out, g, chosen.get(g));
      }
    }
    if (options.showMisses() > 0) {
      Report.misses(out, results, options.split(), options.showMisses());
    }
    boolean written = true;
    if (options.results() != null) {
      try {
        Report.write(options.results(), results, options.split());
      } catch (IOException e) {
        err.println("eval-dialogue: could not write " + options.results() + ": " + e.getMessage());
        written = false;
      }
    }
    if (errors > 0) {
      err.println("eval-dialogue: " + errors + " message(s) failed at the API; they count as 'other'. First: "
          + results.stream().filter(r -> r.error() != null).findFirst().orElseThrow().error());
    }
    json.put("messages", results.size()).put("errors", errors).put("threads", options.threads())
        .put("seconds", Math.round(seconds * 10) / 10.0)
        .put("messagesPerSecond", Math.round(results.size() / Math.max(seconds, 1e-9) * 10) / 10.0);
    out.println();
    out.println(json.encode());
    return errors > 0 || !written ? 1 : 0;
  }
}
