package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.relevo.testkit.TestRedis;

/** The widget on the demo page, in a real headless Chromium (Debian's chromium + chromedriver). */
class WidgetBrowserTest {

  static Relevo relevo;
  static WebDriver driver;
  static WebDriverWait wait;
  static String home;

  @BeforeAll
  static void start() {
    relevo = TestServers.start();
    home = "http://127.0.0.1:" + relevo.port() + "/";
    driver = Chromium.start("en-US");
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

  @BeforeEach
  void freshPage() {
    driver.get(home);
    ((JavascriptExecutor) driver).executeScript("localStorage.clear();");
    driver.navigate().refresh();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-launcher")));
  }

  private static WebElement launcher() {
    return driver.findElement(By.cssSelector(".relevo-launcher"));
  }

  private static List<WebElement> messages() {
    return driver.findElements(By.cssSelector(".relevo-log .relevo-msg"));
  }

  private static void awaitMessages(int n) {
    wait.until(d -> messages().size() >= n && messages().stream()
        .noneMatch(m -> m.getAttribute("class").contains("relevo-msg--sending")));
  }

  private static String text(int i) {
    return messages().get(i).findElement(By.cssSelector(".relevo-text")).getText();
  }

  private static void type(String text) {
    WebElement input = driver.findElement(By.cssSelector(".relevo-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
  }

  @Test
  void opensFromTheLauncherAndGreetsInTheBrowsersLanguage() {
    launcher().click();
    awaitMessages(1);
    assertThat(text(0)).startsWith("Hi!");
    assertThat(driver.findElement(By.cssSelector(".relevo-greeting")).getText())
        .isEqualTo("Nubentia employees: ask about IT, HR or the offices.");
    assertThat(driver.findElement(By.cssSelector(".relevo-panel")).getAttribute("role")).isEqualTo("dialog");
    assertThat(driver.findElement(By.cssSelector(".relevo-log")).getAttribute("aria-live")).isEqualTo("polite");
    assertThat(driver.switchTo().activeElement().getAttribute("class")).contains("relevo-input");
    assertThat(driver.findElement(By.cssSelector(".relevo")).getAttribute("lang")).isEqualTo("en");
    // 16 px or more: iOS does not zoom the page when the input takes focus
    assertThat(driver.findElement(By.cssSelector(".relevo-input")).getCssValue("font-size")).isEqualTo("16px");
  }

  @Test
  void theFocusRingStandsOutFromTheWhitePanel() {
    launcher().sendKeys(Keys.ENTER);
    awaitMessages(1);
    driver.switchTo().activeElement().sendKeys(Keys.TAB); // keyboard focus: :focus-visible applies
    String color = driver.switchTo().activeElement().getCssValue("outline-color");
    java.util.regex.Matcher rgb = java.util.regex.Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)").matcher(color);
    assertThat(rgb.find()).as(color).isTrue();
    double ratio = (1.05) / (luminance(rgb.group(1), rgb.group(2), rgb.group(3)) + 0.05);
    assertThat(ratio).as("contrast of the focus ring (" + color + ") on white").isGreaterThanOrEqualTo(3.0);
  }

  private static double luminance(String... rgb) {
    double[] c = new double[3];
    for (int i = 0; i < 3; i++) {
      double v = Integer.parseInt(rgb[i]) / 255.0;
      c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  @Test
  void sendsAMessageAndShowsTheReply() throws Exception {
    launcher().click();
    awaitMessages(1);
    type("My laptop does not start");
    awaitMessages(3);
    assertThat(text(1)).isEqualTo("My laptop does not start");
    assertThat(messages().get(1).getAttribute("class")).contains("relevo-msg--customer");
    assertThat(messages().get(2).getAttribute("class")).contains("relevo-msg--bot");
    assertThat(text(2)).isNotBlank();
  }

  /**
   * A Redis master crash lost a message and its answer after the widget had shown them (stood in
   * for by deleting them and dropping Relevo's pub/sub connection): the widget takes the answer
   * back, sends the message again, and shows what is stored.
   */
  @Test
  void aMessageARedisCrashLostIsTakenBackAndSentAgain() {
    launcher().click();
    awaitMessages(1);
    type("My laptop does not start");
    awaitMessages(3);
    io.vertx.core.json.JsonObject saved = new io.vertx.core.json.JsonObject((String) ((JavascriptExecutor) driver)
        .executeScript("return localStorage.getItem('relevo.conversation');"));
    Api api = new Api(relevo.port());
    Api.Conversation c = new Api.Conversation(saved.getString("id"), saved.getString("token"), null);
    List<String> before = api.transcript(c).stream().map(m -> m.getString("id")).toList();
    // the person's message and every answer to it (one or more messages, as the bot chose)
    List<String> lost = before.subList(1, before.size());
    int port = TestRedis.shared().port();
    for (String id : lost) {
      io.relevo.testkit.RespClient.command(port, "XDEL", io.relevo.redis.Keyspace.transcript(c.id()), id);
    }
    io.relevo.testkit.RespClient.command(port, "DEL", io.relevo.redis.Keyspace.clientIds(c.id()));
    io.relevo.testkit.RespClient.command(port, "CLIENT", "KILL", "TYPE", "pubsub");

    // stored anew and answered (the answer may differ: the dialogue's state survived the stand-in)
    wait.until(d -> {
      List<io.vertx.core.json.JsonObject> now = api.transcript(c);
      List<String> ids = now.stream().map(m -> m.getString("id")).toList();
      return now.size() >= 3 && !ids.contains(lost.get(0)) && "customer".equals(now.get(1).getString("role"))
          && !"customer".equals(now.get(now.size() - 1).getString("role"))
          && messages().stream().map(m -> m.getAttribute("data-id")).toList().equals(ids);
    });
    assertThat(text(1)).isEqualTo("My laptop does not start");
    assertThat(messages().get(2).getAttribute("class")).contains("relevo-msg--bot");
  }

  /** Ten choices at desktop and phone sizes: the question they answer stays in view, the choices scroll in their row. */
  @Test
  void theNewestMessageStaysVisibleWhenManyQuickRepliesAppear() {
    org.openqa.selenium.Dimension before = driver.manage().window().getSize();
    try {
      newestVisibleWithTenChoices(new org.openqa.selenium.Dimension(1366, 800));
      freshPage();
      newestVisibleWithTenChoices(new org.openqa.selenium.Dimension(390, 844));
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  private void newestVisibleWithTenChoices(org.openqa.selenium.Dimension size) {
    driver.manage().window().setSize(size);
    {
      driver.navigate().refresh();
      wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-launcher"))).click();
      awaitMessages(1);
      type("I want to report an incident");
      wait.until(d -> d.findElements(By.cssSelector(".relevo-chip")).size() >= 8);
      WebElement newest = messages().get(messages().size() - 1);
      assertThat(newest.getText()).contains("What is the problem with?");
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> box = (java.util.Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
          "const m = arguments[0].getBoundingClientRect(), l = document.querySelector('.relevo-log').getBoundingClientRect();"
          + "return {top: m.top, bottom: m.bottom, logTop: l.top, logBottom: l.bottom, logHeight: l.height};", newest);
      double bottom = ((Number) box.get("bottom")).doubleValue();
      double logBottom = ((Number) box.get("logBottom")).doubleValue();
      assertThat(bottom).as("the newest message's bottom within the conversation's view at " + size + " " + box).isLessThanOrEqualTo(logBottom + 1);
      assertThat(((Number) box.get("top")).doubleValue()).as("its top too").isGreaterThanOrEqualTo(((Number) box.get("logTop")).doubleValue() - 1);
      assertThat(((Number) box.get("logHeight")).doubleValue()).as("room left for the conversation at " + size).isGreaterThan(200);
    }
  }

  @Test
  void rendersMessageTextAsTextNeverAsHtml() {
    launcher().click();
    awaitMessages(1);
    String attack = "<img src=x onerror=alert(1)><b>bold</b>";
    type(attack);
    awaitMessages(3);
    assertThat(text(1)).isEqualTo(attack);
    assertThat(driver.findElements(By.cssSelector(".relevo-log img, .relevo-log b"))).isEmpty();
  }

  @Test
  void keepsTheConversationAcrossAPageReload() {
    launcher().click();
    awaitMessages(1);
    type("first question");
    awaitMessages(3);
    List<String> before = messages().stream().map(WebElement::getText).toList();

    driver.navigate().refresh();
    awaitMessages(3);
    assertThat(messages().stream().map(WebElement::getText).toList()).isEqualTo(before);
    type("second question");
    awaitMessages(5);
    assertThat(text(3)).isEqualTo("second question");
  }

  @Test
  void aQuickReplySendsItsPayload() {
    launcher().click();
    awaitMessages(1);
    wait.until(ExpectedConditions.elementToBeClickable(
        By.xpath("//button[contains(@class,'relevo-chip') and text()='Leave my contact details']"))).click();
    awaitMessages(3);
    assertThat(text(1)).isEqualTo("Leave my contact details");
    assertThat(text(2)).contains("email address or phone number");
  }

  @Test
  void showsTheAgentJoiningTypingAndReplying() {
    HandoffTest.free(relevo, "ana");
    Api api = new Api(relevo.port());
    String token = HandoffTest.login(api, "ana");
    try (WsClient console = HandoffTest.online(relevo, token)) {
      showsTheAgentJoiningTypingAndReplying(api, token, console);
    }
  }

  private void showsTheAgentJoiningTypingAndReplying(Api api, String token, WsClient agent) {
    launcher().click();
    awaitMessages(1);
    wait.until(ExpectedConditions.elementToBeClickable(
        By.xpath("//button[contains(@class,'relevo-chip') and text()='Talk to a person']"))).click();
    awaitMessages(3);
    assertThat(text(2)).startsWith("I'm passing your conversation to a person");

    String conversationId = (String) ((JavascriptExecutor) driver).executeScript(
        "return JSON.parse(localStorage.getItem('relevo.conversation')).id;");
    assertThat(api.post("/api/v1/handoffs/" + conversationId + "/claim", null, token).status()).isEqualTo(200);
    awaitMessages(4);
    assertThat(text(3)).isEqualTo("Ana joined the chat.");
    agent.next(f -> "conversation".equals(f.getString("type")) && conversationId.equals(f.getString("conversationId")));
    agent.send(new io.vertx.core.json.JsonObject().put("type", "typing").put("conversationId", conversationId));
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".relevo-typing"), "Ana is typing…"));
    api.post("/api/v1/handoffs/" + conversationId + "/messages", "{\"text\":\"Hello, I'm Ana from IT.\"}", token);
    awaitMessages(5);
    WebElement fromAgent = messages().get(4);
    assertThat(fromAgent.getAttribute("class")).contains("relevo-msg--agent");
    assertThat(fromAgent.findElement(By.cssSelector(".relevo-author")).getText()).isEqualTo("Ana");
    assertThat(text(4)).isEqualTo("Hello, I'm Ana from IT.");
  }

  /**
   * An agent closes the conversation: the widget ends it (input off, a closing notice, a button
   * for a new one), again after a reload, and the button starts a fresh conversation.
   */
  @Test
  void aClosedConversationEndsCleanlyBeforeAndAfterAReload() {
    HandoffTest.free(relevo, "ana");
    Api api = new Api(relevo.port());
    String token = HandoffTest.login(api, "ana");
    try (WsClient console = HandoffTest.online(relevo, token)) {
      showsTheAgentJoiningTypingAndReplying(api, token, console);
      String conversationId = (String) ((JavascriptExecutor) driver).executeScript(
          "return JSON.parse(localStorage.getItem('relevo.conversation')).id;");
      assertThat(api.post("/api/v1/handoffs/" + conversationId + "/close",
          "{\"resolution\":\"solved\"}", token).status()).isEqualTo(204);
    }
    assertEnded();
    int shownBefore = messages().size();

    driver.navigate().refresh();
    if (!driver.findElement(By.cssSelector(".relevo-panel")).isDisplayed()) {
      launcher().click();
    }
    wait.until(d -> messages().size() == shownBefore);
    assertEnded();

    String old = (String) ((JavascriptExecutor) driver).executeScript(
        "return JSON.parse(localStorage.getItem('relevo.conversation')).id;");
    driver.findElement(By.cssSelector(".relevo-again")).click();
    awaitMessages(1);
    assertThat(messages()).hasSize(1);
    assertThat(text(0)).startsWith("Hi!");
    assertThat(driver.findElement(By.cssSelector(".relevo-input")).isEnabled()).isTrue();
    assertThat(driver.findElement(By.cssSelector(".relevo-ended")).isDisplayed()).isFalse();
    assertThat((String) ((JavascriptExecutor) driver).executeScript(
        "return JSON.parse(localStorage.getItem('relevo.conversation')).id;")).isNotEqualTo(old);
    type("hello again");
    awaitMessages(3);
  }

  private static void assertEnded() {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".relevo-ended")));
    assertThat(driver.findElement(By.cssSelector(".relevo-ended-text")).getText()).isEqualTo("This conversation has ended.");
    assertThat(driver.findElement(By.cssSelector(".relevo-input")).isEnabled()).isFalse();
    assertThat(driver.findElement(By.cssSelector(".relevo-send")).isEnabled()).isFalse();
    assertThat(driver.findElements(By.cssSelector(".relevo-quick .relevo-chip"))).as("no choices left").isEmpty();
    assertThat(driver.findElements(By.cssSelector(".relevo-ended .relevo-score"))).as("a rating is offered").hasSize(5);
  }

