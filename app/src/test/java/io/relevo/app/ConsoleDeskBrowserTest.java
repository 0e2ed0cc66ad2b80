package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The agent console's desk tools (transfer, alerts, wait timers, shortcuts) in a real Chromium against a real Relevo. */
class ConsoleDeskBrowserTest {

  static Relevo relevo;
  static ConsoleBrowser browser;

  @BeforeAll
  static void start() {
    // a short target wait, so that a conversation turns late within a test
    relevo = TestServers.start(java.util.Map.of("RELEVO_HANDOFF_TARGET_WAIT", "4s"));
    browser = new ConsoleBrowser(relevo, "1366,800");
    browser.recordNotificationsAndTones();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (relevo != null) {
      relevo.stop();
    }
  }

  @BeforeEach
  void agentsHaveRoom() {
    HandoffTest.free(relevo, "ana");
    HandoffTest.free(relevo, "sam");
  }

  /** A person's conversation handed off with {@code question} as what they asked first and {@code label} last. */
  private Api.Conversation handedOff(Api api, String question, String label) {
    Api.Conversation c = api.create("en");
    api.say(c, question, null);
    browser.wait.until(d -> HandoffTest.askForAPerson(api, c, label).status() == 200
        && "queued".equals(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")));
    return c;
  }

  @Test
  void anAgentTransfersAConversationToAnotherAgentByName() {
    String samTab = browser.driver.getWindowHandle();
    browser.signIn("sam");
    String anaTab = browser.newTab();
    browser.signIn("ana");

    Api api = new Api(relevo.port());
    Api.Conversation c = handedOff(api, "My laptop will not turn on after the update", "Talk to a person (laptop)");
    browser.clickWhenReady(By.xpath("//ul[@id='queues']//button[@aria-label='Claim: Talk to a person (laptop)']"));
    browser.wait.until(d -> browser.transcriptTexts().contains("My laptop will not turn on after the update"));

    // the transfer menu names the agents online who serve the queue (not Ana herself), and the queues
    // read in one script: the menu is filled again whenever the queues change
    browser.wait.until(d -> optionTexts("#transfer-agents option").contains("Sam"));
    List<String> agents = optionTexts("#transfer-agents option");
    assertThat(agents).doesNotContain("Ana");
    assertThat(optionTexts("#transfer-queues option")).contains("IT queue", "General queue");
    new Select(browser.driver.findElement(By.id("transfer-to"))).selectByVisibleText("Sam");
    browser.driver.findElement(By.id("transfer")).click();

    // Ana no longer has it, nor its reply box
    browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("reply")));
    assertThat(browser.text("status")).contains("Transferred to Sam");
    assertThat(browser.text("mine")).doesNotContain("My laptop will not turn on");
    assertThat(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("agent");

    // Sam's console has it as his, says who sent it, and he can answer
    browser.switchTo(samTab);
    browser.wait.until(d -> browser.text("mine").contains("My laptop will not turn on")
        && browser.text("mine").contains("Transferred by Ana"));
    browser.wait.until(d -> browser.transcriptTexts().contains("Sam joined the chat."));
    assertThat(browser.driver.findElement(By.id("reply")).isDisplayed()).isTrue();
    browser.assertNoErrorsAndAccessible("axe-core on the console after a transfer");
    browser.switchTo(anaTab);
    browser.driver.close();
    browser.switchTo(samTab);
  }

  @Test
  void aConversationThatStartsWaitingSoundsAndShowsOneDesktopNotificationOnceAllowed() {
    browser.signIn("ana");
    browser.js("window.__notes.length = 0; window.__tones = 0;");
    // asked from the button, not on load
    assertThat(browser.js("return window.Notification.permission;")).isEqualTo("default");
    browser.clickWhenReady(By.id("notify"));
    browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("notify")));
    assertThat(browser.text("status")).isEqualTo("Desktop alerts are on.");

