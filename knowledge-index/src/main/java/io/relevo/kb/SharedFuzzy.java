package io.relevo.kb;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.AttributeImpl;
import org.apache.lucene.util.AttributeSource;

/**
 * Fuzzy queries whose Levenshtein automata are built once per word and shared by every field
 * and language one search looks in. Lucene builds a {@link FuzzyQuery}'s automata for each query
 * (here four fields, and both languages when the first has no answer), and building them was
 * most of the time a misspelt word cost. The automata depend only on the word, the edit
 * distance, the prefix length and transpositions, so the results are the same.
 *
 * <p>Lucene keeps the built automata in an attribute of the rewrite's {@link AttributeSource}
 * and builds them only when that attribute is empty; this hands the first query's attribute to
 * the others. One instance per search; thread-safe.
 */
final class SharedFuzzy {

  private static final String AUTOMATON_ATTRIBUTE = "FuzzyTermsEnum$AutomatonAttributeImpl";

  private final Map<String, AttributeImpl> built = new ConcurrentHashMap<>();

  /** How many words' automata were built (each once). */
  int built() {
    return built.size();
  }

  /** A fuzzy query like {@code new FuzzyQuery(term, maxEdits, prefixLength, maxExpansions, transpositions)}. */
  Query query(Term term, int maxEdits, int prefixLength, int maxExpansions, boolean transpositions) {
    String key = term.text() + '\u0000' + maxEdits + ',' + prefixLength + ',' + transpositions;
    return new FuzzyQuery(term, maxEdits, prefixLength, maxExpansions, transpositions) {
      @Override
      protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
        AttributeImpl known = built.get(key);
        if (known != null) {
          atts.addAttributeImpl(known);
        }
        TermsEnum e = super.getTermsEnum(terms, atts);
        if (known == null) {
          for (Iterator<AttributeImpl> it = atts.getAttributeImplsIterator(); it.hasNext(); ) {
            AttributeImpl impl = it.next();
            if (impl.getClass().getName().endsWith(AUTOMATON_ATTRIBUTE)) {
              built.putIfAbsent(key, impl);
            }
          }
        }
        return e;
      }
    };
  }
}