  @Test
  void worksWithTheKeyboardAlone() {
    launcher().sendKeys(Keys.ENTER);
    awaitMessages(1);
    WebElement focused = driver.switchTo().activeElement();
    assertThat(focused.getAttribute("class")).contains("relevo-input");
    focused.sendKeys("keyboard only", Keys.ENTER);
    awaitMessages(3);
    driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".relevo-panel")));
    assertThat(driver.switchTo().activeElement().getAttribute("class")).contains("relevo-launcher");
    assertThat(launcher().getAttribute("aria-expanded")).isEqualTo("false");
  }

  @Test
  void runsUnderTheContentSecurityPolicyWithoutConsoleErrors() {
    launcher().click();
    awaitMessages(1);
    type("csp check");
    awaitMessages(3);
    List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertThat(severe).isEmpty();
  }

  @Test
  void answersWithAnArticleCardAndAsksWhetherItHelped() {
    launcher().click();
    awaitMessages(1);
    type("how do I connect to the VPN from home?");
    awaitMessages(4);
    WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".relevo-msg a.relevo-link")));
    assertThat(link.getText()).isEqualTo("Connect to the VPN from home");
    assertThat(link.getAttribute("href")).endsWith("/kb/en-it-vpn-connect");
    // absolute to Relevo's origin as written, so that it works on a host site of another origin
    assertThat(link.getDomAttribute("href")).isEqualTo(home + "kb/en-it-vpn-connect");
    assertThat(link.getAttribute("rel")).contains("noopener");
    wait.until(ExpectedConditions.elementToBeClickable(
        By.xpath("//button[contains(@class,'relevo-chip') and text()='Yes, it helped']"))).click();
    wait.until(d -> messages().stream().anyMatch(m -> m.getText().contains("glad it helped")));
  }

  @Test
  void hasNoSeriousOrCriticalAccessibilityViolations() {
    launcher().click();
    awaitMessages(1);
    type("how do I connect to the VPN from home?");
    awaitMessages(4);
    com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder().analyze(driver);
    List<String> serious = results.getViolations().stream()
        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
        .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget()))
            .limit(3).toList())
        .toList();
    assertThat(serious).as("axe-core on the demo page with the widget open").isEmpty();
  }
}
