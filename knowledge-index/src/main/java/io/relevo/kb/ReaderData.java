package io.relevo.kb;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * What searches read from one index reader, built once per reader (a search that gets another
 * reader replaces it): the article id of each document and, per language, the fuzzy vocabulary.
 * Thread-safe; concurrent searches may compute a value twice, which is harmless.
 */
final class ReaderData {
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
        SortedDocValues values = leaf.reader().getSortedDocValues(ArticleIndexer.F_ID);
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
