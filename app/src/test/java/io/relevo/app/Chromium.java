package io.relevo.app;

import java.io.File;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import io.relevo.testkit.TestRedis;

/** Debian's headless Chromium for the browser tests, in a language of the test's choosing. */
final class Chromium {

  private Chromium() {
  }

  /** A new browser whose preferred language is {@code lang} (e.g. "en-US", "es-ES"); the caller quits it. */
  static ChromeDriver start(String lang) {
    File chromedriver = new File("/usr/bin/chromedriver");
    File chromium = new File("/usr/bin/chromium");
    if (!chromedriver.canExecute() || !chromium.canExecute()) {
      throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: "
          + "apt-get install -y chromium chromium-driver (.ci/run does this)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--lang=" + lang, "--window-size=1280,900",
        "--user-data-dir=" + TestRedis.tempDir("relevo-chrome"));
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", lang + "," + lang.substring(0, 2)));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).build(), options);
  }
}
