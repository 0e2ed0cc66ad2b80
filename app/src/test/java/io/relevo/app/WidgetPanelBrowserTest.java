package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The widget's panel as a person uses it beyond sending messages, in English and in Spanish
 * browsers: lists and links, times, the thinking line, the person button, a saved copy, the
 * privacy notice, a phone (round launcher, focus kept in the panel) and a page zoomed to 200 %.
 */
class WidgetPanelBrowserTest extends WidgetBrowsers {

  /** The demo page with no conversation yet, the panel open and the greeting shown. */
  private static WebDriverWait open(ChromeDriver d) {
    WebDriverWait wait = load(d);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-launcher"))).click();
    awaitMessages(d, wait, 1);
    return wait;
  }

  private static List<WebElement> messages(ChromeDriver d) {
    return d.findElements(By.cssSelector(".relevo-log .relevo-msg"));
  }

  private static void awaitMessages(ChromeDriver d, WebDriverWait wait, int n) {
    wait.until(x -> messages(d).size() >= n && messages(d).stream()
        .noneMatch(m -> m.getAttribute("class").contains("relevo-msg--sending")));
  }

  private static void type(ChromeDriver d, String text) {
    WebElement input = d.findElement(By.cssSelector(".relevo-input"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
  }

  private static String conversationId(ChromeDriver d) {
    return (String) d.executeScript("return JSON.parse(localStorage.getItem('relevo.conversation')).id;");
  }

  private static void emulate(ChromeDriver d, int width, int height, double scale, boolean mobile) {
    d.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", scale, "mobile", mobile));
  }

  @Test
  void anAgentsListAndAddressRenderAsAListAndALinkNeverAsHtml() {
    WebDriverWait wait = open(en);
    HandoffTest.free(relevo, "ana");
    Api api = new Api(relevo.port());
    String token = HandoffTest.login(api, "ana");
    try (WsClient console = HandoffTest.online(relevo, token)) {
      type(en, "I want to talk to a person");
      awaitMessages(en, wait, 3);
      assertThat(api.post("/api/v1/handoffs/" + conversationId(en) + "/claim", null, token).status()).isEqualTo(200);
      String text = "Please try:\n- restart the laptop\n- sign in again <b>now</b>\nStatus: https://status.example.com/vpn.\n"
          + "Not a link: javascript:alert(1)";
      api.post("/api/v1/handoffs/" + conversationId(en) + "/messages", new io.vertx.core.json.JsonObject().put("text", text).encode(), token);
      wait.until(x -> !x.findElements(By.cssSelector(".relevo-msg--agent .relevo-list li")).isEmpty());
    }
    WebElement agent = en.findElement(By.cssSelector(".relevo-msg--agent"));
    assertThat(agent.findElements(By.cssSelector("ul.relevo-list > li"))).extracting(WebElement::getText)
        .containsExactly("restart the laptop", "sign in again <b>now</b>");
    List<WebElement> links = agent.findElements(By.cssSelector("a"));
    assertThat(links).hasSize(1);
    assertThat(links.get(0).getDomAttribute("href")).isEqualTo("https://status.example.com/vpn");
    assertThat(links.get(0).getDomAttribute("rel")).contains("noopener");
    assertThat(agent.findElements(By.cssSelector("b"))).isEmpty();
    assertThat(agent.getText()).contains("Please try:", "Not a link: javascript:alert(1)");
  }

  @Test
  void everyMessageCarriesItsTimeAndTheBotIsSeenThinking() {
    WebDriverWait wait = open(en);
    // observe the line under the conversation: the answer may come back within milliseconds
    en.executeScript("window.__seen = []; const t = document.querySelector('.relevo-typing');"
        + "new MutationObserver(() => window.__seen.push(t.textContent)).observe(t, {childList: true, characterData: true, subtree: true});");
    type(en, "how do I connect to the VPN from home?");
    awaitMessages(en, wait, 3);
    wait.until(x -> x.findElement(By.cssSelector(".relevo-typing")).getText().isEmpty());
    @SuppressWarnings("unchecked")
    List<String> seen = (List<String>) en.executeScript("return window.__seen;");
    assertThat(seen).contains("Relevo is thinking…");
    for (WebElement m : messages(en)) {
      WebElement time = m.findElement(By.cssSelector("time.relevo-time"));
      assertThat(time.getText()).matches("\\d{1,2}:\\d{2}( [AP]M)?");
      assertThat(java.time.Instant.parse(time.getDomAttribute("datetime"))).isBetween(
          java.time.Instant.now().minusSeconds(300), java.time.Instant.now().plusSeconds(60));
    }
  }

  @Test
  void thePersonButtonIsAlwaysThereAndAsksForAPerson() {
    WebDriverWait wait = open(es);
    type(es, "hola");
    awaitMessages(es, wait, 3);
    WebElement person = es.findElement(By.cssSelector(".relevo-header .relevo-person"));
    assertThat(person.getText()).isEqualTo("Hablar con una persona");
    person.click();
    awaitMessages(es, wait, 5);
    List<WebElement> all = messages(es);
    assertThat(all.get(3).findElement(By.cssSelector(".relevo-text")).getText()).isEqualTo("Hablar con una persona");
    assertThat(all.get(4).findElement(By.cssSelector(".relevo-text")).getText())
        .containsAnyOf("paso tu conversación a una persona", "no hay nadie disponible");
  }

  @Test
  void aCopyOfTheConversationIsSavedAsText() {
    WebDriverWait wait = open(en);
    type(en, "how do I connect to the VPN from home?");
    awaitMessages(en, wait, 3);
    // observe what the page hands to the browser's download (the download itself is left out)
    en.executeScript("window.__saved = null; const create = URL.createObjectURL;"
        + "URL.createObjectURL = (b) => { window.__blob = b; return create(b); };"
        + "HTMLAnchorElement.prototype.click = function () { window.__saved = this.getAttribute('download'); };");
    en.findElement(By.cssSelector(".relevo-more")).click();
    WebElement item = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".relevo-menu .relevo-save")));
    assertThat(en.switchTo().activeElement()).isEqualTo(item);
    assertThat(item.getText()).isEqualTo("Save a copy of this conversation");
    item.click();
    assertThat((String) en.executeScript("return window.__saved;")).matches("conversation-\\d{4}-\\d{2}-\\d{2}\\.txt");
    String copy = (String) en.executeAsyncScript("const done = arguments[0]; window.__blob.text().then(done);");
    assertThat(copy).startsWith("Conversation with the help desk, ")
        .contains("You:\nhow do I connect to the VPN from home?", "Relevo:\nHi!")
        .containsPattern("\\[\\d{1,2}:\\d{2}( [AP]M)?\\] You:");
    assertThat(en.findElement(By.cssSelector(".relevo-menu")).isDisplayed()).isFalse();
  }

  @Test
  void theHostsTitleGreetingAndPrivacyNoticeComeInTheWidgetsLanguage() {
    open(es);
    assertThat(es.findElement(By.cssSelector(".relevo")).getDomAttribute("lang")).isEqualTo("es");
    assertThat(es.findElement(By.cssSelector(".relevo-title")).getText()).isEqualTo("Servicio de ayuda de Nubentia");
    assertThat(es.findElement(By.cssSelector(".relevo-greeting")).getText()).startsWith("Para quienes trabajan en Nubentia");
    WebElement privacy = es.findElement(By.cssSelector(".relevo-privacy"));
    assertThat(privacy.getText()).isEqualTo("Cómo tratamos tus datos");
    assertThat(privacy.getDomAttribute("href")).isEqualTo(home + "privacy.html");
    assertThat(privacy.getDomAttribute("target")).isEqualTo("_blank");
    open(en);
    assertThat(en.findElement(By.cssSelector(".relevo-title")).getText()).isEqualTo("Nubentia Help Desk");
    assertThat(en.findElement(By.cssSelector(".relevo-privacy")).getText()).isEqualTo("How we handle your data");
  }

  /** 1366×800 at 200 % zoom is a 683×400 page: the panel fills it and the conversation keeps room. */
  @Test
  void atTwoHundredPercentZoomTheConversationKeepsItsRoom() {
    for (ChromeDriver d : new ChromeDriver[] {en, es}) {
      emulate(d, 683, 400, 2, false);
      WebDriverWait wait = open(d);
      type(d, d == en ? "I want to report an incident" : "quiero reportar una incidencia");
      wait.until(x -> x.findElements(By.cssSelector(".relevo-chip")).size() >= 8);
      @SuppressWarnings("unchecked")
      Map<String, Object> box = (Map<String, Object>) d.executeScript(
          "const l = document.querySelector('.relevo-log').getBoundingClientRect();"
          + "const ms = document.querySelectorAll('.relevo-log .relevo-msg'); const m = ms[ms.length - 1].getBoundingClientRect();"
          + "const p = document.querySelector('.relevo-panel');"
          + "return {log: l.height, logBottom: l.bottom, bottom: m.bottom, overflow: p.scrollWidth - p.clientWidth, width: p.getBoundingClientRect().width};");
      assertThat(((Number) box.get("log")).doubleValue()).as("conversation height at 200 %% " + box).isGreaterThanOrEqualTo(200);
      assertThat(((Number) box.get("bottom")).doubleValue()).as("newest message in view " + box)
          .isLessThanOrEqualTo(((Number) box.get("logBottom")).doubleValue() + 1);
      assertThat(((Number) box.get("overflow")).doubleValue()).as("no sideways scrolling " + box).isLessThanOrEqualTo(0);
      assertThat(((Number) box.get("width")).doubleValue()).isEqualTo(683.0);
    }
  }

  /** On a phone: a round launcher that names itself, a full-screen panel that keeps focus inside. */
  @Test
  void onAPhoneTheLauncherIsRoundAndFocusStaysInThePanel() {
    for (ChromeDriver d : new ChromeDriver[] {en, es}) {
      for (int width : new int[] {390, 320}) {
        emulate(d, width, 844, 3, true);
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
        d.get(home);
        d.executeScript("localStorage.clear();");
        d.navigate().refresh();
        WebElement launcher = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-launcher")));
        assertThat(launcher.getRect().getWidth()).isEqualTo(launcher.getRect().getHeight()).isBetween(44, 64);
        assertThat(launcher.getAccessibleName()).isEqualTo(d == en ? "Chat with the help desk" : "Chatear con el servicio de ayuda");
        launcher.click();
        awaitMessages(d, wait, 1);
        WebElement panel = d.findElement(By.cssSelector(".relevo-panel"));
        assertThat(panel.getDomAttribute("aria-modal")).isEqualTo("true");
        assertThat(panel.getRect().getWidth()).isEqualTo(width);
        assertThat(d.executeScript("const p = document.querySelector('.relevo-panel');"
            + "return {overflow: p.scrollWidth - p.clientWidth, wide: Array.from(p.querySelectorAll('*'))"
            + ".filter(e => e.getBoundingClientRect().right > innerWidth + 0.5).map(e => e.className).slice(0, 5)};").toString())
            .as("no sideways scrolling at " + width).contains("overflow=0");
        for (int i = 0; i < 14; i++) {
          d.switchTo().activeElement().sendKeys(Keys.TAB);
          assertThat((Boolean) d.executeScript("return document.querySelector('.relevo-panel').contains(document.activeElement);"))
              .as("focus after " + (i + 1) + " tabs at " + width).isTrue();
        }
        for (int i = 0; i < 14; i++) {
          d.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
          assertThat((Boolean) d.executeScript("return document.querySelector('.relevo-panel').contains(document.activeElement);"))
              .as("focus after " + (i + 1) + " shift-tabs at " + width).isTrue();
        }
      }
    }
  }

  @Test
  void staysFreeOfSeriousAccessibilityViolationsWithTheMenuOpenOnAPhoneInSpanish() {
    emulate(es, 390, 844, 3, true);
    open(es);
    es.findElement(By.cssSelector(".relevo-more")).click();
    com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder().analyze(es);
    List<String> serious = results.getViolations().stream()
        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
        .map(v -> v.getId() + ": " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).limit(3).toList())
        .toList();
    assertThat(serious).isEmpty();
  }

  /** The person ends the conversation from the menu (asked first, in the panel) and rates the help, in Spanish. */
  @Test
  void thePersonEndsTheConversationAndRatesIt() {
    WebDriverWait wait = open(es);
    type(es, "hola");
    awaitMessages(es, wait, 3);
    es.findElement(By.cssSelector(".relevo-more")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-menu .relevo-end"))).click();
    WebElement yes = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".relevo-confirm-yes")));
    assertThat(es.findElement(By.cssSelector(".relevo-confirm-text")).getText()).isEqualTo("¿Terminar esta conversación?");
    assertThat(es.switchTo().activeElement()).isEqualTo(yes);
    yes.sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".relevo-confirm")));
    assertThat(es.findElement(By.cssSelector(".relevo-input")).isEnabled()).as("cancelled: nothing ended").isTrue();

    es.findElement(By.cssSelector(".relevo-more")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-menu .relevo-end"))).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-confirm-yes"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".relevo-ended")));
    assertThat(es.findElement(By.cssSelector(".relevo-input")).isEnabled()).isFalse();
    wait.until(x -> messages(es).stream().anyMatch(m -> m.getText().contains("Has terminado la conversación")));
    assertThat(es.findElement(By.cssSelector(".relevo-rating-text")).getText()).isEqualTo("¿Cómo valoras la ayuda que has recibido?");
    es.findElement(By.xpath("//button[contains(@class,'relevo-score') and text()='4 Buena']")).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".relevo-rating-text"), "¡Gracias por tu valoración!"));
    assertThat(es.findElements(By.cssSelector(".relevo-score")).stream().noneMatch(WebElement::isDisplayed)).isTrue();

    es.navigate().refresh();
    if (!es.findElement(By.cssSelector(".relevo-panel")).isDisplayed()) {
      es.findElement(By.cssSelector(".relevo-launcher")).click();
    }
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".relevo-ended")));
    assertThat(es.findElement(By.cssSelector(".relevo-rating-text")).getText()).isEqualTo("¡Gracias por tu valoración!");
    Api api = new Api(relevo.port());
    String token = (String) es.executeScript("return JSON.parse(localStorage.getItem('relevo.conversation')).token;");
    assertThat(api.get("/api/v1/conversations/" + conversationId(es), token).json().getString("state")).isEqualTo("closed");
  }

  /**
   * Pictures of the widget for the docs: written to target/screenshots, and to the folder named by
   * -Drelevo.screenshots (docs/screenshots when refreshing the README's pictures).
   */
  @Test
  void takesScreenshotsOnDesktopAndPhone() throws java.io.IOException {
    emulate(en, 1366, 800, 1, false);
    WebDriverWait wait = open(en);
    type(en, "how do I connect to the VPN from home?");
    awaitMessages(en, wait, 3);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".relevo-chip")));
    Screenshots.save(en, "widget-desktop-en.png");
    emulate(es, 390, 844, 2, true);
    wait = open(es);
    type(es, "se me ha olvidado la contraseña");
    awaitMessages(es, wait, 3);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".relevo-chip")));
    Screenshots.save(es, "widget-phone-es.png");
  }
}
