package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The fuzzy queries built from {@link FuzzyTerms} match the same terms and give the same documents
 * the same scores as Lucene's {@link FuzzyQuery}, over the shipped articles (several segments, two
 * fields) and thousands of misspelt, accented, truncated and foreign words.
 */
class SharedFuzzyTest {

  @Test
  void sameTermsAndScoresAsLuceneFuzzyQuery() throws Exception {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      List<Article> articles = Articles.loadShipped();
      try (IndexWriter w = new IndexWriter(dir,
          new IndexWriterConfig(new StandardAnalyzer()).setMergePolicy(org.apache.lucene.index.NoMergePolicy.INSTANCE))) {
        int i = 0;
        for (Article a : articles) {
          Document doc = new Document();
          doc.add(new TextField("title", a.title(), Field.Store.NO));
          doc.add(new TextField("body", a.body(), Field.Store.NO));
          w.addDocument(doc);
          if (++i % 3 == 0) {
            w.commit(); // several segments: candidates are sought in each
          }
        }
      }
      // Lucene's own automata take about 20 ms a word here, so a sample of the articles' words
      List<String> vocabulary0 = new ArrayList<>(new java.util.TreeSet<>(List.of(articles.stream()
          .map(a -> a.title() + " " + a.body()).reduce("", String::concat)
          .toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+"))));
      Random random = new Random(20261123);
      java.util.Collections.shuffle(vocabulary0, random);
      Set<String> words = new LinkedHashSet<>();
      for (String word : vocabulary0.subList(0, Math.min(150, vocabulary0.size()))) {
        words.add(word);
        words.add(misspell(word, random));
        words.add(misspell(misspell(word, random), random));
      }
      words.addAll(List.of("pasword", "passwrod", "contrasena", "contraseña", "impresroa", "wifi", "ñandú", "vpnn",
          "😀😀😀😀", "a", "ab"));
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        assertThat(reader.leaves()).hasSizeGreaterThan(3);
        IndexSearcher searcher = new IndexSearcher(reader);
        FuzzyTerms vocabulary = new FuzzyTerms(reader, List.of("title", "body"));
        SharedFuzzy shared = new SharedFuzzy();
        int compared = 0;
        int withMatches = 0;
        for (String word : words) {
          for (String field : new String[] {"title", "body"}) {
            for (int edits : new int[] {1, 2}) {
              Query plain = new FuzzyQuery(new Term(field, word), edits, 1, 16, true);
              Query ours = shared.query(vocabulary, new Term(field, word), edits, 1, 16, true);
              String expected = hits(searcher, plain);
              assertThat(terms(searcher, ours)).as("%s~%d in %s", word, edits, field).isEqualTo(terms(searcher, plain));
              assertThat(hits(searcher, ours)).as("%s~%d in %s", word, edits, field).isEqualTo(expected);
              compared++;
              withMatches += expected.equals("[]") ? 0 : 1;
            }
          }
        }
        assertThat(compared).isGreaterThan(1500);
        assertThat(withMatches).isGreaterThan(compared / 3);
        assertThat(shared.built()).isEqualTo(words.size() * 2); // once per word and distance, not per field
      }
    }
  }

  @Test
  void distanceCountsTranspositionsAsOneEditOnlyWhenAsked() {
    int[] a = "contraseña".codePoints().toArray();
    assertThat(FuzzyTerms.distance(a, "contarseña".codePoints().toArray(), 1, 2, true)).isEqualTo(1);
    assertThat(FuzzyTerms.distance(a, "contarseña".codePoints().toArray(), 1, 2, false)).isEqualTo(2);
    assertThat(FuzzyTerms.distance(a, "contrasena".codePoints().toArray(), 1, 2, true)).isEqualTo(1);
    assertThat(FuzzyTerms.distance(a, "kontrasena".codePoints().toArray(), 0, 2, true)).isEqualTo(2);
    assertThat(FuzzyTerms.distance(a, "cntrsna".codePoints().toArray(), 1, 2, true)).isEqualTo(3); // beyond 2
  }

  private static String misspell(String word, Random random) {
    if (word.length() < 2) {
      return word; // a one-letter word misspelt twice would be empty
    }
    StringBuilder b = new StringBuilder(word);
    int at = 1 + random.nextInt(Math.max(1, b.length() - 1));
    switch (random.nextInt(5)) {
      case 0 -> b.deleteCharAt(Math.min(at, b.length() - 1));
      case 1 -> b.insert(at, (char) ('a' + random.nextInt(26)));
      case 2 -> b.setCharAt(Math.min(at, b.length() - 1), (char) ('a' + random.nextInt(26)));
      case 3 -> {
        if (at + 1 < b.length()) {
          char c = b.charAt(at);
          b.setCharAt(at, b.charAt(at + 1));
          b.setCharAt(at + 1, c);
        }
      }
      default -> b.append("ión");
    }
    return b.toString();
  }

  /** The terms a query rewrites to. */
  private static Set<String> terms(IndexSearcher searcher, Query q) throws Exception {
    Set<String> out = new java.util.TreeSet<>();
    searcher.rewrite(q).visit(new QueryVisitor() {
      @Override
      public void consumeTerms(Query query, Term... terms) {
        Arrays.stream(terms).forEach(t -> out.add(t.text()));
      }

      @Override
      public QueryVisitor getSubVisitor(org.apache.lucene.search.BooleanClause.Occur occur, Query parent) {
        return this;
      }
    });
    return out;
  }

  private static String hits(IndexSearcher searcher, Query q) throws Exception {
    ScoreDoc[] docs = searcher.search(q, 50).scoreDocs;
    return Arrays.toString(Arrays.stream(docs).map(d -> d.doc + ":" + d.score).toArray());
  }
}
