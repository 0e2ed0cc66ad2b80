package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The pages served are the bundled ones, never files that happen to lie in the working directory. */
class StaticFilesTest {

  @Test
  void aWebrootInTheWorkingDirectoryIsNotServed() throws Exception {
    Path dir = Path.of("webroot");
    boolean made = !Files.exists(dir);
    Path index = dir.resolve("index.html");
    Path extra = dir.resolve("planted.html");
    Files.createDirectories(dir);
    assertThat(index).doesNotExist();
    Files.writeString(index, "<html>planted page</html>");
    Files.writeString(extra, "<html>planted page</html>");
    Relevo relevo = TestServers.start();
    try {
      Api api = new Api(relevo.port());
      Api.Response page = api.get("/", null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).doesNotContain("planted page").contains("<html");
      assertThat(api.get("/planted.html", null).status()).isEqualTo(404);
      assertThat(api.get("/widget.js", null).status()).isEqualTo(200);
      assertThat(api.get("/console/", null).status()).isEqualTo(200);
    } finally {
      relevo.stop();
      Files.delete(index);
      Files.delete(extra);
      if (made) {
        Files.delete(dir);
      }
    }
  }
}
