package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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

/** The agent console in a real headless Chromium, against a real Relevo. */
class ConsoleBrowserTest {

  static Relevo relevo;
  static WebDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() {
    File chromedriver = new File("/usr/bin/chromedriver");
    File chromium = new File("/usr/bin/chromium");
    if (!chromedriver.canExecute() || !chromium.canExecute()) {
      throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: "
          + "apt-get install -y chromium chromium-driver (.ci/run does this)");
    }
    relevo = TestServers.start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--lang=en-US", "--window-size=1280,860",
        "--user-data-dir=" + TestRedis.tempDir("relevo-chrome"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).build(), options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (relevo != null) {
      relevo.stop();
    }
  }

  @Test
  void anAgentSignsInClaimsRepliesAndSeesThePersonsAnswer() throws Exception {
    HandoffTest.free(relevo, "ana");
    signIn("ana");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Ana"));

    // the console's socket makes Ana available: now a person asks for someone
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    api.say(c, "The printer on floor 3 jams", null);
    wait.until(d -> HandoffTest.askForAPerson(api, c, "Talk to a person").messages().get(0).getString("text")
        .startsWith("I'm passing your conversation"));

    By claim = By.xpath("//ul[@id='queues']//button[@aria-label='Claim: Talk to a person']");
    wait.until(ExpectedConditions.elementToBeClickable(claim));
    assertThat(driver.findElement(By.id("queues")).getText()).contains("Asked for a person");
    clickWhenReady(claim);

    wait.until(d -> transcriptTexts().contains("The printer on floor 3 jams") && transcriptTexts().contains("Ana joined the chat."));
    // her own claim is no "assigned to you" news, and the context shows once
    assertThat(driver.findElement(By.id("status")).getText()).doesNotContain("assigned to you");
    wait.until(d -> !d.findElements(By.cssSelector("#context-facts dt")).isEmpty());
    List<String> terms = driver.findElements(By.cssSelector("#context-facts dt")).stream().map(WebElement::getText).toList();
    assertThat(terms).as("context terms").doesNotHaveDuplicates().contains("Reason");
    // readable values, not codes: the language by name, the queue as a queue
    List<String> values = driver.findElements(By.cssSelector("#context-facts dd")).stream().map(WebElement::getText).toList();
    assertThat(values).contains("English").doesNotContain("en").anyMatch(v -> v.endsWith(" queue"));
    assertThat(driver.findElement(By.id("pane-meta")).getText()).contains("English").doesNotContain(" en ");
    // a canned response fills the reply box, in the conversation's language (once the suggested
    // articles above it are drawn, so the list does not move under the click)
    wait.until(d -> !d.findElements(By.cssSelector("#suggestions li")).isEmpty());
    WebElement search = driver.findElement(By.id("canned-q"));
    search.sendKeys("greeting");
    clickWhenReady(By.xpath("//ul[@id='canned-list']//button[text()='Greeting']"));
    WebElement reply = driver.findElement(By.id("reply"));
    assertThat(reply.getAttribute("value")).startsWith("Hi, thanks for waiting");
    reply.clear();
    reply.sendKeys("Hi, I'm Ana. Which printer model is it?", Keys.ENTER);
    wait.until(d -> api.transcript(c).stream().anyMatch(m -> "agent".equals(m.getString("role"))
        && "Hi, I'm Ana. Which printer model is it?".equals(m.getString("text"))));

    assertThat(api.say(c, "It's the HP in the corridor", null).status()).isEqualTo(200);
    wait.until(d -> transcriptTexts().contains("It's the HP in the corridor"));

    // an internal note: the person's socket hears no "is typing" while Ana writes it
    // (the console's frames are recorded too: the server lets one typing signal through every 2 s)
    org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
    js.executeScript("window.__sent = []; const send = WebSocket.prototype.send;"
        + "WebSocket.prototype.send = function (d) { window.__sent.push(String(d)); return send.call(this, d); };");
    try (WsClient person = WsClient.connect(relevo.port(), c, null)) {
      driver.findElement(By.id("as-note")).click();
      reply.sendKeys("Known issue with the HP, see ticket", Keys.ENTER);
      wait.until(d -> transcriptTexts().contains("Known issue with the HP, see ticket"));
      driver.findElement(By.id("as-note")).click();
      // a message of the person's own after the note: every frame published before it came first
      assertThat(api.say(c, "Is there another printer?", null).status()).isEqualTo(200);
      List<String> before = new java.util.ArrayList<>();
      person.next(f -> {
        before.add(f.getString("type"));
        return "message".equals(f.getString("type"))
            && "Is there another printer?".equals(f.getJsonObject("message").getString("text"));
      });
      assertThat(before).as("frames to the person while the note was written").doesNotContain("typing");
      assertThat((List<String>) js.executeScript("return window.__sent;")).as("frames from the console")
          .noneMatch(f -> f.contains("\"typing\""));
      reply.sendKeys("Yes, on floor 2");
      assertThat((List<String>) js.executeScript("return window.__sent;")).as("frames from the console")
          .anyMatch(f -> f.contains("\"typing\""));
      reply.sendKeys(Keys.ENTER);
    }

    try {
      Screenshots.save(driver, "console-conversation-en.png");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertNoErrorsAndAccessible("axe-core on the console with a conversation open");

    // the console in Spanish, the open conversation included
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("lang"))).selectByValue("es");
    wait.until(d -> d.findElement(By.id("mine-title")).getText().equalsIgnoreCase("Mis conversaciones"));
    assertThat(driver.findElement(By.id("to-bot")).getText()).isEqualTo("Devolver al bot");
    assertThat(driver.findElements(By.cssSelector("#transcript .who")).stream().map(WebElement::getText)).contains("Persona");
    assertThat(driver.findElement(By.id("reply")).getAttribute("placeholder")).startsWith("Responder a la persona");
    assertThat(driver.findElement(By.id("signin")).isDisplayed()).as("the sign-in card once signed in").isFalse();

    // handed back to the bot: the conversation leaves the screen, its reply box with it
    clickWhenReady(By.id("to-bot"));
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("chat")));
    assertThat(driver.findElement(By.id("reply")).isDisplayed()).isFalse();
  }

  @Test
  void aSupervisorSeesTheAnalyticsDashboardInBothLanguages() {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create("en");
    api.say(c, "how do I connect to the VPN from home?", null);
    api.post("/api/v1/conversations/" + c.id() + "/messages",
        new io.vertx.core.json.JsonObject().put("text", "Yes").put("payload", "kb.helped:en-it-vpn-connect").encode(), c.token());

    signIn("sam");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("dashboard-link"))).click();

    wait.until(d -> d.findElement(By.id("kpis")).getText().contains("Resolved by the bot"));
    wait.until(d -> d.findElement(By.id("table-articles")).getText().contains("VPN"));
    assertThat(driver.findElements(By.cssSelector("#chart-containment svg[role='img']"))).hasSize(1);
    assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Updated.");
    assertThat(driver.findElement(By.cssSelector("#c-reasons ~ .how")).getText())
        .startsWith("How counted: conversations put in line for a person, each once");

    // at a laptop's 1366 × 800 the charts' labels are as readable as the page's text: at least 12 CSS px on
    // screen (the font size times the SVG's scale to the page, as the outside check measured 6 px)
    org.openqa.selenium.Dimension before = driver.manage().window().getSize();
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 800));
    try {
      wait.until(d -> d.manage().window().getSize().getWidth() == 1366);
      String measure = "return [...document.querySelectorAll('.chart svg text')].map((t) => "
          + "parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);";
      // the charts are redrawn at the new width (a ResizeObserver): wait for that, not for a time
      wait.until(d -> (Boolean) ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
          "const box = document.getElementById('chart-containment'); const s = box.querySelector('svg');"
              + "return !!s && Math.abs(s.getBoundingClientRect().width - box.clientWidth) <= 1;"));
      @SuppressWarnings("unchecked")
      List<Number> sizes = (List<Number>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(measure);
      assertThat(sizes).as("the rendered size of every chart label, in CSS px").isNotEmpty()
          .allSatisfy(px -> assertThat(px.doubleValue()).isGreaterThanOrEqualTo(12.0));
      assertThat(driver.findElements(By.cssSelector("#chart-intents svg text"))).as("the intents' labels").isNotEmpty();
    } finally {
      driver.manage().window().setSize(before);
    }
    try {
      Screenshots.save(driver, "dashboard-en.png");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("lang"))).selectByValue("es");
    wait.until(d -> d.findElement(By.id("kpis")).getText().contains("Resueltas por el bot"));
    assertThat(driver.findElement(By.id("c-articles")).getText()).isEqualTo("Deflexión por artículo");
    assertThat(driver.findElement(By.cssSelector("#c-articles ~ .how")).getText())
        .startsWith("Cómo se cuenta, por conversación: Mostrado = conversaciones en las que el artículo fue la respuesta");
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");

    // a period with nothing in it
    org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
    js.executeScript("document.getElementById('from').value='2020-01-01'; document.getElementById('to').value='2020-01-31';");
    driver.findElement(By.cssSelector("#filters button[type='submit']")).click();
    wait.until(d -> d.findElement(By.id("table-articles")).getText().contains("Sin datos en este periodo."));

    assertNoErrorsAndAccessible("axe-core on the analytics dashboard");
  }

  /** No error in the browser's console, and axe-core finds no serious or critical violation. */
  private static void assertNoErrorsAndAccessible(String page) {
    List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertThat(severe).isEmpty();
    com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder().analyze(driver);
    List<String> serious = results.getViolations().stream()
        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
        .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget()))
            .limit(3).toList())
        .toList();
    assertThat(serious).as(page).isEmpty();
  }

  /** Opens the console signed out (whatever an earlier test left) and signs in as {@code user}. */
  private static void signIn(String user) {
    driver.get("http://127.0.0.1:" + relevo.port() + "/console/");
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("sessionStorage.clear(); localStorage.clear();");
    driver.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user);
    assertThat(driver.findElement(By.id("desk")).isDisplayed()).as("the desk before signing in").isFalse();
    driver.findElement(By.id("password")).sendKeys(TestServers.DEMO_PASSWORD, Keys.ENTER);
  }

  /** Read in one script: the transcript may re-render between finding its elements and reading them. */
  @SuppressWarnings("unchecked")
  /**
   * Clicks the element once it is displayed and enabled, finding it again when the page re-rendered it between
   * finding and clicking (lists are redrawn on every event and keystroke).
   */
  private static void clickWhenReady(By by) {
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

  private static List<String> transcriptTexts() {
    return (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "return Array.from(document.querySelectorAll('#transcript .text')).map(e => e.innerText);");
  }
}
