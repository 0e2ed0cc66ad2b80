package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/** Saves a browser test's screenshot for the docs (see the README's pictures). */
final class Screenshots {

  private Screenshots() {
  }

  /** Writes the page as it is now to target/screenshots/{name}, and to -Drelevo.screenshots when set. */
  static void save(WebDriver driver, String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    assertThat(png.length).as(name).isGreaterThan(1000);
    Path out = Path.of("target", "screenshots", name);
    Files.createDirectories(out.getParent());
    Files.write(out, png);
    String docs = System.getProperty("relevo.screenshots", "");
    if (!docs.isBlank()) {
      Path dir = Path.of(docs);
      Files.createDirectories(dir);
      Files.copy(out, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
