package io.relevo.intents.dev;

import io.relevo.intents.IntentEngine;
import io.relevo.intents.TrainingData;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Dev tool: single-threaded latency of {@link IntentEngine#analyze} on the shipped examples after warm-up.
 * {@code java -cp target/classes:target/test-classes:CP io.relevo.intents.dev.OwnDataLatency [minilm|both]}
 */
public final class OwnDataLatency {
    public static void main(String[] args) {
        var models = args.length > 0 && args[0].equals("minilm")
                ? java.util.EnumSet.of(io.relevo.intents.EmbeddingModel.MINILM)
                : java.util.EnumSet.allOf(io.relevo.intents.EmbeddingModel.class);
        TrainingData data = TrainingData.shipped();
        IntentEngine engine = IntentEngine.builder().embeddingModels(models).train(data, null);
        List<TrainingData.Example> ex = data.examples();
        for (int i = 0; i < 600; i++) {
            engine.analyze(ex.get(i % ex.size()).text(), ex.get(i % ex.size()).language());
        }
        int n = ex.size();
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            engine.analyze(ex.get(i).text(), ex.get(i).language());
            t[i] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        System.out.printf(Locale.ROOT, "%s: n=%d p50 %.2f ms p90 %.2f ms p99 %.2f ms max %.2f ms%n", models, n,
                t[n / 2] / 1e6, t[(int) (n * 0.9)] / 1e6, t[(int) (n * 0.99)] / 1e6, t[n - 1] / 1e6);
        engine.close();
    }
}
