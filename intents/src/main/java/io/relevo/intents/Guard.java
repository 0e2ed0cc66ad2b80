package io.relevo.intents;

import static io.relevo.intents.IntentClassifier.OOS;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The guard on intents that must not fire by mistake (ticket actions): the labels they must never be taken for,
 * and the calibration of the two limits a guarded prediction must meet. Stateless.
 */
final class Guard {

    static final double FLOOR = Double.parseDouble(System.getProperty("relevo.intents.guardFloor", "0.4"));
    static final double MARGIN = Double.parseDouble(System.getProperty("relevo.intents.guardMargin", "0.05"));
    /** How many lost correct guarded predictions one out-of-scope or ask_human example let through costs. */
    static final long PASS_COST = Long.getLong("relevo.intents.guardPassCost", 10L);
    static final double CAP = Double.parseDouble(System.getProperty("relevo.intents.guardCap", "0.6"));
    /** Labels that must never be taken for a guarded intent: out of scope and a request for a human. */
    static final String ASK_HUMAN = "ask_human";
    static final Set<String> SOURCES = Boolean.getBoolean("relevo.intents.guardAll") ? null : Set.of(OOS, ASK_HUMAN);
    /**
     * The guard's second limit applies to the probability of out of scope plus {@code ask_human} (default), or,
     * with {@code relevo.intents.guardOosOnly=true}, to the out-of-scope probability alone (before intents-6).
     */
    static final boolean MASS_INCLUDES_ASK_HUMAN = !Boolean.getBoolean("relevo.intents.guardOosOnly");

    private Guard() {
    }

    /** Indices of the guard's source labels (out of scope, {@code ask_human}) among {@code labels}. */
    static int[] sourceIndices(List<String> labels) {
        if (!MASS_INCLUDES_ASK_HUMAN) {
            int oos = labels.indexOf(OOS);
            return oos < 0 ? new int[0] : new int[] {oos};
        }
        return java.util.stream.IntStream.range(0, labels.size())
                .filter(i -> labels.get(i).equals(OOS) || labels.get(i).equals(ASK_HUMAN)).toArray();
    }

    /**
     * Guarded intents (actions that must not fire by mistake) need a probability above every calibration
     * example of out of scope or {@code ask_human} that the model put on them (plus {@link #MARGIN}), at
     * least {@link #FLOOR}, at most {@link #CAP}.
     */
    static Calibration calibrate(HeldOutScores calib, Calibration c, Set<String> guarded, Consumer<String> progress) {
        if (guarded.isEmpty()) {
            return c;
        }
        List<String> labels = calib.labels();
        int oos = labels.indexOf(OOS);
        int[] sources = sourceIndices(labels);
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
            float[] p = Mixing.mix(calib.ps()[i], calib.pd()[i], calib.pk()[i], w, wk);
            int best = Mixing.bestInScope(p, oos);
            String predicted = labels.get(best);
            boolean rejected = (oos >= 0 && p[oos] > p[best]) || p[best] < th;
            if (rejected || !guarded.contains(predicted)) {
                continue;
            }
            float[] point = {p[best], Mixing.sourceMass(p, sources)};
            if (predicted.equals(gold)) {
                keep.add(point);
            } else if (!guarded.contains(gold) && (SOURCES == null || SOURCES.contains(gold))) {
                block.add(point);
                blockText.add(gold + " \"" + calib.texts().get(i) + "\" -> " + predicted);
            }
        }
        // smallest loss of correct guarded predictions among (min probability, max out-of-scope probability) pairs
        // that let no blocked example through with a margin; fewest blocked passing first when none does
        double bestT = CAP, bestR = 1;
        long bestCost = Long.MAX_VALUE;
        for (int ti = (int) Math.round(FLOOR * 100); ti <= (int) Math.round(CAP * 100); ti++) {
            double t = ti / 100.0;
            for (int ri = 100; ri >= 1; ri--) {
                double r = ri / 100.0;
                int pass = 0;
                for (float[] b : block) {
                    pass += b[0] >= t - MARGIN && b[1] <= r + MARGIN ? 1 : 0;
                }
                int lost = 0;
                for (float[] k : keep) {
                    lost += k[0] < t || k[1] > r ? 1 : 0;
                }
                long cost = pass * PASS_COST + lost;
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
                Fitting.report(progress, "guard lets through: " + blockText.get(i));
            }
        }
        Fitting.report(progress, String.format(java.util.Locale.ROOT,
                "guarded intents %s need probability >= %.2f and out-of-scope (+ ask_human) probability <= %.2f (cost %d; %d correct calibration predictions)",
                guarded, bestT, bestR, bestCost, keep.size()));
        return new Calibration(c.sparseWeight(), c.threshold(), c.inScopeAccuracy(), c.oosRecall(), guarded, bestT,
                c.perLanguage(), c.knnWeight(), bestR);
    }
}
