package io.relevo.kb;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * Per-language text analysis: standard tokens, lower case, ASCII folding (so "contraseña" matches
 * "contrasena"), stop words, and a stemmer (Porter for English, light stemming for Spanish; Snowball Spanish
 * was tried and ranked worse).
 * Query analysis also expands help-desk synonyms. Analyzers are thread-safe.
 */
final class Analysis {

  private static final List<String> EXTRA_EN_STOP = List.of(
      "i", "me", "my", "we", "our", "you", "your", "can", "could", "would", "should", "do", "does",
      "did", "how", "what", "which", "who", "when", "where", "why", "am", "get", "want", "need",
      "way", "possible", "anyone", "someone", "please", "its", "it's", "im", "i'm", "about", "also", "thanks", "thank");
  /** Courtesy words a follow-up starts with ("gracias, y desde el móvil?"), which no article is about. */
  private static final List<String> EXTRA_ES_STOP = List.of("gracias", "tambien");

  private final Map<String, Analyzer> index = new LinkedHashMap<>();
  private final Map<String, Analyzer> query = new LinkedHashMap<>();

  Analysis(Path synonymsDir) {
    for (String lang : Articles.LANGS) {
      CharArraySet stop = stopWords(lang);
      SynonymMap synonyms = synonyms(lang, synonymsDir);
      index.put(lang, new LangAnalyzer(lang, stop, null));
      query.put(lang, new LangAnalyzer(lang, stop, synonyms));
    }
  }

  Analyzer indexAnalyzer(String lang) {
    return index.get(lang);
  }

  Analyzer queryAnalyzer(String lang) {
    return query.get(lang);
  }

  /** Query terms with weights: 1 for the user's words, 0.5 for synonyms. */
  Map<String, Float> queryTerms(String lang, String field, String text) {
    return queryTerms(lang, field, text, null);
  }

  /**
   * As {@link #queryTerms(String, String, String)}; fills {@code groups} (when not null) with each term's word of
   * the text: a synonym has the position in the text of the word it stands for ("radiador" and its synonym
   * "calefaccion" share one), so that a word whose synonym an article has counts as found in it.
   */
  Map<String, Float> queryTerms(String lang, String field, String text, Map<String, Integer> groups) {
    Map<String, Float> terms = new LinkedHashMap<>();
    try (TokenStream ts = query.get(lang).tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      TypeAttribute type = ts.addAttribute(TypeAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        float weight = SynonymGraphFilter.TYPE_SYNONYM.equals(type.type()) ? 0.5f : 1f;
        terms.merge(term.toString(), weight, Math::max);
        if (groups != null) {
          groups.putIfAbsent(term.toString(), offset.startOffset());
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  private static CharArraySet stopWords(String lang) {
    CharArraySet base = "en".equals(lang) ? EnglishAnalyzer.ENGLISH_STOP_WORDS_SET : SpanishAnalyzer.getDefaultStopSet();
    CharArraySet set = new CharArraySet(base.size() * 2 + EXTRA_EN_STOP.size(), true);
    for (Object word : base) {
      String w = new String((char[]) word);
      set.add(w);
      set.add(fold(w));
    }
    set.addAll("en".equals(lang) ? EXTRA_EN_STOP : EXTRA_ES_STOP);
    return CharArraySet.unmodifiableSet(set);
  }

  static String fold(String text) {
    char[] out = new char[text.length() * 4];
    int len = ASCIIFoldingFilter.foldToASCII(text.toCharArray(), 0, out, 0, text.length());
    return new String(out, 0, len);
  }

  private static SynonymMap synonyms(String lang, Path dir) {
    String name = "synonyms_" + lang + ".txt";
    Analyzer parsing = new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        return new TokenStreamComponents(source, new ASCIIFoldingFilter(new LowerCaseFilter(source)));
      }
    };
    try (Reader reader = open(dir, name)) {
      SolrSynonymParser parser = new SolrSynonymParser(true, true, parsing);
      parser.parse(reader);
      return parser.build();
    } catch (IOException | ParseException e) {
      throw new IllegalArgumentException("cannot read synonyms " + name + ": " + e.getMessage(), e);
    }
  }

  private static Reader open(Path dir, String name) throws IOException {
    if (dir != null && Files.exists(dir.resolve(name))) {
      return Files.newBufferedReader(dir.resolve(name), StandardCharsets.UTF_8);
    }
    InputStream in = Analysis.class.getResourceAsStream("analysis/" + name);
    if (in == null) {
      return new StringReader("");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  private static final class LangAnalyzer extends Analyzer {
    private final String lang;
    private final CharArraySet stop;
    private final SynonymMap synonyms;

    LangAnalyzer(String lang, CharArraySet stop, SynonymMap synonyms) {
      this.lang = lang;
      this.stop = stop;
      this.synonyms = synonyms;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream ts = "en".equals(lang) ? new EnglishPossessiveFilter(source) : source;
      ts = new ASCIIFoldingFilter(new LowerCaseFilter(ts));
      if (synonyms != null && synonyms.fst != null) {
        ts = new SynonymGraphFilter(ts, synonyms, true);
      }
      ts = new StopFilter(ts, stop);
      ts = "en".equals(lang) ? new PorterStemFilter(ts) : new SpanishLightStemFilter(new SpanishEnclitics(ts));
      return new TokenStreamComponents(source, ts);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new ASCIIFoldingFilter(new LowerCaseFilter(in));
    }
  }
}
