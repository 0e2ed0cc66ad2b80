package io.relevo.intents;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trained ensemble: a sparse softmax over word/character n-grams, a softmax over sentence embeddings and
 * (small training sets) a nearest-neighbour score over the embeddings, mixed with weights {@code sparseWeight},
 * {@code knnWeight} and the rest (weighted geometric mean, see {@link Mixing#LOG_MIX}); an utterance is out of
 * scope when the out-of-scope class wins or the best in-scope probability is below {@code threshold}. These
 * numbers are chosen on calibration data (per language when it has several). Built by {@link Fitting},
 * {@link Calibrator} and {@link Guard} through {@link #of}; stored by {@link ClassifierFormat}.
 * Immutable and thread-safe.
 */
final class IntentClassifier {

    static final String OOS = TrainingData.OUT_OF_SCOPE;

    final List<String> labels;
    final int oosIndex;
    final Map<String, Integer> dictionary;
    /** Whether the sparse model was trained with the extra features (derived from the dictionary, not stored). */
    final boolean extras;
    final LinearSoftmax sparse;
    final LinearSoftmax dense;
    final NearestNeighbours knn;
    final double sparseWeight;
    final double knnWeight;
    final double threshold;
    final double heldOutAccuracy;
    final Set<String> guarded;
    final double guardThreshold;
    /**
     * Guarded intents are also rejected when the probability of the labels they must never be taken for
     * ({@link Guard#SOURCES}: out of scope and {@code ask_human}) together exceeds this (1 = no limit).
     */
    final double guardOosMax;
    /** The mixing rule this model was calibrated with ({@link Mixing#LOG_MIX} at training time; stored in the model). */
    final boolean logMix;
    /** Indices of the {@link Guard#SOURCES} labels this model has. */
    private final int[] guardSourceIndices;
    /** Per-language {sparseWeight, threshold, knnWeight} overriding the global ones (may be empty). */
    final Map<String, double[]> perLanguage;
    /** The cheap first stage (null: every message runs the whole ensemble). */
    final Cascade cascade;

    IntentClassifier(List<String> labels, Map<String, Integer> dictionary, LinearSoftmax sparse, LinearSoftmax dense,
                     NearestNeighbours knn, double sparseWeight, double knnWeight, double threshold,
                     double heldOutAccuracy, Set<String> guarded, double guardThreshold, Map<String, double[]> perLanguage,
                     double guardOosMax, boolean logMix, Cascade cascade) {
        this.knn = knn;
        this.knnWeight = knn == null ? 0 : knnWeight;
        this.heldOutAccuracy = heldOutAccuracy;
        this.perLanguage = Map.copyOf(perLanguage);
        this.guarded = Set.copyOf(guarded);
        this.guardThreshold = guardThreshold;
        this.labels = List.copyOf(labels);
        this.oosIndex = labels.indexOf(OOS);
        this.guardSourceIndices = Guard.sourceIndices(this.labels);
        this.dictionary = dictionary;
        this.extras = TextFeatures.usesExtras(dictionary);
        this.sparse = sparse;
        this.dense = dense;
        this.sparseWeight = sparseWeight;
        this.threshold = threshold;
        this.guardOosMax = guardOosMax;
        this.logMix = logMix;
        this.cascade = cascade;
    }

    static IntentClassifier of(Fitting.Fitted f, Calibration c) {
        return of(f, c, null);
    }

    /**
     * The classifier of the fitted pieces with the calibrated settings; with {@code firstStage} (null: none) and
     * a first-stage embedding softmax in {@code f}, messages the first stage is confident about skip the rest.
     */
    static IntentClassifier of(Fitting.Fitted f, Calibration c, Cascade.Settings firstStage) {
        boolean cascaded = firstStage != null && f.firstStageDense() != null;
        boolean knnUsed = c.knnWeight() > 0 || c.perLanguage().values().stream().anyMatch(v -> v[2] > 0)
                || (cascaded && firstStage.usesKnn());
        return new IntentClassifier(f.labels(), f.dictionary(), f.sparse(), f.dense(), knnUsed ? f.knn() : null,
                c.sparseWeight(), c.knnWeight(), c.threshold(), c.inScopeAccuracy(), c.guarded(), c.guardThreshold(),
                c.perLanguage(), c.guardOosMax(), Mixing.LOG_MIX,
                cascaded ? new Cascade(f.firstStageDense(), firstStage) : null);
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

    double guardThreshold() {
        return guardThreshold;
    }

    /** Mixed class probabilities (same order as {@link #labels()}). */
    float[] probabilities(String text, float[] embedding, String language) {
        double[] settings = language == null ? null : perLanguage.get(language);
        double w = settings == null ? sparseWeight : settings[0];
        double wk = settings == null ? knnWeight : settings[2];
        return Mixing.mix(sparse.probabilities(TextFeatures.vectorize(TextFeatures.extract(text, extras), dictionary)),
                dense == null ? null : dense.probabilities(SparseVector.dense(embedding)),
                knn == null || wk <= 0 ? null : knn.probabilities(embedding), w, wk, logMix);
    }

    float[] probabilities(String text, float[] embedding) {
        return probabilities(text, embedding, null);
    }

    boolean outOfScope(float[] p, String language) {
        double[] settings = language == null ? null : perLanguage.get(language);
        double t = settings == null ? threshold : settings[1];
        int best = bestInScope(p);
        return (oosIndex >= 0 && p[oosIndex] > p[best]) || p[best] < t || guardRejects(p, best);
    }

    boolean outOfScope(float[] p) {
        int best = bestInScope(p);
        return (oosIndex >= 0 && p[oosIndex] > p[best]) || p[best] < threshold || guardRejects(p, best);
    }

    /** Index of the best in-scope class. */
    int bestInScope(float[] p) {
        return Mixing.bestInScope(p, oosIndex);
    }

    private boolean guardRejects(float[] p, int best) {
        return guarded.contains(labels.get(best))
                && (p[best] < guardThreshold || Mixing.sourceMass(p, guardSourceIndices) > guardOosMax);
    }

    // ---------------------------------------------------------------- the cascade

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
        float[] p = Mixing.mix(ps, cascade.probabilities(embedding), pk, s[Cascade.SPARSE_WEIGHT], s[Cascade.KNN_WEIGHT],
                logMix);
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
        return Mixing.mix(first.ps(), dense == null ? null : dense.probabilities(SparseVector.dense(embedding)), pk, w,
                wk, logMix);
    }
}
