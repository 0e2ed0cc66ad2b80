package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

/** The launcher as a separate process, as the README's run command starts it. */
class LauncherTest {

  @TempDir
  Path dir;

  private Process launch(Map<String, String> env, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("RELEVO_") || k.equals("REDIS_URL"));
    pb.environment().putAll(env);
    return pb.start();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void awaitReady(Api api, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("Relevo exited: " + Files.readString(log));
      }
      try {
        if (api.get("/health/ready", null).status() == 200) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // not listening yet
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(50); // polling interval of a deadline-bounded wait
    }
    throw new AssertionError("not ready within 60 s: " + Files.readString(log));
  }

  @Test
  void keepsTheTranscriptAcrossAGracefulStopAndARestart() throws Exception {
    int port = freePort();
    Map<String, String> env = Map.of("RELEVO_HTTP_PORT", Integer.toString(port),
        "RELEVO_DATA_DIR", dir.resolve("data").toString());
    Api api = new Api(port);

    Path log1 = dir.resolve("first.log");
    Process first = launch(env, log1);
    awaitReady(api, first, log1);
    assertThat(Files.readString(log1)).contains("Relevo is ready").contains("open http://localhost:" + port + "/");
    Api.Conversation c = api.create("en");
    assertThat(api.say(c, "is anyone there?", "k1").status()).isEqualTo(200);
    List<JsonObject> before = api.transcript(c);
    java.util.concurrent.CompletableFuture<Integer> closeCode = new java.util.concurrent.CompletableFuture<>();
    java.net.http.HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
        java.net.URI.create("ws://127.0.0.1:" + port + "/api/v1/conversations/" + c.id() + "/ws?token=" + c.token()),
        new java.net.http.WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
            closeCode.complete(code);
            return null;
          }
        }).join();

    first.destroy(); // SIGTERM
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(closeCode.get(5, TimeUnit.SECONDS)).as("open WebSockets are told the server goes away").isEqualTo(1001);
    assertThat(Files.readString(log1)).contains("Relevo stopped").doesNotContain("ERROR");
    assertThat(dir.resolve("data/redis/redis.pid")).as("the embedded Redis stopped").doesNotExist();
    assertThat(dir.resolve("data/redis/appendonlydir")).isDirectory();

    Path log2 = dir.resolve("second.log");
    Process second = launch(env, log2);
    try {
      awaitReady(api, second, log2);
      assertThat(api.transcript(c)).isEqualTo(before);
      assertThat(api.say(c, "and now?", "k2").status()).isEqualTo(200);
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theEmbeddedRedisRequiresAPasswordKeptToTheOwnerAndStopsWhenTheLauncherIsKilled() throws Exception {
    int port = freePort();
    int redisPort = freePort();
    Path data = dir.resolve("data");
    Api api = new Api(port);
    Path log = dir.resolve("killed.log");
    Process launcher = launch(Map.of("RELEVO_HTTP_PORT", Integer.toString(port), "RELEVO_DATA_DIR", data.toString(),
        "RELEVO_REDIS_EMBEDDED_PORT", Integer.toString(redisPort)), log);
    try {
      awaitReady(api, launcher, log);
      Path redisDir = data.resolve("redis");
      String password = Files.readString(redisDir.resolve("redis.password")).strip();
      assertThat(password).hasSizeGreaterThanOrEqualTo(32);
      assertThat(Files.readString(log)).doesNotContain(password);
      assertThat(redisReply(redisPort, "PING")).as("a client without the password").startsWith("-NOAUTH");
      assertThat(redisReply(redisPort, "AUTH " + password)).isEqualTo("+OK");
      for (String owned : List.of("redis.password", "redis.conf", "redis.pid", "redis.log")) {
        assertThat(permissions(redisDir.resolve(owned))).as(owned).isEqualTo("rw-------");
      }
      assertThat(permissions(redisDir)).isEqualTo("rwx------");
      assertThat(permissions(redisDir.resolve("appendonlydir"))).isEqualTo("rwx------");
      try (java.util.stream.Stream<Path> aof = Files.list(redisDir.resolve("appendonlydir"))) {
        assertThat(aof.map(LauncherTest::permissions).toList()).isNotEmpty().containsOnly("rw-------");
      }
      ProcessHandle redis = ProcessHandle.of(Long.parseLong(Files.readString(redisDir.resolve("redis.pid")).strip()))
          .orElseThrow();

      launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
      redis.onExit().get(20, TimeUnit.SECONDS); // completes once the process is gone
      assertThat(redisDir.resolve("redis.pid")).as("Redis shut down cleanly").doesNotExist();
    } finally {
      launcher.destroyForcibly();
    }
  }

  @Test
  void aStopDuringStartUpStopsTheEmbeddedRedis() throws Exception {
    Path pidFile = dir.resolve("data/redis/redis.pid");
    Path log = dir.resolve("early.log");
    Process launcher = launch(Map.of("RELEVO_HTTP_PORT", Integer.toString(freePort()),
        "RELEVO_DATA_DIR", dir.resolve("data").toString()), log);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
        assertThat(launcher.isAlive()).as("the launcher runs").isTrue();
        assertThat(System.nanoTime()).as("the embedded Redis started within 60 s").isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(5); // polling interval of a deadline-bounded wait
      }
      ProcessHandle redis = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();

      launcher.destroy(); // SIGTERM while the rest still starts
      assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
      redis.onExit().get(20, TimeUnit.SECONDS);
      assertThat(Files.readString(log)).doesNotContain("Relevo is ready");
    } finally {
      launcher.destroyForcibly();
    }
  }

  @Test
  void aFailedStartUpStopsTheEmbeddedRedis() throws Exception {
    int redisPort = freePort();
    Path log = dir.resolve("failed.log");
    // a setting checked only after Redis is up: the webhook's secret is too short
    Process launcher = launch(Map.of("RELEVO_HTTP_PORT", Integer.toString(freePort()),
        "RELEVO_DATA_DIR", dir.resolve("data").toString(), "RELEVO_REDIS_EMBEDDED_PORT", Integer.toString(redisPort),
        "RELEVO_TICKETS_WEBHOOK_URL", "http://127.0.0.1:9/hook", "RELEVO_TICKETS_WEBHOOK_SECRET", "short"), log);
    try {
      assertThat(launcher.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(launcher.exitValue()).isEqualTo(1);
      assertThat(Files.readString(log)).contains("Embedded Redis listening").contains("tickets.webhook.secret");
      assertThat(dir.resolve("data/redis/redis.pid")).as("Redis shut down cleanly").doesNotExist();
      assertThatThrownBy(() -> redisReply(redisPort, "PING")).as("nothing listens on the Redis port")
          .isInstanceOf(java.net.ConnectException.class);
    } finally {
      launcher.destroyForcibly();
    }
  }

  private static String permissions(Path p) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** One inline command to a Redis on 127.0.0.1 and the first line of its reply. */
  private static String redisReply(int port, String command) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write((command + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          java.nio.charset.StandardCharsets.UTF_8)).readLine();
    }
  }

  @Test
  void anInvalidSettingStopsStartUpWithAMessageNamingTheKey() throws Exception {
    Path log = dir.resolve("bad.log");
    Process p = launch(Map.of("RELEVO_HTTP_PORT", "eighty", "RELEVO_DATA_DIR", dir.resolve("d").toString()), log);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("Configuration error: http.port:");
    assertThat(new File(dir.toFile(), "d")).doesNotExist();
  }
}
