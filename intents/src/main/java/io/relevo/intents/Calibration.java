package io.relevo.intents;

import java.util.Map;
import java.util.Set;

/**
 * Calibration result: mixing weights, out-of-scope threshold, the guard's limits and per-language overrides
 * ({sparseWeight, threshold, knnWeight} by language), with the calibration-set scores they reach.
 */
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

    /** The nearest-neighbour weight for messages of {@code language} (its own setting, else the global one). */
    double knnWeight(String language) {
        double[] settings = language == null ? null : perLanguage.get(language);
        return settings == null ? knnWeight : settings[2];
    }

    Calibration withPerLanguage(Map<String, double[]> settings) {
        return new Calibration(sparseWeight, threshold, inScopeAccuracy, oosRecall, guarded, guardThreshold, settings,
                knnWeight, guardOosMax);
    }
}
