package io.relevo.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.relevo.intents.IntentService;
import io.relevo.kb.Articles;
import io.relevo.kb.KnowledgeBase;
import io.relevo.kb.Options;

/**
 * Run by the build ({@code process-classes}): trains the intent model on the shipped training
 * data and embeds the shipped demo articles, into {@code <classes>/io/relevo/app/pretrained/},
 * so that the jar starts without training. At start-up {@link Models} copies these files into
 * the data directory's caches when the caches lack them; the caches are keyed by content hash,
 * so changed training data or articles are still trained or embedded anew.
 */
public final class Pretrain {

  static final String RESOURCE_DIR = "io/relevo/app/pretrained/";
  static final String INDEX = RESOURCE_DIR + "index.txt";

  private Pretrain() {
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]).resolve(RESOURCE_DIR);
    long t0 = System.nanoTime();
    try (IntentService intents = new IntentService(out.resolve("intents"), null, null, Clock.systemDefaultZone())) {
      intents.start();
    }
    try (KnowledgeBase kb = KnowledgeBase.open(Options.defaults().withArticles(Articles.loadShipped())
        .withCacheDir(out.resolve("knowledge")))) {
      kb.size();
    }
    List<String> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(out)) {
      for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
        String rel = out.relativize(f).toString().replace('\\', '/');
        if (!rel.equals("index.txt")) {
          files.add(rel);
        }
      }
    }
    Files.write(out.resolve("index.txt"), files);
    System.out.printf("Pretrained the intent model and the demo articles' embeddings in %d s: %s%n",
        (System.nanoTime() - t0) / 1_000_000_000, files);
  }
}
