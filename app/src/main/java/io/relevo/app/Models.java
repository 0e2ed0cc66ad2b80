package io.relevo.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.dialogue.BotSettings;
import io.relevo.handoff.admin.ArticleFiles;
import io.relevo.intents.IntentService;
import io.relevo.kb.Articles;
import io.relevo.kb.KnowledgeBase;
import io.relevo.kb.Options;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The intent model and the knowledge base of one instance, loaded in parallel on their own
 * threads at start-up (trained or indexed on first start, then from caches under
 * {@code <data.dir>/models}), and the periodic check of the articles directory. Thread-safe.
 */
final class Models implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Models.class);

  private final IntentService intents;
  private final Path knowledgeDir;
  private final CompletableFuture<IntentService.Summary> intentsLoaded;
  private final CompletableFuture<KnowledgeBase> knowledgeLoaded;
  private final AtomicBoolean rescanning = new AtomicBoolean();
  private volatile KnowledgeBase knowledge;
  private long timer = -1;
  private Vertx vertx;

  private Models(IntentService intents, Path knowledgeDir, CompletableFuture<IntentService.Summary> intentsLoaded,
      CompletableFuture<KnowledgeBase> knowledgeLoaded) {
    this.intents = intents;
    this.knowledgeDir = knowledgeDir;
    this.intentsLoaded = intentsLoaded;
    this.knowledgeLoaded = knowledgeLoaded;
  }

  static Models load(JsonObject config) {
    Path dataDir = Path.of(AppSettings.DATA_DIR.get(config));
    unpackPretrained(dataDir.resolve("models"));
    String configuredDir = BotSettings.KNOWLEDGE_DIR.get(config);
    Path knowledgeDir = configuredDir.isEmpty() ? dataDir.resolve("knowledge") : Path.of(configuredDir);
    String trainingDir = BotSettings.INTENTS_DATA_DIR.get(config);
    String gazetteer = BotSettings.INTENTS_GAZETTEER.get(config);
    IntentService intents = new IntentService(dataDir.resolve("models").resolve("intents"),
        trainingDir.isEmpty() ? null : Path.of(trainingDir), gazetteer.isEmpty() ? null : Path.of(gazetteer),
        Clock.systemDefaultZone()).cascade(BotSettings.INTENTS_CASCADE.get(config));
    CompletableFuture<IntentService.Summary> intentsLoaded = CompletableFuture.supplyAsync(() -> {
      long t0 = System.nanoTime();
      IntentService.Summary s = intents.start();
      LOG.info("Intent model {} in {} ms ({} intents, {} examples)", s.fromCache() ? "loaded" : "trained",
          (System.nanoTime() - t0) / 1_000_000, s.intents(), s.examples());
      return s;
    }, runner("relevo-intents-loader"));
    CompletableFuture<KnowledgeBase> knowledgeLoaded = CompletableFuture.supplyAsync(() -> {
      long t0 = System.nanoTime();
      try {
        if (configuredDir.isEmpty()) {
          int seeded = ArticleFiles.seed(knowledgeDir, Articles.loadShipped());
          if (seeded > 0) {
            LOG.info("Wrote the {} demo articles to {} (knowledge.dir); edit them there or through the admin API",
                seeded, knowledgeDir);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the demo articles to " + knowledgeDir, e);
      }
      KnowledgeBase kb = KnowledgeBase.open(Options.defaults().helpDesk().withArticlesDir(knowledgeDir)
          .withCacheDir(dataDir.resolve("models").resolve("knowledge")));
      LOG.info("Knowledge base of {} articles ready in {} ms", kb.size(), (System.nanoTime() - t0) / 1_000_000);
      return kb;
    }, runner("relevo-knowledge-loader"));
    return new Models(intents, knowledgeDir, intentsLoaded, knowledgeLoaded);
  }

  /**
   * Copies the model files trained by the build ({@link Pretrain}) into the caches, where absent.
   * They are named by content hash, so they are used only while the shipped data is unchanged.
   */
  static void unpackPretrained(Path modelsDir) {
    try (java.io.InputStream index = Models.class.getClassLoader().getResourceAsStream(Pretrain.INDEX)) {
      if (index == null) {
        return; // a build without the pretraining step
      }
      for (String rel : new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        rel = rel.strip();
        Path target = modelsDir.resolve(rel);
        if (rel.isEmpty() || rel.contains("..") || java.nio.file.Files.exists(target)) {
          continue;
        }
        try (java.io.InputStream in = Models.class.getClassLoader().getResourceAsStream(Pretrain.RESOURCE_DIR + rel)) {
          if (in != null) {
            java.nio.file.Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not unpack the pretrained models ({}); they will be trained", e.getMessage());
    }
  }

  private static java.util.concurrent.Executor runner(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.start();
    };
  }

  /** Waits until both are loaded, or throws with the reason (naming the file at fault). */
  void await() {
    try {
      intentsLoaded.get(5, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not load the intent model: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException | InterruptedException e) {
      throw new IllegalStateException("could not load the intent model: " + e);
    }
    try {
      knowledge = knowledgeLoaded.get(5, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not load the knowledge base from " + knowledgeDir + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException | InterruptedException e) {
      throw new IllegalStateException("could not load the knowledge base: " + e);
    }
  }

  IntentService intents() {
    return intents;
  }

  KnowledgeBase knowledge() {
    return knowledge;
  }

  Path knowledgeDir() {
    return knowledgeDir;
  }

  /** Checks the articles directory for changes every {@code interval}, on a worker thread. */
  void watch(Vertx on, Duration interval) {
    this.vertx = on;
    timer = on.setPeriodic(interval.toMillis(), t -> {
      if (!rescanning.compareAndSet(false, true)) {
        return;
      }
      on.executeBlocking(() -> knowledge.rescan(), false).onComplete(ar -> {
        rescanning.set(false);
        if (ar.failed()) {
          LOG.warn("Could not check the articles in {}: {}", knowledgeDir, ar.cause().getMessage());
        } else if (ar.result() > 0) {
          LOG.info("Picked up {} changed article file(s) in {}", ar.result(), knowledgeDir);
        }
      });
    });
  }

  @Override
  public void close() {
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
    knowledgeLoaded.thenAccept(KnowledgeBase::close);
    intentsLoaded.whenComplete((s, e) -> intents.close());
  }
}
