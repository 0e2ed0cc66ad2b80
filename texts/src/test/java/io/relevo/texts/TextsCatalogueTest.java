package io.relevo.texts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The catalogue says everything in both languages, with the same arguments. */
class TextsCatalogueTest {

  private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)(,plural,)?");

  @Test
  void everyKeyIsInEveryLanguage() {
    for (Lang lang : Lang.values()) {
      for (Lang other : Lang.values()) {
        List<String> missing = new ArrayList<>(Texts.all(lang).keySet());
        missing.removeAll(Texts.all(other).keySet());
        assertThat(missing).as("keys of texts_%s.properties missing from texts_%s.properties", lang, other).isEmpty();
      }
    }
  }

  @Test
  void noTextIsEmpty() {
    for (Lang lang : Lang.values()) {
      assertThat(Texts.all(lang).entrySet().stream().filter(e -> e.getValue().isBlank()).map(Map.Entry::getKey))
          .as("empty texts in %s", lang).isEmpty();
    }
  }

  @Test
  void bothLanguagesTakeTheSameArguments() {
    List<String> different = new ArrayList<>();
    Texts.all(Lang.EN).forEach((key, en) -> {
      String es = Texts.all(Lang.ES).get(key);
      if (es != null && !arguments(en).equals(arguments(es))) {
        different.add(key + ": " + arguments(en) + " vs " + arguments(es));
      }
    });
    assertThat(different).isEmpty();
  }

  @Test
  void aPartIsServedWithoutItsPrefix() {
    Map<String, String> widget = Texts.part(Lang.ES, "widget.");
    assertThat(widget).containsKey("send").doesNotContainKey("widget.send");
    assertThat(widget.keySet()).isEqualTo(Texts.part(Lang.EN, "widget.").keySet());
  }

  @Test
  void languagesAreReadFromTagsAndLocales() {
    assertThat(Lang.of("es-MX")).isEqualTo(Lang.ES);
    assertThat(Lang.of("ES_es")).isEqualTo(Lang.ES);
    assertThat(Lang.of("fr")).isEqualTo(Lang.EN);
    assertThat(Lang.of(null)).isEqualTo(Lang.EN);
    assertThat(Lang.parse("fr")).isEmpty();
    assertThat(Lang.exactly("es-MX")).isEmpty();
    assertThat(Lang.exactly("es")).contains(Lang.ES);
    assertThat(Lang.ES.other()).isEqualTo(Lang.EN);
  }

  private static TreeSet<String> arguments(String text) {
    TreeSet<String> found = new TreeSet<>();
    Matcher m = ARGUMENT.matcher(text);
    while (m.find()) {
      found.add(m.group(1) + (m.group(2) == null ? "" : " plural"));
    }
    return found;
  }
}
