package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.relevo.testkit.TestRedis;

/**
 * A headless Debian Chromium driving the agent console of one Relevo, with the steps the console's
 * browser tests share. Not thread-safe: one per test class, closed by it.
 */
final class ConsoleBrowser implements AutoCloseable {

  final WebDriver driver;
  final WebDriverWait wait;
  private final Relevo relevo;

  ConsoleBrowser(Relevo relevo, String windowSize) {
    File chromedriver = new File("/usr/bin/chromedriver");
    File chromium = new File("/usr/bin/chromium");
    if (!chromedriver.canExecute() || !chromium.canExecute()) {
      throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: "
          + "apt-get install -y chromium chromium-driver (.ci/run does this)");
    }
    this.relevo = relevo;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--lang=en-US", "--window-size=" + windowSize,
        // background tabs (a second agent's console) keep their timers
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
        "--user-data-dir=" + TestRedis.tempDir("relevo-chrome"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).build(), options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  /**
   * Installs, before any page script runs in this tab, a recording shim for the browser's
   * {@code Notification} API (permission not yet asked; granted when asked) and counts the tones
   * started: {@code window.__notes} and {@code window.__tones}. The console's own code is not replaced.
   */
  void recordNotificationsAndTones() {
    ((org.openqa.selenium.chrome.ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        java.util.Map.of("source", """
            window.__notes = []; window.__tones = 0;
            class RecordedNotification {
              constructor(title, options) { window.__notes.push({ title, body: (options || {}).body, tag: (options || {}).tag }); }
              close() {}
            }
            RecordedNotification.permission = 'default';
            RecordedNotification.requestPermission = () => { RecordedNotification.permission = 'granted'; return Promise.resolve('granted'); };
            window.Notification = RecordedNotification;
            const start = OscillatorNode.prototype.start;
            OscillatorNode.prototype.start = function (...args) { window.__tones++; return start.apply(this, args); };
            """));
  }

  /** Opens the console signed out in the current tab and signs in as {@code user}; waits for the desk. */
  void signIn(String user) {
    signIn(user, By.id("desk"));
  }

  /** Opens the console signed out in the current tab, signs in as {@code user} and waits for {@code shown}. */
  void signIn(String user, By shown) {
    driver.get("http://127.0.0.1:" + relevo.port() + "/console/");
    js("sessionStorage.clear(); localStorage.clear();");
    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(TestServers.DEMO_PASSWORD, Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(shown));
  }

  /** Opens a new tab (its own session storage: another agent can sign in there) and switches to it. */
  String newTab() {
    driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    return driver.getWindowHandle();
  }

  void switchTo(String handle) {
    driver.switchTo().window(handle);
  }

  /** Clicks once displayed and enabled, finding the element again when a list re-rendered it meanwhile. */
  void clickWhenReady(By by) {
    wait.until(d -> {
      try {
        WebElement e = d.findElement(by);
        if (!e.isDisplayed() || !e.isEnabled()) {
          return false;
        }
        e.click();
        return true;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        return false;
      }
    });
  }

  /** The texts of the transcript, read in one script (it may re-render between finding and reading). */
  @SuppressWarnings("unchecked")
  List<String> transcriptTexts() {
    return (List<String>) js("return Array.from(document.querySelectorAll('#transcript .text')).map(e => e.innerText);");
  }

  /** The text of an element, read in one script. */
  String text(String id) {
    return (String) js("const e = document.getElementById(arguments[0]); return e ? e.innerText : '';", id);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** No error in the browser's console, and axe-core finds no serious or critical violation. */
  void assertNoErrorsAndAccessible(String page) {
    List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertThat(severe).as(page + ": browser errors").isEmpty();
    com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder().analyze(driver);
    List<String> serious = results.getViolations().stream()
        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
        .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget()))
            .limit(3).toList())
        .toList();
    assertThat(serious).as(page).isEmpty();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
