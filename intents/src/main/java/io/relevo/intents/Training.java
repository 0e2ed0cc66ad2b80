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
        if (train.examples().stream().allMatch(e -> TrainingData.OUT_OF_SCOPE.equals(e.intent()))) {
            throw new IllegalArgumentException("no in-scope training examples");
        }
        IntentClassifier.Options options = IntentClassifier.Options.defaults();
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
        IntentClassifier.Batch fitBatch = batch(fitPart, java.util.Arrays.copyOfRange(emb, 0, nFit));
        IntentClassifier.Batch calBatch = batch(calPart, java.util.Arrays.copyOfRange(emb, nFit, emb.length));
        IntentClassifier.Fitted fitted = IntentClassifier.fit(fitBatch, options, progress);
        IntentClassifier.Calibration cal = calPart.isEmpty()
                ? new IntentClassifier.Calibration(0.5, 0, 0, 0)
                : IntentClassifier.calibrate(fitted, calBatch, minOosRecall, progress);
        if (!calPart.isEmpty()) {
            cal = IntentClassifier.calibratePerLanguage(fitted, calBatch, cal, minOosRecall, progress);
            cal = IntentClassifier.guard(fitted, calBatch, cal, guarded, progress);
        }
        if (refit && !calPart.isEmpty()) {
            progress.accept("refitting on all " + emb.length + " examples with the calibrated settings");
            List<TrainingData.Example> all = new ArrayList<>(fitPart);
            all.addAll(calPart);
            fitted = IntentClassifier.fit(batch(all, emb), options, progress);
        }
        return IntentClassifier.of(fitted, cal);
    }

    private static IntentClassifier.Batch batch(List<TrainingData.Example> examples, float[][] emb) {
        return new IntentClassifier.Batch(examples.stream().map(TrainingData.Example::text).toList(),
                examples.stream().map(TrainingData.Example::intent).toList(), emb,
                examples.stream().map(TrainingData.Example::language).toList());
    }
}
