package io.relevo.intents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The trained ensemble: a sparse softmax over word/character n-grams, a softmax over sentence embeddings and
 * (small training sets) a nearest-neighbour score over the embeddings, mixed with weights {@code sparseWeight},
 * {@code knnWeight} and the rest (weighted geometric mean, see {@link #LOG_MIX}); an utterance is out of scope when the out-of-scope class wins or the best
 * in-scope probability is below {@code threshold}. These numbers are chosen on calibration data (per language
 * when it has several).
 * Immutable and thread-safe.
 */
final class IntentClassifier {

    static final String OOS = TrainingData.OUT_OF_SCOPE;

    private final List<String> labels;
    private final int oosIndex;
    private final Map<String, Integer> dictionary;
    /** Whether the sparse model was trained with the extra features (derived from the dictionary, not stored). */
    private final boolean extras;
    private final LinearSoftmax sparse;
    private final LinearSoftmax dense;
    private final NearestNeighbours knn;
    private final double sparseWeight;
    private final double knnWeight;
    private final double threshold;
    private final double heldOutAccuracy;
    private final Set<String> guarded;
    private final double guardThreshold;
    /**
     * Guarded intents are also rejected when the probability of the labels they must never be taken for
     * ({@link #GUARD_SOURCES}: out of scope and {@code ask_human}) together exceeds this (1 = no limit).
     */
    private double guardOosMax = 1;
    /** The mixing rule this model was calibrated with ({@link #LOG_MIX} at training time; stored in the model). */
    private boolean logMix = LOG_MIX;
    /** Indices of the {@link #GUARD_SOURCES} labels this model has. */
    private final int[] guardSourceIndices;
    /** Per-language {sparseWeight, threshold, knnWeight} overriding the global ones (may be empty). */
    private final Map<String, double[]> perLanguage;
    /** The cheap first stage (null: every message runs the whole ensemble). */
    private Cascade cascade;

    IntentClassifier(List<String> labels, Map<String, Integer> dictionary, LinearSoftmax sparse, LinearSoftmax dense,
                     double sparseWeight, double threshold) {
        this(labels, dictionary, sparse, dense, null, sparseWeight, 0, threshold, Double.NaN, Set.of(), 0, Map.of());
    }

    IntentClassifier(Fitted f, double sparseWeight, double knnWeight, double threshold) {
        this(f.labels(), f.dictionary(), f.sparse(), f.dense(), f.knn(), sparseWeight, knnWeight, threshold, Double.NaN,
                Set.of(), 0, Map.of());
    }

    IntentClassifier(List<String> labels, Map<String, Integer> dictionary, LinearSoftmax sparse, LinearSoftmax dense,
                     NearestNeighbours knn, double sparseWeight, double knnWeight, double threshold,
                     double heldOutAccuracy, Set<String> guarded, double guardThreshold, Map<String, double[]> perLanguage) {
        this.knn = knn;
        this.knnWeight = knn == null ? 0 : knnWeight;
        this.heldOutAccuracy = heldOutAccuracy;
        this.perLanguage = Map.copyOf(perLanguage);
        this.guarded = Set.copyOf(guarded);
        this.guardThreshold = guardThreshold;
        this.labels = List.copyOf(labels);
        this.oosIndex = labels.indexOf(OOS);
        this.guardSourceIndices = guardSourceIndices(this.labels);
        this.dictionary = dictionary;
        this.extras = TextFeatures.usesExtras(dictionary);
        this.sparse = sparse;
        this.dense = dense;
        this.sparseWeight = sparseWeight;
        this.threshold = threshold;
    }

    List<String> labels() {
        return labels;
    }

    double threshold() {
        return threshold;
    }

    /** In-scope accuracy (rejections count as errors) on the calibration data; NaN if unknown. */
    double heldOutAccuracy() {
        return heldOutAccuracy;
    }

    double sparseWeight() {
        return sparseWeight;
    }

    /** Mixed class probabilities (same order as {@link #labels()}). */
    float[] probabilities(String text, float[] embedding, String language) {
        double[] settings = language == null ? null : perLanguage.get(language);
        double w = settings == null ? sparseWeight : settings[0];
        double wk = settings == null ? knnWeight : settings[2];
        return mix(sparse.probabilities(TextFeatures.vectorize(TextFeatures.extract(text, extras), dictionary)),
                dense == null ? null : dense.probabilities(SparseVector.dense(embedding)),
                knn == null || wk <= 0 ? null : knn.probabilities(embedding), w, wk, logMix);
    }

    boolean outOfScope(float[] p, String language) {
        double[] settings = language == null ? null : perLanguage.get(language);
        double t = settings == null ? threshold : settings[1];
        int best = bestInScope(p);
        return (oosIndex >= 0 && p[oosIndex] > p[best]) || p[best] < t || guardRejects(p, best);
    }

    float[] probabilities(String text, float[] embedding) {
        return probabilities(text, embedding, null);
    }

    /** Whether this model has a first stage that needs only the first encoder's part of the embedding. */
    boolean hasCascade() {
        return cascade != null;
    }

    /** Width of the embedding prefix the first stage reads (0 without a first stage). */
    int cascadeDims() {
        return cascade == null ? 0 : cascade.dims();
    }

    /**
     * The first stage's outcome: its mixed probabilities {@code p}, whether it decides ({@code decides}; else the
     * whole ensemble must run), and the component probabilities the whole ensemble reuses ({@code pk} null when the
     * first stage did not compute it), and whether its decision is {@code ordinary}: no guarded intent (ticket
     * action) accepted or rejected by the guard, so a hurried analysis may take it (see
     * {@link IntentEngine.Effort#HURRIED}).
     */
    record FirstStage(float[] p, boolean decides, float[] ps, float[] pk, boolean ordinary) {
    }

    /**
     * Runs the first stage: the n-gram softmax, the softmax over the first {@link #cascadeDims()} embedding
     * components and the nearest-neighbour score (which reads only that prefix), mixed with the first stage's
     * weights. {@code embedding} needs only its first {@link #cascadeDims()} components filled.
     */
    FirstStage firstStage(String text, float[] embedding, String language) {
        double[] s = cascade.settings(language);
        float[] ps = sparse.probabilities(TextFeatures.vectorize(TextFeatures.extract(text, extras), dictionary));
        float[] pk = knn == null || s[Cascade.KNN_WEIGHT] <= 0 ? null : knn.probabilities(embedding);
        float[] p = mix(ps, cascade.probabilities(embedding), pk, s[Cascade.SPARSE_WEIGHT], s[Cascade.KNN_WEIGHT], logMix);
        double[] settings = language == null ? null : perLanguage.get(language);
        double t = settings == null ? threshold : settings[1];
        int best = bestInScope(p);
        boolean plainReject = (oosIndex >= 0 && p[oosIndex] > p[best]) || p[best] < t;
        int kind = plainReject || !guarded.contains(labels.get(best)) ? Cascade.ORDINARY
                : guardRejects(p, best) ? Cascade.GUARD_REJECTED : Cascade.GUARDED_ACCEPTED;
        return new FirstStage(p, Cascade.decides(p, s, kind), ps, pk, kind == Cascade.ORDINARY);
    }

    /** The whole ensemble's probabilities, reusing the first stage's components; needs the whole embedding. */
    float[] secondStage(FirstStage first, float[] embedding, String language) {
        double[] settings = language == null ? null : perLanguage.get(language);
        double w = settings == null ? sparseWeight : settings[0];
        double wk = settings == null ? knnWeight : settings[2];
        float[] pk = knn == null || wk <= 0 ? null : first.pk() != null ? first.pk() : knn.probabilities(embedding);
        return mix(first.ps(), dense == null ? null : dense.probabilities(SparseVector.dense(embedding)), pk, w, wk, logMix);
    }

    static float[] mix(float[] ps, float[] pd, double w) {
        return mix(ps, pd, null, w, 0);
    }

    /** {@code w·ps + wk·pk + (1 − w − wk)·pd}; a missing component gets no weight. */
    static float[] mix(float[] ps, float[] pd, float[] pk, double w, double wk) {
        return mix(ps, pd, pk, w, wk, LOG_MIX);
    }

    /** As {@link #mix(float[], float[], float[], double, double)} with the rule given ({@code log}: geometric). */
    static float[] mix(float[] ps, float[] pd, float[] pk, double w, double wk, boolean log) {
        if (pd == null) {
            return ps;
        }
        if (pk == null) {
            wk = 0;
        }
        double wd = 1 - w - wk;
        float[] out = new float[ps.length];
        if (log) {
            double max = Double.NEGATIVE_INFINITY;
            double[] s = new double[out.length];
            for (int c = 0; c < out.length; c++) {
                s[c] = w * log(ps[c]) + wd * log(pd[c]) + (wk == 0 ? 0 : wk * log(pk[c]));
                max = Math.max(max, s[c]);
            }
            double sum = 0;
            for (int c = 0; c < out.length; c++) {
                s[c] = Math.exp(s[c] - max);
                sum += s[c];
            }
            for (int c = 0; c < out.length; c++) {
                out[c] = (float) (s[c] / sum);
            }
            return out;
        }
        for (int c = 0; c < out.length; c++) {
            out[c] = (float) (w * ps[c] + wd * pd[c] + (wk == 0 ? 0 : wk * pk[c]));
        }
        return out;
    }

    /**
     * Mixing rule: a weighted geometric mean of the component probabilities, renormalised (a product of
     * experts; default since intents-8), or, with {@code relevo.intents.mix=linear}, their weighted average.
     */
    static final boolean LOG_MIX = !"linear".equals(System.getProperty("relevo.intents.mix", "log"));

    private static double log(float p) {
        return Math.log(Math.max(p, 1e-12f));
    }

    /** Index of the best in-scope class. */
    int bestInScope(float[] p) {
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != oosIndex && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        return best;
    }

    boolean outOfScope(float[] p) {
        int best = bestInScope(p);
        return (oosIndex >= 0 && p[oosIndex] > p[best]) || p[best] < threshold || guardRejects(p, best);
    }

    private boolean guardRejects(float[] p, int best) {
        return guarded.contains(labels.get(best))
                && (p[best] < guardThreshold || sourceMass(p, guardSourceIndices) > guardOosMax);
    }

    /** Indices of the guard's source labels (out of scope, {@code ask_human}) among {@code labels}. */
    static int[] guardSourceIndices(List<String> labels) {
        if (!GUARD_MASS_INCLUDES_ASK_HUMAN) {
            int oos = labels.indexOf(OOS);
            return oos < 0 ? new int[0] : new int[] {oos};
        }
        return java.util.stream.IntStream.range(0, labels.size())
                .filter(i -> labels.get(i).equals(OOS) || labels.get(i).equals(ASK_HUMAN)).toArray();
    }

    /** Summed probability of the given classes. */
    static float sourceMass(float[] p, int[] indices) {
        float sum = 0;
        for (int i : indices) {
            sum += p[i];
        }
        return sum;
    }

    double guardThreshold() {
        return guardThreshold;
    }

    // ---------------------------------------------------------------- training

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

    private static void report(Consumer<String> progress, String line) {
        if (progress != null) {
            progress.accept(line);
        }
    }

    /** Calibration result: mixing weight, threshold and the calibration-set scores they reach. */
    record Calibration(double sparseWeight, double threshold, double inScopeAccuracy, double oosRecall,
                       Set<String> guarded, double guardThreshold, Map<String, double[]> perLanguage, double knnWeight,
                       double guardOosMax) {
        Calibration(double sparseWeight, double threshold, double inScopeAccuracy, double oosRecall,
                    Set<String> guarded, double guardThreshold, Map<String, double[]> perLanguage, double knnWeight) {
            this(sparseWeight, threshold, inScopeAccuracy, oosRecall, guarded, guardThreshold, perLanguage, knnWeight, 1);
        }

        Calibration(double sparseWeight, double threshold, double inScopeAccuracy, double oosRecall) {
            this(sparseWeight, threshold, inScopeAccuracy, oosRecall, Set.of(), 0, Map.of(), 0);
        }

        Calibration(double sparseWeight, double knnWeight, double threshold, double inScopeAccuracy, double oosRecall) {
            this(sparseWeight, threshold, inScopeAccuracy, oosRecall, Set.of(), 0, Map.of(), knnWeight);
        }

        Calibration withPerLanguage(Map<String, double[]> settings) {
            return new Calibration(sparseWeight, threshold, inScopeAccuracy, oosRecall, guarded, guardThreshold, settings,
                    knnWeight, guardOosMax);
        }
    }

    static final int MIN_PER_LANGUAGE = 40;

    /** Component probabilities of held-out examples under a fitted model (pd, pk rows null when absent). */
    record Scored(List<String> labels, float[][] ps, float[][] pd, float[][] pk, int[] y, List<String> texts,
                  List<String> gold, List<String> languages, float[][] pd1) {
        Scored(List<String> labels, float[][] ps, float[][] pd, float[][] pk, int[] y, List<String> texts,
               List<String> gold, List<String> languages) {
            this(labels, ps, pd, pk, y, texts, gold, languages, new float[y.length][]);
        }

        int size() {
            return y.length;
        }

        Scored subset(List<Integer> idx) {
            return new Scored(labels, idx.stream().map(i -> ps[i]).toArray(float[][]::new),
                    idx.stream().map(i -> pd[i]).toArray(float[][]::new), idx.stream().map(i -> pk[i]).toArray(float[][]::new),
                    idx.stream().mapToInt(i -> y[i]).toArray(), idx.stream().map(texts::get).toList(),
                    idx.stream().map(gold::get).toList(), languages == null ? null : idx.stream().map(languages::get).toList(),
                    idx.stream().map(i -> pd1[i]).toArray(float[][]::new));
        }

        static Scored concat(List<Scored> parts) {
            List<Integer> none = List.of();
            List<String> texts = new ArrayList<>(), gold = new ArrayList<>(), languages = new ArrayList<>();
            List<float[]> ps = new ArrayList<>(), pd = new ArrayList<>(), pk = new ArrayList<>(), pd1 = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            boolean hasLanguages = true;
            for (Scored s : parts) {
                texts.addAll(s.texts());
                gold.addAll(s.gold());
                hasLanguages &= s.languages() != null;
                if (s.languages() != null) {
                    languages.addAll(s.languages());
                }
                ps.addAll(java.util.Arrays.asList(s.ps()));
                pd.addAll(java.util.Arrays.asList(s.pd()));
                pk.addAll(java.util.Arrays.asList(s.pk()));
                pd1.addAll(java.util.Arrays.asList(s.pd1()));
                for (int v : s.y()) {
                    y.add(v);
                }
            }
            return new Scored(parts.get(0).labels(), ps.toArray(float[][]::new), pd.toArray(float[][]::new),
                    pk.toArray(float[][]::new), y.stream().mapToInt(Integer::intValue).toArray(), texts, gold,
                    hasLanguages ? languages : null, pd1.toArray(float[][]::new));
        }
    }

    static Scored score(Fitted f, Batch calib) {
        int n = calib.texts().size();
        float[][] ps = new float[n][];
        float[][] pd = new float[n][];
        float[][] pk = new float[n][];
        float[][] pd1 = new float[n][];
        int[] y = new int[n];
        boolean extras = TextFeatures.usesExtras(f.dictionary());
        int dims1 = f.firstStageDense() == null ? 0 : f.firstStageDense().features();
        for (int i = 0; i < n; i++) {
            ps[i] = f.sparse().probabilities(TextFeatures.vectorize(TextFeatures.extract(calib.texts().get(i), extras), f.dictionary()));
            pd[i] = f.dense() == null ? null : f.dense().probabilities(SparseVector.dense(calib.embeddings()[i]));
            pk[i] = f.knn() == null ? null : f.knn().probabilities(calib.embeddings()[i]);
            pd1[i] = dims1 == 0 ? null : f.firstStageDense().probabilitiesOfPrefix(calib.embeddings()[i]);
            String label = calib.labels().get(i);
            int index = f.labels().indexOf(label);
            y[i] = OOS.equals(label) ? -1 : index < 0 ? -2 : index; // -2: intent unknown to the model, always wrong
        }
        return new Scored(f.labels(), ps, pd, pk, y, calib.texts(), calib.labels(), calib.languages(), pd1);
    }

    /**
     * When the calibration data has several languages with at least {@link #MIN_PER_LANGUAGE} examples each,
     * the mixing weights and threshold are also chosen per language (the embedding models are English-centred,
     * so Spanish usually wants more weight on the n-gram model).
     */
    static Calibration calibratePerLanguage(Fitted f, Batch calib, Calibration global, double minOosRecall,
                                            Consumer<String> progress) {
        return calibratePerLanguage(score(f, calib), global, minOosRecall, progress);
    }

    static Calibration calibratePerLanguage(Scored calib, Calibration global, double minOosRecall,
                                            Consumer<String> progress) {
        if (calib.languages() == null) {
            return global;
        }
        Map<String, List<Integer>> byLanguage = new java.util.TreeMap<>();
        for (int i = 0; i < calib.size(); i++) {
            String lang = calib.languages().get(i);
            if (lang != null) {
                byLanguage.computeIfAbsent(lang, k -> new ArrayList<>()).add(i);
            }
        }
        if (byLanguage.size() < 2) {
            return global;
        }
        Map<String, double[]> settings = new HashMap<>();
        for (Map.Entry<String, List<Integer>> e : byLanguage.entrySet()) {
            if (e.getValue().size() < MIN_PER_LANGUAGE) {
                continue;
            }
            Calibration c = calibrate(calib.subset(e.getValue()), minOosRecall, line -> report(progress, "[" + e.getKey() + "] " + line));
            settings.put(e.getKey(), new double[] {c.sparseWeight(), c.threshold(), c.knnWeight()});
        }
        return global.withPerLanguage(settings);
    }

    static final double GUARD_FLOOR = Double.parseDouble(System.getProperty("relevo.intents.guardFloor", "0.4"));
    static final double GUARD_MARGIN = Double.parseDouble(System.getProperty("relevo.intents.guardMargin", "0.05"));
    /** How many lost correct guarded predictions one out-of-scope or ask_human example let through costs. */
    static final long GUARD_PASS_COST = Long.getLong("relevo.intents.guardPassCost", 10L);
    static final double GUARD_CAP = Double.parseDouble(System.getProperty("relevo.intents.guardCap", "0.6"));
    /** Labels that must never be taken for a guarded intent: out of scope and a request for a human. */
    static final String ASK_HUMAN = "ask_human";
    static final Set<String> GUARD_SOURCES = Boolean.getBoolean("relevo.intents.guardAll") ? null : Set.of(OOS, ASK_HUMAN);
    /**
     * The guard's second limit applies to the probability of out of scope plus {@code ask_human} (default), or,
     * with {@code relevo.intents.guardOosOnly=true}, to the out-of-scope probability alone (before intents-6).
     */
    static final boolean GUARD_MASS_INCLUDES_ASK_HUMAN = !Boolean.getBoolean("relevo.intents.guardOosOnly");

    static Calibration guard(Fitted f, Batch calib, Calibration c, Set<String> guarded, Consumer<String> progress) {
        return guard(score(f, calib), c, guarded, progress);
    }

    /**
     * Guarded intents (actions that must not fire by mistake) need a probability above every calibration
     * example of out of scope or {@code ask_human} that the model put on them (plus {@link #GUARD_MARGIN}), at
     * least {@link #GUARD_FLOOR}, at most {@link #GUARD_CAP}.
     */
    static Calibration guard(Scored calib, Calibration c, Set<String> guarded, Consumer<String> progress) {
        if (guarded.isEmpty()) {
            return c;
        }
        List<String> labels = calib.labels();
        int oos = labels.indexOf(OOS);
        int[] sources = guardSourceIndices(labels);
        // guarded predictions that pass the ordinary rule: the ones to keep and the ones that must not pass
        List<float[]> keep = new ArrayList<>();
        List<float[]> block = new ArrayList<>();
        List<String> blockText = new ArrayList<>();
        for (int i = 0; i < calib.size(); i++) {
            String gold = calib.gold().get(i);
            String language = calib.languages() == null ? null : calib.languages().get(i);
            double[] settings = language == null ? null : c.perLanguage().get(language);
            double w = settings == null ? c.sparseWeight() : settings[0];
            double th = settings == null ? c.threshold() : settings[1];
            double wk = settings == null ? c.knnWeight() : settings[2];
            float[] p = mix(calib.ps()[i], calib.pd()[i], calib.pk()[i], w, wk);
            int best = bestInScope(p, oos);
            String predicted = labels.get(best);
            boolean rejected = (oos >= 0 && p[oos] > p[best]) || p[best] < th;
            if (rejected || !guarded.contains(predicted)) {
                continue;
            }
            float[] point = {p[best], sourceMass(p, sources)};
            if (predicted.equals(gold)) {
                keep.add(point);
            } else if (!guarded.contains(gold) && (GUARD_SOURCES == null || GUARD_SOURCES.contains(gold))) {
                block.add(point);
                blockText.add(gold + " \"" + calib.texts().get(i) + "\" -> " + predicted);
            }
        }
        // smallest loss of correct guarded predictions among (min probability, max out-of-scope probability) pairs
        // that let no blocked example through with a margin; fewest blocked passing first when none does
        double bestT = GUARD_CAP, bestR = 1;
        long bestCost = Long.MAX_VALUE;
        for (int ti = (int) Math.round(GUARD_FLOOR * 100); ti <= (int) Math.round(GUARD_CAP * 100); ti++) {
            double t = ti / 100.0;
            for (int ri = 100; ri >= 1; ri--) {
                double r = ri / 100.0;
                int pass = 0;
                for (float[] b : block) {
                    pass += b[0] >= t - GUARD_MARGIN && b[1] <= r + GUARD_MARGIN ? 1 : 0;
                }
                int lost = 0;
                for (float[] k : keep) {
                    lost += k[0] < t || k[1] > r ? 1 : 0;
                }
                long cost = pass * GUARD_PASS_COST + lost;
                if (cost < bestCost) {
                    bestCost = cost;
                    bestT = t;
                    bestR = r;
                }
            }
        }
        for (int i = 0; i < block.size(); i++) {
            float[] b = block.get(i);
            if (b[0] >= bestT && b[1] <= bestR) {
                report(progress, "guard lets through: " + blockText.get(i));
            }
        }
        report(progress, String.format(java.util.Locale.ROOT,
                "guarded intents %s need probability >= %.2f and out-of-scope (+ ask_human) probability <= %.2f (cost %d; %d correct calibration predictions)",
                guarded, bestT, bestR, bestCost, keep.size()));
        return new Calibration(c.sparseWeight(), c.threshold(), c.inScopeAccuracy(), c.oosRecall(), guarded, bestT,
                c.perLanguage(), c.knnWeight(), bestR);
    }

    /** Development aid: writes the misclassified cross-validated examples (gold, prediction, text) to a file. */
    static void dumpErrors(Scored calib, Calibration c, java.nio.file.Path file) {
        List<String> lines = new ArrayList<>();
        int oos = calib.labels().indexOf(OOS);
        int[] sources = guardSourceIndices(calib.labels());
        for (int i = 0; i < calib.size(); i++) {
            String language = calib.languages() == null ? null : calib.languages().get(i);
            double[] settings = language == null ? null : c.perLanguage().get(language);
            double w = settings == null ? c.sparseWeight() : settings[0];
            double th = settings == null ? c.threshold() : settings[1];
            double wk = settings == null ? c.knnWeight() : settings[2];
            float[] p = mix(calib.ps()[i], calib.pd()[i], calib.pk()[i], w, wk);
            int best = bestInScope(p, oos);
            String predicted = calib.labels().get(best);
            boolean rejected = (oos >= 0 && p[oos] > p[best]) || p[best] < th
                    || (c.guarded().contains(predicted) && (p[best] < c.guardThreshold() || sourceMass(p, sources) > c.guardOosMax()));
            String got = rejected ? OOS : predicted;
            if (!got.equals(calib.gold().get(i))) {
                lines.add(String.format(java.util.Locale.ROOT, "%s\t%s\t%s(%.2f)\t%s", language, calib.gold().get(i), got.equals(OOS) ? "oos/" + predicted : got, p[best], calib.texts().get(i)));
            }
        }
        java.util.Collections.sort(lines);
        try {
            java.nio.file.Files.write(file, lines);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int bestInScope(float[] p, int oosIndex) {
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != oosIndex && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Chooses the mixing weight and the threshold on held-out data. Objective: in-scope accuracy (rejections
     * count as errors) plus {@link #OOS_RECALL_WEIGHT} times out-of-scope recall; without out-of-scope
     * examples the threshold is the one that rejects at most 1 % of in-scope examples.
     */
    static Calibration calibrate(Fitted f, Batch calib, Consumer<String> progress) {
        return calibrate(f, calib, 0, progress);
    }

    /**
     * As {@link #calibrate(Fitted, Batch, Consumer)}, but with {@code minOosRecall > 0} the threshold maximises
     * in-scope accuracy among the settings whose out-of-scope recall on the calibration data is at least
     * {@code minOosRecall} (an operating point set by a product requirement).
     */
    static Calibration calibrate(Fitted f, Batch calib, double minOosRecall, Consumer<String> progress) {
        return calibrate(score(f, calib), minOosRecall, progress);
    }

    static Calibration calibrate(Scored s, double minOosRecall, Consumer<String> progress) {
        int n = s.size();
        float[][] ps = s.ps(), pd = s.pd(), pk = s.pk();
        int[] y = s.y();
        int oos = s.labels().indexOf(OOS);
        boolean hasDense = n > 0 && pd[0] != null;
        boolean hasKnn = n > 0 && pk[0] != null;
        diagnostics(s, progress);
        Calibration best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] weights = !hasDense ? new double[] {1.0} : new double[] {0, .1, .2, .3, .4, .5, .6, .7, .8, .9, 1};
        double[] knnWeights = !hasKnn ? new double[] {0} : new double[] {0, .1, .2, .3, .4, .5, .6, .7, .8, .9, 1};
        float[][] mixed = new float[n][];
        for (double w : weights) {
          for (double wk : knnWeights) {
            if (w + wk > 1 + 1e-9) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                mixed[i] = mix(ps[i], pd[i], pk[i], w, wk);
            }
            for (int step = 0; step <= 100; step++) {
                double t = step / 100.0;
                int inTotal = 0, inCorrect = 0, oosTotal = 0, oosHit = 0;
                for (int i = 0; i < n; i++) {
                    int b = bestInScope(mixed[i], oos);
                    boolean reject = (oos >= 0 && mixed[i][oos] > mixed[i][b]) || mixed[i][b] < t;
                    if (y[i] == -1) {
                        oosTotal++;
                        oosHit += reject ? 1 : 0;
                    } else {
                        inTotal++;
                        inCorrect += (!reject && b == y[i]) ? 1 : 0;
                    }
                }
                double acc = inTotal == 0 ? 0 : inCorrect / (double) inTotal;
                double recall = oosTotal == 0 ? 0 : oosHit / (double) oosTotal;
                double score = minOosRecall <= 0 || oosTotal == 0 ? acc + OOS_RECALL_WEIGHT * recall
                        : recall + 1e-9 >= minOosRecall ? 1 + acc : recall;
                if (score > bestScore + 1e-12) {
                    bestScore = score;
                    best = new Calibration(w, wk, t, acc, recall);
                }
            }
          }
        }
        if (!hasOos(y)) {
            best = withoutOosExamples(s, best);
        }
        report(progress, String.format(java.util.Locale.ROOT,
                "calibrated on %d examples: sparse weight %.1f, knn weight %.1f, threshold %.2f (in-scope %.2f %%, oos recall %.2f %%)",
                n, best.sparseWeight(), best.knnWeight(), best.threshold(), 100 * best.inScopeAccuracy(), 100 * best.oosRecall()));
        return best;
    }

    static final double OOS_RECALL_WEIGHT = Double.parseDouble(System.getProperty("relevo.intents.oosWeight", "0.2"));

    private static void diagnostics(Scored s, Consumer<String> progress) {
        int oos = s.labels().indexOf(OOS);
        StringBuilder line = new StringBuilder("calibration set, in-scope accuracy without rejection by sparse weight:");
        for (double w : new double[] {0, .2, .3, .4, .5, .6, .8, 1}) {
            if ((s.size() == 0 || s.pd()[0] == null) && w < 1) {
                continue;
            }
            int in = 0, ok = 0;
            for (int i = 0; i < s.size(); i++) {
                if (s.y()[i] != -1) {
                    in++;
                    ok += bestInScope(mix(s.ps()[i], s.pd()[i], w), oos) == s.y()[i] ? 1 : 0;
                }
            }
            line.append(String.format(java.util.Locale.ROOT, " %.1f:%.2f%%", w, 100.0 * ok / Math.max(1, in)));
        }
        report(progress, line.toString());
    }

    private static boolean hasOos(int[] y) {
        for (int v : y) {
            if (v == -1) {
                return true;
            }
        }
        return false;
    }

    /** No out-of-scope examples to calibrate on: reject below the 2nd percentile of correct top probabilities. */
    private static Calibration withoutOosExamples(Scored s, Calibration chosen) {
        int oos = s.labels().indexOf(OOS);
        List<Float> correct = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            float[] p = mix(s.ps()[i], s.pd()[i], s.pk()[i], chosen.sparseWeight(), chosen.knnWeight());
            int b = bestInScope(p, oos);
            if (b == s.y()[i]) {
                correct.add(p[b]);
            }
        }
        if (correct.isEmpty()) {
            return chosen;
        }
        java.util.Collections.sort(correct);
        double t = Math.floor(100 * correct.get((int) (0.02 * (correct.size() - 1)))) / 100;
        return new Calibration(chosen.sparseWeight(), chosen.knnWeight(), t, chosen.inScopeAccuracy() * 0.98, 0);
    }

    static IntentClassifier of(Fitted f, Calibration c) {
        return of(f, c, null);
    }

    /**
     * The classifier of the fitted pieces with the calibrated settings; with {@code firstStage} (null: none) and
     * a first-stage embedding softmax in {@code f}, messages the first stage is confident about skip the rest.
     */
    static IntentClassifier of(Fitted f, Calibration c, Cascade.Settings firstStage) {
        boolean cascaded = firstStage != null && f.firstStageDense() != null;
        boolean knnUsed = c.knnWeight() > 0 || c.perLanguage().values().stream().anyMatch(v -> v[2] > 0)
                || (cascaded && firstStage.usesKnn());
        IntentClassifier out = new IntentClassifier(f.labels(), f.dictionary(), f.sparse(), f.dense(), knnUsed ? f.knn() : null, c.sparseWeight(),
                c.knnWeight(), c.threshold(), c.inScopeAccuracy(), c.guarded(), c.guardThreshold(), c.perLanguage());
        out.guardOosMax = c.guardOosMax();
        out.cascade = cascaded ? new Cascade(f.firstStageDense(), firstStage) : null;
        return out;
    }

    /**
     * The decision on held-out row {@code i} of {@code s} for mixed probabilities {@code p} under the calibrated
     * settings {@code c} (threshold and guard of the row's language): the index of the accepted label, or -1 when
     * out of scope.
     */
    static int decision(float[] p, Scored s, int i, Calibration c) {
        double th = threshold(s, i, c);
        int oos = s.labels().indexOf(OOS);
        int best = bestInScope(p, oos);
        boolean rejected = (oos >= 0 && p[oos] > p[best]) || p[best] < th
                || (c.guarded().contains(s.labels().get(best))
                    && (p[best] < c.guardThreshold() || sourceMass(p, guardSourceIndices(s.labels())) > c.guardOosMax()));
        return rejected ? -1 : best;
    }

    /** The calibrated out-of-scope threshold for held-out row {@code i} of {@code s} (its language's, if any). */
    private static double threshold(Scored s, int i, Calibration c) {
        String language = s.languages() == null ? null : s.languages().get(i);
        double[] settings = language == null ? null : c.perLanguage().get(language);
        return settings == null ? c.threshold() : settings[1];
    }

    /**
     * What kind of decision the probabilities {@code p} give on held-out row {@code i} under the calibrated
     * settings {@code c}: {@link Cascade#GUARDED_ACCEPTED}, {@link Cascade#GUARD_REJECTED} (a guarded intent
     * rejected by the guard alone) or {@link Cascade#ORDINARY}.
     */
    static int decisionKind(float[] p, Scored s, int i, Calibration c) {
        double th = threshold(s, i, c);
        int oos = s.labels().indexOf(OOS);
        int best = bestInScope(p, oos);
        if ((oos >= 0 && p[oos] > p[best]) || p[best] < th || !c.guarded().contains(s.labels().get(best))) {
            return Cascade.ORDINARY;
        }
        boolean guardRejects = p[best] < c.guardThreshold() || sourceMass(p, guardSourceIndices(s.labels())) > c.guardOosMax();
        return guardRejects ? Cascade.GUARD_REJECTED : Cascade.GUARDED_ACCEPTED;
    }

    /** The whole ensemble's mixed probabilities for held-out row {@code i} under the settings of its language. */
    static float[] mixed(Scored s, int i, Calibration c) {
        String language = s.languages() == null ? null : s.languages().get(i);
        double[] settings = language == null ? null : c.perLanguage().get(language);
        double w = settings == null ? c.sparseWeight() : settings[0];
        double wk = settings == null ? c.knnWeight() : settings[2];
        return mix(s.ps()[i], s.pd()[i], s.pk()[i], w, wk);
    }

    // ---------------------------------------------------------------- persistence

    void write(DataOutputStream out) throws IOException {
        out.writeInt(labels.size());
        for (String l : labels) {
            out.writeUTF(l);
        }
        String[] byIndex = new String[dictionary.size()];
        dictionary.forEach((k, v) -> byIndex[v] = k);
        out.writeInt(byIndex.length);
        for (String k : byIndex) {
            out.writeUTF(k);
        }
        sparse.write(out);
        out.writeBoolean(dense != null);
        if (dense != null) {
            dense.write(out);
        }
        out.writeDouble(sparseWeight);
        out.writeDouble(threshold);
        out.writeDouble(heldOutAccuracy);
        out.writeInt(guarded.size());
        for (String g : guarded.stream().sorted().toList()) {
            out.writeUTF(g);
        }
        out.writeDouble(guardThreshold);
        out.writeInt(perLanguage.size());
        for (Map.Entry<String, double[]> e : new java.util.TreeMap<>(perLanguage).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue()[0]);
            out.writeDouble(e.getValue()[1]);
            out.writeDouble(e.getValue()[2]);
        }
        out.writeBoolean(knn != null);
        if (knn != null) {
            out.writeDouble(knnWeight);
            knn.write(out);
        }
        out.writeDouble(guardOosMax);
        out.writeBoolean(logMix);
        out.writeBoolean(cascade != null);
        if (cascade != null) {
            cascade.write(out);
        }
    }

    static IntentClassifier read(DataInputStream in) throws IOException {
        int nLabels = in.readInt();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < nLabels; i++) {
            labels.add(in.readUTF());
        }
        int nFeatures = in.readInt();
        Map<String, Integer> dictionary = new HashMap<>(nFeatures * 2);
        for (int i = 0; i < nFeatures; i++) {
            dictionary.put(in.readUTF(), i);
        }
        LinearSoftmax sparse = LinearSoftmax.read(in);
        LinearSoftmax dense = in.readBoolean() ? LinearSoftmax.read(in) : null;
        double w = in.readDouble();
        double t = in.readDouble();
        double heldOut = in.readDouble();
        int nGuarded = in.readInt();
        Set<String> guarded = new java.util.HashSet<>();
        for (int i = 0; i < nGuarded; i++) {
            guarded.add(in.readUTF());
        }
        double guardThreshold = in.readDouble();
        int nLanguages = in.readInt();
        Map<String, double[]> perLanguage = new HashMap<>();
        for (int i = 0; i < nLanguages; i++) {
            perLanguage.put(in.readUTF(), new double[] {in.readDouble(), in.readDouble(), in.readDouble()});
        }
        NearestNeighbours knn = null;
        double knnWeight = 0;
        if (in.readBoolean()) {
            knnWeight = in.readDouble();
            knn = NearestNeighbours.read(in);
        }
        IntentClassifier out = new IntentClassifier(labels, dictionary, sparse, dense, knn, w, knnWeight, t, heldOut, guarded,
                guardThreshold, perLanguage);
        out.guardOosMax = in.readDouble();
        out.logMix = in.readBoolean();
        out.cascade = in.readBoolean() ? Cascade.read(in) : null;
        return out;
    }
}
