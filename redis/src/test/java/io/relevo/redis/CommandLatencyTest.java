package io.relevo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** How much command latency each level records (Lettuce records it before it completes the command). */
class CommandLatencyTest {

  @TempDir
  static Path dir;
  private static EmbeddedRedis redis;

  @BeforeAll
  static void start() {
    redis = EmbeddedRedis.builder().dataDir(dir).build().start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  private static MeterRegistry afterSetAndGet(CommandLatency latency) throws Exception {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (RedisConnector c = RedisConnector.connect(redis.uri(),
        RedisConnector.Options.of(Duration.ofSeconds(5)).withMetrics(registry, latency))) {
      c.commands().set("latency", "1").toCompletableFuture().get();
      c.commands().get("latency").toCompletableFuture().get();
    }
    return registry;
  }

  @Test
  void commandsRecordsOneHistogramPerCommandTypeWithoutNodesOrFirstResponse() throws Exception {
    MeterRegistry registry = afterSetAndGet(CommandLatency.COMMANDS);
    Timer set = registry.get("lettuce.command.completion").tag("command", "SET").timer();
    assertThat(set.count()).isEqualTo(1);
    assertThat(set.getId().getTags()).extracting(t -> t.getKey()).containsExactly("command");
    assertThat(set.takeSnapshot().histogramCounts()).hasSize(5);
    assertThat(registry.find("lettuce.command.firstresponse").meters()).isEmpty();
  }

  @Test
  void nodesRecordsLettucesFullDetail() throws Exception {
    MeterRegistry registry = afterSetAndGet(CommandLatency.NODES);
    Timer set = registry.get("lettuce.command.completion").tag("command", "SET").timer();
    assertThat(set.getId().getTag("remote")).isNotNull();
    assertThat(registry.find("lettuce.command.firstresponse").meters()).isNotEmpty();
  }

  @Test
  void offRecordsNothing() throws Exception {
    MeterRegistry registry = afterSetAndGet(CommandLatency.OFF);
    assertThat(registry.getMeters()).extracting(Meter::getId).noneMatch(id -> id.getName().startsWith("lettuce."));
  }
}
