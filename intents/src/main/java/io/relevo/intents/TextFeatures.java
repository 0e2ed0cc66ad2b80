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

    /** Raw weighted feature counts for {@code text}. */
    static Map<String, Float> extract(String text) {
        List<String> tokens = tokens(text);
        Map<String, Float> f = new HashMap<>();
        String prev = "^";
        for (String t : tokens) {
            f.merge("w|" + t, 1f, Float::sum);
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
