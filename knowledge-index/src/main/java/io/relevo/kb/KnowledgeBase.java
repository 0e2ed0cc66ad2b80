package io.relevo.kb;

import io.relevo.texts.Lang;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hybrid search over help articles in English and Spanish: BM25 over weighted fields (title,
 * alternative questions, tags, body) fused with semantic similarity of MiniLM sentence embeddings
 * (title, each question and each body passage; an article scores its best vector). The semantic
 * candidates of a language with at most {@link Vectors#EXACT_VECTORS} vectors come from an exact scan of an
 * in-heap {@link VectorTable}, of larger ones from Lucene's HNSW graph.
 *
 * <p>This class owns the index and its life cycle (opening, updates, rescans, closing); the ranking is
 * {@link Ranker}'s, the bands and passages {@link Answering}'s, the articles' documents and vectors
 * {@link ArticleIndexer}'s.
 *
 * <p><b>Thread-safety:</b> all methods are thread-safe. Searches never block each other and run
 * during updates: they use a Lucene {@link SearcherManager} (acquire/release per search).
 * {@link #put}, {@link #putAll}, {@link #delete} and {@link #rescan} are serialised by a lock and
 * are visible to searches that start after they return. Searching and updating block the calling
 * thread (embedding inference, index refresh): call them from a worker, never an event loop.
 *
 * <p><b>Resources:</b> the caller owns the instance and must {@link #close()} it.
 */
public final class KnowledgeBase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBase.class);

  private final Options options;
  private final Embedder embedder;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Map<String, IndexedArticle> entries = new ConcurrentHashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ArticleIndexer indexer;
  /** Guarded by {@link #writeLock}. */
  private final ArticleFiles files;
  private final Vectors vectors;
  private final Ranker ranker;
  private final Answering answering;

  private KnowledgeBase(Options options) throws IOException {
    this.options = options;
    Analysis analysis = new Analysis(options.synonymsDir());
    this.embedder = options.cacheDir() == null ? Embedder.shared() : Embedder.withCache(options.cacheDir());
    this.indexer = new ArticleIndexer(options, analysis, embedder);
    this.directory = options.indexDir() == null ? new ByteBuffersDirectory() : FSDirectory.open(options.indexDir());
    IndexWriterConfig config = new IndexWriterConfig(indexer.fieldAnalyzer());
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(256);
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, null);
    this.files = new ArticleFiles(options.articlesDir());
    this.vectors = new Vectors(options, embedder);
    this.ranker = new Ranker(options, analysis, searchers, entries, vectors);
    this.answering = new Answering(options, analysis, ranker, vectors);
  }

  /**
   * Opens a knowledge base and indexes its articles: {@link Options#articles()} if given, else the
   * Markdown files under {@link Options#articlesDir()}, else the shipped demo articles.
   *
   * @throws Articles.ArticleFormatException naming the file, when an article cannot be read
   */
  public static KnowledgeBase open(Options options) {
    KnowledgeBase kb = null;
    try {
      kb = new KnowledgeBase(options);
      List<Article> initial;
      if (options.articles() != null) {
        initial = options.articles();
      } else if (options.articlesDir() != null) {
        initial = kb.files.scan(true);
      } else {
        initial = Articles.loadShipped();
      }
      kb.putAll(initial);
      kb.mergeSegments();
      return kb;
    } catch (IOException e) {
      closeQuietly(kb);
      throw new UncheckedIOException("cannot open the knowledge base", e);
    } catch (RuntimeException e) {
      closeQuietly(kb);
      throw e;
    }
  }

  /** The shipped demo articles with default options. */
  public static KnowledgeBase openDemo() {
    return open(Options.defaults());
  }

  // ---------------------------------------------------------------- reading

  public Optional<Article> get(String id) {
    IndexedArticle e = entries.get(id);
    return e == null ? Optional.empty() : Optional.of(e.article);
  }

  /** All articles, sorted by id. */
  public List<Article> list() {
    return entries.values().stream().map(e -> e.article)
        .sorted(Comparator.comparing(Article::id)).toList();
  }

  /**
   * The {@code k} best articles in {@code lang} for a free-text query, best first. Never throws for
   * odd input: an empty or blank query gives an empty list; query syntax has no special meaning.
   *
   * @param lang {@code en} or {@code es}; anything else is treated as {@code en}
   */
  public List<Hit> search(String query, String lang, int k) {
    if (query == null || query.isBlank() || k <= 0) {
      return List.of();
    }
    return answering.hits(ranker.rank(query, normalizeLang(lang), Set.of(), k), k);
  }

  /** Like {@link #answer(String, String, Set)} with no article left out. */
  public Answer answer(String query, String lang) {
    return answer(query, lang, Set.of());
  }

  /**
   * Answers a question: searches {@code lang} first; if nothing there reaches the ANSWER band but
   * the other language does, returns that with {@link Answer#otherLanguage()} set.
   *
   * @param excludedIds articles to leave out, as if deleted (used for leave-one-out evaluation)
   */
  public Answer answer(String query, String lang, Set<String> excludedIds) {
    return answer(query, lang, excludedIds, null);
  }

  /**
   * Like {@link #answer(String, String, Set)}, with the query's embedding already computed: the
   * all-MiniLM-L6-v2 mean-pooled, L2-normalised vector of {@code query} (384 values; the intents module's
   * {@code Analysis.sentenceVector()} for the same text is one), which saves running the model again. A
   * vector of another length or norm, or null, is ignored and the query embedded here. The array is only read.
   */
  public Answer answer(String query, String lang, Set<String> excludedIds, float[] queryVector) {
    return answering.answer(query, normalizeLang(lang), excludedIds, queryVector);
  }

  /**
   * Article {@code id} as a hit whose passage is the section that answers {@code question} best, or empty
   * when there is no such article. For a follow-up about an article already chosen ("and can I carry them
   * over?"): the search that found the article was made with more words than the question.
   */
  public Optional<Hit> passage(String id, String question) {
    IndexedArticle e = entries.get(id);
    if (e == null || question == null || question.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(answering.passage(e, question));
  }

  /**
   * The idf-weighted share (0 to 1) of {@code text}'s words that article {@code id} contains, a word counting as
   * found when the article has one of its synonyms and words found in more than half of the articles ("from",
   * "about") left out; NaN when the text has no words to look for (only stop words and common words) or the
   * article is unknown. Thread-safe.
   */
  public double coverage(String id, String text) {
    return ranker.coverage(id, text);
  }

  /** Ranked candidates with their features; package-private for evaluation and calibration. */
  List<Candidate> rank(String query, String lang, Set<String> excludedIds, int k) {
    return ranker.rank(query, lang, excludedIds, k);
  }

  /** {@link Answering#confidence} of ranked candidates with the global calibration; for evaluation. */
  double confidence(List<Candidate> ranked) {
    return answering.confidence(ranked, null);
  }

  private static String normalizeLang(String lang) {
    return Lang.of(lang).tag();
  }

  /** Number of indexed articles. */
  public int size() {
    return entries.size();
  }

  // ---------------------------------------------------------------- writing

  /** Adds or replaces an article (by id); visible to searches when this returns. */
  public void put(Article article) {
    putAll(List.of(article));
  }

  /**
   * Adds or replaces articles; embeddings are computed in parallel with
   * {@link Options#indexThreads()} threads. Visible to searches when this returns.
   */
  public void putAll(Collection<Article> articles) {
    for (Article a : articles) {
      if (!Articles.LANGS.contains(a.lang())) {
        throw new IllegalArgumentException("article " + a.id() + ": lang must be en or es, not " + a.lang());
      }
    }
    List<IndexedArticle> prepared = indexer.prepare(articles);
    writeLock.lock();
    try {
      for (IndexedArticle e : prepared) {
        writer.updateDocuments(new Term(ArticleIndexer.F_ID, e.article.id()), indexer.documents(e));
        entries.put(e.article.id(), e);
      }
      searchers.maybeRefreshBlocking();
      vectors.refresh(entries.values());
      embedder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index articles", e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Merges the initial load into one segment so that no background merge slows early searches. */
  private void mergeSegments() throws IOException {
    writeLock.lock();
    try {
      writer.forceMerge(1);
      searchers.maybeRefreshBlocking();
    } finally {
      writeLock.unlock();
    }
  }

  /** Removes an article; returns false if there was none with this id. */
  public boolean delete(String id) {
    writeLock.lock();
    try {
      if (!entries.containsKey(id)) {
        return false;
      }
      writer.deleteDocuments(new Term(ArticleIndexer.F_ID, id));
      searchers.maybeRefreshBlocking();
      entries.remove(id);
      vectors.refresh(entries.values());
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete article " + id, e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Re-reads the articles directory: indexes new and modified files, removes articles whose file
   * is gone. The caller schedules it (e.g. every few seconds). A file that cannot be parsed is
   * logged and skipped; the previous version of its article stays. Does nothing without an
   * articles directory.
   *
   * @return the number of articles added, replaced or removed
   */
  public int rescan() {
    if (options.articlesDir() == null) {
      return 0;
    }
    writeLock.lock();
    try {
      Set<String> before = files.ids();
      List<Article> changed = files.scan(false);
      Set<String> live = files.ids();
      int removed = 0;
      for (String gone : before) {
        if (!live.contains(gone) && delete(gone)) {
          removed++;
        }
      }
      if (!changed.isEmpty()) {
        putAll(changed);
      }
      return changed.size() + removed;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      LOG.warn("closing the knowledge base: {}", e.toString());
    } finally {
      embedder.close();
    }
  }

  private static void closeQuietly(KnowledgeBase kb) {
    if (kb != null) {
      kb.close();
    }
  }
}
