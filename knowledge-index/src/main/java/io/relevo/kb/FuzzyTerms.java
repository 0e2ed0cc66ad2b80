package io.relevo.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BoostAttribute;
import org.apache.lucene.index.FilteredTermsEnum;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.BytesRef;

/**
 * The terms of some fields of an index that lie within an edit distance of a word: the terms and
 * boosts Lucene's {@link FuzzyQuery} finds, without its Levenshtein automata. Building those
 * automata (and determinising them) for every misspelt or foreign word was the largest single
 * cost of a search; here the distance is computed directly against the terms that share the
 * word's prefix and have a length within the distance, which is cheap for a help desk's
 * vocabulary. {@link #query} gives a {@link MultiTermQuery} that rewrites exactly like a
 * {@code FuzzyQuery} (top terms by boost, blended document frequencies).
 *
 * <p>One instance per index reader and set of fields; immutable after construction and
 * thread-safe.
 */
final class FuzzyTerms {

  /** One term of the vocabulary. */
  private record Entry(int[] codePoints, BytesRef bytes) {
  }

  /** Terms by their first code point. */
  private final Map<Integer, List<Entry>> byFirst = new HashMap<>();

  /** Reads the terms of {@code fields} in {@code reader} (their union). */
  FuzzyTerms(IndexReader reader, List<String> fields) throws IOException {
    java.util.Set<BytesRef> seen = new java.util.HashSet<>();
    for (String field : fields) {
      Terms terms = MultiTerms.getTerms(reader, field);
      if (terms == null) {
        continue;
      }
      TermsEnum e = terms.iterator();
      for (BytesRef t = e.next(); t != null; t = e.next()) {
        BytesRef copy = BytesRef.deepCopyOf(t);
        if (seen.add(copy)) {
          int[] cps = copy.utf8ToString().codePoints().toArray();
          if (cps.length > 0) {
            byFirst.computeIfAbsent(cps[0], k -> new ArrayList<>()).add(new Entry(cps, copy));
          }
        }
      }
    }
  }

  /**
   * The terms within {@code maxEdits} of {@code word} that start with its first
   * {@code prefixLength} code points, each with the boost {@link FuzzyQuery} gives it
   * ({@code 1 - edits / min(length of term, length of word)} in code points, 1 for the word itself);
   * in term order.
   */
  TreeMap<BytesRef, Float> within(String word, int maxEdits, int prefixLength, boolean transpositions) {
    int[] w = word.codePoints().toArray();
    TreeMap<BytesRef, Float> out = new TreeMap<>();
    if (w.length == 0) {
      return out;
    }
    int prefix = Math.min(prefixLength, w.length);
    if (maxEdits == 0) { // FuzzyQuery matches the word alone then
      BytesRef exact = new BytesRef(word);
      for (Entry e : byFirst.getOrDefault(w[0], List.of())) {
        if (e.bytes.equals(exact)) {
          out.put(e.bytes, 1f);
        }
      }
      return out;
    }
    Iterable<Entry> candidates = prefix > 0 ? byFirst.getOrDefault(w[0], List.of())
        : byFirst.values().stream().flatMap(List::stream)::iterator;
    for (Entry e : candidates) {
      int[] t = e.codePoints;
      if (Math.abs(t.length - w.length) > maxEdits || t.length < prefix || !samePrefix(w, t, prefix)) {
        continue;
      }
      int ed = distance(w, t, prefix, maxEdits, transpositions);
      if (ed <= maxEdits) {
        out.put(e.bytes, ed == 0 ? 1f : 1.0f - (float) ed / (float) Math.min(t.length, w.length));
      }
    }
    return out;
  }

  private static boolean samePrefix(int[] a, int[] b, int prefix) {
    for (int i = 0; i < prefix; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Edit distance of {@code a} and {@code b} after their first {@code from} code points (insertions,
   * deletions, substitutions and, with {@code transpositions}, swaps of adjacent code points, each
   * counting one, no substring edited twice: Lucene's Levenshtein automata's distance), or
   * {@code max + 1} as soon as it must exceed {@code max}.
   */
  static int distance(int[] a, int[] b, int from, int max, boolean transpositions) {
    int n = a.length - from;
    int m = b.length - from;
    int[] before = new int[m + 1];
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      current[0] = i;
      int rowMin = current[0];
      int ai = a[from + i - 1];
      for (int j = 1; j <= m; j++) {
        int bj = b[from + j - 1];
        int cost = ai == bj ? 0 : 1;
        int d = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (transpositions && i > 1 && j > 1 && ai == b[from + j - 2] && a[from + i - 2] == bj) {
          d = Math.min(d, before[j - 2] + 1);
        }
        current[j] = d;
        rowMin = Math.min(rowMin, d);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] spare = before;
      before = previous;
      previous = current;
      current = spare;
    }
    return previous[m];
  }

  /**
   * A query for {@code candidates} (from {@link #within}) in {@code field} that scores like
   * {@code new FuzzyQuery(new Term(field, word), ..., maxExpansions, ...)}: the same terms with the
   * same boosts, kept and blended by the same rewrite.
   */
  static MultiTermQuery query(String field, TreeMap<BytesRef, Float> candidates, int maxExpansions) {
    return new Candidates(field, candidates, maxExpansions);
  }

  private static final class Candidates extends MultiTermQuery {

    private final TreeMap<BytesRef, Float> candidates;
    private final int maxExpansions;

    Candidates(String field, TreeMap<BytesRef, Float> candidates, int maxExpansions) {
      super(field, new MultiTermQuery.TopTermsBlendedFreqScoringRewrite(maxExpansions));
      this.candidates = candidates;
      this.maxExpansions = maxExpansions;
    }

    @Override
    protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
      if (candidates.isEmpty()) {
        return TermsEnum.EMPTY;
      }
      return new FilteredTermsEnum(terms.iterator(), true) {
        private final BoostAttribute boost = attributes().addAttribute(BoostAttribute.class);

        @Override
        protected BytesRef nextSeekTerm(BytesRef current) {
          return current == null ? candidates.firstKey() : candidates.higherKey(current);
        }

        @Override
        protected AcceptStatus accept(BytesRef term) {
          Float b = candidates.get(term);
          if (b == null) {
            return AcceptStatus.NO_AND_SEEK;
          }
          boost.setBoost(b);
          return AcceptStatus.YES_AND_SEEK;
        }
      };
    }

    @Override
    public void visit(QueryVisitor visitor) {
      if (visitor.acceptField(field)) {
        visitor.visitLeaf(this);
      }
    }

    @Override
    public String toString(String f) {
      return (field.equals(f) ? "" : field + ":") + "~" + candidates.keySet().stream()
          .map(BytesRef::utf8ToString).toList();
    }

    @Override
    public boolean equals(Object o) {
      return sameClassAs(o) && field.equals(((Candidates) o).field)
          && candidates.equals(((Candidates) o).candidates) && maxExpansions == ((Candidates) o).maxExpansions;
    }

    @Override
    public int hashCode() {
      return Objects.hash(classHash(), field, candidates, maxExpansions);
    }
  }
}
