package io.relevo.kb;

import io.relevo.texts.Lang;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * Turns articles into what the knowledge base indexes: an {@link IndexedArticle} (passages, sentence vectors,
 * analysed terms, sections) and its Lucene documents (one for the article's fields, one per vector). Names the
 * index's fields. Thread-safe: holds no state of its own (the embedder and analyzers are thread-safe).
 */
final class ArticleIndexer {

  static final String F_ID = "id";
  static final String F_KIND = "kind";

  private final Options options;
  private final Analysis analysis;
  private final Embedder embedder;

  ArticleIndexer(Options options, Analysis analysis, Embedder embedder) {
    this.options = options;
    this.analysis = analysis;
    this.embedder = embedder;
  }

  static String field(String name, String lang) {
    return name + "_" + lang;
  }

  static String vectorField(String lang) {
    return "vec_" + lang;
  }

  /** The index writer's analyzer: each per-language field with that language's analyzer. */
  Analyzer fieldAnalyzer() {
    return new FieldAnalyzer(analysis);
  }

  /** The articles prepared for indexing, embedded with {@link Options#indexThreads()} threads. */
  List<IndexedArticle> prepare(Collection<Article> articles) {
    if (articles.size() < 4 || options.indexThreads() <= 1) {
      return articles.stream().map(this::entry).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.indexThreads(), r -> {
      Thread t = new Thread(r, "kb-embed");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<IndexedArticle>> futures = new ArrayList<>();
      for (Article a : articles) {
        futures.add(pool.submit(() -> entry(a)));
      }
      List<IndexedArticle> result = new ArrayList<>();
      for (Future<IndexedArticle> f : futures) {
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

  private IndexedArticle entry(Article a) {
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
    return new IndexedArticle(a, passages, vectors.toArray(new float[0][]),
        passageOf.stream().mapToInt(Integer::intValue).toArray(), vocabulary,
        new IndexedArticle.Shown(sections, sectionTerms, headingTerms, Set.copyOf(titleTerms), split.sectionOf()));
  }

  static void collectTerms(Analyzer analyzer, String text, Set<String> into) {
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

  /** The article's document followed by one document per sentence vector. */
  List<Document> documents(IndexedArticle e) {
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
}
