package io.relevo.kb;

import static io.relevo.kb.ArticleIndexer.F_ID;
import static io.relevo.kb.ArticleIndexer.field;
import static io.relevo.kb.ArticleIndexer.vectorField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hybrid ranking: BM25 candidates over the weighted fields (fuzzy for words the index lacks) and semantic
 * candidates (exact {@link VectorTable} or Lucene's HNSW graph), fused into one score per article with the
 * features the confidence is computed from. Thread-safe: each search acquires and releases its own searcher.
 */
final class Ranker {

  // logged under the knowledge base's name, as before the class was split out
  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBase.class);
  private static final int MAX_QUERY_TERMS = 64;
  /** The longest query (characters) the lexical search reads; the rest of a longer one is left out. */
  static final int MAX_QUERY_CHARS = 2000;
  private static final int LEXICAL_CANDIDATES = 40;
  private static final int VECTOR_CANDIDATES = 40;

  private final Options options;
  private final Analysis analysis;
  private final SearcherManager searchers;
  private final Map<String, IndexedArticle> entries;
  private final Vectors vectors;
  private volatile ReaderData readerData;

  /** {@code entries} is the knowledge base's live map of indexed articles, read here and written by it. */
  Ranker(Options options, Analysis analysis, SearcherManager searchers, Map<String, IndexedArticle> entries,
         Vectors vectors) {
    this.options = options;
    this.analysis = analysis;
    this.searchers = searchers;
    this.entries = entries;
    this.vectors = vectors;
  }

  /** Ranked candidates with their features, the query embedded here. */
  List<Candidate> rank(String query, String lang, Set<String> excludedIds, int k) {
    return rank(query, vectors.embed(query), new SharedFuzzy(), lang, excludedIds, k);
  }

  /**
   * The best {@code max(k, 3)} candidates in {@code lang}, best first.
   *
   * @param vector the query's embedding, or null for a lexical search
   * @param fuzzy  the fuzzy expansions shared by the searches of one question
   */
  List<Candidate> rank(String query, float[] vector, SharedFuzzy fuzzy, String lang, Set<String> excludedIds,
      int k) {
    if (query == null || query.isBlank() || k <= 0) {
      return List.of();
    }
    String text = query.strip();
    if (text.length() > MAX_QUERY_CHARS) {
      text = text.substring(0, MAX_QUERY_CHARS); // a long question costs no more than its head
    }
    Map<String, Integer> groups = new HashMap<>();
    Map<String, Float> terms = limit(analysis.queryTerms(lang, field("body", lang), text, groups));
    Map<String, double[]> lexical = new LinkedHashMap<>();
    Set<String> semanticIds = new HashSet<>();
    VectorTable table = vector == null ? null : vectors.table(lang);
    VectorTable.Found exact = table == null ? null : table.search(vector, VECTOR_CANDIDATES, excludedIds);
    if (exact != null) {
      semanticIds.addAll(exact.nearest());
    }
    Map<String, Float> coverageWeights = withSearcher(searcher -> {
      Map<String, Float> weights = terms;
      if (!terms.isEmpty()) {
        ReaderData dfs = readerData(searcher.getIndexReader());
        weights = idfWeighted(terms, lang, dfs);
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
      return weights;
    });
    return fuse(text, Coverage.of(terms, coverageWeights, groups), vector, exact, lexical, semanticIds, lang,
        excludedIds, k);
  }

  /**
   * The idf-weighted share of {@code text}'s words (a word's synonyms counting for it) that article {@code id} has,
   * words found in more than half of the articles and words found in none left out; NaN when the text has no other
   * words to look for or the article is not indexed, 0 when all its other words are found in no article.
   */
  double coverage(String id, String text) {
    IndexedArticle e = entries.get(id);
    if (e == null || text == null || text.isBlank()) {
      return Double.NaN;
    }
    String lang = e.article.lang();
    Map<String, Integer> groups = new HashMap<>();
    Map<String, Float> terms = limit(analysis.queryTerms(lang, field("body", lang),
        text.length() > MAX_QUERY_CHARS ? text.substring(0, MAX_QUERY_CHARS) : text, groups));
    if (terms.isEmpty()) {
      return Double.NaN;
    }
    return withSearcher(searcher -> {
      Map<String, Float> weighted = idfWeighted(terms, lang, readerData(searcher.getIndexReader()));
      // a word found in more than half of the articles ("from", "móvil") tells none of them apart: it is not looked
      // for, nor are its synonyms
      Set<Integer> common = new HashSet<>();
      weighted.forEach((t, w) -> {
        if (terms.get(t) >= 1f && w < COMMON_IDF * terms.get(t) && groups.get(t) != null) {
          common.add(groups.get(t));
        }
      });
      weighted.entrySet().removeIf(t -> t.getValue() < COMMON_IDF * terms.get(t.getKey())
          || common.contains(groups.get(t.getKey())));
      if (weighted.isEmpty()) {
        return Double.NaN;
      }
      // a word no article has ("mandar" in "¿tengo que mandar algún justificante?") tells none of them apart either;
      // when the text has only such words, no article covers it
      Set<Integer> known = new HashSet<>();
      for (String t : inArticles(weighted.keySet(), lang, readerData(searcher.getIndexReader()))) {
        known.add(groups.get(t));
      }
      weighted.keySet().removeIf(t -> !known.contains(groups.get(t)));
      if (weighted.isEmpty()) {
        return 0.0;
      }
      Map<String, Float> kept = new HashMap<>(terms);
      kept.keySet().retainAll(weighted.keySet());
      return Coverage.of(kept, weighted, groups).of(e.vocabulary);
    });
  }

  /** The idf of a word in half of the articles, {@code log(1 + 1)}. */
  private static final double COMMON_IDF = Math.log(2);

  /** What the search does with a searcher, which may throw while reading the index. */
  private interface SearcherWork<T> {
    T with(IndexSearcher searcher) throws IOException;
  }

  /** Runs {@code work} with a searcher acquired for it and released after. */
  private <T> T withSearcher(SearcherWork<T> work) {
    IndexSearcher searcher;
    try {
      searcher = searchers.acquire();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return work.with(searcher);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        searchers.release(searcher);
      } catch (IOException e) {
        LOG.warn("releasing searcher: {}", e.toString());
      }
    }
  }

  /**
   * Multiplies each term's weight by its inverse document frequency among this language's
   * articles (for coverage: a rare word the article lacks counts more than a common one). Words no
   * article contains get the highest idf, which marks questions outside the knowledge base.
   */
  /** Those of {@code terms} that some article of {@code lang} has. */
  private Set<String> inArticles(Set<String> terms, String lang, ReaderData dfs) throws IOException {
    Set<String> out = new HashSet<>();
    for (String t : terms) {
      if (docFreq(t, lang, dfs) > 0) {
        out.add(t);
      }
    }
    return out;
  }

  /** The most articles of {@code lang} that have {@code term} in any one of their fields. */
  private static int docFreq(String term, String lang, ReaderData dfs) throws IOException {
    int df = 0;
    for (String name : new String[] {"title", "questions", "tags", "body"}) {
      df = Math.max(df, dfs.docFreq(new Term(field(name, lang), term)));
    }
    return df;
  }

  private Map<String, Float> idfWeighted(Map<String, Float> terms, String lang, ReaderData dfs)
      throws IOException {
    int n = Math.max(1, dfs.docFreq(new Term("lang", lang)));
    Map<String, Float> weighted = new LinkedHashMap<>();
    for (Map.Entry<String, Float> t : terms.entrySet()) {
      int df = docFreq(t.getKey(), lang, dfs);
      double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      weighted.put(t.getKey(), (float) (t.getValue() * idf));
    }
    return weighted;
  }

  private List<Candidate> fuse(String text, Coverage coverageOf, float[] vector, VectorTable.Found exact,
                               Map<String, double[]> lexical, Set<String> semanticIds, String lang,
                               Set<String> excludedIds, int k) {
    Set<String> candidates = new HashSet<>(lexical.keySet());
    candidates.addAll(semanticIds);
    double maxLexical = lexical.values().stream().mapToDouble(v -> v[0]).max().orElse(0);
    Options.Fusion f = options.fusion();
    double mu = vectors.background(lang);
    List<Candidate> scored = new ArrayList<>();
    for (String id : candidates) {
      IndexedArticle e = entries.get(id);
      if (e == null || excludedIds.contains(id) || !e.article.lang().equals(lang)) {
        continue;
      }
      double sem = vector == null ? 0 : Math.max(0, (similarity(e, vector, exact, f.passageWeight()) - mu) / (1 - mu));
      double[] lex = lexical.get(id);
      double bm = lex == null ? 0 : lex[0];
      double bmNorm = maxLexical > 0 ? bm / maxLexical : 0;
      double coverage = coverageOf.of(e.vocabulary);
      double fused = vector == null ? bmNorm : f.semanticWeight() * sem + (1 - f.semanticWeight()) * bmNorm;
      scored.add(new Candidate(e, fused, sem, bm, bmNorm, coverage, vector, text));
    }
    scored.sort(Comparator.comparingDouble((Candidate s) -> -s.fused).thenComparing(s -> s.entry.article.id()));
    return scored.size() > Math.max(k, 3) ? List.copyOf(scored.subList(0, Math.max(k, 3))) : scored;
  }

  /** {@link IndexedArticle#similarity}, taken from the exact search's dot products when it has the article. */
  private static double similarity(IndexedArticle e, float[] vector, VectorTable.Found exact, double passageWeight) {
    double s = exact == null ? Double.NaN : exact.similarity(e.article.id(), passageWeight);
    return Double.isNaN(s) ? e.similarity(vector, passageWeight) : s;
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

  /** The query's first {@link #MAX_QUERY_TERMS} terms. */
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
}
