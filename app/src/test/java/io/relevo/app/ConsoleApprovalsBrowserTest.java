package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.relevo.channels.web.IdentityTokens;
import io.relevo.handoff.agents.Passwords;
import io.relevo.redis.EmbeddedRedis;
import io.relevo.testkit.TestRedis;
import io.vertx.core.json.JsonObject;

/**
 * The console's Approvals view in a real headless Chromium: a manager whose account only approves
 * signs in, sees the requests made by chat that wait for her (who, what, step, since when,
 * escalation), approves one and rejects another with a reason in a dialog, and is told in words when
 * a request was withdrawn meanwhile; an agent who also approves sees the count in the header link.
 */
class ConsoleApprovalsBrowserTest {

  static final String IDENTITY = "console-approvals-identity-secret";
  static Relevo relevo;
  static EmbeddedRedis redis;
  static ConsoleBrowser browser;
  static Api api;
  static IdentityTokens host;

  @BeforeAll
  static void start() throws Exception {
    Path dir = TestRedis.tempDir("console-approvals");
    String hash = Passwords.hash(TestServers.DEMO_PASSWORD, 1000);
    Path agents = Files.writeString(dir.resolve("agents.yaml"), """
        agents:
          - {id: elena, name: Elena, password: %1$s, roles: [approver]}
          - {id: ana, name: Ana, password: %1$s, roles: [agent], skills: [it], capacity: 3}
        """.formatted(hash));
    Path people = Files.writeString(dir.resolve("people.yaml"), """
        people:
          - {email: elena@acme.example, name: Elena, agent: elena}
          - {email: ana@acme.example, name: Ana, agent: ana}
          - {email: luis@acme.example, name: Luis, manager: elena@acme.example}
          - {email: tomas@acme.example, name: Tomas, manager: elena@acme.example}
          - {email: rosa@acme.example, name: Rosa, manager: elena@acme.example}
          - {email: nuria@acme.example, name: Nuria, manager: ana@acme.example}
        """);
    relevo = TestServers.start(Map.of(
        "REDIS_URL", (redis = TestRedis.dedicated()).uri(),
        "RELEVO_WIDGET_IDENTITY_SECRET", IDENTITY,
        "RELEVO_AGENTS_FILE", agents.toString(),
        "RELEVO_APPROVALS_DIRECTORY_FILE", people.toString()));
    api = new Api(relevo.port());
    host = new IdentityTokens(IDENTITY, Clock.systemUTC());
    browser = new ConsoleBrowser(relevo, "1280,900");
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (relevo != null) {
      relevo.stop();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** A verified person's conversation in English (their manager from the directory). */
  static Api.Conversation person(String sub) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", sub).put("name", sub).put("email", sub + "@acme.example")
        .put("iat", now).put("exp", now + 600);
    Api.Response r = api.post("/api/v1/conversations", new JsonObject().put("locale", "en")
        .put("identityToken", host.issue(claims)).encode(), null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return new Api.Conversation(r.json().getString("conversationId"), r.json().getString("token"), r);
  }

  static List<JsonObject> choose(Api.Conversation c, String payload) {
    Api.Response r = api.post("/api/v1/conversations/" + c.id() + "/messages",
        new JsonObject().put("text", payload).put("payload", payload).encode(), c.token());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.messages();
  }

  static String last(List<JsonObject> replies) {
    return replies.get(replies.size() - 1).getString("text");
  }

  /** An equipment request made in the chat, as the catalogue's button starts it; its ticket id. */
  static String equipment(Api.Conversation c, String item, String why) {
    assertThat(last(choose(c, "form.start:request_equipment"))).contains("What do you need?");
    assertThat(last(api.say(c, item, null).messages())).contains("Why do you need it?");
    assertThat(last(api.say(c, why, null).messages())).contains("Shall I send it?");
    Matcher m = Pattern.compile("REQ-\\d{6}").matcher(String.join("\n", choose(c, "form.yes").stream()
        .map(j -> j.getString("text")).toList()));
    assertThat(m.find()).isTrue();
    return m.group();
  }

  static By item(String ticket) {
    return By.cssSelector("#approvals-list li[data-id='" + ticket + ".1']");
  }

  static By button(String ticket, String decision) {
    return By.cssSelector("#approvals-list li[data-id='" + ticket + ".1'] button[data-decision='" + decision + "']");
  }

  @Test
  void anEquipmentRequestMadeByChatIsApprovedByTheManagerInTheConsoleAndTheRequesterIsTold() throws Exception {
    Api.Conversation luis = person("luis");
    String id = equipment(luis, "Laptop", "My laptop is six years old and too slow for builds");

    browser.signIn("elena", By.id("approvals"));
    // her account only approves: the Approvals view and nothing of the desk
    assertThat(browser.driver.findElement(By.id("desk")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.id("desk-link")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.id("help-open")).isDisplayed()).isFalse();
    WebElement shown = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(item(id)));
    assertThat(shown.getText()).contains("Laptop", id, "Requested by", "luis <luis@acme.example>",
        "The reason: My laptop is six years old", "Step", "1 of 1", "Waiting since", "Escalated", "No; it escalates on");
    assertThat(browser.text("approvals-link")).contains("Approvals");
    assertThat(Integer.parseInt(browser.text("approvals-count"))).isPositive();
    browser.assertNoErrorsAndAccessible("the Approvals view");
    Screenshots.save(browser.driver, "console-approvals-en.png");

    browser.clickWhenReady(button(id, "approve"));
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("decision-dialog")));
    assertThat(browser.text("decision-title")).isEqualTo("Approve " + id + "?");
    assertThat(browser.driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("decision-reason");
    browser.assertNoErrorsAndAccessible("the decision dialog");
    browser.driver.findElement(By.id("decision-confirm")).click();

    browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("approvals-result"), "You approved " + id));
    browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(item(id)));
    JsonObject ticket = api.get("/api/v1/tickets/" + id + "?conversation=" + luis.id(), luis.token()).json();
    assertThat(ticket.getString("status")).isEqualTo("approved");
    assertThat(last(api.transcript(luis))).contains("Good news: your request " + id).contains("approved by Elena");

    // the desk's shortcuts do nothing here, and she signs out like any agent
    browser.driver.findElement(By.tagName("body")).sendKeys("?");
    assertThat(browser.driver.findElement(By.id("help")).isDisplayed()).isFalse();
    browser.driver.findElement(By.id("signout")).click();
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    assertThat(browser.driver.findElement(By.id("approvals")).isDisplayed()).isFalse();
  }

  @Test
  void aRejectionWithAReasonAndAWithdrawnRequestAreShownInWords() {
    Api.Conversation tomas = person("tomas");
    String rejected = equipment(tomas, "Monitor", "A second screen for reviewing designs side by side");
    Api.Conversation rosa = person("rosa");
    String withdrawn = equipment(rosa, "Headset", "For the calls with customers in the open office");

    browser.signIn("elena", By.id("approvals"));
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(item(rejected)));
    browser.clickWhenReady(button(rejected, "reject"));
    WebElement reason = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("decision-reason")));
    assertThat(browser.text("decision-title")).isEqualTo("Reject " + rejected + "?");
    assertThat(browser.text("decision-confirm")).isEqualTo("Reject the request");
    reason.sendKeys("Budget frozen until March");
    browser.driver.findElement(By.id("decision-confirm")).click();
    browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("approvals-result"), "You rejected " + rejected));
    assertThat(last(api.transcript(tomas))).contains("rejected by Elena").contains("Reason: Budget frozen until March");

    // Esc cancels and decides nothing
    browser.clickWhenReady(button(withdrawn, "approve"));
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("decision-reason")))
        .sendKeys(org.openqa.selenium.Keys.ESCAPE);
    browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("decision-dialog")));
    assertThat(browser.driver.switchTo().activeElement().getDomAttribute("data-decision")).isEqualTo("approve");

    // the requester withdraws while the manager has the dialog open: the console says so in words
    browser.clickWhenReady(button(withdrawn, "approve"));
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("decision-dialog")));
    assertThat(api.post("/api/v1/tickets/" + withdrawn + "/withdraw?conversation=" + rosa.id(), "{}", rosa.token()).status())
        .isEqualTo(200);
    browser.driver.findElement(By.id("decision-confirm")).click();
    browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("approvals-result"),
        "The requester withdrew this request: there is nothing to decide."));
    browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(item(withdrawn)));
    // the refused decision is the browser's only error
    assertThat(browser.driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).map(e -> e.getMessage()))
        .singleElement().asString().contains("/decision").contains("409");
  }

  @Test
  void anAgentWhoAlsoApprovesSeesTheCountInTheHeaderAndGoesBetweenDeskAndApprovals() {
    Api.Conversation nuria = person("nuria");
    String id = equipment(nuria, "Docking station", "To use two screens at my desk every day");
    browser.signIn("ana");
    WebElement link = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("approvals-link")));
    assertThat(browser.text("approvals-count")).isEqualTo("1");
    assertThat(link.getAccessibleName()).isEqualTo("Approvals: 1 waiting");
    link.click();
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(item(id)));
    assertThat(browser.driver.findElement(By.id("desk")).isDisplayed()).isFalse();
    browser.clickWhenReady(By.id("desk-link"));
    browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("desk")));
    assertThat(browser.driver.findElement(By.id("approvals")).isDisplayed()).isFalse();
  }
}
