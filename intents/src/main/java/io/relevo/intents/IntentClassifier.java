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
 * The trained ensemble: a sparse softmax over word/character n-grams and a softmax over sentence embeddings,
 * mixed with weight {@code sparseWeight}; an utterance is out of scope when the out-of-scope class wins or
 * the best in-scope probability is below {@code threshold}. Both numbers are chosen on calibration data.
 * Immutable and thread-safe.
 */
final class IntentClassifier {

    static final String OOS = TrainingData.OUT_OF_SCOPE;

    private final List<String> labels;
    private final int oosIndex;
    private final Map<String, Integer> dictionary;
    private final LinearSoftmax sparse;
    private final LinearSoftmax dense;
    private final double sparseWeight;
    private final double threshold;
    private final double heldOutAccuracy;
    private final Set<String> guarded;
    private final double guardThreshold;
    /** Per-language {sparseWeight, threshold} overriding the global ones (may be empty). */
    private final Map<String, double[]> perLanguage;

    IntentClassifier(List<String> labels, Map<String, Integer> dictionary, LinearSoftmax sparse, LinearSoftmax dense,
                     double sparseWeight, double threshold) {
        this(labels, dictionary, sparse, dense, sparseWeight, threshold, Double.NaN, Set.of(), 0, Map.of());
    }

    IntentClassifier(List<String> labels, Map<String, Integer> dictionary, LinearSoftmax sparse, LinearSoftmax dense,
                     double sparseWeight, double threshold, double heldOutAccuracy, Set<String> guarded,
                     double guardThreshold, Map<String, double[]> perLanguage) {
        this.heldOutAccuracy = heldOutAccuracy;
        this.perLanguage = Map.copyOf(perLanguage);
        this.guarded = Set.copyOf(guarded);
        this.guardThreshold = guardThreshold;
        this.labels = List.copyOf(labels);
        this.oosIndex = labels.indexOf(OOS);
        this.dictionary = dictionary;
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
        return mix(sparse.probabilities(TextFeatures.vectorize(TextFeatures.extract(text), dictionary)),
                dense == null ? null : dense.probabilities(SparseVector.dense(embedding)), w);
    }

    boolean outOfScope(float[] p, String language) {
        double[] settings = language == null ? null : perLanguage.get(language);
        double t = settings == null ? threshold : settings[1];
        int best = bestInScope(p);
        return (oosIndex >= 0 && p[oosIndex] > p[best]) || p[best] < t
                || (guarded.contains(labels.get(best)) && p[best] < guardThreshold);
    }

    float[] probabilities(String text, float[] embedding) {
        return mix(sparse.probabilities(TextFeatures.vectorize(TextFeatures.extract(text), dictionary)),
                dense == null ? null : dense.probabilities(SparseVector.dense(embedding)), sparseWeight);
    }

