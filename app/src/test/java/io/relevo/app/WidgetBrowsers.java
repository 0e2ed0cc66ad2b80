package io.relevo.app;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One Relevo and two Chromium browsers, one English and one Spanish, for the widget's browser tests;
 * the window's size is restored after each test.
 */
abstract class WidgetBrowsers {

  static Relevo relevo;
  static ChromeDriver en;
  static ChromeDriver es;
  static String home;

  @BeforeAll
  static void start() {
    relevo = TestServers.start();
    home = "http://127.0.0.1:" + relevo.port() + "/";
    en = Chromium.start("en-US");
    es = Chromium.start("es-ES");
  }

  @AfterAll
  static void stop() {
    for (ChromeDriver d : new ChromeDriver[] {en, es}) {
      if (d != null) {
        d.quit();
      }
    }
    if (relevo != null) {
      relevo.stop();
    }
  }

  @AfterEach
  void normalSize() {
    for (ChromeDriver d : new ChromeDriver[] {en, es}) {
      d.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /** The demo page with no conversation yet. */
  static WebDriverWait load(ChromeDriver d) {
    WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
    d.get(home);
    d.executeScript("localStorage.clear();");
    d.navigate().refresh();
    return wait;
  }
}
