package io.relevo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
    assertThat(RedisProbe.answersPing(redis.port(), password())).isTrue();
    redis.kill();
    assertThat(RedisProbe.answersPing(redis.port(), password())).isFalse();

    redis.start();
    try (RedisConnector c = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5))) {
      assertThat(c.commands().get("k").toCompletableFuture().get()).isEqualTo("v");
    } finally {
      redis.close();
    }
    assertThat(Files.exists(dir.resolve("appendonlydir"))).isTrue();
  }

  @Test
  void stopsAServerOrphanedByAnEarlierStart() throws Exception {
    EmbeddedRedis first = EmbeddedRedis.builder().dataDir(dir).build().start();
    int orphanPort = first.port();
    // a second start on the same data directory, as after a JVM crash, takes over the files
    EmbeddedRedis second = EmbeddedRedis.builder().dataDir(dir).build().start();
    try {
      assertThat(RedisProbe.answersPing(orphanPort, password())).isFalse();
      assertThat(RedisProbe.answersPing(second.port(), password())).isTrue();
    } finally {
      second.close();
      first.close();
    }
  }

  @Test
  void refusesCommandsWithoutTheDataDirectorysPassword() throws Exception {
    EmbeddedRedis redis = EmbeddedRedis.builder().dataDir(dir).build().start();
    String password;
    try {
      assertThat(RedisProbe.exchange(redis.port(), "PING\r\n", 6)).startsWith("-NOAUTH");
      assertThat(RedisProbe.answersPing(redis.port(), "not-the-password")).isFalse();
      password = Files.readString(dir.resolve(RedisDataDir.PASSWORD_FILE)).strip();
      assertThat(password).hasSizeGreaterThanOrEqualTo(32);
      assertThat(redis.uri()).isEqualTo("redis://:" + password + "@127.0.0.1:" + redis.port());
      try (RedisConnector c = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5))) {
        c.commands().set("k", "v").toCompletableFuture().get();
        assertThat(c.description()).doesNotContain(password);
      }
      assertThat(Files.readString(dir.resolve("redis.log"))).doesNotContain(password);
      assertThat(redis.process().orElseThrow().info().commandLine().orElse("")).doesNotContain(password);
    } finally {
      redis.close();
    }
    // a new start on the same data keeps the password, so an operator's saved one still works
    EmbeddedRedis again = EmbeddedRedis.builder().dataDir(dir).build().start();
    try (RedisConnector c = RedisConnector.connect(again.uri(), Duration.ofSeconds(5))) {
      assertThat(again.uri()).contains(":" + password + "@");
      assertThat(c.commands().get("k").toCompletableFuture().get()).isEqualTo("v");
    } finally {
      again.close();
    }
  }

  @Test
  void keepsItsDirectoryAndFilesToTheOwner() throws Exception {
    // a data directory left by an older version, readable by everyone
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("redis.log"), "old\n");
    Files.setPosixFilePermissions(dir.resolve("redis.log"), PosixFilePermissions.fromString("rw-r--r--"));
    EmbeddedRedis redis = EmbeddedRedis.builder().dataDir(dir).build().start();
    try (RedisConnector c = RedisConnector.connect(redis.uri(), Duration.ofSeconds(5))) {
      c.commands().set("k", "v").toCompletableFuture().get();
      c.commands().bgrewriteaof().toCompletableFuture().get(); // Redis makes new files while it runs
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (c.commands().info("persistence").toCompletableFuture().get().contains("aof_rewrite_in_progress:1")) {
        assertThat(System.nanoTime()).as("the rewrite ends within 20 s").isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(20); // polling interval of a deadline-bounded wait
      }
    } finally {
      redis.close();
    }
    assertThat(Files.exists(dir.resolve("appendonlydir"))).isTrue();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString()).isEqualTo(expected);
      }
    }
  }

  @Test
  void stopsWhenItsJvmIsKilled() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EmbeddedRedisTest.class.getName(),
        dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String pid = new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream())).readLine();
      ProcessHandle server = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
      assertThat(RedisProbe.answersPing(Integer.parseInt(Files.readString(dir.resolve("port")).strip()), password()))
          .isTrue();
      jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
      // onExit completes when the process is gone (the operating system is polled for others' processes)
      server.onExit().get(20, TimeUnit.SECONDS);
      assertThat(dir.resolve("redis.pid")).as("a clean Redis shutdown").doesNotExist();
    } finally {
      jvm.destroyForcibly();
    }
  }

  /** For {@link #stopsWhenItsJvmIsKilled}: starts a server in {@code args[0]}, prints its pid and waits. */
  public static void main(String[] args) throws Exception {
    EmbeddedRedis redis = EmbeddedRedis.builder().dataDir(Path.of(args[0])).build().start();
    Files.writeString(Path.of(args[0]).resolve("port"), Integer.toString(redis.port()));
    System.out.println(redis.process().orElseThrow().pid());
    System.out.flush();
    Thread.currentThread().join();
  }

  private String password() throws java.io.IOException {
    return Files.readString(dir.resolve(RedisDataDir.PASSWORD_FILE)).strip();
  }

  @Test
  void redactsPasswordsFromDescriptions() {
    assertThat(RedisConnector.redact("rediss://user:secret@host:6380/0")).isEqualTo("rediss://***@host:6380/0");
  }
}
