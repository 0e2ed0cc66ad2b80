package io.relevo.intents;

import io.relevo.intents.TrainingData.Example;
import io.relevo.intents.eval.EvalIntents;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dev tool for choosing CLINC150-sized settings without the test split: trains once on a pseudo split
 * ({@code DIR/train.csv}, label {@code oos} = out of scope), fits several variants of the embedding softmax,
 * and for each variant and mixing rule (average / geometric mean) chooses the sparse weight and threshold on
 * {@code DIR/val.csv} at out-of-scope recall ≥ R (as {@code eval-intents --min-oos-recall R}), then reports
 * {@code DIR/test.csv} (a held-out part of CLINC's train). No refit on train + val (relative comparisons).
 * {@code java -Drelevo.intents.embeddingCache=DIR -cp ... io.relevo.intents.ClincPseudoSplit DIR R
 * name:epochs:l2:smoothing:averageFrom[,...]}
 */
public final class ClincPseudoSplit {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double minRecall = Double.parseDouble(args[1]);
        List<Example> train = EvalIntents.csv(dir.resolve("train.csv"), "oos");
        List<Example> val = EvalIntents.csv(dir.resolve("val.csv"), "oos");
        List<Example> test = EvalIntents.csv(dir.resolve("test.csv"), "oos");
        Encoders enc = new Encoders(List.of(BertEncoder.Kind.MINILM, BertEncoder.Kind.BGE_SMALL));
        List<String> texts = new ArrayList<>();
        train.forEach(e -> texts.add(e.text()));
        val.forEach(e -> texts.add(e.text()));
        float[][] emb = DevEmbeddingCache.embed(enc, texts, System.out::println);
        float[][] testEmb = DevEmbeddingCache.embed(enc, test.stream().map(Example::text).toList(), System.out::println);
        int nTrain = train.size();
        Fitting.Batch trainBatch = Training.batch(train, java.util.Arrays.copyOfRange(emb, 0, nTrain));
        Fitting.Batch valBatch = Training.batch(val, java.util.Arrays.copyOfRange(emb, nTrain, emb.length));
        Fitting.Batch testBatch = Training.batch(test, testEmb);
        Fitting.Options o = Fitting.Options.defaults();
        Fitting.Fitted sparseOnly = Fitting.fit(
                new Fitting.Batch(trainBatch.texts(), trainBatch.labels(), new float[0][], trainBatch.languages()),
                o, System.out::println);
        HeldOutScores sv = HeldOutScores.of(sparseOnly, valBatch);
        HeldOutScores st = HeldOutScores.of(sparseOnly, testBatch);
        int[] y = new int[nTrain];
        for (int i = 0; i < nTrain; i++) {
            y[i] = sparseOnly.labels().indexOf(train.get(i).intent());
        }
        for (String spec : args[2].split(",")) {
            String[] f = spec.split(":");
            long t0 = System.nanoTime();
            LinearSoftmax dense = LinearSoftmax.trainDense(trainBatch.embeddings(), y, sparseOnly.labels().size(),
                    new LinearSoftmax.Params(Integer.parseInt(f[1]), o.denseRate(), Float.parseFloat(f[2]), 23,
                            Float.parseFloat(f[3]), Integer.parseInt(f[4])), 32, 2);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            float[][] pdv = dense(dense, valBatch.embeddings());
            float[][] pdt = dense(dense, testBatch.embeddings());
            for (boolean log : new boolean[] {false, true}) {
                double[] best = null; // w, t, valAcc, valRecall
                for (int wi = 0; wi <= 10; wi++) {
                    double w = wi / 10.0;
                    for (int ti = 0; ti <= 100; ti++) {
                        double[] r = eval(sv, pdv, w, ti / 100.0, log);
                        double score = r[1] + 1e-9 >= minRecall ? 1 + r[0] : r[1];
                        if (best == null || score > best[4] + 1e-12) {
                            best = new double[] {w, ti / 100.0, r[0], r[1], score};
                        }
                    }
                }
                double[] te = eval(st, pdt, best[0], best[1], log);
                double[] teRaw = eval(st, pdt, best[0], 0, log);
                double[] vaRaw = eval(sv, pdv, best[0], 0, log);
                System.out.printf(Locale.ROOT,
                        "%-14s %-6s dense %6d ms | val: w %.1f t %.2f in-scope %.2f %% oos %.1f %% (raw %.2f %%) | pseudo-test: in-scope %.2f %% oos %.1f %% (raw %.2f %%)%n",
                        f[0], log ? "log" : "linear", ms, best[0], best[1], 100 * best[2], 100 * best[3], 100 * vaRaw[0],
                        100 * te[0], 100 * te[1], 100 * teRaw[0]);
            }
        }
        enc.close();
    }

    private static float[][] dense(LinearSoftmax m, float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = m.probabilities(SparseVector.dense(x[i]));
        }
        return out;
    }

    /** {in-scope accuracy (rejections are errors), oos recall} at sparse weight w and threshold t. */
    private static double[] eval(HeldOutScores s, float[][] pd, double w, double t, boolean log) {
        int oos = s.labels().indexOf(IntentClassifier.OOS);
        int in = 0, ok = 0, oosN = 0, hit = 0;
        for (int i = 0; i < s.size(); i++) {
            float[] p = Mixing.mix(s.ps()[i], pd[i], null, w, 0, log);
            int b = Mixing.bestInScope(p, oos);
            boolean reject = (oos >= 0 && p[oos] > p[b]) || p[b] < t;
            if (s.y()[i] == -1) {
                oosN++;
                hit += reject ? 1 : 0;
            } else {
                in++;
                ok += !reject && b == s.y()[i] ? 1 : 0;
            }
        }
        return new double[] {ok / (double) Math.max(1, in), hit / (double) Math.max(1, oosN)};
    }
}
