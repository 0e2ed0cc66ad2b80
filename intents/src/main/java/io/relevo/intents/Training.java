package io.relevo.intents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Training pipeline: embed once, fit, calibrate, optionally refit on everything. Stateless. */
final class Training {

    private Training() {
    }

    static IntentClassifier train(TrainingData train, TrainingData calibration, boolean refit, Set<String> guarded,
                                  double minOosRecall, Encoders encoders, Consumer<String> progress) {
        return train(train, calibration, refit, guarded, minOosRecall, Cascade.ENABLED, encoders, progress);
    }

    /** As above; with {@code cascade} the model gets a first stage (with at least two encoders). */
    static IntentClassifier train(TrainingData train, TrainingData calibration, boolean refit, Set<String> guarded,
                                  double minOosRecall, boolean cascade, Encoders encoders, Consumer<String> progress) {
        if (train.examples().stream().allMatch(e -> TrainingData.OUT_OF_SCOPE.equals(e.intent()))) {
            throw new IllegalArgumentException("no in-scope training examples");
        }
        Fitting.Options options = Fitting.Options.defaults();
        if (calibration == null && refit && CV_FOLDS > 1 && train.examples().size() <= CV_MAX_EXAMPLES) {
            return crossValidated(train, guarded, minOosRecall, cascade ? firstStageDims(encoders) : 0, encoders, options, progress);
        }
        List<TrainingData.Example> fitPart = new ArrayList<>();
        List<TrainingData.Example> calPart = new ArrayList<>();
        if (calibration != null) {
            fitPart.addAll(train.examples());
            calPart.addAll(calibration.examples());
        } else {
            Map<String, Integer> seen = new HashMap<>();
            for (TrainingData.Example e : train.examples()) {
                int k = seen.merge(e.intent(), 1, Integer::sum);
                (k % 10 == 0 ? calPart : fitPart).add(e);
            }
        }
        List<String> texts = new ArrayList<>();
        fitPart.forEach(e -> texts.add(e.text()));
        calPart.forEach(e -> texts.add(e.text()));
        progress.accept("embedding " + texts.size() + " texts with " + encoders.kinds());
        long t0 = System.nanoTime();
        float[][] emb = DevEmbeddingCache.embed(encoders, texts, progress);
        progress.accept("embedded in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        int nFit = fitPart.size();
        Fitting.Batch fitBatch = batch(fitPart, java.util.Arrays.copyOfRange(emb, 0, nFit));
        Fitting.Batch calBatch = batch(calPart, java.util.Arrays.copyOfRange(emb, nFit, emb.length));
        int firstStageDims = calPart.isEmpty() || !cascade ? 0 : firstStageDims(encoders);
        Fitting.Fitted fitted = Fitting.fit(fitBatch, options, progress, null, firstStageDims);
        Calibration cal = new Calibration(0.5, 0, 0, 0);
        Cascade.Settings firstStage = null;
        if (!calPart.isEmpty()) {
            HeldOutScores scored = HeldOutScores.of(fitted, calBatch);
            cal = Calibrator.calibrate(scored, minOosRecall, progress);
            cal = Calibrator.calibratePerLanguage(scored, cal, minOosRecall, progress);
            cal = Guard.calibrate(scored, cal, guarded, progress);
            firstStage = firstStageDims == 0 ? null : Cascade.calibrate(scored, cal, Cascade.AGREEMENT, progress);
        }
        if (refit && !calPart.isEmpty()) {
            progress.accept("refitting on all " + emb.length + " examples with the calibrated settings");
            List<TrainingData.Example> all = new ArrayList<>(fitPart);
            all.addAll(calPart);
            fitted = Fitting.fit(batch(all, emb), options, progress, null, firstStageDims);
        }
        return IntentClassifier.of(fitted, cal, firstStage);
    }

    /**
     * Width of the first encoder's part of the embedding, which the cascade's first stage reads, or 0 (no first
     * stage) with fewer than two encoders.
     */
    static int firstStageDims(Encoders encoders) {
        return encoders.kinds().size() > 1 ? encoders.firstWidth() : 0;
    }

    /** Folds for cross-validated calibration when no calibration data is given (small data sets). */
    static final int CV_FOLDS = Integer.getInteger("relevo.intents.cvFolds", 5);
    static final int CV_MAX_EXAMPLES = Integer.getInteger("relevo.intents.cvMaxExamples", 6000);

    /**
     * Small data without calibration data: every example is scored once by a model fitted on the other folds
     * (example k of each label goes to fold k mod {@link #CV_FOLDS}), the mixing weights, threshold and guard are
     * chosen on all these held-out scores, and the final model is fitted on everything.
     */
    private static IntentClassifier crossValidated(TrainingData train, Set<String> guarded, double minOosRecall,
                                                   int firstStageDims, Encoders encoders, Fitting.Options options,
                                                   Consumer<String> progress) {
        List<TrainingData.Example> all = train.examples();
        List<String> texts = all.stream().map(TrainingData.Example::text).toList();
        progress.accept("embedding " + texts.size() + " texts with " + encoders.kinds());
        long t0 = System.nanoTime();
        float[][] emb = DevEmbeddingCache.embed(encoders, texts, progress);
        progress.accept("embedded in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        List<String> labels = new ArrayList<>(new java.util.LinkedHashSet<>(all.stream().map(TrainingData.Example::intent).toList()));
        int[] fold = new int[all.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            fold[i] = seen.merge(all.get(i).intent(), 1, Integer::sum) % CV_FOLDS;
        }
        List<HeldOutScores> parts = new ArrayList<>();
        Consumer<String> quiet = line -> { };
        for (int k = 0; k < CV_FOLDS; k++) {
            List<TrainingData.Example> fitPart = new ArrayList<>();
            List<TrainingData.Example> calPart = new ArrayList<>();
            List<float[]> fitEmb = new ArrayList<>();
            List<float[]> calEmb = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                (fold[i] == k ? calPart : fitPart).add(all.get(i));
                (fold[i] == k ? calEmb : fitEmb).add(emb[i]);
            }
            Fitting.Fitted f = Fitting.fit(batch(fitPart, fitEmb.toArray(float[][]::new)), options, quiet, labels,
                    firstStageDims);
            parts.add(HeldOutScores.of(f, batch(calPart, calEmb.toArray(float[][]::new))));
        }
        progress.accept(CV_FOLDS + "-fold cross-validated scores in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        HeldOutScores scored = HeldOutScores.concat(parts);
        Calibration cal = Calibrator.calibrate(scored, minOosRecall, progress);
        cal = Calibrator.calibratePerLanguage(scored, cal, minOosRecall, progress);
        cal = Guard.calibrate(scored, cal, guarded, progress);
        String dump = System.getProperty("relevo.intents.cvErrors");
        if (dump != null) {
            scored.dumpErrors(cal, java.nio.file.Path.of(dump));
        }
        Cascade.Settings firstStage = firstStageDims == 0 ? null : Cascade.calibrate(scored, cal, Cascade.AGREEMENT, progress);
        Fitting.Fitted fitted = Fitting.fit(batch(all, emb), options, progress, labels, firstStageDims);
        return IntentClassifier.of(fitted, cal, firstStage);
    }

    static Fitting.Batch batch(List<TrainingData.Example> examples, float[][] emb) {
        return new Fitting.Batch(examples.stream().map(TrainingData.Example::text).toList(),
                examples.stream().map(TrainingData.Example::intent).toList(), emb,
                examples.stream().map(TrainingData.Example::language).toList());
    }
}
