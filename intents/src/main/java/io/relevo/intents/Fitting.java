package io.relevo.intents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fits the ensemble's components on labelled texts: the n-gram dictionary and its softmax, the softmax over
 * sentence embeddings (and the first stage's, over a prefix of them) and, for small training sets, the
 * nearest-neighbour scorer. Calibration comes after ({@link Calibrator}). Stateless.
 */
final class Fitting {

    /** The nearest-neighbour component is used for training sets up to this size (it costs O(n) per message). */
    static final int KNN_MAX_EXAMPLES = Integer.getInteger("relevo.intents.knnMaxExamples", 6000);
    /** Leading embedding components the nearest-neighbour search uses (0 = all). */
    static final int KNN_DIMS = Integer.getInteger("relevo.intents.knnDims", 384);
    /** First embedding component the nearest-neighbour search uses. */
    static final int KNN_OFFSET = Integer.getInteger("relevo.intents.knnOffset", 0);
    static final float KNN_TEMPERATURE = Float.parseFloat(System.getProperty("relevo.intents.knnTemperature", "0.05"));

    /** Small data sets get more epochs so that the embedding model still sees enough Adam steps. */
    static final int MIN_DENSE_STEPS = Integer.getInteger("relevo.intents.minDenseSteps", 2000);

    static final int MAX_EPOCHS = 100;
    /**
     * For training sets above this size the embedding softmax is the average of its weights at the end of each
     * epoch of the second half of training (tail averaging) instead of the last weights (0: always). Measured on
     * CLINC150 pseudo splits it helped; on Relevo's own data (≈ 3,200 examples per fit) it did not.
     */
    static final int DENSE_AVERAGE_ABOVE = Integer.getInteger("relevo.intents.denseAverageAbove", 6000);
    /**
     * The experimental extra features ({@link TextFeatures#extract(String, boolean)}: negation scope and Spanish
     * stems, both off by default, {@code relevo.intents.negWeight} / {@code stemWeight}) are only used for training
     * sets up to this size (Relevo's own data); larger sets (CLINC150) always keep the plain feature set.
     */
    static final int EXTRAS_MAX_EXAMPLES = Integer.getInteger("relevo.intents.extrasMaxExamples", 6000);
    static final int MIN_SPARSE_STEPS = Integer.getInteger("relevo.intents.minSparseSteps", 60_000);

    private Fitting() {
    }

    record Options(int sparseEpochs, float sparseRate, float sparseL2, int denseEpochs, float denseRate, float denseL2,
                   int minCharCount) {
        static Options defaults() {
            return new Options(
                    Integer.getInteger("relevo.intents.sparseEpochs", 8),
                    floatProp("relevo.intents.sparseRate", 0.5f),
                    floatProp("relevo.intents.sparseL2", 1e-5f),
                    Integer.getInteger("relevo.intents.denseEpochs", 30),
                    floatProp("relevo.intents.denseRate", 0.01f),
                    floatProp("relevo.intents.denseL2", 1e-6f),
                    Integer.getInteger("relevo.intents.minCharCount", 2));
        }

        private static float floatProp(String name, float dflt) {
            String v = System.getProperty(name);
            return v == null ? dflt : Float.parseFloat(v);
        }
    }

    /** Labelled texts with precomputed embeddings (may be empty arrays when no encoder is used). */
    record Batch(List<String> texts, List<String> labels, float[][] embeddings, List<String> languages) {
    }

    /** The trained pieces before calibration. */
    record Fitted(List<String> labels, Map<String, Integer> dictionary, LinearSoftmax sparse, LinearSoftmax dense,
                  NearestNeighbours knn, LinearSoftmax firstStageDense) {
        Fitted(List<String> labels, Map<String, Integer> dictionary, LinearSoftmax sparse, LinearSoftmax dense,
               NearestNeighbours knn) {
            this(labels, dictionary, sparse, dense, knn, null);
        }
    }

    static Fitted fit(Batch train, Options o, Consumer<String> progress) {
        return fit(train, o, progress, null);
    }

    /** As {@link #fit(Batch, Options, Consumer)} with the label order given (labels may lack examples). */
    static Fitted fit(Batch train, Options o, Consumer<String> progress, List<String> labelOrder) {
        return fit(train, o, progress, labelOrder, 0);
    }

    /**
     * As {@link #fit(Batch, Options, Consumer, List)}; with {@code firstStageDims > 0} also fits the first stage's
     * embedding softmax on the first {@code firstStageDims} embedding components (same settings as the whole one).
     */
    static Fitted fit(Batch train, Options o, Consumer<String> progress, List<String> labelOrder, int firstStageDims) {
        List<String> labels = labelOrder != null ? List.copyOf(labelOrder) : new ArrayList<>(new LinkedHashMap<String, Boolean>() {{
            for (String l : train.labels()) {
                put(l, true);
            }
        }}.keySet());
        Map<String, Integer> labelIndex = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            labelIndex.put(labels.get(i), i);
        }
        int n = train.texts().size();
        int[] y = new int[n];
        List<Map<String, Float>> raw = new ArrayList<>(n);
        boolean extras = n <= EXTRAS_MAX_EXAMPLES;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            y[i] = labelIndex.get(train.labels().get(i));
            Map<String, Float> f = TextFeatures.extract(train.texts().get(i), extras);
            raw.add(f);
            for (String k : f.keySet()) {
                counts.merge(k, 1, Integer::sum);
            }
        }
        Map<String, Integer> dictionary = new HashMap<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (!e.getKey().startsWith("c|") || e.getValue() >= o.minCharCount()) {
                dictionary.put(e.getKey(), dictionary.size());
            }
        }
        SparseVector[] xs = new SparseVector[n];
        for (int i = 0; i < n; i++) {
            xs[i] = TextFeatures.vectorize(raw.get(i), dictionary);
        }
        long t0 = System.nanoTime();
        int sparseEpochs = Math.max(o.sparseEpochs(), Math.min(MAX_EPOCHS, (MIN_SPARSE_STEPS + n - 1) / Math.max(1, n)));
        LinearSoftmax sparse = LinearSoftmax.train(xs, y, dictionary.size(), labels.size(),
                new LinearSoftmax.Params(sparseEpochs, o.sparseRate(), o.sparseL2(), 17), null);
        report(progress, "sparse model: " + dictionary.size() + " features, " + labels.size() + " classes, "
                + ms(t0) + " ms");
        LinearSoftmax dense = null;
        LinearSoftmax firstStageDense = null;
        NearestNeighbours knn = null;
        if (train.embeddings().length > 0 && train.embeddings()[0].length > 0) {
            long t1 = System.nanoTime();
            int batchesPerEpoch = (n + 31) / 32;
            int epochs = Math.max(o.denseEpochs(), Math.min(MAX_EPOCHS, (MIN_DENSE_STEPS + batchesPerEpoch - 1) / batchesPerEpoch));
            LinearSoftmax.Params params = new LinearSoftmax.Params(epochs, o.denseRate(), o.denseL2(), 23, 0f,
                    n > DENSE_AVERAGE_ABOVE ? epochs / 2 + 1 : 0);
            int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
            dense = LinearSoftmax.trainDense(train.embeddings(), y, labels.size(), params, 32, threads);
            report(progress, "embedding model: " + train.embeddings()[0].length + " dims, " + ms(t1) + " ms");
            if (firstStageDims > 0 && firstStageDims < train.embeddings()[0].length) {
                long t2 = System.nanoTime();
                float[][] prefix = new float[n][];
                for (int i = 0; i < n; i++) {
                    prefix[i] = java.util.Arrays.copyOf(train.embeddings()[i], firstStageDims);
                }
                firstStageDense = LinearSoftmax.trainDense(prefix, y, labels.size(), params, 32, threads);
                report(progress, "first-stage embedding model: " + firstStageDims + " dims, " + ms(t2) + " ms");
            }
            if (n <= KNN_MAX_EXAMPLES) {
                knn = new NearestNeighbours(train.embeddings(), y, labels.size(), KNN_TEMPERATURE, KNN_OFFSET, KNN_DIMS);
            }
        }
        return new Fitted(labels, dictionary, sparse, dense, knn, firstStageDense);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Passes a progress line on, when someone listens. */
    static void report(Consumer<String> progress, String line) {
        if (progress != null) {
            progress.accept(line);
        }
    }
}
