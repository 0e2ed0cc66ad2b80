package io.relevo.intents;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * Sentence encoder over a quantized BERT-family ONNX model shipped in a Maven jar (no download).
 * Own uncased BERT tokenizer (clean, lowercase, strip accents, split punctuation, WordPiece), CLS and mean
 * pooling each L2-normalised and concatenated, sequences truncated to {@value #MAX_TOKENS} tokens.
 *
 * <p>Thread-safe: the ONNX session is configured with one intra-op and one inter-op thread and
 * {@link OrtSession#run} may be called concurrently. The instance owns the session; {@link #close()} releases it.
 */
final class BertEncoder implements AutoCloseable {

    static final int MAX_TOKENS = 128;

    /** The encoders this module can use; the files live in the langchain4j embedding jars. */
    enum Kind {
        MINILM("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", false),
        BGE_SMALL("bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", true);

        final String model;
        final String tokenizer;
        final boolean clsPooling;

        Kind(String model, String tokenizer, boolean clsPooling) {
            this.model = model;
            this.tokenizer = tokenizer;
            this.clsPooling = clsPooling;
        }
    }

    private final Kind kind;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, Integer> vocab;
    private final boolean needsTypeIds;
    private final int unkId;
    private final int clsId;
    private final int sepId;

    BertEncoder(Kind kind) {
        this.kind = kind;
        try {
            this.vocab = readVocab(kind.tokenizer);
            this.env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(readResource(kind.model), options);
            this.needsTypeIds = session.getInputNames().contains("token_type_ids");
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load ONNX model " + kind.model, e);
        }
        this.unkId = vocab.get("[UNK]");
        this.clsId = vocab.get("[CLS]");
        this.sepId = vocab.get("[SEP]");
    }

    Kind kind() {
        return kind;
    }

    float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /** Embeds a batch in one ONNX call (pad to the longest text of the batch). */
    float[][] embed(List<String> texts) {
        int n = texts.size();
        int[][] ids = new int[n][];
        int maxLen = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = tokenize(texts.get(i));
            maxLen = Math.max(maxLen, ids[i].length);
        }
        long[] inputIds = new long[n * maxLen];
        long[] mask = new long[n * maxLen];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < ids[i].length; j++) {
                inputIds[i * maxLen + j] = ids[i][j];
                mask[i * maxLen + j] = 1;
            }
        }
        long[] shape = {n, maxLen};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (needsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * maxLen]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] out = new float[n][];
                for (int i = 0; i < n; i++) {
                    out[i] = pool(hidden[i], ids[i].length);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX inference failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Concatenate CLS and mean pooling (both L2-normalised); more signal for the same inference cost. */
    static final boolean BOTH_POOLINGS = Boolean.parseBoolean(System.getProperty("relevo.intents.bothPoolings", "true"));

    private float[] pool(float[][] hidden, int length) {
        if (!BOTH_POOLINGS) {
            return pool(hidden, length, kind.clsPooling);
        }
        float[] a = pool(hidden, length, true);
        float[] b = pool(hidden, length, false);
        float[] out = new float[a.length + b.length];
        float scale = (float) Math.sqrt(0.5);
        for (int d = 0; d < a.length; d++) {
            out[d] = a[d] * scale;
            out[a.length + d] = b[d] * scale;
        }
        return out;
    }

    private static float[] pool(float[][] hidden, int length, boolean cls) {
        int dim = hidden[0].length;
        float[] v = new float[dim];
        if (cls) {
            System.arraycopy(hidden[0], 0, v, 0, dim);
        } else {
            for (int t = 0; t < length; t++) {
                for (int d = 0; d < dim; d++) {
                    v[d] += hidden[t][d];
                }
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        for (int d = 0; d < dim; d++) {
            v[d] *= inv;
        }
        return v;
    }

    /** Dimension of one pooled output (CLS or mean) of this encoder's model. */
    static final int POOLED_DIMENSION = 384;

    /**
     * Where this encoder's mean-pooled, L2-normalised vector starts in {@link #embed}'s output (whose norm is
     * 1 or, with both poolings, √½ per part).
     */
    int meanOffset() {
        return BOTH_POOLINGS ? POOLED_DIMENSION : 0;
    }

    /** Whether the text gives word pieces and all of them fit (nothing cut at {@value #MAX_TOKENS} tokens). */
    boolean encodesWhole(String text) {
        int[] ids = tokenize(text);
        return ids.length > 2 && ids.length < MAX_TOKENS;
    }

    /**
     * At most this many characters of a text are split into words: far more than {@value #MAX_TOKENS} word pieces
     * ever need, so that a long text costs no more than its head.
     */
    static final int MAX_TOKENIZED_CHARS = MAX_TOKENS * 16;

    int[] tokenize(String text) {
        List<Integer> out = new ArrayList<>();
        out.add(clsId);
        String head = text.length() > MAX_TOKENIZED_CHARS ? text.substring(0, MAX_TOKENIZED_CHARS) : text;
        for (String word : basicTokens(head)) {
            if (out.size() >= MAX_TOKENS - 1) {
                break;
            }
            wordPiece(word, out);
        }
        while (out.size() > MAX_TOKENS - 1) {
            out.remove(out.size() - 1);
        }
        out.add(sepId);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void wordPiece(String word, List<Integer> out) {
        if (word.length() > 100) {
            out.add(unkId);
            return;
        }
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String sub = (start > 0 ? "##" : "") + word.substring(start, end);
                found = vocab.get(sub);
                if (found != null) {
                    break;
                }
                end--;
            }
            if (found == null) {
                out.add(unkId);
                return;
            }
            pieces.add(found);
            start = end;
        }
        out.addAll(pieces);
    }

    /** BERT basic tokenizer: clean control chars, lowercase, strip accents, split on whitespace and punctuation. */
    static List<String> basicTokens(String text) {
        String s = Normalizer.normalize(text.toLowerCase(java.util.Locale.ROOT), Normalizer.Form.NFD);
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || cp == 0 || cp == 0xFFFD || (Character.isISOControl(cp) && !Character.isWhitespace(cp))) {
                continue;
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                flush(cur, tokens);
            } else if (isPunctuation(cp) || isCjk(cp)) {
                flush(cur, tokens);
                tokens.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        }
        flush(cur, tokens);
        return tokens;
    }

    private static void flush(StringBuilder cur, List<String> tokens) {
        if (cur.length() > 0) {
            tokens.add(cur.toString());
            cur.setLength(0);
        }
    }

    private static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
                || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
    }

    private static boolean isCjk(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    private static Map<String, Integer> readVocab(String resource) {
        try (InputStream in = open(resource)) {
            JsonNode vocabNode = new ObjectMapper().readTree(in).path("model").path("vocab");
            Map<String, Integer> vocab = new HashMap<>(vocabNode.size() * 2);
            for (Iterator<Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
                Entry<String, JsonNode> e = it.next();
                vocab.put(e.getKey(), e.getValue().asInt());
            }
            return vocab;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + resource, e);
        }
    }

    private static byte[] readResource(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = BertEncoder.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("resource not on the class path: " + resource);
        }
        return in;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "BertEncoder[" + kind + ", vocab=" + vocab.size() + ", typeIds=" + needsTypeIds + "]";
    }
}
