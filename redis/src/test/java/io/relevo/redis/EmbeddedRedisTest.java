package io.relevo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRedisTest {

  @TempDir
  Path dir;

  @Test
  void keepsAcknowledgedWritesAcrossAKillAndRestart() throws Exception {
    EmbeddedRedis redis = EmbeddedRedis.builder().dataDir(dir).build().start();
    try (RedisConnector c = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5))) {
      c.commands().set("k", "v").toCompletableFuture().get();
    }
    redis.kill();
    assertThat(EmbeddedRedis.answersPing(redis.port())).isFalse();

    redis.start();
    try (RedisConnector c = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5))) {
      assertThat(c.commands().get("k").toCompletableFuture().get()).isEqualTo("v");
    } finally {
      redis.close();
    }
    assertThat(Files.exists(dir.resolve("appendonlydir"))).isTrue();
  }

  @Test
  void stopsAServerOrphanedByAnEarlierStart() {
    EmbeddedRedis first = EmbeddedRedis.builder().dataDir(dir).build().start();
    int orphanPort = first.port();
    // a second start on the same data directory, as after a JVM crash, takes over the files
    EmbeddedRedis second = EmbeddedRedis.builder().dataDir(dir).build().start();
    try {
      assertThat(EmbeddedRedis.answersPing(orphanPort)).isFalse();
      assertThat(EmbeddedRedis.answersPing(second.port())).isTrue();
    } finally {
      second.close();
      first.close();
    }
  }

  @Test
  void redactsPasswordsFromDescriptions() {
    assertThat(RedisConnector.redact("rediss://user:secret@host:6380/0")).isEqualTo("rediss://***@host:6380/0");
  }
}
