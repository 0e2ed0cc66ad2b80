package io.relevo.kb.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalKbTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return EvalKb.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsUsageAndExitsWithTwoOnBadArguments() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("--articles")).isEqualTo(2);
    assertThat(run("--queries", "q.jsonl")).isEqualTo(2);
    assertThat(run("--articles", "a.jsonl", "--queries", "q.jsonl", "--frobnicate")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: eval-kb");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void reportsMetricsBaselineAndBandsWithJsonLast(@TempDir Path dir) throws Exception {
    Path articles = dir.resolve("articles.jsonl");
    Files.write(articles, List.of(
        "{\"id\":\"a1\",\"lang\":\"en\",\"title\":\"Delete my account\",\"body\":\"Go to settings and choose Delete account.\"}",
        "{\"id\":\"a2\",\"lang\":\"en\",\"title\":\"Change the font colour\",\"body\":\"Select the text and pick a colour.\"}",
        "{\"id\":\"a3\",\"lang\":\"en\",\"title\":\"Export contacts\",\"body\":\"Open contacts, then Export as CSV.\"}"));
    Path queries = dir.resolve("queries.jsonl");
    Files.write(queries, List.of(
        "{\"text\":\"how can I remove my account\",\"relevant\":[\"a1\"]}",
        "{\"text\":\"make text red\",\"relevant\":[\"a2\"]}",
        "{\"text\":\"download my address book\",\"relevant\":[\"a3\"]}"));
    assertThat(run("--articles", articles.toString(), "--queries", queries.toString(), "--bands")).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(String.join("\n", lines)).contains("baseline BM25").contains("bands, answer left out");
    JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
    for (String key : List.of("p1", "recall5", "mrr10", "latencyP50Ms", "latencyP99Ms", "baselineP1", "baselineMrr10")) {
      assertThat(summary.has(key)).as(key).isTrue();
    }
    assertThat(summary.get("p1").asDouble()).isEqualTo(1.0);
  }

  @Test
  void failsWithAMessageForAMissingFile(@TempDir Path dir) {
    assertThat(run("--articles", dir.resolve("none.jsonl").toString(), "--queries", "q.jsonl")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("none.jsonl");
  }
}
