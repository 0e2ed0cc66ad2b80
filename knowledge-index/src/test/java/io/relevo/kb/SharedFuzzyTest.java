package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

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
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class SharedFuzzyTest {

  @Test
  void sharedAutomataFindTheSameDocumentsWithTheSameScoresInEveryField() throws Exception {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()))) {
        String[][] docs = {{"password reset", "reset your password from the portal"},
            {"printer jammed", "the printer on floor two"}, {"passwords expire", "a password lasts ninety days"},
            {"contraseña olvidada", "restablecer la contraseña"}};
        for (String[] d : docs) {
          Document doc = new Document();
          doc.add(new TextField("title", d[0], Field.Store.NO));
          doc.add(new TextField("body", d[1], Field.Store.NO));
          w.addDocument(doc);
          w.commit(); // several segments: the automata are reused across them too
        }
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        SharedFuzzy shared = new SharedFuzzy();
        for (String word : new String[] {"pasword", "passwrod", "printr", "contrasena"}) {
          for (String field : new String[] {"title", "body"}) {
            int edits = word.length() >= 8 ? 2 : 1;
            Query plain = new FuzzyQuery(new Term(field, word), edits, 1, 16, true);
            Query reused = shared.query(new Term(field, word), edits, 1, 16, true);
            assertThat(hits(searcher, reused)).as("%s in %s", word, field).isEqualTo(hits(searcher, plain));
          }
        }
        assertThat(shared.built()).isEqualTo(4);
      }
    }
  }

  private static String hits(IndexSearcher searcher, Query q) throws Exception {
    ScoreDoc[] docs = searcher.search(q, 10).scoreDocs;
    return Arrays.toString(Arrays.stream(docs).map(d -> d.doc + ":" + d.score).toArray());
  }
}
