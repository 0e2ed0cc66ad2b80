package io.relevo.intents;

import static io.relevo.intents.IntentClassifier.OOS;

import java.util.ArrayList;
import java.util.List;

/**
 * Component probabilities of held-out examples under a fitted model (pd, pk rows null when absent; pd1 the first
 * stage's embedding softmax), with the decisions a calibration gives on them. {@code y[i]} is the gold label's
 * index, -1 for out of scope, -2 for an intent the model does not know. Immutable by convention (the arrays are
 * not copied).
 */
record HeldOutScores(List<String> labels, float[][] ps, float[][] pd, float[][] pk, int[] y, List<String> texts,
                     List<String> gold, List<String> languages, float[][] pd1) {
    HeldOutScores(List<String> labels, float[][] ps, float[][] pd, float[][] pk, int[] y, List<String> texts,
                  List<String> gold, List<String> languages) {
        this(labels, ps, pd, pk, y, texts, gold, languages, new float[y.length][]);
    }

    /** Scores {@code calib} with each component of {@code f}. */
    static HeldOutScores of(Fitting.Fitted f, Fitting.Batch calib) {
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
        return new HeldOutScores(f.labels(), ps, pd, pk, y, calib.texts(), calib.labels(), calib.languages(), pd1);
    }

    int size() {
        return y.length;
    }

    HeldOutScores subset(List<Integer> idx) {
        return new HeldOutScores(labels, idx.stream().map(i -> ps[i]).toArray(float[][]::new),
                idx.stream().map(i -> pd[i]).toArray(float[][]::new), idx.stream().map(i -> pk[i]).toArray(float[][]::new),
                idx.stream().mapToInt(i -> y[i]).toArray(), idx.stream().map(texts::get).toList(),
                idx.stream().map(gold::get).toList(), languages == null ? null : idx.stream().map(languages::get).toList(),
                idx.stream().map(i -> pd1[i]).toArray(float[][]::new));
    }

    static HeldOutScores concat(List<HeldOutScores> parts) {
        List<String> texts = new ArrayList<>(), gold = new ArrayList<>(), languages = new ArrayList<>();
        List<float[]> ps = new ArrayList<>(), pd = new ArrayList<>(), pk = new ArrayList<>(), pd1 = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        boolean hasLanguages = true;
        for (HeldOutScores s : parts) {
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
        return new HeldOutScores(parts.get(0).labels(), ps.toArray(float[][]::new), pd.toArray(float[][]::new),
                pk.toArray(float[][]::new), y.stream().mapToInt(Integer::intValue).toArray(), texts, gold,
                hasLanguages ? languages : null, pd1.toArray(float[][]::new));
    }

    /**
     * The decision on row {@code i} for mixed probabilities {@code p} under the calibrated settings {@code c}
     * (threshold and guard of the row's language): the index of the accepted label, or -1 when out of scope.
     */
    int decision(float[] p, int i, Calibration c) {
        double th = threshold(i, c);
        int oos = labels.indexOf(OOS);
        int best = Mixing.bestInScope(p, oos);
        boolean rejected = (oos >= 0 && p[oos] > p[best]) || p[best] < th
                || (c.guarded().contains(labels.get(best))
                    && (p[best] < c.guardThreshold() || Mixing.sourceMass(p, Guard.sourceIndices(labels)) > c.guardOosMax()));
        return rejected ? -1 : best;
    }

    /** The calibrated out-of-scope threshold for row {@code i} (its language's, if any). */
    private double threshold(int i, Calibration c) {
        String language = languages == null ? null : languages.get(i);
        double[] settings = language == null ? null : c.perLanguage().get(language);
        return settings == null ? c.threshold() : settings[1];
    }

    /**
     * What kind of decision the probabilities {@code p} give on row {@code i} under the calibrated settings
     * {@code c}: {@link Cascade#GUARDED_ACCEPTED}, {@link Cascade#GUARD_REJECTED} (a guarded intent rejected by the
     * guard alone) or {@link Cascade#ORDINARY}.
     */
    int decisionKind(float[] p, int i, Calibration c) {
        double th = threshold(i, c);
        int oos = labels.indexOf(OOS);
        int best = Mixing.bestInScope(p, oos);
        if ((oos >= 0 && p[oos] > p[best]) || p[best] < th || !c.guarded().contains(labels.get(best))) {
            return Cascade.ORDINARY;
        }
        boolean guardRejects = p[best] < c.guardThreshold() || Mixing.sourceMass(p, Guard.sourceIndices(labels)) > c.guardOosMax();
        return guardRejects ? Cascade.GUARD_REJECTED : Cascade.GUARDED_ACCEPTED;
    }

    /** The whole ensemble's mixed probabilities for row {@code i} under the settings of its language. */
    float[] mixed(int i, Calibration c) {
        String language = languages == null ? null : languages.get(i);
        double[] settings = language == null ? null : c.perLanguage().get(language);
        double w = settings == null ? c.sparseWeight() : settings[0];
        return Mixing.mix(ps[i], pd[i], pk[i], w, c.knnWeight(language));
    }

    /** Development aid: writes the misclassified examples (language, gold, prediction, text) to a file. */
    void dumpErrors(Calibration c, java.nio.file.Path file) {
        List<String> lines = new ArrayList<>();
        int oos = labels.indexOf(OOS);
        int[] sources = Guard.sourceIndices(labels);
        for (int i = 0; i < size(); i++) {
            String language = languages == null ? null : languages.get(i);
            double[] settings = language == null ? null : c.perLanguage().get(language);
            double w = settings == null ? c.sparseWeight() : settings[0];
            double th = settings == null ? c.threshold() : settings[1];
            double wk = settings == null ? c.knnWeight() : settings[2];
            float[] p = Mixing.mix(ps[i], pd[i], pk[i], w, wk);
            int best = Mixing.bestInScope(p, oos);
            String predicted = labels.get(best);
            boolean rejected = (oos >= 0 && p[oos] > p[best]) || p[best] < th
                    || (c.guarded().contains(predicted) && (p[best] < c.guardThreshold() || Mixing.sourceMass(p, sources) > c.guardOosMax()));
            String got = rejected ? OOS : predicted;
            if (!got.equals(gold.get(i))) {
                lines.add(String.format(java.util.Locale.ROOT, "%s\t%s\t%s(%.2f)\t%s", language, gold.get(i), got.equals(OOS) ? "oos/" + predicted : got, p[best], texts.get(i)));
            }
        }
        java.util.Collections.sort(lines);
        try {
            java.nio.file.Files.write(file, lines);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
