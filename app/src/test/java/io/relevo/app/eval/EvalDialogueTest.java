package io.relevo.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * {@code eval-dialogue} end to end on a small sample, against the real app it starts. Checks the
 * report's shape and that its counts add up; never the bot's quality (it changes as the bot does).
 */
class EvalDialogueTest {

  private static final Path SAMPLE = Path.of("src/test/resources/eval/sample.tsv");

  @Test
  void runsEveryMessageThroughTheRealBotAndReportsCountsThatAddUp() throws Exception {
    List<DialogueSet.Line> lines = DialogueSet.load(List.of(SAMPLE));
    Set<Path> tempBefore = evalDirs();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    Path perLine = Files.createTempFile("eval-dialogue-results", ".tsv");
    int code = EvalDialogue.run(new String[] {"--set", SAMPLE.toString(), "--show-misses", "3", "--threads", "2",
        "--results", perLine.toString()}, Map.of(),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    String stdout = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> printed = stdout.strip().lines().toList();
    JsonObject json = new JsonObject(printed.get(printed.size() - 1));
    assertThat(json.getJsonArray("set").getList()).containsExactly(SAMPLE.toString());
    assertThat(json.getString("split")).isEqualTo("all");
    assertThat(json.getInteger("messages")).isEqualTo(lines.size());
    assertThat(json.getInteger("errors")).isZero();

    long en = lines.stream().filter(l -> l.lang().equals("en")).count();
    assertThat(json.getJsonObject("en").getInteger("n")).isEqualTo((int) en);
    assertThat(json.getJsonObject("es").getInteger("n")).isEqualTo(lines.size() - (int) en);
    assertThat(json.getJsonObject("all").getInteger("n")).isEqualTo(lines.size());
    long dev = lines.stream().filter(l -> l.split().equals("dev")).count();
    assertThat(json.getJsonObject("dev").getJsonObject("all").getInteger("n")).isEqualTo((int) dev);
    assertThat(json.getJsonObject("holdout").getJsonObject("all").getInteger("n")).isEqualTo(lines.size() - (int) dev);

    for (String group : List.of("en", "es", "all")) {
      JsonObject g = json.getJsonObject(group);
      for (String metric : List.of("p1", "p1Answers", "reach", "wrongConfident", "formsOnQuestions", "honestDontKnow")) {
        assertThat(g.getDouble(metric)).as(group + " " + metric).isBetween(0.0, 1.0);
      }
      JsonObject confusion = g.getJsonObject("confusion");
      int total = 0;
      for (String expected : confusion.fieldNames()) {
        int row = confusion.getJsonObject(expected).stream().mapToInt(e -> (Integer) e.getValue()).sum();
        long labelled = lines.stream().filter(l -> group.equals("all") || l.lang().equals(group))
            .filter(l -> l.expected().type().label().equals(expected)).count();
        assertThat(row).as(group + " row " + expected).isEqualTo((int) labelled);
        total += row;
      }
      assertThat(total).isEqualTo(g.getInteger("n"));
      JsonObject counts = g.getJsonObject("counts");
      assertThat(counts.getInteger("scored") + counts.getInteger("dontKnow")).isEqualTo(g.getInteger("n"));
      assertThat(counts.getInteger("exactAnswers")).isLessThanOrEqualTo(counts.getInteger("reached"));
      assertThat(counts.getInteger("exact")).isLessThanOrEqualTo(counts.getInteger("scored"));
      assertThat(counts.getInteger("honestDontKnow")).isLessThanOrEqualTo(counts.getInteger("dontKnow"));
      assertThat(counts.getInteger("answers")).isEqualTo((int) lines.stream()
          .filter(l -> group.equals("all") || l.lang().equals(group))
          .filter(l -> l.expected().type() == Outcome.Type.ANSWER).count());
    }
    assertThat(stdout).contains("== split all ==", "== split dev ==", "== split holdout ==", "confusion, en", "messages/s");
    assertThat(evalDirs()).as("the temporary data directory is deleted").isSubsetOf(tempBefore);

    List<String> rows = Files.readAllLines(perLine);
    Files.delete(perLine);
    assertThat(rows.get(0)).isEqualTo("id\tlang\tsplit\texpected\tgot\texact\treached\treply");
    // a run of the whole set lists the dev lines only: the holdout is never shown line by line
    assertThat(rows.subList(1, rows.size())).extracting(r -> r.split("\t")[0])
        .containsExactlyElementsOf(lines.stream().filter(l -> l.split().equals("dev")).map(DialogueSet.Line::id).toList());
    long exactRows = rows.stream().skip(1).filter(r -> r.split("\t")[5].equals("true")).count();
    JsonObject counts = json.getJsonObject("dev").getJsonObject("all").getJsonObject("counts");
    assertThat(exactRows).isEqualTo(counts.getInteger("exact") + counts.getInteger("honestDontKnow"));
  }

  @Test
  void aBadSetStopsBeforeRelevoStarts() throws Exception {
    Path bad = Files.createTempFile("eval-dialogue-bad", ".tsv");
    try {
      Files.writeString(bad, "id\tlang\tsplit\texpected\ttext\nen-1\ten\tdev\tanswer\thi\n");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = EvalDialogue.run(new String[] {"--set", bad.toString()}, Map.of(), new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains(":2:", "answer");
      assertThat(EvalDialogue.run(new String[] {"--split", "test"}, Map.of(), new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    } finally {
      Files.deleteIfExists(bad);
    }
  }

  private static Set<Path> evalDirs() throws Exception {
    try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return all.filter(p -> p.getFileName().toString().startsWith("relevo-eval-dialogue-")).collect(Collectors.toSet());
    }
  }
}
