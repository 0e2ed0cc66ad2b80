package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The service catalogue in the widget and on the demo portal, in English and Spanish browsers:
 * browsed by department, searched, and a request started in the chat with one click (the chat
 * then asks the form's first question); keyboard, a phone, and axe-core.
 */
class WidgetCatalogueBrowserTest extends WidgetBrowsers {

  /** The panel open, the greeting shown, and the catalogue opened from the widget's menu. */
  private static WebDriverWait openCatalogue(ChromeDriver d) {
    WebDriverWait wait = load(d);
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-launcher"))).click();
    wait.until(x -> !messages(d).isEmpty());
    d.findElement(By.cssSelector(".relevo-more")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-menu .relevo-cat-open"))).click();
    wait.until(x -> !items(d).isEmpty());
    return wait;
  }

  private static List<WebElement> messages(ChromeDriver d) {
    return d.findElements(By.cssSelector(".relevo-log .relevo-msg"));
  }

  private static List<WebElement> items(ChromeDriver d) {
    return d.findElements(By.cssSelector(".relevo-cat .relevo-cat-item"));
  }

  /**
   * Acts on the catalogue item whose text starts with {@code name}, finding it again when the list was drawn anew
   * between finding and acting (a stale element).
   */
  private static void pick(ChromeDriver d, WebDriverWait wait, String name, java.util.function.Consumer<WebElement> act) {
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(x -> {
      WebElement item = items(d).stream().filter(b -> b.getText().startsWith(name)).findFirst().orElse(null);
      if (item == null) {
        return false;
      }
      act.accept(item);
      return true;
    });
  }

  @SuppressWarnings("unchecked")
  private static List<String> shown(ChromeDriver d, String selector) {
    return (List<String>) d.executeScript("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);", selector);
  }

  /** Types {@code words} in the search box and waits until the items shown are {@code expected}. */
  private static void search(ChromeDriver d, WebDriverWait wait, String words, List<String> expected) {
    WebElement q = d.findElement(By.cssSelector(".relevo-cat-q"));
    q.clear();
    q.sendKeys(words);
    wait.until(x -> shown(d, ".relevo-cat .relevo-cat-name").equals(expected));
  }

  private static String lastBotText(ChromeDriver d) {
    List<String> bot = shown(d, ".relevo-log .relevo-msg--bot .relevo-text");
    return bot.isEmpty() ? "" : bot.get(bot.size() - 1);
  }

  private static List<String> seriousViolations(ChromeDriver d) {
    com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder().analyze(d);
    return results.getViolations().stream()
        .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
        .map(v -> v.getId() + ": " + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).limit(3).toList())
        .toList();
  }

  @Test
  void theCatalogueIsBrowsedAndSearchedInEnglishAndARequestStartsInTheChat() throws java.io.IOException {
    emulate(en, 1366, 800, 1, false);
    WebDriverWait wait = openCatalogue(en);
    assertThat(en.findElement(By.cssSelector(".relevo-cat-title")).getText()).isEqualTo("What can I request?");
    assertThat(en.switchTo().activeElement().getDomAttribute("class")).isEqualTo("relevo-cat-q");
    assertThat(en.findElement(By.cssSelector(".relevo-log")).isDisplayed()).as("the catalogue in place of the conversation").isFalse();
    assertThat(shown(en, ".relevo-cat-dept")).containsExactly("IT", "Human resources", "Facilities");
    assertThat(shown(en, ".relevo-cat-name")).contains("Equipment", "Vacation or time off", "Building pass");
    assertThat(shown(en, ".relevo-cat-desc")).anyMatch(s -> s.contains("Needs approval"));
    assertThat(seriousViolations(en)).as("the catalogue in English").isEmpty();
    Screenshots.save(en, "widget-catalogue-en.png");

    search(en, wait, "trip", List.of("Business trip"));
    assertThat(shown(en, ".relevo-cat-dept")).containsExactly("Human resources");
    search(en, wait, "zzzz qqqq", List.of());
    assertThat(en.findElement(By.cssSelector(".relevo-cat-note")).getText()).startsWith("Nothing matches");
    search(en, wait, "laptop", List.of("Report an IT problem", "Equipment"));

    pick(en, wait, "Equipment", WebElement::click);
    wait.until(x -> lastBotText(en).contains("What do you need?"));
    assertThat(en.findElement(By.cssSelector(".relevo-cat")).isDisplayed()).isFalse();
    assertThat(shown(en, ".relevo-log .relevo-msg--customer .relevo-text")).containsExactly("Equipment");
    assertThat(en.switchTo().activeElement().getDomAttribute("class")).isEqualTo("relevo-input");
  }

  @Test
  void inSpanishOnAPhoneTheCatalogueIsSearchedAndEscLeavesIt() throws java.io.IOException {
    emulate(es, 390, 844, 2, true);
    WebDriverWait wait = openCatalogue(es);
    assertThat(es.findElement(By.cssSelector(".relevo-cat-title")).getText()).isEqualTo("¿Qué puedo pedir?");
    assertThat(shown(es, ".relevo-cat-dept")).containsExactly("Informática", "Recursos humanos", "Servicios generales");
    assertThat(seriousViolations(es)).as("the catalogue on a phone, in Spanish").isEmpty();
    assertThat(es.executeScript("const p = document.querySelector('.relevo-panel'); return p.scrollWidth - p.clientWidth;").toString())
        .isEqualTo("0");
    Screenshots.save(es, "widget-catalogue-phone-es.png");
    search(es, wait, "vacaciones", List.of("Vacaciones o permisos"));
    // keyboard: Tab reaches the item, Esc goes back to the conversation (the panel stays open)
    es.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".relevo-cat")));
    assertThat(es.findElement(By.cssSelector(".relevo-panel")).isDisplayed()).isTrue();
    assertThat(es.switchTo().activeElement().getDomAttribute("class")).isEqualTo("relevo-input");

    es.findElement(By.cssSelector(".relevo-more")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".relevo-menu .relevo-cat-open"))).sendKeys(Keys.ENTER);
    wait.until(x -> shown(es, ".relevo-cat-name").contains("Vacaciones o permisos"));
    pick(es, wait, "Vacaciones o permisos", item -> item.sendKeys(Keys.ENTER));
    wait.until(x -> lastBotText(es).contains("¿Qué días?"));
    assertThat(shown(es, ".relevo-log .relevo-msg--customer .relevo-text")).containsExactly("Vacaciones o permisos");
  }

  /** 1366×800 at 200 % zoom is a 683×400 page: the catalogue fills the panel and scrolls, never sideways. */
  @Test
  void atTwoHundredPercentZoomTheCatalogueScrollsWithinThePanel() {
    emulate(en, 683, 400, 2, false);
    WebDriverWait wait = openCatalogue(en);
    @SuppressWarnings("unchecked")
    Map<String, Object> box = (Map<String, Object>) en.executeScript(
        "const c = document.querySelector('.relevo-cat'); const p = document.querySelector('.relevo-panel');"
        + "return {sideways: Math.max(p.scrollWidth - p.clientWidth, c.scrollWidth - c.clientWidth),"
        + " scrolls: c.scrollHeight > c.clientHeight, height: c.getBoundingClientRect().height, bottom: c.getBoundingClientRect().bottom};");
    assertThat(((Number) box.get("sideways")).doubleValue()).as("no sideways scrolling " + box).isLessThanOrEqualTo(0);
    assertThat((Boolean) box.get("scrolls")).as("the list scrolls inside the panel " + box).isTrue();
    assertThat(((Number) box.get("bottom")).doubleValue()).as("within the page " + box).isLessThanOrEqualTo(400);
    WebElement last = items(en).get(items(en).size() - 1);
    en.executeScript("arguments[0].scrollIntoView();", last);
    wait.until(ExpectedConditions.elementToBeClickable(last));
    assertThat(seriousViolations(en)).as("the catalogue at 200 %").isEmpty();
  }

  @Test
  void theDemoPortalShowsTheCatalogueAndStartsTheRequestInTheWidget() {
    WebDriverWait wait = load(en);
    wait.until(x -> !x.findElements(By.cssSelector("#catalogue-list .catalogue-item")).isEmpty());
    assertThat(shown(en, "#catalogue-list h3")).containsExactly("IT", "Human resources", "Facilities");
    WebElement q = en.findElement(By.id("catalogue-q"));
    q.sendKeys("badge");
    wait.until(x -> shown(en, "#catalogue-list .catalogue-name").equals(List.of("Building pass")));
    assertThat(seriousViolations(en)).as("the portal's catalogue").isEmpty();
    en.findElement(By.cssSelector("#catalogue-list .catalogue-item")).click();
    // the widget opens, greets, and starts the request after its greeting
    wait.until(x -> lastBotText(en).contains("What kind of pass do you need?"));
    assertThat(shown(en, ".relevo-log .relevo-msg--customer .relevo-text")).containsExactly("Building pass");
  }

  private static void emulate(ChromeDriver d, int width, int height, double scale, boolean mobile) {
    d.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", scale, "mobile", mobile));
  }
}
