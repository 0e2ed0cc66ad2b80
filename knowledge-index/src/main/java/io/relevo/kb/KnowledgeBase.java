package io.relevo.kb;

import io.relevo.texts.Lang;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hybrid search over help articles in English and Spanish: BM25 over weighted fields (title,
 * alternative questions, tags, body) fused with semantic similarity of MiniLM sentence embeddings
 * (title, each question and each body passage; an article scores its best vector). The semantic
 * candidates of a language with at most {@link #EXACT_VECTORS} vectors come from an exact scan of an
 * in-heap {@link VectorTable}, of larger ones from Lucene's HNSW graph.
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
  static final String F_ID = "id";
  static final String F_KIND = "kind";
  private static final int MAX_QUERY_TERMS = 64;
  private static final int MAX_EMBED_CHARS = 1000;
  /** The longest query (characters) the lexical search reads; the rest of a longer one is left out. */
  static final int MAX_QUERY_CHARS = 2000;
  private static final int LEXICAL_CANDIDATES = 40;
  private static final int VECTOR_CANDIDATES = 40;
  /**
   * Languages with at most this many vectors are searched exactly in a {@link VectorTable} (about 0.05 ms for the
   * demo's ~450 vectors against ~0.4 ms for Lucene's HNSW graph, plus the per-article dot products it saves);
   * larger ones through the graph ({@code relevo.kb.exactVectors}).
   */
  static final int EXACT_VECTORS = Integer.getInteger("relevo.kb.exactVectors", 4096);

  private final Options options;
  private final Analysis analysis;
  private final Embedder embedder;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<Path, FileState> files = new HashMap<>();
  private volatile Map<String, Double> background = Map.of();
  /** Per language with at most {@link #EXACT_VECTORS} vectors, all of them; replaced after every change. */
  private volatile Map<String, VectorTable> tables = Map.of();

  private KnowledgeBase(Options options) throws IOException {
    this.options = options;
    this.analysis = new Analysis(options.synonymsDir());
    this.embedder = options.cacheDir() == null ? Embedder.shared() : Embedder.withCache(options.cacheDir());
    this.directory = options.indexDir() == null ? new ByteBuffersDirectory() : FSDirectory.open(options.indexDir());
    IndexWriterConfig config = new IndexWriterConfig(new FieldAnalyzer(analysis));
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(256);
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, null);
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
        initial = kb.scanFiles(true);
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
    Entry e = entries.get(id);
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
    return toHits(rank(query, normalizeLang(lang), Set.of(), k), k);
  }

  /** Like {@link #answer(String, String)}. */
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
    String l = normalizeLang(lang);
    Set<String> excluded = excludedIds == null ? Set.of() : excludedIds;
    float[] vector = embed(query, queryVector);
    SharedFuzzy fuzzy = new SharedFuzzy();
    Answer own = answerIn(query, vector, fuzzy, l, excluded, false);
    if (own.band() == Band.ANSWER) {
      return own;
    }
    Answer other = answerIn(query, vector, fuzzy, Lang.of(l).other().tag(), excluded, true);
    return other.band() == Band.ANSWER ? other : own;
  }

  private Answer answerIn(String query, float[] vector, SharedFuzzy fuzzy, String lang, Set<String> excludedIds,
      boolean otherLanguage) {
    List<Scored> ranked = rank(query, vector, fuzzy, lang, excludedIds, 3);
    double confidence = confidence(ranked, lang);
    if (confidence >= options.answerThreshold()) {
      return new Answer(Band.ANSWER, confidence, toHits(ranked, 1), otherLanguage);
    }
    if (confidence >= options.chooseThreshold()) {
      return new Answer(Band.CHOOSE, confidence, toHits(ranked, 3), otherLanguage);
    }
    return new Answer(Band.UNKNOWN, confidence, List.of(), otherLanguage);
  }

  /**
   * Calibrated probability that the first result answers the query: a logistic model of the
   * rescaled semantic similarity of the best article, the idf-weighted share of query words it
   * contains, and its lead (fused and semantic) over the others. Fitted on StackFAQ with
   * leave-article-out negatives; see {@link Options.Calibration}.
   */
  double confidence(List<Scored> ranked) {
    return confidence(ranked, null);
  }

  /** {@link #confidence(List)} with the calibration for queries in {@code lang}. */
  double confidence(List<Scored> ranked, String lang) {
    if (ranked.isEmpty()) {
      return 0;
    }
    Scored top = ranked.get(0);
    double second = ranked.size() > 1 ? ranked.get(1).fused : 0;
    Options.Calibration c = lang == null ? options.calibration() : options.calibrationFor(lang);
    double secondSem = ranked.stream().skip(1).mapToDouble(s -> s.sem).max().orElse(0);
    double z = c.bias() + c.semantic() * top.sem + c.coverage() * top.coverage
        + c.margin() * (top.fused - second) + c.semanticMargin() * (top.sem - secondSem)
        + c.lexical() * Math.log1p(top.bm) + c.lexicalShare() * top.bmNorm;
    return 1 / (1 + Math.exp(-z));
  }

  /** Ranked candidates with their features; package-private for evaluation and calibration. */
  List<Scored> rank(String query, String lang, Set<String> excludedIds, int k) {
    return rank(query, embed(query), new SharedFuzzy(), lang, excludedIds, k);
  }

  /** The query's embedding, or null when semantic search is off or the query is blank. */
  private float[] embed(String query) {
    return embed(query, null);
  }

  /** Whether a vector has length 1 (the model's vectors do; anything else is not one of them). */
  private static boolean unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    return Math.abs(norm - 1) < 1e-3;
  }

  /** Like {@link #embed(String)}, taking {@code given} when it is a vector of this model's size. */
  private float[] embed(String query, float[] given) {
    if (!options.semantic() || query == null || query.isBlank()) {
      return null;
    }
    String text = query.strip();
    if (given != null && given.length == Embedder.DIMENSION && text.length() <= MAX_EMBED_CHARS && unit(given)) {
      return given;
    }
    return embedder.embedQuery(text.length() > MAX_EMBED_CHARS ? text.substring(0, MAX_EMBED_CHARS) : text);
  }

  private List<Scored> rank(String query, float[] vector, SharedFuzzy fuzzy, String lang, Set<String> excludedIds,
      int k) {
    if (query == null || query.isBlank() || k <= 0) {
      return List.of();
    }
    String text = query.strip();
    if (text.length() > MAX_QUERY_CHARS) {
      text = text.substring(0, MAX_QUERY_CHARS); // a long question costs no more than its head
    }
    Map<String, Float> terms = limit(analysis.queryTerms(lang, field("body", lang), text));
    Map<String, double[]> lexical = new LinkedHashMap<>();
    Map<String, Float> coverageWeights = terms;
    Set<String> semanticIds = new HashSet<>();
    VectorTable table = vector == null ? null : tables.get(lang);
    VectorTable.Found exact = null;
    if (table != null) {
      exact = table.search(vector, VECTOR_CANDIDATES, excludedIds);
      semanticIds.addAll(exact.nearest());
    }
    IndexSearcher searcher;
    try {
      searcher = searchers.acquire();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      if (!terms.isEmpty()) {
        ReaderData dfs = readerData(searcher.getIndexReader());
        coverageWeights = idfWeighted(terms, lang, dfs);
        Query q = lexicalQuery(searcher, terms, fuzzy, lang, excludedIds, dfs);
        TopDocs top = searcher.search(q, LEXICAL_CANDIDATES);
        for (ScoreDoc sd : top.scoreDocs) {
          lexical.putIfAbsent(idOf(searcher, sd.doc), new double[] {sd.score});
        }
      }
      if (vector != null && exact == null) {
        Query filter = null;
        if (!excludedIds.isEmpty()) {
          BooleanQuery.Builder f = new BooleanQuery.Builder()
              .add(new FieldExistsQuery(vectorField(lang)), Occur.FILTER);
          excludedIds.forEach(id -> f.add(new TermQuery(new Term(F_ID, id)), Occur.MUST_NOT));
          filter = f.build();
        }
        TopDocs top = searcher.search(
            new KnnFloatVectorQuery(vectorField(lang), vector, VECTOR_CANDIDATES, filter), VECTOR_CANDIDATES);
        for (ScoreDoc sd : top.scoreDocs) {
          semanticIds.add(idOf(searcher, sd.doc));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        searchers.release(searcher);
      } catch (IOException e) {
        LOG.warn("releasing searcher: {}", e.toString());
      }
    }
    return fuse(text, coverageWeights, vector, exact, lexical, semanticIds, lang, excludedIds, k);
  }

  /**
   * Multiplies each term's weight by its inverse document frequency among this language's
   * articles (for coverage: a rare word the article lacks counts more than a common one). Words no
   * article contains get the highest idf, which marks questions outside the knowledge base.
   */
  private Map<String, Float> idfWeighted(Map<String, Float> terms, String lang, ReaderData dfs)
      throws IOException {
    int n = Math.max(1, dfs.docFreq(new Term("lang", lang)));
    Map<String, Float> weighted = new LinkedHashMap<>();
    for (Map.Entry<String, Float> t : terms.entrySet()) {
      int df = 0;
      for (String name : new String[] {"title", "questions", "tags", "body"}) {
        df = Math.max(df, dfs.docFreq(new Term(field(name, lang), t.getKey())));
      }
      double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      weighted.put(t.getKey(), (float) (t.getValue() * idf));
    }
    return weighted;
  }

  private List<Scored> fuse(String text, Map<String, Float> terms, float[] vector, VectorTable.Found exact, Map<String, double[]> lexical,
                            Set<String> semanticIds, String lang, Set<String> excludedIds, int k) {
    Set<String> candidates = new HashSet<>(lexical.keySet());
    candidates.addAll(semanticIds);
    double maxLexical = lexical.values().stream().mapToDouble(v -> v[0]).max().orElse(0);
    double termWeight = terms.values().stream().mapToDouble(Float::doubleValue).sum();
    Options.Fusion f = options.fusion();
    double mu = background.getOrDefault(lang, 0.0);
    List<Scored> scored = new ArrayList<>();
    for (String id : candidates) {
      Entry e = entries.get(id);
      if (e == null || excludedIds.contains(id) || !e.article.lang().equals(lang)) {
        continue;
      }
      double sem = vector == null ? 0 : Math.max(0, (similarity(e, vector, exact, f.passageWeight()) - mu) / (1 - mu));
      double[] lex = lexical.get(id);
      double bm = lex == null ? 0 : lex[0];
      double bmNorm = maxLexical > 0 ? bm / maxLexical : 0;
      double coverage = 0;
      if (termWeight > 0) {
        double matched = 0;
        for (Map.Entry<String, Float> t : terms.entrySet()) {
          if (e.vocabulary.contains(t.getKey())) {
            matched += t.getValue();
          }
        }
        coverage = matched / termWeight;
      }
      double fused = vector == null ? bmNorm : f.semanticWeight() * sem + (1 - f.semanticWeight()) * bmNorm;
      scored.add(new Scored(e, fused, sem, bm, bmNorm, coverage, vector, text));
    }
    scored.sort(Comparator.comparingDouble((Scored s) -> -s.fused).thenComparing(s -> s.entry.article.id()));
    return scored.size() > Math.max(k, 3) ? List.copyOf(scored.subList(0, Math.max(k, 3))) : scored;
  }

  private List<Hit> toHits(List<Scored> ranked, int k) {
    List<Hit> hits = new ArrayList<>();
    Map<String, Set<String>> words = new HashMap<>();
    Need need = ranked.isEmpty() ? Need.ANY : Need.of(ranked.get(0).text);
    for (Scored s : ranked.subList(0, Math.min(k, ranked.size()))) {
      Set<String> w = words.computeIfAbsent(s.entry.article.lang(), l -> {
        Set<String> t = new HashSet<>();
        collectTerms(analysis.indexAnalyzer(l), s.text, t);
        return t;
      });
      hits.add(new Hit(s.entry.article, Math.max(0, Math.min(1, s.fused)), s.passage(w, need)));
    }
    return hits;
  }

  /** The lexical fields' terms of {@code lang} in {@code reader}, read once per reader. */
  private FuzzyTerms vocabulary(IndexReader reader, String lang) {
    return readerData(reader).vocabularies.computeIfAbsent(lang, l -> {
      try {
        return new FuzzyTerms(reader, List.of(field("title", l), field("questions", l), field("tags", l),
            field("body", l)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private Query lexicalQuery(IndexSearcher searcher, Map<String, Float> terms, SharedFuzzy shared, String lang,
      Set<String> excludedIds, ReaderData dfs) throws IOException {
    Options.Fusion f = options.fusion();
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    String[] fields = {field("title", lang), field("questions", lang), field("tags", lang), field("body", lang)};
    float[] boosts = {f.titleBoost(), f.questionsBoost(), f.tagsBoost(), 1f};
    for (Map.Entry<String, Float> t : terms.entrySet()) {
      List<Query> perField = new ArrayList<>();
      boolean known = false;
      for (int i = 0; i < fields.length; i++) {
        Term term = new Term(fields[i], t.getKey());
        known |= dfs.docFreq(term) > 0;
        perField.add(new BoostQuery(new TermQuery(term), boosts[i]));
      }
      Query q = new DisjunctionMaxQuery(perField, f.tieBreaker());
      if (!known && t.getKey().length() >= 4) {
        List<Query> fuzzy = new ArrayList<>();
        int edits = t.getKey().length() >= 8 ? 2 : 1;
        FuzzyTerms vocabulary = vocabulary(searcher.getIndexReader(), lang);
        for (int i = 0; i < fields.length; i++) {
          fuzzy.add(new BoostQuery(shared.query(vocabulary, new Term(fields[i], t.getKey()), edits, 1, 16, true),
              boosts[i]));
        }
        q = new BoostQuery(new DisjunctionMaxQuery(fuzzy, f.tieBreaker()), f.fuzzyWeight());
      }
      b.add(new BoostQuery(q, t.getValue()), Occur.SHOULD);
    }
    for (String id : excludedIds) {
      b.add(new TermQuery(new Term(F_ID, id)), Occur.MUST_NOT);
    }
    return b.build();
  }

  /**
   * What searches read from one index reader, built once per reader (a search that gets another
   * reader replaces it): the article id of each document and, per language, the fuzzy vocabulary.
   */
  private static final class ReaderData {
    /** Document frequencies kept per reader; past this many terms, the rest are looked up each time. */
    private static final int MAX_DOC_FREQS = 50_000;

    final IndexReader reader;
    final Map<String, FuzzyTerms> vocabularies = new ConcurrentHashMap<>();
    private final Map<Term, Integer> docFreqs = new ConcurrentHashMap<>();
    private volatile String[] ids;

    ReaderData(IndexReader reader) {
      this.reader = reader;
    }

    /**
     * The number of documents of this reader with {@code term}, looked up once per reader for the
     * words people ask again and again (each lookup reads the terms dictionary and allocates).
     */
    int docFreq(Term term) throws IOException {
      Integer known = docFreqs.get(term);
      if (known != null) {
        return known;
      }
      int df = reader.docFreq(term);
      if (docFreqs.size() < MAX_DOC_FREQS) {
        docFreqs.put(term, df);
      }
      return df;
    }

    /** Article ids by document number, from doc values; a racing search may read them twice: harmless. */
    String[] ids() throws IOException {
      String[] known = ids;
      if (known == null) {
        known = new String[reader.maxDoc()];
        for (LeafReaderContext leaf : reader.leaves()) {
          SortedDocValues values = leaf.reader().getSortedDocValues(F_ID);
          if (values == null) {
            continue;
          }
          for (int d = values.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = values.nextDoc()) {
            known[leaf.docBase + d] = values.lookupOrd(values.ordValue()).utf8ToString();
          }
        }
        ids = known;
      }
      return known;
    }
  }

  private volatile ReaderData readerData;

  private ReaderData readerData(IndexReader reader) {
    ReaderData data = readerData;
    if (data == null || data.reader != reader) {
      data = new ReaderData(reader);
      readerData = data;
    }
    return data;
  }

  private String idOf(IndexSearcher searcher, int doc) throws IOException {
    String[] ids = readerData(searcher.getIndexReader()).ids();
    String id = doc < ids.length ? ids[doc] : null;
    if (id == null) {
      throw new IllegalStateException("document " + doc + " has no id");
    }
    return id;
  }

  /** {@code docFreq} of a term, looked up once per search. */
  private static Map<String, Float> limit(Map<String, Float> terms) {
    if (terms.size() <= MAX_QUERY_TERMS) {
      return terms;
    }
    Map<String, Float> limited = new LinkedHashMap<>();
    for (Map.Entry<String, Float> t : terms.entrySet()) {
      if (limited.size() == MAX_QUERY_TERMS) {
        break;
      }
      limited.put(t.getKey(), t.getValue());
    }
    return limited;
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
    List<Entry> prepared = prepare(articles);
    writeLock.lock();
    try {
      for (Entry e : prepared) {
        writer.updateDocuments(new Term(F_ID, e.article.id()), documents(e));
        entries.put(e.article.id(), e);
      }
      searchers.maybeRefreshBlocking();
      updateBackground();
      updateTables();
      embedder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot index articles", e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Estimates, per language, the cosine similarity of unrelated texts: the mean over sampled pairs
   * of different articles' title vectors. Semantic scores are rescaled so that this level is 0 and
   * identity is 1, which puts languages the English-trained model handles worse on the same scale.
   */
  private void updateBackground() {
    Map<String, Double> next = new HashMap<>();
    for (String lang : Articles.LANGS) {
      List<float[]> titles = entries.values().stream()
          .filter(e -> e.article.lang().equals(lang) && e.vectors.length > 0)
          .sorted(Comparator.comparing(e -> e.article.id()))
          .map(e -> e.vectors[0]).toList();
      if (titles.size() < 2) {
        continue;
      }
      java.util.Random random = new java.util.Random(titles.size());
      double sum = 0;
      int pairs = Math.min(4000, titles.size() * (titles.size() - 1) / 2);
      for (int i = 0; i < pairs; i++) {
        int a = random.nextInt(titles.size());
        int b = random.nextInt(titles.size() - 1);
        sum += Embedder.dot(titles.get(a), titles.get(b >= a ? b + 1 : b));
      }
      next.put(lang, Math.max(0, Math.min(0.9, sum / pairs)));
    }
    background = Map.copyOf(next);
  }

  private void updateTables() {
    Map<String, VectorTable> next = new HashMap<>();
    for (String lang : Articles.LANGS) {
      List<Entry> of = entries.values().stream().filter(e -> e.article.lang().equals(lang)).toList();
      if (of.stream().mapToInt(e -> e.vectors.length).sum() <= EXACT_VECTORS) {
        next.put(lang, VectorTable.of(of));
      }
    }
    tables = Map.copyOf(next);
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
      writer.deleteDocuments(new Term(F_ID, id));
      searchers.maybeRefreshBlocking();
      entries.remove(id);
      updateBackground();
      updateTables();
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
      Map<Path, FileState> before = new HashMap<>(files);
      List<Article> changed = scanFiles(false);
      Set<String> live = new HashSet<>();
      files.values().forEach(s -> live.add(s.id));
      int removed = 0;
      for (FileState gone : before.values()) {
        if (!live.contains(gone.id) && delete(gone.id)) {
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

  /** Reads new or modified files and updates {@link #files}; strict on the first load. */
  private List<Article> scanFiles(boolean strict) {
    List<Path> paths = Articles.markdownFiles(options.articlesDir());
    Map<Path, FileState> next = new HashMap<>();
    Map<String, Path> ids = new HashMap<>();
    List<Article> changed = new ArrayList<>();
    for (Path p : paths) {
      try {
        FileTime modified = Files.getLastModifiedTime(p);
        long size = Files.size(p);
        FileState old = files.get(p);
        if (old != null && old.modified.equals(modified) && old.size == size) {
          next.put(p, old);
          ids.put(old.id, p);
          continue;
        }
        Article a = Articles.loadFile(p);
        Path other = ids.putIfAbsent(a.id(), p);
        if (other != null) {
          throw new Articles.ArticleFormatException(p.toString(), "id '" + a.id() + "' is also used by " + other);
        }
        next.put(p, new FileState(modified, size, a.id()));
        changed.add(a);
      } catch (IOException | RuntimeException e) {
        if (strict) {
          throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        LOG.warn("skipping article file {}: {}", p, e.getMessage());
        FileState old = files.get(p);
        if (old != null) {
          next.put(p, old);
        }
      }
    }
    files.clear();
    files.putAll(next);
    return changed;
  }

  private record FileState(FileTime modified, long size, String id) {
  }

  private List<Entry> prepare(Collection<Article> articles) {
    if (articles.size() < 4 || options.indexThreads() <= 1) {
      return articles.stream().map(this::entry).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.indexThreads(), r -> {
      Thread t = new Thread(r, "kb-embed");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Entry>> futures = new ArrayList<>();
      for (Article a : articles) {
        futures.add(pool.submit(() -> entry(a)));
      }
      List<Entry> result = new ArrayList<>();
      for (Future<Entry> f : futures) {
        result.add(f.get());
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while indexing", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Entry entry(Article a) {
    Passages.Split split = Passages.splitWithSections(a.body());
    List<String> passages = split.passages();
    List<float[]> vectors = new ArrayList<>();
    List<Integer> passageOf = new ArrayList<>();
    if (options.semantic()) {
      vectors.add(embedder.embed(a.title()));
      passageOf.add(-1);
      for (String q : a.questions()) {
        vectors.add(embedder.embed(q));
        passageOf.add(-1);
      }
      for (int i = 0; i < passages.size(); i++) {
        vectors.add(embedder.embed(a.title() + ". " + Passages.plain(passages.get(i))));
        passageOf.add(i);
      }
    }
    Set<String> vocabulary = new HashSet<>();
    Analyzer analyzer = analysis.indexAnalyzer(a.lang());
    for (String text : List.of(a.title(), String.join("\n", a.questions()), String.join(" ", a.tags()), a.body())) {
      collectTerms(analyzer, text, vocabulary);
    }
    Set<String> titleTerms = new HashSet<>();
    collectTerms(analyzer, a.title(), titleTerms);
    List<Section> sections = new ArrayList<>();
    List<Set<String>> sectionTerms = new ArrayList<>();
    List<Set<String>> headingTerms = new ArrayList<>();
    for (String text : split.sections()) {
      Section section = Section.of(text);
      sections.add(section);
      Set<String> t = new HashSet<>();
      collectTerms(analyzer, text, t);
      sectionTerms.add(t);
      Set<String> h = new HashSet<>();
      collectTerms(analyzer, section.heading(), h);
      h.removeAll(titleTerms); // a heading that repeats the article's topic says nothing about the section
      headingTerms.add(h);
    }
    return new Entry(a, passages, vectors.toArray(new float[0][]),
        passageOf.stream().mapToInt(Integer::intValue).toArray(), vocabulary,
        new Entry.Shown(sections, sectionTerms, headingTerms, Set.copyOf(titleTerms), split.sectionOf()));
  }

  private static void collectTerms(Analyzer analyzer, String text, Set<String> into) {
    try (TokenStream ts = analyzer.tokenStream("body", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        into.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Document> documents(Entry e) {
    Article a = e.article;
    String lang = a.lang();
    List<Document> docs = new ArrayList<>();
    Document doc = new Document();
    doc.add(new StringField(F_ID, a.id(), Field.Store.NO));
    doc.add(new SortedDocValuesField(F_ID, new BytesRef(a.id())));
    doc.add(new StringField(F_KIND, "article", Field.Store.NO));
    doc.add(new StringField("lang", lang, Field.Store.NO));
    doc.add(new TextField(field("title", lang), a.title(), Field.Store.NO));
    doc.add(new TextField(field("questions", lang), String.join("\n", a.questions()), Field.Store.NO));
    doc.add(new TextField(field("tags", lang), String.join(" ", a.tags()), Field.Store.NO));
    doc.add(new TextField(field("body", lang), a.body(), Field.Store.NO));
    docs.add(doc);
    for (int i = 0; i < e.vectors.length; i++) {
      Document v = new Document();
      v.add(new StringField(F_ID, a.id(), Field.Store.NO));
      v.add(new SortedDocValuesField(F_ID, new BytesRef(a.id())));
      v.add(new StringField(F_KIND, "vector", Field.Store.NO));
      v.add(new KnnFloatVectorField(vectorField(lang), e.vectors[i], VectorSimilarityFunction.COSINE));
      docs.add(v);
    }
    return docs;
  }

  static String field(String name, String lang) {
    return name + "_" + lang;
  }

  static String vectorField(String lang) {
    return "vec_" + lang;
  }

  private static String normalizeLang(String lang) {
    return Lang.of(lang).tag();
  }

  /** Number of indexed articles. */
  public int size() {
    return entries.size();
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

  /** Indexes each per-language field with that language's analyzer. */
  private static final class FieldAnalyzer extends DelegatingAnalyzerWrapper {
    private final Analysis analysis;

    FieldAnalyzer(Analysis analysis) {
      super(PER_FIELD_REUSE_STRATEGY);
      this.analysis = analysis;
    }

    @Override
    protected Analyzer getWrappedAnalyzer(String fieldName) {
      return analysis.indexAnalyzer(fieldName.endsWith("_" + Lang.ES.tag()) ? Lang.ES.tag() : Lang.EN.tag());
    }
  }

  /**
   * An indexed article with its passages, vectors and sections (immutable). {@code passageOf[i]} is the passage of
   * vector {@code i} (-1 for the title and questions), {@code sectionOfPassage[p]} the section passage {@code p}
   * starts in.
   */
  static final class Entry {
    final Article article;
    final List<String> passages;
    final float[][] vectors;
    final int[] passageOf;
    final Set<String> vocabulary;
    final List<Section> sections;
    final List<Set<String>> sectionTerms;
    final List<Set<String>> headingTerms;
    final Set<String> titleTerms;
    final int[] sectionOfPassage;

    /** The sections shown to people and their analysed terms (all lists of the same length). */
    record Shown(List<Section> sections, List<Set<String>> sectionTerms, List<Set<String>> headingTerms,
                 Set<String> titleTerms, int[] sectionOfPassage) {
    }

    /** An entry without sections (for tests of the vectors). */
    Entry(Article article, List<String> passages, List<Set<String>> passageTerms, float[][] vectors,
          int[] passageOf, Set<String> vocabulary) {
      this(article, passages, vectors, passageOf, vocabulary,
          new Shown(List.of(), List.of(), List.of(), Set.of(), new int[passages.size()]));
    }

    Entry(Article article, List<String> passages, float[][] vectors, int[] passageOf, Set<String> vocabulary,
          Shown shown) {
      this.article = article;
      this.passages = passages;
      this.vectors = vectors;
      this.passageOf = passageOf;
      this.vocabulary = vocabulary;
      this.sections = shown.sections();
      this.sectionTerms = shown.sectionTerms();
      this.headingTerms = shown.headingTerms();
      this.titleTerms = shown.titleTerms();
      this.sectionOfPassage = shown.sectionOfPassage();
    }

    double similarity(float[] query, double passageWeight) {
      double best = 0;
      for (int i = 0; i < vectors.length; i++) {
        double s = Embedder.dot(query, vectors[i]) * (passageOf[i] >= 0 ? passageWeight : 1);
        best = Math.max(best, s);
      }
      return best;
    }
  }

  /** {@link Entry#similarity}, taken from the exact search's dot products when it has the article. */
  private static double similarity(Entry e, float[] vector, VectorTable.Found exact, double passageWeight) {
    double s = exact == null ? Double.NaN : exact.similarity(e.article.id(), passageWeight);
    return Double.isNaN(s) ? e.similarity(vector, passageWeight) : s;
  }

  /** A candidate with its ranking features. */
  static final class Scored {
    final Entry entry;
    final double fused;
    final double sem;
    final double bm;
    final double bmNorm;
    final double coverage;
    private final float[] query;
    private final String text;

    Scored(Entry entry, double fused, double sem, double bm, double bmNorm, double coverage,
           float[] query, String text) {
      this.query = query;
      this.text = text;
      this.entry = entry;
      this.fused = fused;
      this.sem = sem;
      this.bm = bm;
      this.bmNorm = bmNorm;
      this.coverage = coverage;
    }

    String id() {
      return entry.article.id();
    }

    /**
     * The section of the article that answers the query best, as shown to people; empty when it has none.
     *
     * @param words the query's terms as the article's analyzer makes them (without synonyms, which would count
     *              one word of the question several times)
     * @param need  what kind of passage the query asks for ({@link Need#of} of its text)
     */
    String passage(Set<String> words, Need need) {
      int best = PassageChoice.best(entry, query, words, need);
      return best < 0 ? "" : entry.sections.get(best).display();
    }
  }
}
