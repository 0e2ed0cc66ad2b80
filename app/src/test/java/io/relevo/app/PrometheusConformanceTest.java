package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * A real scrape of {@code /metrics}, after some traffic, with the default settings: small enough to
 * scrape often, and what Prometheus's own linter ({@code promtool check metrics}) accepts.
 */
class PrometheusConformanceTest {

  static final int MAX_SCRAPE_BYTES = 150 * 1024;

  private static EmbeddedRedis redis;
  private static Relevo relevo;
  private static String scrape;

  @BeforeAll
  static void startAndScrape() throws IOException {
    redis = TestRedis.dedicated();
    relevo = TestServers.start(Map.of("REDIS_URL", redis.uri()));
    Api api = new Api(relevo.port());
    Api.Conversation helped = api.create("en");
    api.say(helped, "how do I connect to the VPN from home?", null);
    api.post("/api/v1/conversations/" + helped.id() + "/messages",
        new JsonObject().put("text", "Yes, it helped").put("payload", "kb.helped:en-it-vpn-connect").encode(), helped.token());
    api.post("/api/v1/conversations/" + helped.id() + "/messages",
        new JsonObject().put("text", "5").put("payload", "csat:5").encode(), helped.token());
    Api.Conversation person = api.create("es");
    api.say(person, "quiero hablar con una persona", null);
    Api.Conversation unanswered = api.create("en");
    api.say(unanswered, "how do I configure the quantum flux capacitor?", null);
    api.transcript(helped);
    Api.Response r = api.get("/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    scrape = r.body();
    Path saved = Path.of("target", "metrics-scrape.txt");
    Files.createDirectories(saved.getParent());
    Files.writeString(saved, scrape);
  }

  @AfterAll
  static void stop() {
    if (relevo != null) {
      relevo.stop();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void defaultScrapeIsUnder150Kilobytes() {
    assertThat(scrape.getBytes(StandardCharsets.UTF_8).length).isLessThan(MAX_SCRAPE_BYTES);
  }

  @Test
  void everyFamilyHasHelpAndCountersEndInTotal() {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    for (String line : scrape.lines().toList()) {
      String[] parts = line.split(" ", 4);
      if (line.startsWith("# TYPE ")) {
        types.put(parts[2], parts[3]);
      } else if (line.startsWith("# HELP ")) {
        helps.put(parts[2], parts.length > 3 ? parts[3].strip() : "");
      }
    }
    List<String> problems = new ArrayList<>();
    types.forEach((name, type) -> {
      if (helps.getOrDefault(name, "").isEmpty()) {
        problems.add(name + ": no HELP");
      }
      if (type.equals("counter") && !name.endsWith("_total")) {
        problems.add(name + ": a counter without _total");
      }
      if (!type.equals("counter") && name.endsWith("_total")) {
        problems.add(name + ": a " + type + " named _total");
      }
      if (name.matches(".*_(kb|mb|ns|us|ms|millis|milliseconds|kilobytes|megabytes)(_.*)?")) {
        problems.add(name + ": not in base units");
      }
      if (!type.equals("histogram") && !type.equals("summary") && name.matches(".*_(count|sum|bucket)")) {
        problems.add(name + ": a " + type + " named like a histogram's series");
      }
    });
    for (String line : scrape.lines().toList()) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        String name = line.split("[{ ]", 2)[0];
        String family = name.replaceFirst("_(bucket|count|sum)$", "");
        if (!types.containsKey(name) && !types.containsKey(family)) {
          problems.add(name + ": a sample without TYPE");
        }
      }
    }
    assertThat(types).isNotEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void promtoolFindsNoProblems() throws Exception {
    Path promtool = onPath("promtool");
    Assumptions.assumeTrue(promtool != null,
        "promtool is not on the PATH (Debian: apt-get install prometheus); the scrape is not checked by it");
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(scrape.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("promtool check metrics").isEmpty();
    assertThat(p.exitValue()).as("promtool's exit code; it said: %s", out).isZero();
  }

  /**
   * Totals kept in Redis are the same on every instance: one instance exports them (the holder of a
   * lease), so a sum over the instances counts each once; when it stops, another takes over.
   */
  @Test
  void clusterWideTotalsComeFromOneInstanceSoTheirSumIsRight() {
    Relevo second = TestServers.start(Map.of("REDIS_URL", redis.uri()));
    try {
      String first = new Api(relevo.port()).get("/metrics", null).body();
      String other = new Api(second.port()).get("/metrics", null).body();
      assertThat(value(first, "relevo_cluster_metrics_exporter")).isEqualTo(1.0);
      assertThat(value(other, "relevo_cluster_metrics_exporter")).isEqualTo(0.0);
      assertThat(value(first, "relevo_conversations_started_total")).isEqualTo(3.0);
      assertThat(value(other, "relevo_conversations_started_total")).as("not exported by the second").isNull();
      assertThat(other).doesNotContain("relevo_knowledge_article_shown_total");

      relevo.stop(); // gives the lease up
      String alone = new Api(second.port()).get("/metrics", null).body();
      assertThat(value(alone, "relevo_cluster_metrics_exporter")).isEqualTo(1.0);
      assertThat(value(alone, "relevo_conversations_started_total")).isEqualTo(3.0);
      assertThat(alone).contains("relevo_knowledge_article_shown_total{article=\"en-it-vpn-connect\"} 1.0");
    } finally {
      second.stop();
    }
  }

  /** The value of an unlabelled sample, or null if the scrape has none. */
  private static Double value(String scrape, String name) {
    return scrape.lines().filter(l -> l.startsWith(name + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(name.length() + 1).trim())).orElse(null);
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
