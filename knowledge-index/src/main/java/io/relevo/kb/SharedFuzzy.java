package io.relevo.kb;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;

/**
 * Fuzzy queries for one search: each word's neighbours in a vocabulary ({@link FuzzyTerms}) are
 * found once and shared by every field the search looks in. The queries match and score like
 * {@link FuzzyQuery}s with the same arguments.
 *
 * <p>One instance per search; thread-safe.
 */
final class SharedFuzzy {

  /** One lookup: the vocabulary (by identity) and the arguments. */
  private record Key(FuzzyTerms vocabulary, String word, int maxEdits, int prefixLength, boolean transpositions) {
  }

  private final Map<Key, TreeMap<BytesRef, Float>> found = new ConcurrentHashMap<>();

  /** How many words' neighbours were looked up (each once per vocabulary and distance). */
  int built() {
    return found.size();
  }

  /**
   * A query like {@code new FuzzyQuery(term, maxEdits, prefixLength, maxExpansions, transpositions)}
   * for a field whose terms are among {@code vocabulary}'s.
   */
  Query query(FuzzyTerms vocabulary, Term term, int maxEdits, int prefixLength, int maxExpansions,
      boolean transpositions) {
    TreeMap<BytesRef, Float> candidates = found.computeIfAbsent(
        new Key(vocabulary, term.text(), maxEdits, prefixLength, transpositions),
        k -> vocabulary.within(k.word(), k.maxEdits(), k.prefixLength(), k.transpositions()));
    return FuzzyTerms.query(term.field(), candidates, maxExpansions);
  }
}
