package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.relevo.testkit.Eventually;

/** What an operator relies on: the JVM's metrics, stalls in the log, only the bundled pages served. */
class OperationsTest {

  @Test
  void exportsTheJvmAndProcessMetrics() {
    Relevo relevo = TestServers.start();
    try {
      String body = new Api(relevo.port()).get("/metrics", null).body();
      assertThat(body).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads",
          "jvm_classes_loaded_classes", "process_cpu_usage", "process_cpu_seconds_total", "system_cpus ", "process_uptime_seconds",
          "process_files_open_files");
    } finally {
      relevo.stop();
    }
  }

  @Test
  void logsAStalledEventLoop() {
    Logger logger = (Logger) LoggerFactory.getLogger(EventLoopProbe.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    Relevo relevo = TestServers.start(Map.of("RELEVO_METRICS_STALL_WARNING", "300ms"));
    try {
      relevo.vertx().runOnContext(v -> {
        long until = System.nanoTime() + 800_000_000L;
        while (System.nanoTime() < until) {
          Thread.onSpinWait(); // a handler that hogs its event loop
        }
      });
      Eventually.until("a WARN about the stalled loop", () -> seen.list.stream()
          .anyMatch(e -> e.getLevel().toString().equals("WARN") && e.getFormattedMessage().contains("stalled")));
    } finally {
      relevo.stop();
      logger.detachAppender(seen);
    }
  }

  @Test
  void servesOnlyTheBundledPagesNotAWebrootInTheWorkingDirectory() throws Exception {
    Path planted = Path.of("webroot");
    boolean existed = Files.exists(planted);
    Files.createDirectories(planted.resolve("console"));
    Files.writeString(planted.resolve("index.html"), "<h1>planted</h1>");
    Files.writeString(planted.resolve("console/index.html"), "<h1>planted console</h1>");
    Files.writeString(planted.resolve("planted.html"), "<h1>planted only</h1>");
    Relevo relevo = TestServers.start();
    try {
      Api api = new Api(relevo.port());
      Api.Response portal = api.get("/", null);
      assertThat(portal.status()).isEqualTo(200);
      assertThat(portal.body()).doesNotContain("planted").contains("widget.js");
      assertThat(portal.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(api.get("/console/", null).body()).doesNotContain("planted");
      assertThat(api.get("/planted.html", null).status()).isEqualTo(404);
      assertThat(api.get("/widget.js", null).headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
      // widget.js is put together from the files of webroot/widget/, which are not scripts on their own
      Api.Response widget = api.get("/widget.js", null);
      assertThat(widget.body()).startsWith("/*").endsWith("})();\n").doesNotContain("\"@texts\"");
      String widgetTag = widget.headers().firstValue("ETag").orElseThrow();
      assertThat(api.send("GET", "/widget.js", null, Map.of("If-None-Match", widgetTag)).status()).isEqualTo(304);
      assertThat(api.get("/widget/setup.js", null).status()).isEqualTo(404);
      assertThat(api.get("/widget/", null).status()).isEqualTo(404);
      assertThat(api.get("/../pom.xml", null).status()).isIn(400, 404);
      String etag = api.get("/widget.css", null).headers().firstValue("ETag").orElseThrow();
      assertThat(api.send("GET", "/widget.css", null, Map.of("If-None-Match", etag)).status()).isEqualTo(304);
    } finally {
      relevo.stop();
      if (!existed) {
        try (var files = Files.walk(planted)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
