package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArticlesTest {

  static final String VPN = """
      ---
      id: en-it-vpn-connect
      topic: it-vpn-connect       # links the language versions of one subject
      title: Connect to the VPN from home
      lang: en                    # en | es
      department: it
      tags: [vpn, remote]
      questions:
        - How do I connect to the VPN?
      updated: 2026-10-15
      visibility: public          # public | employees
      ---
      Open the VPN client and sign in.

      ## Steps
      1. Start GlobalProtect.
      """;

  @Test
  void parsesFrontMatterAndBody() {
    Article a = Articles.parse("vpn.md", VPN);
    assertThat(a.id()).isEqualTo("en-it-vpn-connect");
    assertThat(a.topic()).isEqualTo("it-vpn-connect");
    assertThat(a.lang()).isEqualTo("en");
    assertThat(a.title()).isEqualTo("Connect to the VPN from home");
    assertThat(a.department()).isEqualTo("it");
    assertThat(a.tags()).containsExactly("vpn", "remote");
    assertThat(a.questions()).containsExactly("How do I connect to the VPN?");
    assertThat(a.updated()).isEqualTo(LocalDate.of(2026, 10, 15));
    assertThat(a.visibility()).isEqualTo("public");
    assertThat(a.body()).startsWith("Open the VPN client").contains("## Steps");
    assertThat(a.url()).isEqualTo("/kb/en-it-vpn-connect");
  }

  @Test
  void parsesAFileWithCrlfLineEndings() {
    Article a = Articles.parse("vpn.md", VPN.replace("\n", "\r\n"));
    assertThat(a.title()).isEqualTo("Connect to the VPN from home");
    assertThat(a.tags()).containsExactly("vpn", "remote");
    assertThat(a.body()).startsWith("Open the VPN client").doesNotContain("\r");
  }

  @Test
  void aLoneCarriageReturnInTheFrontMatterIsRefusedNotANewLine() {
    String injected = VPN.replace("visibility: public          # public | employees\n", "visibility: employees\n")
        .replace("title: Connect to the VPN from home", "title: Connect\rvisibility: public");
    assertThatThrownBy(() -> Articles.parse("kb/cr.md", injected))
        .isInstanceOf(Articles.ArticleFormatException.class).hasMessageContaining("kb/cr.md").hasMessageContaining("U+000D");
    assertThatThrownBy(() -> Articles.parse("kb/ls.md", VPN.replace("title: Connect", "title: \u2028Connect")))
        .isInstanceOf(Articles.ArticleFormatException.class).hasMessageContaining("U+2028");
    assertThat(Articles.parse("kb/body.md", VPN.replace("Open the VPN", "Open\rthe VPN")).body()).startsWith("Open\nthe VPN");
  }

  @Test
  void errorsNameTheFileAndTheProblem() {
    assertThatThrownBy(() -> Articles.parse("kb/a.md", "no front matter"))
        .hasMessageContaining("kb/a.md").hasMessageContaining("front matter");
    assertThatThrownBy(() -> Articles.parse("kb/b.md", VPN.replace("lang: en ", "lang: fr ")))
        .hasMessageContaining("kb/b.md").hasMessageContaining("lang");
    assertThatThrownBy(() -> Articles.parse("kb/c.md", VPN.replace("id: en-it-vpn-connect\n", "")))
        .hasMessageContaining("kb/c.md").hasMessageContaining("'id'");
    assertThatThrownBy(() -> Articles.parse("kb/d.md", VPN.replace("2026-10-15", "yesterday")))
        .hasMessageContaining("kb/d.md").hasMessageContaining("updated");
    assertThatThrownBy(() -> Articles.parse("kb/e.md", VPN.replace("tags: [vpn, remote]", "tags: [vpn")))
        .hasMessageContaining("kb/e.md").hasMessageContaining("YAML");
  }

  @Test
  void loadsADirectoryTreeRecursively(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("en/it"));
    Files.writeString(dir.resolve("en/it/vpn.md"), VPN);
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    List<Article> articles = Articles.loadDirectory(dir);
    assertThat(articles).extracting(Article::id).containsExactly("en-it-vpn-connect");
  }

  @Test
  void loadsTheShippedDemoArticlesInBothLanguages() {
    List<Article> shipped = Articles.loadShipped();
    assertThat(shipped).extracting(Article::lang).contains("en", "es");
    assertThat(shipped).extracting(Article::id).doesNotHaveDuplicates();
  }
}