    Api api = new Api(relevo.port());
    handedOff(api, "The VPN drops every ten minutes", "Talk to a person (vpn)");
    browser.wait.until(d -> ((Number) browser.js("return window.__notes.length;")).intValue() >= 1);
    @SuppressWarnings("unchecked")
    List<java.util.Map<String, Object>> notes = (List<java.util.Map<String, Object>>) browser.js("return window.__notes;");
    assertThat(notes).singleElement().satisfies(n -> {
      assertThat((String) n.get("title")).startsWith("New conversation waiting · ").endsWith(" queue");
      assertThat(n.get("body")).isEqualTo("The VPN drops every ten minutes");
    });
    assertThat(((Number) browser.js("return window.__tones;")).intValue()).as("tones").isPositive();
    assertThat(browser.driver.getTitle()).matches("\\(\\d+\\) Relevo · Agent console");

    // the live wait: mm:ss, every second; past the queue's target (4 s here) red and said in words
    By item = By.xpath("//ul[@id='queues']/li[.//button[@aria-label='Claim: Talk to a person (vpn)']]");
    String first = browser.driver.findElement(item).findElement(By.className("wait-time")).getText();
    assertThat(first).matches("\\d\\d:\\d\\d");
    browser.wait.until(d -> !d.findElement(item).findElement(By.className("wait-time")).getText().equals(first));
    browser.wait.until(d -> d.findElement(item).getAttribute("class").contains("late"));
    assertThat(browser.driver.findElement(item).findElement(By.className("wait-cue")).getText())
        .isEqualTo("⚠ Over the target wait (00:04)");

