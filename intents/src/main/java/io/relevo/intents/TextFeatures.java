package io.relevo.intents;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Language-neutral surface features for the sparse classifier: word unigrams and bigrams plus character
 * 3–5-grams inside word boundaries (Spanish morphology, typos, missing accents). Text is lowercased and
 * accent-folded first. Stateless and thread-safe.
 */
final class TextFeatures {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final float CHAR_WEIGHT = Float.parseFloat(System.getProperty("relevo.intents.charWeight", "0.5"));
    private static final int MAX_TOKENS = 200;
    static final float STEM_WEIGHT = Float.parseFloat(System.getProperty("relevo.intents.stemWeight", "0"));
    /** Spanish inflectional suffixes (accent-folded), longest first; English plural/past forms share some. */
    private static final String[] SUFFIXES = {"amientos", "imientos", "amiento", "imiento", "aciones", "iciones",
            "amente", "abamos", "ariamos", "eriamos", "iriamos", "aremos", "eremos", "iremos", "aran", "eran",
            "acion", "icion", "mente", "ando", "iendo", "yendo", "aron", "ieron", "ados", "adas", "idos", "idas",
            "aste", "iste", "amos", "emos", "imos", "aba", "ado", "ada", "ido", "ida", "are", "ere", "ire", "ara",
            "era", "ira", "ar", "er", "ir", "as", "es", "os", "an", "en", "io", "o", "a", "e", "s"};
    private static final float NEG_WEIGHT = Float.parseFloat(System.getProperty("relevo.intents.negWeight", "0"));
    private static final int NEG_SCOPE = Integer.getInteger("relevo.intents.negScope", 3);
    /** Negators (accent-folded tokens; "t" is the tail of "don't", "isn't" ...). */
    private static final java.util.Set<String> NEGATORS = java.util.Set.of("no", "ni", "nada", "nunca", "jamas",
            "tampoco", "sin", "poco", "not", "never", "nothing", "cannot", "without", "t", "nope", "nor");
    private static final String[] CLITICS = {"selos", "selas", "melo", "mela", "telo", "tela", "noslo", "los", "las",
            "les", "nos", "me", "te", "se", "lo", "la", "le"};

    private TextFeatures() {
    }

    static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
    }

    static List<String> tokens(String text) {
        String s = fold(text);
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length() && tokens.size() < MAX_TOKENS; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                cur.appendCodePoint(cp);
            } else {
                if (cur.length() > 0) {
                    tokens.add(cur.toString());
                    cur.setLength(0);
                }
                if (Character.getType(cp) == Character.OTHER_SYMBOL || cp == '?' || cp == '!') {
                    tokens.add(new String(Character.toChars(cp)));
                }
            }
        }
        if (cur.length() > 0 && tokens.size() < MAX_TOKENS) {
            tokens.add(cur.toString());
        }
        return tokens;
    }

    /**
     * Light suffix stripping for Spanish (also harmless for English plurals): an enclitic pronoun after an
     * infinitive, gerund or imperative ("cancelalo", "borrarmelo", "ayudame") is removed first, then the longest
     * inflectional suffix leaving a stem of at least 3 letters.
     */
    static String stem(String t) {
        if (t.length() < 4 || !Character.isLetter(t.charAt(0))) {
            return t;
        }
        String w = t;
        for (String c : CLITICS) {
            if (w.length() >= c.length() + 4 && w.endsWith(c)) {
                String base = w.substring(0, w.length() - c.length());
                if (base.endsWith("ar") || base.endsWith("er") || base.endsWith("ir") || base.endsWith("ndo")
                        || base.endsWith("a") || base.endsWith("e")) {
                    w = base;
                    break;
                }
            }
        }
        for (String suf : SUFFIXES) {
            if (w.endsWith(suf) && w.length() - suf.length() >= 3) {
                return w.substring(0, w.length() - suf.length());
            }
        }
        return w;
    }

    /**
     * Whether a dictionary contains negation or stem features, i.e. its model was trained with
     * {@code extract(.., true)} (a dictionary without any such key gives the same vectors either way).
     */
    static boolean usesExtras(Map<String, Integer> dictionary) {
        for (String k : dictionary.keySet()) {
            if (k.startsWith("n|") || k.startsWith("s|")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Raw weighted feature counts for {@code text}; with {@code extras} also "n|word" for the (up to
     * {@code NEG_SCOPE}) words after a negator ("no me sirvió" vs "me sirvió", "not helpful" vs "helpful") and,
     * when enabled, word stems ({@link #stem}).
     */
    static Map<String, Float> extract(String text, boolean extras) {
        List<String> tokens = tokens(text);
        Map<String, Float> f = new HashMap<>();
        String prev = "^";
        int negated = 0;
        for (String t : tokens) {
            f.merge("w|" + t, 1f, Float::sum);
            if (extras && NEG_WEIGHT > 0) {
                if (t.equals("?") || t.equals("!")) {
                    negated = 0;
                } else if (negated > 0) {
                    f.merge("n|" + t, NEG_WEIGHT, Float::sum);
                    negated--;
                }
                if (NEGATORS.contains(t)) {
                    negated = NEG_SCOPE;
                }
            }
            if (extras && STEM_WEIGHT > 0) {
                f.merge("s|" + stem(t), STEM_WEIGHT, Float::sum);
            }
            f.merge("b|" + prev + "|" + t, 1f, Float::sum);
            prev = t;
            String padded = "<" + t + ">";
            for (int n = 3; n <= 5; n++) {
                for (int i = 0; i + n <= padded.length(); i++) {
                    f.merge("c|" + padded.substring(i, i + n), CHAR_WEIGHT, Float::sum);
                }
            }
        }
        if (!tokens.isEmpty()) {
            f.merge("b|" + prev + "|$", 1f, Float::sum);
        } else {
            f.put("empty", 1f);
        }
        return f;
    }

    /** Maps features through {@code dictionary} (unknown ones dropped), L2-normalised. */
    static SparseVector vectorize(Map<String, Float> features, Map<String, Integer> dictionary) {
        int[] idx = new int[features.size()];
        float[] val = new float[features.size()];
        int n = 0;
        double norm = 0;
        for (Map.Entry<String, Float> e : features.entrySet()) {
            Integer i = dictionary.get(e.getKey());
            if (i != null) {
                idx[n] = i;
                val[n] = e.getValue();
                norm += val[n] * val[n];
                n++;
            }
        }
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        int[] idxOut = new int[n];
        float[] valOut = new float[n];
        for (int k = 0; k < n; k++) {
            idxOut[k] = idx[k];
            valOut[k] = val[k] * inv;
        }
        return new SparseVector(idxOut, valOut);
    }
}
