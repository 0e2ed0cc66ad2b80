package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.relevo.channels.web.WidgetScript;
import io.relevo.texts.Lang;
import io.relevo.texts.Texts;

/**
 * Every text the widget, the console and the dashboard name is in the catalogue, and the scripts
 * are served with the catalogue written in.
 */
class TextsInUseTest {

  private static final Pattern CALL = Pattern.compile("\\bt\\('([A-Za-z0-9_.]+)'\\)");
  private static final Pattern ATTRIBUTE = Pattern.compile("data-t(?:-label|-placeholder|-group)?=\"([A-Za-z0-9_.]+)\"");
  private static final Pattern SHORTCUT = Pattern.compile("what: '([A-Za-z0-9_.]+)'");
  private static final Pattern FIELD = Pattern.compile("\\bt\\.([A-Za-z]+)\\b");

  @Test
  void theWidgetNamesOnlyTextsOfTheCatalogue() throws IOException {
    assertThat(missing(WidgetScript.RESOURCE, "widget.", FIELD)).isEmpty();
  }

  @Test
  void theConsoleNamesOnlyTextsOfTheCatalogue() throws IOException {
    for (String file : List.of("console.js", "session.js", "team.js", "socket.js", "queues.js", "conversation.js",
        "transfer.js", "close.js", "context.js", "approvals.js", "index.html")) {
      assertThat(missing("webroot/console/" + file, "console.", CALL, ATTRIBUTE)).as(file).isEmpty();
    }
    assertThat(missing("webroot/console/shortcuts.js", "console.", SHORTCUT)).isEmpty();
  }

  @Test
  void theDashboardNamesOnlyTextsOfTheCatalogue() throws IOException {
    for (String file : List.of("dashboard.js", "dashboard.html")) {
      assertThat(missing("webroot/console/" + file, "dashboard.", CALL, ATTRIBUTE)).as(file).isEmpty();
    }
  }

  @Test
  void scriptsAreServedWithBothLanguagesWrittenIn() throws IOException {
    String widget = CatalogueInScripts.fill(read(WidgetScript.RESOURCE));
    assertThat(widget).doesNotContain("\"@texts\"")
        .contains("\"send\":\"" + Texts.get(Lang.ES, "widget.send") + "\"")
        .contains("\"send\":\"" + Texts.get(Lang.EN, "widget.send") + "\"");
    String console = CatalogueInScripts.fill(read("webroot/console/texts.js"));
    assertThat(console).doesNotContain("\"@texts\"").contains(Texts.get(Lang.ES, "dashboard.summary"));
  }

  private static Set<String> missing(String resource, String prefix, Pattern... patterns) throws IOException {
    String text = read(resource);
    Set<String> missing = new TreeSet<>();
    int found = 0;
    for (Pattern p : patterns) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        found++;
        if (!Texts.has(prefix + m.group(1))) {
          missing.add(m.group(1));
        }
      }
    }
    assertThat(found).as("texts named in %s", resource).isPositive();
    return missing;
  }

  private static String read(String resource) throws IOException {
    if (resource.equals(WidgetScript.RESOURCE)) {
      return new String(WidgetScript.source(), StandardCharsets.UTF_8); // put together from its parts
    }
    try (InputStream in = TextsInUseTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
