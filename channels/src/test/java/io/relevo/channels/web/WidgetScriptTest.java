package io.relevo.channels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** widget.js is put together from every file of webroot/widget/, each once. */
class WidgetScriptTest {

  @Test
  void everyFileOfThePartsFolderIsInWidgetJsOnce() throws Exception {
    Path folder = Path.of(WidgetScript.class.getClassLoader().getResource("webroot/widget").toURI());
    List<String> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.map(f -> "webroot/widget/" + f.getFileName()).toList();
    }
    assertThat(WidgetScript.PARTS).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void thePartsAreNotServedAlone() {
    assertThat(WidgetScript.PARTS).allMatch(WidgetScript::inPartsFolder);
    assertThat(WidgetScript.inPartsFolder("webroot/widget")).isTrue();
    assertThat(WidgetScript.inPartsFolder(WidgetScript.RESOURCE)).isFalse();
    assertThat(WidgetScript.inPartsFolder("webroot/widget.css")).isFalse();
  }
}