    // her own claim is no news: still one notification
    browser.clickWhenReady(By.xpath("//ul[@id='queues']//button[@aria-label='Claim: Talk to a person (vpn)']"));
    browser.wait.until(d -> browser.transcriptTexts().contains("Ana joined the chat."));
    assertThat(((Number) browser.js("return window.__notes.length;")).intValue()).isEqualTo(1);
  }

  private void press(CharSequence... keys) {
    new org.openqa.selenium.interactions.Actions(browser.driver).sendKeys(keys).perform();
  }

  private void alt(String letter) {
    new org.openqa.selenium.interactions.Actions(browser.driver).keyDown(org.openqa.selenium.Keys.ALT).sendKeys(letter)
        .keyUp(org.openqa.selenium.Keys.ALT).perform();
  }

  private String focused(String attribute) {
    return (String) browser.js("const e = document.activeElement; return e ? (e.getAttribute(arguments[0]) || e.id) : '';", attribute);
  }

  @Test
  void anAgentWorksFromTheKeyboardAndClosesThroughTheResolutionDialog() {
    browser.signIn("ana");
    Api api = new Api(relevo.port());
    Api.Conversation c = handedOff(api, "Outlook keeps asking for my password", "Talk to a person (keys)");
    String claimLabel = "Claim: Talk to a person (keys)";
    browser.wait.until(d -> !d.findElements(By.xpath("//ul[@id='queues']//button[@aria-label='" + claimLabel + "']")).isEmpty());
    browser.js("document.activeElement.blur();");

    // '?' opens the list of shortcuts; Esc closes it
    press("?");
    browser.wait.until(d -> d.findElement(By.id("help")).isDisplayed());
    assertThat(browser.text("help-list")).contains("Alt+N", "Go to the next waiting conversation", "Ctrl+Enter", "Alt+X");
    browser.assertNoErrorsAndAccessible("axe-core on the console with the shortcuts open");
    press(org.openqa.selenium.Keys.ESCAPE);
    browser.wait.until(d -> !d.findElement(By.id("help")).isDisplayed());

    // Alt+N walks the waiting conversations, Alt+C claims the one in focus
    for (int i = 0; i < 20 && !claimLabel.equals(focused("aria-label")); i++) {
      alt("n");
    }
    assertThat(focused("aria-label")).isEqualTo(claimLabel);
    alt("c");
    browser.wait.until(d -> browser.transcriptTexts().contains("Ana joined the chat."));

    // typing in the reply box: Alt+X does nothing, Ctrl+Enter sends
    browser.wait.until(d -> "reply".equals(focused("id")));
    WebElement reply = browser.driver.findElement(By.id("reply"));
    alt("x");
    assertThat(browser.driver.findElement(By.id("close-dialog")).isDisplayed()).isFalse();
    reply.clear(); // what the synthetic Alt+X may have typed
    reply.sendKeys("Checking your mailbox now");
    reply.sendKeys(org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, org.openqa.selenium.Keys.ENTER));
    browser.wait.until(d -> api.transcript(c).stream().anyMatch(m -> "Checking your mailbox now".equals(m.getString("text"))));

    // outside the box: Alt+I switches the internal note
    browser.js("document.activeElement.blur();");
    alt("i");
    assertThat(browser.driver.findElement(By.id("as-note")).isSelected()).isTrue();
    alt("i");
    assertThat(browser.driver.findElement(By.id("as-note")).isSelected()).isFalse();

    // Alt+X asks for the resolution in a modal dialog; Esc cancels and keeps the conversation
    alt("x");
    browser.wait.until(d -> d.findElement(By.id("close-dialog")).isDisplayed());
    assertThat(focused("id")).isEqualTo("close-resolution");
    assertThat((Boolean) browser.js("return document.getElementById('close-dialog').matches(':modal');")).isTrue();
    browser.assertNoErrorsAndAccessible("axe-core on the close dialog");
    press(org.openqa.selenium.Keys.ESCAPE);
    browser.wait.until(d -> !d.findElement(By.id("close-dialog")).isDisplayed());
    assertThat(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("agent");
    assertThat(browser.driver.findElement(By.id("reply")).isDisplayed()).isTrue();

    alt("x");
    browser.wait.until(d -> d.findElement(By.id("close-dialog")).isDisplayed());
    new Select(browser.driver.findElement(By.id("close-resolution"))).selectByVisibleText("Question answered");
    browser.driver.findElement(By.id("close-note")).sendKeys("Reset the Outlook profile");
    browser.driver.findElement(By.id("close-confirm")).click();
    browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("reply")));
    assertThat(api.get("/api/v1/conversations/" + c.id(), c.token()).json().getString("state")).isEqualTo("closed");

    // the help panel in Spanish
    new Select(browser.driver.findElement(By.id("lang"))).selectByValue("es");
    browser.js("document.activeElement.blur();");
    press("?");
    browser.wait.until(d -> d.findElement(By.id("help")).isDisplayed());
    assertThat(browser.text("help-title")).isEqualTo("Atajos de teclado");
    assertThat(browser.text("help-list")).contains("Ir a la siguiente conversación en espera", "Cerrar un diálogo sin hacer nada");
    press(org.openqa.selenium.Keys.ESCAPE);
  }

  @Test
  void theFilterFindsConversationsAndTheTranscriptTakesMostOfTheScreenBesideTheContext() {
    browser.signIn("ana");
    Api api = new Api(relevo.port());
    Api.Response created = api.post("/api/v1/conversations",
        new io.vertx.core.json.JsonObject().put("locale", "en").put("user", new io.vertx.core.json.JsonObject()
            .put("name", "Lucía Pérez")).encode(), null);
    Api.Conversation lucia = new Api.Conversation(created.json().getString("conversationId"),
        created.json().getString("token"), created);
    api.say(lucia, "how do I connect to the VPN from home?", null);
    browser.wait.until(d -> HandoffTest.askForAPerson(api, lucia, "Talk to a person (vpn home)").status() == 200
        && "queued".equals(api.get("/api/v1/conversations/" + lucia.id(), lucia.token()).json().getString("state")));
    Api.Conversation other = handedOff(api, "My second monitor flickers", "Talk to a person (monitor)");
    By luciaItem = By.xpath("//ul[@id='queues']/li[.//button[@aria-label='Claim: Talk to a person (vpn home)']]");
    By otherItem = By.xpath("//ul[@id='queues']/li[.//button[@aria-label='Claim: Talk to a person (monitor)']]");
    browser.wait.until(d -> !d.findElements(luciaItem).isEmpty() && !d.findElements(otherItem).isEmpty());

    // by the person's name, by words of the question, by id; and saying when nothing matches
    WebElement filter = browser.driver.findElement(By.id("filter"));
    filter.sendKeys("lucía");
    browser.wait.until(d -> d.findElement(luciaItem).isDisplayed() && !d.findElement(otherItem).isDisplayed());
    filter.clear();
    filter.sendKeys("MONITOR flickers");
    browser.wait.until(d -> !d.findElement(luciaItem).isDisplayed() && d.findElement(otherItem).isDisplayed());
    filter.clear();
    filter.sendKeys(other.id().substring(0, 10));
    browser.wait.until(d -> !d.findElement(luciaItem).isDisplayed() && d.findElement(otherItem).isDisplayed());
    filter.clear();
    filter.sendKeys("nothing like this anywhere");
    browser.wait.until(d -> d.findElement(By.id("filter-none")).isDisplayed());
    filter.clear();
    filter.sendKeys(" ");
    filter.clear();
    browser.wait.until(d -> d.findElement(luciaItem).isDisplayed() && d.findElement(otherItem).isDisplayed());

    browser.clickWhenReady(By.xpath("//ul[@id='queues']//button[@aria-label='Claim: Talk to a person (vpn home)']"));
    browser.wait.until(d -> browser.transcriptTexts().contains("Ana joined the chat."));
    // the context names the person and her real question, and suggests articles for it (not for "talk to a person")
    browser.wait.until(d -> browser.text("context-facts").contains("Lucía Pérez · not verified"));
    assertThat(browser.text("context-facts")).contains("Question", "how do I connect to the VPN from home?", "Reason",
        "Language", "Channel", "Queue", "Website");
    browser.wait.until(d -> browser.text("suggestions").contains("VPN"));
    // the bot's last decision and intent read as words, not codes
    assertThat(browser.text("context-facts")).contains("Passed to a person, by a button the person pressed")
        .doesNotContain("out_of_scope", "ask_human");
    assertThat(browser.text("pane-title")).as("named by the person's question").isEqualTo("how do I connect to the VPN from home?");
    // every bot turn's decision, beside what the person wrote or pressed
    browser.clickWhenReady(By.cssSelector("#turns-box summary"));
    browser.wait.until(d -> d.findElements(By.cssSelector("#turns li")).size() >= 2);
    java.util.List<String> turns = browser.driver.findElements(By.cssSelector("#turns li")).stream().map(WebElement::getText).toList();
    assertThat(turns.get(0)).startsWith("how do I connect to the VPN from home? → ").contains(", by ");
    assertThat(turns.get(turns.size() - 1)).contains("Passed to a person, by a button the person pressed");

    // at 1366x800 the transcript takes most of the height, the context sits beside it
    @SuppressWarnings("unchecked")
    java.util.Map<String, Number> box = (java.util.Map<String, Number>) browser.js("""
        const t = document.getElementById('transcript').getBoundingClientRect();
        const c = document.getElementById('context').getBoundingClientRect();
        return { height: t.height, right: t.right, contextLeft: c.left, contextHeight: c.height, viewport: window.innerHeight };""");
    assertThat(box.get("height").doubleValue()).as("transcript height").isGreaterThan(0.55 * box.get("viewport").doubleValue());
    assertThat(box.get("contextLeft").doubleValue()).as("context beside the transcript")
        .isGreaterThanOrEqualTo(box.get("right").doubleValue() - 1);
    browser.assertNoErrorsAndAccessible("axe-core on the console with the side panel");
    try {
      Screenshots.save(browser.driver, "console-desk-en.png");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> optionTexts(String selector) {
    return (List<String>) browser.js("return Array.from(document.querySelectorAll(arguments[0])).map(o => o.textContent);", selector);
  }
}
