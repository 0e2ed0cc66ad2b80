package io.relevo.intents;

import static io.relevo.intents.IntentClassifier.OOS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses the mixing weights and the out-of-scope threshold on held-out scores, globally and per language.
 * Stateless.
 */
final class Calibrator {

    static final int MIN_PER_LANGUAGE = 40;
    /**
     * Languages whose messages are classified without the nearest-neighbour component: the sentence encoders'
     * own language, where the dense models already read the embedding well. It reads every training example for
     * each message, over a millisecond of CPU, and on Relevo's data it did not change the held-out accuracy in
     * English (96.46 % with and without) while in Spanish it added 1.6 points ({@code relevo.intents.noKnnLanguages},
     * comma-separated; empty: every language may use it, as calibration chooses).
     */
    static final java.util.Set<String> NO_KNN_LANGUAGES = java.util.Arrays.stream(
            System.getProperty("relevo.intents.noKnnLanguages", "en").split("\\s*,\\s*"))
            .filter(l -> !l.isBlank()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    static final double OOS_RECALL_WEIGHT = Double.parseDouble(System.getProperty("relevo.intents.oosWeight", "0.2"));

    private Calibrator() {
    }

    /**
     * Chooses the mixing weight and the threshold on held-out data. Objective: in-scope accuracy (rejections
     * count as errors) plus {@link #OOS_RECALL_WEIGHT} times out-of-scope recall; without out-of-scope
     * examples the threshold is the one that rejects at most 1 % of in-scope examples. With
     * {@code minOosRecall > 0} the threshold maximises in-scope accuracy among the settings whose out-of-scope
     * recall on the calibration data is at least {@code minOosRecall} (an operating point set by a product
     * requirement).
     */
    static Calibration calibrate(HeldOutScores s, double minOosRecall, Consumer<String> progress) {
        return calibrate(s, minOosRecall, true, progress);
    }

    /** As above; without {@code knn} the nearest-neighbour component gets no weight. */
    static Calibration calibrate(HeldOutScores s, double minOosRecall, boolean knn, Consumer<String> progress) {
        int n = s.size();
        float[][] ps = s.ps(), pd = s.pd(), pk = s.pk();
        int[] y = s.y();
        int oos = s.labels().indexOf(OOS);
        boolean hasDense = n > 0 && pd[0] != null;
        boolean hasKnn = knn && n > 0 && pk[0] != null;
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
                mixed[i] = Mixing.mix(ps[i], pd[i], pk[i], w, wk);
            }
            for (int step = 0; step <= 100; step++) {
                double t = step / 100.0;
                int inTotal = 0, inCorrect = 0, oosTotal = 0, oosHit = 0;
                for (int i = 0; i < n; i++) {
                    int b = Mixing.bestInScope(mixed[i], oos);
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
        Fitting.report(progress, String.format(java.util.Locale.ROOT,
                "calibrated on %d examples: sparse weight %.1f, knn weight %.1f, threshold %.2f (in-scope %.2f %%, oos recall %.2f %%)",
                n, best.sparseWeight(), best.knnWeight(), best.threshold(), 100 * best.inScopeAccuracy(), 100 * best.oosRecall()));
        return best;
    }

    /**
     * When the calibration data has several languages with at least {@link #MIN_PER_LANGUAGE} examples each,
     * the mixing weights and threshold are also chosen per language (the embedding models are English-centred,
     * so Spanish usually wants more weight on the n-gram model).
     */
    static Calibration calibratePerLanguage(HeldOutScores calib, Calibration global, double minOosRecall,
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
            Calibration c = calibrate(calib.subset(e.getValue()), minOosRecall, !NO_KNN_LANGUAGES.contains(e.getKey()),
                    line -> Fitting.report(progress, "[" + e.getKey() + "] " + line));
            settings.put(e.getKey(), new double[] {c.sparseWeight(), c.threshold(), c.knnWeight()});
        }
        return global.withPerLanguage(settings);
    }

    private static void diagnostics(HeldOutScores s, Consumer<String> progress) {
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
                    ok += Mixing.bestInScope(Mixing.mix(s.ps()[i], s.pd()[i], w), oos) == s.y()[i] ? 1 : 0;
                }
            }
            line.append(String.format(java.util.Locale.ROOT, " %.1f:%.2f%%", w, 100.0 * ok / Math.max(1, in)));
        }
        Fitting.report(progress, line.toString());
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
    private static Calibration withoutOosExamples(HeldOutScores s, Calibration chosen) {
        int oos = s.labels().indexOf(OOS);
        List<Float> correct = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            float[] p = Mixing.mix(s.ps()[i], s.pd()[i], s.pk()[i], chosen.sparseWeight(), chosen.knnWeight());
            int b = Mixing.bestInScope(p, oos);
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
}
