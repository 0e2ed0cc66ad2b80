package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Runs the conversation scripts in {@code src/test/resources/scripts/*.yaml} over the public API:
 * readable descriptions of what the bot does, for people who don't read Java.
 *
 * <pre>
 * name: what the script shows
 * locale: en | es
 * steps:
 *   - say: text the person writes          # or  choose: a quick reply's payload
 *     expect:                              # about the bot's replies to it (texts and buttons)
 *       contains: some text                #   one string or a list
 *       notContains: other text
 *       matches: a regular expression      #   a named group (?&lt;ticket&gt;...) is remembered
 *       article: en-it-vpn-connect         #   the answer links this article
 *     ticket: {id: "{ticket}", status: new, kind: incident, category: printer}   # by REST
 * </pre>
 * {@code {name}} in a step is replaced by what a {@code matches} remembered.
 */
class ConversationScriptsTest {

  static Relevo relevo;
  static final Path DIR = Path.of("src", "test", "resources", "scripts");

  @BeforeAll
  static void start() {
    relevo = TestServers.start();
  }

  @AfterAll
  static void stop() {
    relevo.stop();
  }

  @TestFactory
  Stream<DynamicTest> scripts() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        JsonNode script = yaml.readTree(file.toFile());
        tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + script.path("name").asText(), () -> run(script)));
      }
    }
    assertThat(tests).isNotEmpty();
    return tests.stream();
  }

  private static void run(JsonNode script) {
    Api api = new Api(relevo.port());
    Api.Conversation c = api.create(script.path("locale").asText("en"));
    Map<String, String> remembered = new HashMap<>();
    int n = 0;
    for (JsonNode step : script.path("steps")) {
      n++;
      String where = "step " + n;
      Api.Response r;
      if (step.has("say")) {
        String text = fill(step.get("say").asText(), remembered);
        where += " (say \"" + text + "\")";
        r = api.post("/api/v1/conversations/" + c.id() + "/messages", new JsonObject().put("text", text).encode(), c.token());
      } else {
        String payload = fill(step.get("choose").asText(), remembered);
        where += " (choose " + payload + ")";
        r = api.post("/api/v1/conversations/" + c.id() + "/messages",
            new JsonObject().put("text", payload).put("payload", payload).encode(), c.token());
      }
      assertThat(r.status()).as(where + ": " + r.body()).isEqualTo(200);
      List<JsonObject> replies = r.json().getJsonArray("messages").stream().map(o -> (JsonObject) o).toList();
      StringBuilder seen = new StringBuilder();
      List<String> articles = new ArrayList<>();
      for (JsonObject m : replies) {
        seen.append(m.getString("text", "")).append('\n');
        for (Object q : m.getJsonArray("quickReplies", new JsonArray())) {
          seen.append("[").append(((JsonObject) q).getString("label")).append("] ");
        }
        for (Object l : m.getJsonArray("links", new JsonArray())) {
          articles.add(((JsonObject) l).getString("articleId"));
        }
      }
      String shown = seen.toString();
      JsonNode expect = step.path("expect");
      for (String s : strings(expect.path("contains"))) {
        assertThat(shown).as(where).contains(fill(s, remembered));
      }
      for (String s : strings(expect.path("notContains"))) {
        assertThat(shown).as(where).doesNotContain(fill(s, remembered));
      }
      if (expect.has("matches")) {
        Matcher m = Pattern.compile(expect.get("matches").asText(), Pattern.DOTALL).matcher(shown);
        assertThat(m.find()).as(where + ": /" + expect.get("matches").asText() + "/ in:\n" + shown).isTrue();
        Matcher names = Pattern.compile("\\(\\?<([a-zA-Z]+)>").matcher(expect.get("matches").asText());
        while (names.find()) {
          remembered.put(names.group(1), m.group(names.group(1)));
        }
      }
      if (expect.has("article")) {
        assertThat(articles).as(where + ":\n" + shown).contains(expect.get("article").asText());
      }
      if (step.has("ticket")) {
        JsonNode t = step.get("ticket");
        String id = fill(t.path("id").asText(), remembered);
        Api.Response ticket = api.get("/api/v1/tickets/" + id + "?conversation=" + c.id(), c.token());
        assertThat(ticket.status()).as(where + ": ticket " + id).isEqualTo(200);
        JsonObject json = ticket.json();
        for (var it = t.fieldNames(); it.hasNext();) {
          String k = it.next();
          if (!k.equals("id")) {
            assertThat(String.valueOf(json.getValue(k))).as(where + ": ticket " + k).isEqualTo(fill(t.get(k).asText(), remembered));
          }
        }
      }
    }
  }

  private static List<String> strings(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isArray()) {
      List<String> out = new ArrayList<>();
      node.forEach(n -> out.add(n.asText()));
      return out;
    }
    return List.of(node.asText());
  }

  private static String fill(String text, Map<String, String> remembered) {
    String out = text;
    for (Map.Entry<String, String> e : remembered.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }
}
