package io.relevo.intents.dev;

import io.relevo.intents.Analysis;
import io.relevo.intents.IntentEngine;
import io.relevo.intents.IntentService;
import io.relevo.intents.TrainingData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dev tool for choosing settings without tuning to {@code OwnDataAccuracyTest}'s split: an outer 5-fold
 * cross-validation over the shipped data (fold r holds out example k of each language and intent with
 * k % 5 == r; fold 0 is the test's split), each fold trained exactly as the test trains, and the held-out
 * accuracy per language reported per fold and pooled over all folds.
 * {@code java -cp target/classes:target/test-classes:CP io.relevo.intents.dev.OwnDataFolds [folds, e.g. 1,2,3,4]}
 * (system properties {@code relevo.intents.*} select the settings; {@code relevo.intents.embeddingCache=DIR}
 * saves re-embedding between runs).
 */
public final class OwnDataFolds {

    public static void main(String[] args) {
        List<Integer> folds = new ArrayList<>();
        for (String f : (args.length > 0 ? args[0] : "0,1,2,3,4").split(",")) {
            folds.add(Integer.parseInt(f.trim()));
        }
        boolean verbose = Boolean.getBoolean("folds.verbose");
        Map<String, int[]> pooled = new TreeMap<>();
        long[] firstStage = new long[2];
        for (int r : folds) {
            List<TrainingData.Example> train = new ArrayList<>();
            List<TrainingData.Example> held = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (TrainingData.Example e : TrainingData.shipped().examples()) {
                int k = seen.merge(e.language() + "/" + e.intent(), 1, Integer::sum);
                (k % 5 == r ? held : train).add(e);
            }
            long t0 = System.nanoTime();
            try (IntentEngine engine = IntentEngine.builder().guardedIntents(IntentService.TICKET_ACTIONS)
                    .progress(line -> { if (verbose) System.out.println("  " + line); })
                    .train(new TrainingData(train), null)) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Map<String, int[]> counts = new TreeMap<>();
                int guardViolations = 0;
                for (TrainingData.Example e : held) {
                    Analysis a = engine.analyze(e.text(), e.language());
                    boolean oos = e.intent().equals(TrainingData.OUT_OF_SCOPE);
                    boolean good = oos ? a.outOfScope() : !a.outOfScope() && a.top().intent().equals(e.intent());
                    int[] c = counts.computeIfAbsent(e.language(), k -> new int[2]);
                    c[0] += good ? 1 : 0;
                    c[1]++;
                    if ((oos || e.intent().equals("ask_human")) && !a.outOfScope()
                            && IntentService.TICKET_ACTIONS.contains(a.top().intent())) {
                        guardViolations++;
                        System.out.println("  GUARD fold " + r + ": " + e.intent() + " \"" + e.text() + "\" -> " + a.top());
                    }
                    if (!good && verbose) {
                        System.out.println("  ERR fold " + r + " [" + e.language() + "] " + e.intent() + " <- \"" + e.text()
                                + "\" -> " + (a.outOfScope() ? "oos/" : "") + a.top());
                    }
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "fold %d (%d ms):", r, ms));
                counts.forEach((lang, c) -> {
                    line.append(String.format(Locale.ROOT, " %s %.2f %% (%d/%d)", lang, 100.0 * c[0] / c[1], c[0], c[1]));
                    int[] p = pooled.computeIfAbsent(lang, k -> new int[2]);
                    p[0] += c[0];
                    p[1] += c[1];
                });
                line.append(" guard violations ").append(guardViolations);
                line.append(String.format(Locale.ROOT, " first stage %d/%d", engine.firstStageDecisions(), engine.analysed()));
                firstStage[0] += engine.firstStageDecisions();
                firstStage[1] += engine.analysed();
                System.out.println(line);
            }
        }
        StringBuilder line = new StringBuilder("pooled:");
        pooled.forEach((lang, c) -> line.append(String.format(Locale.ROOT, " %s %.2f %% (%d/%d)", lang, 100.0 * c[0] / c[1], c[0], c[1])));
        line.append(String.format(Locale.ROOT, "; first stage decided %.1f %%", 100.0 * firstStage[0] / Math.max(1, firstStage[1])));
        System.out.println(line);
    }
}
