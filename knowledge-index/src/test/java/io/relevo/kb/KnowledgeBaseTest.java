package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeBaseTest {

  static final List<Article> ARTICLES = List.of(
      article("en-vpn", "en", "Connect to the VPN from home", List.of("How do I connect to the VPN?"), """
          Use the GlobalProtect client to reach internal sites from home.

          ## Connect
          Open GlobalProtect, enter vpn.example.com as the portal and sign in with your work account.

          ## Troubleshooting
          If the client says the gateway is unreachable, restart your home router and try again."""),
      article("en-password", "en", "Reset a forgotten password", List.of("I forgot my password"), """
          You can reset your password yourself.

          ## Reset
          Open the self-service page id.example.com/reset and approve the request in the authenticator app.

          ## Expiry
          Passwords expire every 180 days; you get a reminder email two weeks before."""),
      article("en-wifi", "en", "Connect to the office Wi-Fi", List.of("What is the office wifi network?"), """
          Staff laptops join the network called Corp automatically.

          ## Phones
          On a phone, choose Corp and sign in with your work account and password."""),
      article("en-printer", "en", "Add a printer", List.of("How do I install the office printer?"), """
          Printers are installed from the Company Portal.

          ## Steps
          Open Company Portal, search for Printers and choose Install next to your floor."""),
      article("es-contrasena", "es", "Restablecer una contraseña olvidada", List.of("Olvidé mi contraseña"), """
          Puedes restablecer tu contraseña tú mismo.

          ## Restablecer
          Abre la página id.example.com/reset y aprueba la solicitud en la aplicación de autenticación."""),
      article("es-vacaciones", "es", "Pedir vacaciones", List.of("¿Cómo pido días de vacaciones?"), """
          Las vacaciones se piden en el portal de empleados.

          ## Pasos
          Entra en el portal, elige Ausencias y marca los días. Tu responsable recibe la solicitud."""));

  static KnowledgeBase kb;

  @BeforeAll
  static void open() {
    kb = KnowledgeBase.open(Options.defaults().withArticles(ARTICLES));
  }

  @AfterAll
  static void close() {
    kb.close();
  }

  static Article article(String id, String lang, String title, List<String> questions, String body) {
    return new Article(id, id, lang, title, "it", List.of(), questions, null, "public", body);
  }

  @Test
  void findsTheArticleForAParaphrase() {
    List<Hit> hits = kb.search("working from my house, how can I get onto the internal network", "en", 3);
    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).article().id()).isEqualTo("en-vpn");
    assertThat(hits.get(0).score()).isBetween(0.0, 1.0);
  }

  @Test
  void returnsTheBestPassageNotTheWholeArticle() {
    Hit hit = kb.search("the vpn gateway is unreachable", "en", 1).get(0);
    assertThat(hit.article().id()).isEqualTo("en-vpn");
    assertThat(hit.passage()).contains("gateway is unreachable").doesNotContain("portal and sign in");
  }

  @Test
  void matchesSpanishWordsWithoutAccents() {
    assertThat(kb.search("olvide mi contrasena", "es", 1).get(0).article().id()).isEqualTo("es-contrasena");
    assertThat(kb.search("clave olvidada", "es", 1).get(0).article().id()).isEqualTo("es-contrasena");
  }

  @Test
  void toleratesTyposAndUsesSynonyms() {
    assertThat(kb.search("pasword resset", "en", 1).get(0).article().id()).isEqualTo("en-password");
    assertThat(kb.search("wireless", "en", 1).get(0).article().id()).isEqualTo("en-wifi");
  }

  @Test
  void searchesOnlyTheRequestedLanguage() {
    assertThat(kb.search("password", "es", 5)).allMatch(h -> h.article().lang().equals("es"));
    assertThat(kb.search("contraseña", "en", 5)).allMatch(h -> h.article().lang().equals("en"));
  }

  @Test
  void answersConfidentlyForAClearQuestion() {
    Answer a = kb.answer("I forgot my password, how do I reset it?", "en");
    assertThat(a.band()).isEqualTo(Band.ANSWER);
    assertThat(a.hits()).hasSize(1);
    assertThat(a.hits().get(0).article().id()).isEqualTo("en-password");
    assertThat(a.confidence()).isBetween(0.0, 1.0);
    assertThat(a.otherLanguage()).isFalse();
  }

  @Test
  void fallsBackToTheOtherLanguageOnlyForAConfidentAnswer() {
    Answer a = kb.answer("How do I install the office printer?", "es");
    assertThat(a.band()).isEqualTo(Band.ANSWER);
    assertThat(a.otherLanguage()).isTrue();
    assertThat(a.hits().get(0).article().id()).isEqualTo("en-printer");
  }

  @Test
  void saysUnknownForAnUnrelatedQuestion() {
    Answer a = kb.answer("who won the football match yesterday", "en");
    assertThat(a.band()).isNotEqualTo(Band.ANSWER);
  }

  @Test
  void neverThrowsOnOddInput() {
    List<String> inputs = List.of("", "   ", "\"title:(", "*", "\\", "AND OR NOT", "?", "title:vpn^10 ~2",
        "((((", "-", "+-&&||!(){}[]^\"~*?:\\/", "😀 🚀", "x".repeat(10_000), "password ".repeat(2_000));
    for (String q : inputs) {
      for (String lang : new String[] {"en", "es", "fr", null}) {
        assertThatCode(() -> {
          assertThat(kb.search(q, lang, 5)).hasSizeLessThanOrEqualTo(5);
          assertThat(kb.answer(q, lang)).isNotNull();
        }).as("query %.40s", q).doesNotThrowAnyException();
      }
    }
    assertThat(kb.search(null, "en", 5)).isEmpty();
    assertThat(kb.search("", "en", 5)).isEmpty();
    assertThat(kb.answer("", "en").band()).isEqualTo(Band.UNKNOWN);
  }

  @Test
  void misspeltWordsMatchTheWordsOfUpdatedArticles() {
    // lexical only, so that a match can come only from the fuzzy terms
    try (KnowledgeBase kb = KnowledgeBase.open(Options.defaults().withArticles(ARTICLES).withSemantic(false))) {
      // the fuzzy vocabulary of this index is read now, without the word "bicycle"
      assertThat(kb.search("bicyle storaeg", "en", 5)).noneMatch(h -> h.article().id().equals("en-bikes"));
      kb.put(article("en-bikes", "en", "Bicycle storage", List.of("Where can I leave my bike?"),
          "Bicycles go in the cage next to the loading dock."));
      assertThat(kb.search("bicyle storaeg", "en", 1)).extracting(h -> h.article().id()).containsExactly("en-bikes");
      assertThat(kb.delete("en-bikes")).isTrue();
      assertThat(kb.search("bicyle storaeg", "en", 5)).noneMatch(h -> h.article().id().equals("en-bikes"));
    }
  }

  @Test
  void updatesAreVisibleWhileFourThreadsSearch() throws Exception {
    try (KnowledgeBase live = KnowledgeBase.open(Options.defaults().withArticles(ARTICLES))) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger searches = new AtomicInteger();
      Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
      List<Thread> threads = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread = new Thread(() -> {
          String[] queries = {"parking permit for the garage", "reset password", "vpn", "contraseña", ""};
          int i = 0;
          while (running.get()) {
            try {
              live.search(queries[i++ % queries.length], i % 2 == 0 ? "en" : "es", 5);
              live.answer(queries[i % queries.length], "en");
              searches.incrementAndGet();
            } catch (Throwable e) {
              errors.add(e);
            }
          }
        });
        thread.start();
        threads.add(thread);
      }
      Article parking = article("en-parking", "en", "Get a parking permit",
          List.of("How do I get a parking permit?"), "Parking permits for the garage are issued by Facilities.");
      live.put(parking);
      assertThat(live.search("parking permit for the garage", "en", 1).get(0).article().id()).isEqualTo("en-parking");
      assertThat(live.get("en-parking")).contains(parking);

      Article renamed = article("en-parking", "en", "Bicycle storage", List.of("Where can I leave my bike?"),
          "Bicycles go in the cage next to the loading dock.");
      live.put(renamed);
      assertThat(live.get("en-parking").orElseThrow().title()).isEqualTo("Bicycle storage");
      assertThat(live.search("bike cage", "en", 1).get(0).article().id()).isEqualTo("en-parking");
      assertThat(live.search("parking permit garage", "en", 5)).noneMatch(h -> h.article().title().contains("parking"));

      assertThat(live.delete("en-parking")).isTrue();
      assertThat(live.delete("en-parking")).isFalse();
      assertThat(live.get("en-parking")).isEmpty();
      assertThat(live.search("bike cage loading dock", "en", 10)).noneMatch(h -> h.article().id().equals("en-parking"));
      assertThat(live.list()).hasSize(ARTICLES.size());

      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(errors).isEmpty();
      assertThat(searches.get()).isPositive();
    }
  }

  @Test
  void rescanPicksUpNewChangedAndDeletedFiles(@TempDir Path dir) throws Exception {
    Path vpn = dir.resolve("vpn.md");
    Files.writeString(vpn, ArticlesTest.VPN);
    try (KnowledgeBase files = KnowledgeBase.open(Options.defaults().withArticlesDir(dir))) {
      assertThat(files.list()).extracting(Article::id).containsExactly("en-it-vpn-connect");
      assertThat(files.rescan()).isZero();

      Path printer = dir.resolve("sub/printer.md");
      Files.createDirectories(printer.getParent());
      Files.writeString(printer, ArticlesTest.VPN.replace("en-it-vpn-connect", "en-it-printer")
          .replace("Connect to the VPN from home", "Add a printer"));
      Files.writeString(vpn, ArticlesTest.VPN.replace("Connect to the VPN from home", "VPN from home"));
      Files.setLastModifiedTime(vpn, FileTime.from(Instant.now().plusSeconds(5)));
      assertThat(files.rescan()).isEqualTo(2);
      assertThat(files.get("en-it-vpn-connect").orElseThrow().title()).isEqualTo("VPN from home");
      assertThat(files.search("add a printer", "en", 1).get(0).article().id()).isEqualTo("en-it-printer");

      Files.writeString(printer, "broken");
      Files.setLastModifiedTime(printer, FileTime.from(Instant.now().plusSeconds(10)));
      assertThat(files.rescan()).isZero();
      assertThat(files.get("en-it-printer")).isPresent();

      Files.delete(printer);
      assertThat(files.rescan()).isEqualTo(1);
      assertThat(files.get("en-it-printer")).isEmpty();
    }
  }

  @Test
  void aLongQuestionIsSearchedAsItsHead() {
    String head = "how do I connect to the vpn from home? ".repeat(60).substring(0, Ranker.MAX_QUERY_CHARS);
    String tail = " printer printers install office printer company portal floor".repeat(30);
    List<String> whole = kb.search(head + tail, "en", 3).stream().map(h -> h.article().id() + " " + h.score()).toList();
    List<String> first = kb.search(head, "en", 3).stream().map(h -> h.article().id() + " " + h.score()).toList();
    assertThat(whole).isEqualTo(first);
  }
}
