package io.relevo.kb;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.KeywordAttribute;

/**
 * Takes the pronouns off Spanish infinitives and gerunds ("registrarle" → "registrar", "instalandolo" →
 * "instalando", "pedirla" → "pedir"), so that "¿tengo que registrarle?" meets "Registrar una visita": the
 * light stemmer leaves them on. Runs on lower-case, accent-folded tokens; "te", "os" and "nos" are left
 * alone ("suerte", "internos"), and what remains must keep four letters. One per token stream, like any filter.
 */
final class SpanishEnclitics extends TokenFilter {

  private static final Pattern ENCLITIC = Pattern.compile(
      "^(\\p{L}{2,}(?:ar|er|ir|ando|iendo))(?:selos|selas|selo|sela|melo|mela|les|los|las|me|se|le|lo|la)$");

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final KeywordAttribute keyword = addAttribute(KeywordAttribute.class);
  private final Matcher matcher = ENCLITIC.matcher("");

  SpanishEnclitics(TokenStream in) {
    super(in);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!input.incrementToken()) {
      return false;
    }
    if (!keyword.isKeyword() && term.length() > 5 && matcher.reset(term).matches()) {
      term.setLength(matcher.end(1));
    }
    return true;
  }
}
