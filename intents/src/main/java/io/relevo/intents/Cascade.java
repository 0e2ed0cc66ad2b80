package io.relevo.intents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The first stage of the intent cascade: a softmax over the first encoder's part of the embedding (MiniLM, which
 * every message needs anyway for knowledge search), mixed with the n-gram softmax and the nearest-neighbour score
 * by its own weights. It decides a message when its confidence (top probability minus the second, over all
 * labels, out of scope included; see {@link #confidence}) reaches {@code minConfidence}. A message it would take
 * for a guarded intent (a ticket action), accepted or rejected by the guard, goes to the second encoder and the
 * whole ensemble like any message below the limit (unless {@link #GUARDED_CALIBRATED}: then an accepted guarded
 * intent needs {@code minConfidenceGuarded}). The first stage's decision is taken with the whole model's threshold
 * and guard, applied to the first stage's probabilities.
 *
 * <p>The weights and the limit are chosen on the calibration predictions (cross-validated or the calibration
 * set, like the ensemble's own settings) so that the first stage decides as many calibration examples as possible
 * while the cascade's decision (out of scope or not, and the intent) equals the whole ensemble's on at least
 * {@link #AGREEMENT} of them ({@code minConfidenceGuarded}, when calibrated, lies above every calibration example
 * on which the first stage accepts a guarded intent and the whole ensemble decides otherwise, plus
 * {@link Guard#MARGIN}). Per language when the calibration data has several.
 *
 * <p>Immutable and thread-safe.
 */
final class Cascade {

    /** Indices into a settings row. */
    static final int SPARSE_WEIGHT = 0, KNN_WEIGHT = 1, MIN_CONFIDENCE = 2, MIN_CONFIDENCE_GUARDED = 3, MARGIN_RULE = 4;
    /** A limit no probability reaches: the first stage never decides. */
    static final double NEVER = 2;

    /**
     * Whether training builds a first stage and analyses use it unless the builder or the service says
     * ({@code relevo.intents.cascade}, default true since the first stage must agree with the whole ensemble on
     * every calibration example it decides, {@link #AGREEMENT}; see the README, "Cascade").
     */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("relevo.intents.cascade", "true"));
    /**
     * Whether the first stage may accept a guarded intent itself above a calibrated {@code minConfidenceGuarded}
     * ({@code relevo.intents.cascadeGuarded=calibrated}); by default it never does: every message the first stage
     * would take for a ticket action goes to the whole ensemble, so the cascade accepts a ticket action only when
     * the whole ensemble's guard does. (Measured 2026-11-23: a calibrated limit let one held-out out-of-scope
     * example through that the whole ensemble blocked.)
     */
    static final boolean GUARDED_CALIBRATED = "calibrated".equals(System.getProperty("relevo.intents.cascadeGuarded"));
    /**
     * Share of calibration examples on which the cascade must decide like the whole ensemble; by default all of
     * them: the first stage decides only above the highest confidence at which it disagreed with the whole ensemble
     * on a calibration example. (2026-12-03: 0.998 cost 8 in-scope examples on CLINC150's test split, below its
     * floor; on two pseudo splits of CLINC's train, 1.0 left every held-out decision unchanged while the first
     * stage decided 91.5 / 93.3 % of them, and on Relevo's data it decides 55 % of the benchmark messages against
     * 60 % at 0.998.)
     */
    static final double AGREEMENT = Double.parseDouble(System.getProperty("relevo.intents.cascadeAgreement", "1"));

    /**
     * Calibrated settings, global and per language: {sparseWeight, knnWeight, minConfidence, minConfidenceGuarded,
     * 1 if the confidence is the margin (else the top probability)}.
     */
    record Settings(double[] global, Map<String, double[]> perLanguage) {
        Settings {
            perLanguage = Map.copyOf(perLanguage);
        }

        boolean usesKnn() {
            return global[KNN_WEIGHT] > 0 || perLanguage.values().stream().anyMatch(v -> v[KNN_WEIGHT] > 0);
        }

        double[] of(String language) {
            double[] s = language == null ? null : perLanguage.get(language);
            return s == null ? global : s;
        }
    }

    private final LinearSoftmax dense;
    private final Settings settings;

    Cascade(LinearSoftmax dense, Settings settings) {
        this.dense = dense;
        this.settings = settings;
    }

    /** Leading embedding components the first stage reads. */
    int dims() {
        return dense.features();
    }

    float[] probabilities(float[] embedding) {
        return dense.probabilitiesOfPrefix(embedding);
    }

    double[] settings(String language) {
        return settings.of(language);
    }

    /** Kinds of first-stage decision. */
    static final int ORDINARY = 0, GUARDED_ACCEPTED = 1, GUARD_REJECTED = 2;

    /**
     * Whether the first stage decides, given its probabilities and the kind of its decision: a guarded intent the
     * guard alone rejects always goes to the whole ensemble (its guard decides), an accepted guarded intent needs
     * {@code minConfidenceGuarded}, anything else {@code minConfidence}.
     */
    static boolean decides(float[] p, double[] settings, int kind) {
        return kind != GUARD_REJECTED
                && confidence(p, settings[MARGIN_RULE] > 0) >= settings[kind == GUARDED_ACCEPTED ? MIN_CONFIDENCE_GUARDED : MIN_CONFIDENCE];
    }

    /**
     * The first stage's confidence: its top probability minus the second over all labels, or with
     * {@code relevo.intents.cascadeConfidence=top} the top probability alone. (Outer 5-fold on Relevo's data,
     * 2026-11-23: the margin let the first stage decide more at the same agreement.)
     */
    static float confidence(float[] p, boolean margin) {
        float top = 0, second = 0;
        for (float v : p) {
            if (v > top) {
                second = top;
                top = v;
            } else if (v > second) {
                second = v;
            }
        }
        return margin ? top - second : top;
    }

    /** The confidence rule used when training (stored with the settings in the model). */
    static final boolean MARGIN = !"top".equals(System.getProperty("relevo.intents.cascadeConfidence", "margin"));

    // ---------------------------------------------------------------- calibration

    /**
     * Chooses the first stage's settings on calibration predictions {@code s} (with first-stage embedding
     * probabilities {@code pd1}) for a whole ensemble calibrated as {@code c}.
     */
    static Settings calibrate(HeldOutScores s, Calibration c, double agreement,
                              Consumer<String> progress) {
        List<Integer> all = new ArrayList<>();
        Map<String, List<Integer>> byLanguage = new TreeMap<>();
        for (int i = 0; i < s.size(); i++) {
            all.add(i);
            String lang = s.languages() == null ? null : s.languages().get(i);
            if (lang != null) {
                byLanguage.computeIfAbsent(lang, k -> new ArrayList<>()).add(i);
            }
        }
        double[] global = choose(s, all, c, agreement, c.knnWeight() > 0, "", progress);
        Map<String, double[]> perLanguage = new HashMap<>();
        if (byLanguage.size() >= 2) {
            for (Map.Entry<String, List<Integer>> e : byLanguage.entrySet()) {
                if (e.getValue().size() >= Calibrator.MIN_PER_LANGUAGE) {
                    perLanguage.put(e.getKey(), choose(s, e.getValue(), c, agreement, c.knnWeight(e.getKey()) > 0,
                            "[" + e.getKey() + "] ", progress));
                }
            }
        }
        return new Settings(global, perLanguage);
    }

    /**
     * With {@code knn} false the first stage gets no nearest-neighbour weight: the whole ensemble of these rows'
     * language does without them, and reading every training example costs more per message than the few messages
     * it would let the first stage decide save.
     */
    private static double[] choose(HeldOutScores s, List<Integer> rows, Calibration c,
                                   double agreement, boolean knn, String prefix, Consumer<String> progress) {
        int n = rows.size();
        int budget = (int) Math.floor((1 - agreement) * n + 1e-9);
        int[] full = new int[n];
        for (int r = 0; r < n; r++) {
            int i = rows.get(r);
            full[r] = s.decision(s.mixed(i, c), i, c);
        }
        boolean hasKnn = knn && n > 0 && s.pk()[rows.get(0)] != null;
        double[] grid = {0, .1, .2, .3, .4, .5, .6, .7, .8, .9, 1};
        double[] best = {0, 0, NEVER, NEVER, MARGIN ? 1 : 0};
        int bestCovered = -1, bestDisagree = 0;
        float[] conf = new float[n];
        boolean[] differs = new boolean[n];
        int[] kind = new int[n];
        for (double w : grid) {
            for (double wk : hasKnn ? grid : new double[] {0}) {
                if (w + wk > 1 + 1e-9) {
                    continue;
                }
                double guardedLimit = 0;
                for (int r = 0; r < n; r++) {
                    int i = rows.get(r);
                    float[] p = Mixing.mix(s.ps()[i], s.pd1()[i], s.pk()[i], w, wk);
                    int d = s.decision(p, i, c);
                    conf[r] = confidence(p, MARGIN);
                    differs[r] = d != full[r];
                    kind[r] = s.decisionKind(p, i, c);
                    if (kind[r] == GUARDED_ACCEPTED && differs[r]) {
                        guardedLimit = Math.max(guardedLimit, conf[r] + Guard.MARGIN);
                    }
                }
                guardedLimit = !GUARDED_CALIBRATED || guardedLimit > 1 ? NEVER : Math.ceil(guardedLimit * 100 - 1e-9) / 100;
                for (int step = 0; step <= 101; step++) {
                    double minConfidence = step == 101 ? NEVER : step / 100.0;
                    double minConfidenceGuarded = Math.max(minConfidence, guardedLimit);
                    int covered = 0, disagree = 0;
                    for (int r = 0; r < n; r++) {
                        if (kind[r] != GUARD_REJECTED && conf[r] >= (kind[r] == GUARDED_ACCEPTED ? minConfidenceGuarded : minConfidence)) {
                            covered++;
                            disagree += differs[r] ? 1 : 0;
                        }
                    }
                    if (disagree <= budget) {
                        if (covered > bestCovered || (covered == bestCovered && disagree < bestDisagree)) {
                            bestCovered = covered;
                            bestDisagree = disagree;
                            best = new double[] {w, wk, minConfidence, minConfidenceGuarded, MARGIN ? 1 : 0};
                        }
                        break; // higher limits only cover fewer
                    }
                }
            }
        }
        if (progress != null) {
            progress.accept(String.format(Locale.ROOT,
                    "%sfirst stage: sparse weight %.1f, knn weight %.1f, decides at confidence >= %.2f (guarded intents >= %.2f): "
                            + "%d of %d calibration examples (%.1f %%), %d decided otherwise than the whole ensemble",
                    prefix, best[SPARSE_WEIGHT], best[KNN_WEIGHT], best[MIN_CONFIDENCE], best[MIN_CONFIDENCE_GUARDED], bestCovered, n,
                    100.0 * bestCovered / Math.max(1, n), bestDisagree));
        }
        return best;
    }

    // ---------------------------------------------------------------- persistence

    void write(DataOutputStream out) throws IOException {
        dense.write(out);
        writeRow(out, settings.global());
        out.writeInt(settings.perLanguage().size());
        for (Map.Entry<String, double[]> e : new TreeMap<>(settings.perLanguage()).entrySet()) {
            out.writeUTF(e.getKey());
            writeRow(out, e.getValue());
        }
    }

    static Cascade read(DataInputStream in) throws IOException {
        LinearSoftmax dense = LinearSoftmax.read(in);
        double[] global = readRow(in);
        int languages = in.readInt();
        Map<String, double[]> perLanguage = new HashMap<>();
        for (int i = 0; i < languages; i++) {
            perLanguage.put(in.readUTF(), readRow(in));
        }
        return new Cascade(dense, new Settings(global, perLanguage));
    }

    private static void writeRow(DataOutputStream out, double[] row) throws IOException {
        for (double v : row) {
            out.writeDouble(v);
        }
    }

    private static double[] readRow(DataInputStream in) throws IOException {
        return new double[] {in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()};
    }
}