    static float[] mix(float[] ps, float[] pd, double w) {
        if (pd == null) {
            return ps;
        }
        float[] out = new float[ps.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = (float) (w * ps[c] + (1 - w) * pd[c]);
        }
        return out;
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
        return (oosIndex >= 0 && p[oosIndex] > p[best]) || p[best] < threshold
                || (guarded.contains(labels.get(best)) && p[best] < guardThreshold);
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
                    Integer.getInteger("relevo.intents.denseEpochs", 15),
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
    record Fitted(List<String> labels, Map<String, Integer> dictionary, LinearSoftmax sparse, LinearSoftmax dense) {
    }

    /** Small data sets get more epochs so that the embedding model still sees enough Adam steps. */
    static final int MIN_DENSE_STEPS = Integer.getInteger("relevo.intents.minDenseSteps", 2000);

    static final int MAX_EPOCHS = 100;
    static final int MIN_SPARSE_STEPS = Integer.getInteger("relevo.intents.minSparseSteps", 60_000);

    static Fitted fit(Batch train, Options o, Consumer<String> progress) {
        List<String> labels = new ArrayList<>(new LinkedHashMap<String, Boolean>() {{
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
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            y[i] = labelIndex.get(train.labels().get(i));
            Map<String, Float> f = TextFeatures.extract(train.texts().get(i));
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
        if (train.embeddings().length > 0 && train.embeddings()[0].length > 0) {
            long t1 = System.nanoTime();
            int batchesPerEpoch = (n + 31) / 32;
            int epochs = Math.max(o.denseEpochs(), Math.min(MAX_EPOCHS, (MIN_DENSE_STEPS + batchesPerEpoch - 1) / batchesPerEpoch));
            dense = LinearSoftmax.trainDense(train.embeddings(), y, labels.size(),
                    new LinearSoftmax.Params(epochs, o.denseRate(), o.denseL2(), 23), 32,
                    Math.min(2, Runtime.getRuntime().availableProcessors()));
            report(progress, "embedding model: " + train.embeddings()[0].length + " dims, " + ms(t1) + " ms");
        }
        return new Fitted(labels, dictionary, sparse, dense);
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
                       Set<String> guarded, double guardThreshold, Map<String, double[]> perLanguage) {
        Calibration(double sparseWeight, double threshold, double inScopeAccuracy, double oosRecall) {
            this(sparseWeight, threshold, inScopeAccuracy, oosRecall, Set.of(), 0, Map.of());
        }

        Calibration withPerLanguage(Map<String, double[]> settings) {
            return new Calibration(sparseWeight, threshold, inScopeAccuracy, oosRecall, guarded, guardThreshold, settings);
        }
    }

    static final int MIN_PER_LANGUAGE = 40;

    /**
     * When the calibration data has several languages with at least {@link #MIN_PER_LANGUAGE} examples each,
     * the mixing weight and threshold are also chosen per language (the embedding models are English-centred,
     * so Spanish usually wants more weight on the n-gram model).
     */
    static Calibration calibratePerLanguage(Fitted f, Batch calib, Calibration global, double minOosRecall,
                                            Consumer<String> progress) {
        if (calib.languages() == null) {
            return global;
        }
        Map<String, List<Integer>> byLanguage = new java.util.TreeMap<>();
        for (int i = 0; i < calib.texts().size(); i++) {
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
            List<Integer> idx = e.getValue();
            Batch sub = new Batch(idx.stream().map(calib.texts()::get).toList(), idx.stream().map(calib.labels()::get).toList(),
                    idx.stream().map(i -> calib.embeddings()[i]).toArray(float[][]::new), null);
            Calibration c = calibrate(f, sub, minOosRecall, line -> report(progress, "[" + e.getKey() + "] " + line));
            settings.put(e.getKey(), new double[] {c.sparseWeight(), c.threshold()});
        }
        return global.withPerLanguage(settings);
    }

    static final double GUARD_FLOOR = 0.5;
    static final double GUARD_CAP = Double.parseDouble(System.getProperty("relevo.intents.guardCap", "0.6"));

    /**
     * Guarded intents (actions that must not fire by mistake) need a probability above every calibration
     * example of another label (or out of scope) that the model put on them, at least {@link #GUARD_FLOOR},
     * at most {@link #GUARD_CAP}.
     */
    static Calibration guard(Fitted f, Batch calib, Calibration c, Set<String> guarded, Consumer<String> progress) {
        if (guarded.isEmpty()) {
            return c;
        }
        IntentClassifier model = new IntentClassifier(f.labels(), f.dictionary(), f.sparse(), f.dense(), c.sparseWeight(),
                c.threshold());
        double t = GUARD_FLOOR;
        for (int i = 0; i < calib.texts().size(); i++) {
            String gold = calib.labels().get(i);
            float[] p = model.probabilities(calib.texts().get(i), calib.embeddings()[i]);
            int best = model.bestInScope(p);
            String predicted = f.labels().get(best);
            if (guarded.contains(predicted) && !predicted.equals(gold) && !guarded.contains(gold) && !model.outOfScope(p)) {
                t = Math.max(t, Math.ceil(100 * p[best] + 1e-9) / 100);
            }
        }
        t = Math.min(t, GUARD_CAP);
        report(progress, String.format(java.util.Locale.ROOT, "guarded intents %s need probability >= %.2f", guarded, t));
        return new Calibration(c.sparseWeight(), c.threshold(), c.inScopeAccuracy(), c.oosRecall(), guarded, t,
                c.perLanguage());
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
        int n = calib.texts().size();
        float[][] ps = new float[n][];
        float[][] pd = new float[n][];
        int[] y = new int[n];
        int oos = f.labels().indexOf(OOS);
        for (int i = 0; i < n; i++) {
            ps[i] = f.sparse().probabilities(TextFeatures.vectorize(TextFeatures.extract(calib.texts().get(i)), f.dictionary()));
            pd[i] = f.dense() == null ? null : f.dense().probabilities(SparseVector.dense(calib.embeddings()[i]));
            String label = calib.labels().get(i);
            int index = f.labels().indexOf(label);
            y[i] = OOS.equals(label) ? -1 : index < 0 ? -2 : index; // -2: intent unknown to the model, always wrong
        }
        diagnostics(f, ps, pd, y, progress);
        Calibration best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] weights = f.dense() == null ? new double[] {1.0} : new double[] {0, .1, .2, .3, .4, .5, .6, .7, .8, .9, 1};
        for (double w : weights) {
            IntentClassifier c = new IntentClassifier(f.labels(), f.dictionary(), f.sparse(), f.dense(), w, 0);
            float[][] mixed = new float[n][];
            for (int i = 0; i < n; i++) {
                mixed[i] = mix(ps[i], pd[i], w);
            }
            for (int step = 0; step <= 100; step++) {
                double t = step / 100.0;
                int inTotal = 0, inCorrect = 0, oosTotal = 0, oosHit = 0;
                for (int i = 0; i < n; i++) {
                    int b = c.bestInScope(mixed[i]);
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
                    best = new Calibration(w, t, acc, recall);
                }
            }
        }
        if (!hasOos(y)) {
            best = withoutOosExamples(f, best, ps, pd, y);
        }
        report(progress, String.format(java.util.Locale.ROOT,
                "calibrated on %d examples: sparse weight %.1f, threshold %.2f (in-scope %.2f %%, oos recall %.2f %%)",
                n, best.sparseWeight(), best.threshold(), 100 * best.inScopeAccuracy(), 100 * best.oosRecall()));
        return best;
    }

    static final double OOS_RECALL_WEIGHT = Double.parseDouble(System.getProperty("relevo.intents.oosWeight", "0.2"));

    private static void diagnostics(Fitted f, float[][] ps, float[][] pd, int[] y, Consumer<String> progress) {
        IntentClassifier c = new IntentClassifier(f.labels(), f.dictionary(), f.sparse(), f.dense(), 1, 0);
        StringBuilder line = new StringBuilder("calibration set, in-scope accuracy without rejection by sparse weight:");
        for (double w : new double[] {0, .2, .3, .4, .5, .6, .8, 1}) {
            if (f.dense() == null && w < 1) {
                continue;
            }
            int in = 0, ok = 0;
            for (int i = 0; i < y.length; i++) {
                if (y[i] != -1) {
                    in++;
                    ok += c.bestInScope(mix(ps[i], pd[i], w)) == y[i] ? 1 : 0;
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
    private static Calibration withoutOosExamples(Fitted f, Calibration chosen, float[][] ps, float[][] pd, int[] y) {
        IntentClassifier c = new IntentClassifier(f.labels(), f.dictionary(), f.sparse(), f.dense(), chosen.sparseWeight(), 0);
        List<Float> correct = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            float[] p = mix(ps[i], pd[i], chosen.sparseWeight());
            int b = c.bestInScope(p);
            if (b == y[i]) {
                correct.add(p[b]);
            }
        }
        if (correct.isEmpty()) {
            return chosen;
        }
        java.util.Collections.sort(correct);
        double t = Math.floor(100 * correct.get((int) (0.02 * (correct.size() - 1)))) / 100;
        return new Calibration(chosen.sparseWeight(), t, chosen.inScopeAccuracy() * 0.98, 0);
    }

    static IntentClassifier of(Fitted f, Calibration c) {
        return new IntentClassifier(f.labels(), f.dictionary(), f.sparse(), f.dense(), c.sparseWeight(), c.threshold(),
                c.inScopeAccuracy(), c.guarded(), c.guardThreshold(), c.perLanguage());
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
            perLanguage.put(in.readUTF(), new double[] {in.readDouble(), in.readDouble()});
        }
        return new IntentClassifier(labels, dictionary, sparse, dense, w, t, heldOut, guarded, guardThreshold, perLanguage);
    }
}
