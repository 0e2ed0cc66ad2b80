package io.relevo.intents;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * A fixed set of sentence encoders whose L2-normalised outputs are concatenated (scaled to unit norm).
 * Thread-safe; owns its encoders.
 */
final class Encoders implements AutoCloseable {

    private static final int BATCH = 32;

    private final List<BertEncoder> encoders;
    private final int dimension;
    private final int[] widths;

    Encoders(List<BertEncoder.Kind> kinds) {
        List<BertEncoder> list = new ArrayList<>();
        for (BertEncoder.Kind kind : kinds) {
            list.add(new BertEncoder(kind));
        }
        this.encoders = List.copyOf(list);
        this.widths = encoders.stream().mapToInt(e -> e.embed("x").length).toArray();
        this.dimension = Arrays.stream(widths).sum();
    }

    List<BertEncoder.Kind> kinds() {
        return encoders.stream().map(BertEncoder::kind).toList();
    }

    int dimension() {
        return dimension;
    }

    float[] embed(String text) {
        return embedAll(List.of(text), null)[0];
    }

    /** Width of the first encoder's part of the joined embedding (0 without encoders). */
    int firstWidth() {
        return widths.length == 0 ? 0 : widths[0];
    }

    /**
     * The joined embedding of {@code text} with only the first encoder's part computed, the rest zero; {@link
     * #embedRest} completes it to what {@link #embed} returns.
     */
    float[] embedFirst(String text) {
        float[] joined = new float[dimension];
        if (!encoders.isEmpty()) {
            fill(joined, 0, encoders.get(0).embed(text));
        }
        return joined;
    }

    /** Computes the parts of all but the first encoder into {@code joined} (from {@link #embedFirst}). */
    void embedRest(String text, float[] joined) {
        int offset = firstWidth();
        for (int i = 1; i < encoders.size(); i++) {
            fill(joined, offset, encoders.get(i).embed(text));
            offset += widths[i];
        }
    }

    private void fill(float[] joined, int offset, float[] part) {
        float scale = (float) (1 / Math.sqrt(encoders.size()));
        for (int d = 0; d < part.length; d++) {
            joined[offset + d] = part[d] * scale;
        }
    }

    /**
     * The all-MiniLM-L6-v2 mean-pooled, L2-normalised vector of {@code text}, cut from {@code joined} (what
     * {@link #embed} returned for it): the vector the knowledge base's query encoder computes for the same text.
     * Null when there is no MiniLM encoder or when MiniLM cut the text or found no word piece in it.
     */
    float[] sentenceVector(String text, float[] joined) {
        int offset = 0;
        for (int i = 0; i < encoders.size(); i++) {
            BertEncoder encoder = encoders.get(i);
            if (encoder.kind() == BertEncoder.Kind.MINILM) {
                if (!encoder.encodesWhole(text)) {
                    return null;
                }
                float[] v = Arrays.copyOfRange(joined, offset + encoder.meanOffset(),
                        offset + encoder.meanOffset() + BertEncoder.POOLED_DIMENSION);
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                if (norm == 0) {
                    return null;
                }
                float inv = (float) (1 / Math.sqrt(norm));
                for (int d = 0; d < v.length; d++) {
                    v[d] *= inv;
                }
                return v;
            }
            offset += widths[i];
        }
        return null;
    }

    /** Embeds many texts in length-sorted batches; reports progress about every 10 %. */
    float[][] embedAll(List<String> texts, Consumer<String> progress) {
        int n = texts.size();
        float[][] out = new float[n][];
        if (encoders.isEmpty()) {
            Arrays.fill(out, new float[0]);
            return out;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float scale = (float) (1 / Math.sqrt(encoders.size()));
        int batches = (n + BATCH - 1) / BATCH;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger reported = new java.util.concurrent.atomic.AtomicInteger();
        // ONNX sessions are thread-safe: batches run on the common pool (about one thread per core)
        java.util.stream.IntStream.range(0, batches).parallel().forEach(batchIndex -> {
            int start = batchIndex * BATCH;
            int end = Math.min(n, start + BATCH);
            List<String> batch = new ArrayList<>();
            for (int k = start; k < end; k++) {
                batch.add(texts.get(order[k]));
            }
            float[][] joined = new float[batch.size()][dimension];
            int offset = 0;
            for (BertEncoder encoder : encoders) {
                float[][] part = encoder.embed(batch);
                for (int b = 0; b < part.length; b++) {
                    for (int d = 0; d < part[b].length; d++) {
                        joined[b][offset + d] = part[b][d] * scale;
                    }
                }
                offset += part[0].length;
            }
            for (int k = start; k < end; k++) {
                out[order[k]] = joined[k - start];
            }
            int finished = done.addAndGet(end - start);
            int decile = (int) (finished * 10L / n);
            if (progress != null && reported.getAndAccumulate(decile, Math::max) < decile) {
                progress.accept("embedding " + decile * 10 + " % (" + finished + "/" + n + ")");
            }
        });
        return out;
    }

    @Override
    public void close() {
        encoders.forEach(BertEncoder::close);
    }
}
