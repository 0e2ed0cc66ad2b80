package io.relevo.intents;

import io.relevo.intents.TrainingData.Example;
import io.relevo.intents.eval.EvalIntents;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Dev tool for choosing the cascade's agreement without a test split: trains once on a pseudo split
 * ({@code DIR/train.csv}, {@code DIR/val.csv}, {@code DIR/test.csv}, label {@code oos} = out of scope; see
 * {@link ClincPseudoSplit}), calibrates the whole ensemble on {@code val} at out-of-scope recall ≥ R, then for each
 * agreement calibrates the first stage on {@code val} and reports, on {@code test}, the whole ensemble's and the
 * cascade's in-scope accuracy and out-of-scope recall, the share the first stage decides and the decisions that
 * differ. No refit on train + val (relative comparisons).
 * {@code java -Xmx4g -Drelevo.intents.embeddingCache=DIR -cp ... io.relevo.intents.CascadeRule DIR R 0.998,0.999,...}
 */
public final class CascadeRule {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        double minRecall = Double.parseDouble(args[1]);
        List<Example> train = EvalIntents.csv(dir.resolve("train.csv"), "oos");
        List<Example> val = EvalIntents.csv(dir.resolve("val.csv"), "oos");
        List<Example> test = EvalIntents.csv(dir.resolve("test.csv"), "oos");
        try (Encoders enc = new Encoders(List.of(BertEncoder.Kind.MINILM, BertEncoder.Kind.BGE_SMALL))) {
            List<String> texts = new ArrayList<>();
            train.forEach(e -> texts.add(e.text()));
            val.forEach(e -> texts.add(e.text()));
            test.forEach(e -> texts.add(e.text()));
            float[][] emb = DevEmbeddingCache.embed(enc, texts, System.out::println);
            int a = train.size();
            int b = a + val.size();
            Fitting.Fitted fitted = Fitting.fit(Training.batch(train, Arrays.copyOfRange(emb, 0, a)),
                    Fitting.Options.defaults(), System.out::println, null, Training.firstStageDims(enc));
            HeldOutScores sv = HeldOutScores.of(fitted, Training.batch(val, Arrays.copyOfRange(emb, a, b)));
            HeldOutScores st = HeldOutScores.of(fitted, Training.batch(test, Arrays.copyOfRange(emb, b, emb.length)));
            Calibration cal = Calibrator.calibrate(sv, minRecall, System.out::println);
            cal = Calibrator.calibratePerLanguage(sv, cal, minRecall, System.out::println);
            cal = Guard.calibrate(sv, cal, Set.of(), System.out::println);
            int[] whole = new int[st.size()];
            for (int i = 0; i < st.size(); i++) {
                whole[i] = st.decision(st.mixed(i, cal), i, cal);
            }
            report("whole ensemble", st, whole, 0, 0);
            for (String spec : args[2].split(",")) {
                double agreement = Double.parseDouble(spec);
                Cascade.Settings settings = Cascade.calibrate(sv, cal, agreement, System.out::println);
                int[] cascade = new int[st.size()];
                int decided = 0, differ = 0;
                for (int i = 0; i < st.size(); i++) {
                    double[] s = settings.of(st.languages() == null ? null : st.languages().get(i));
                    float[] p = Mixing.mix(st.ps()[i], st.pd1()[i], st.pk()[i], s[Cascade.SPARSE_WEIGHT], s[Cascade.KNN_WEIGHT]);
                    int kind = st.decisionKind(p, i, cal);
                    if (Cascade.decides(p, s, kind)) {
                        decided++;
                        cascade[i] = st.decision(p, i, cal);
                    } else {
                        cascade[i] = whole[i];
                    }
                    differ += cascade[i] != whole[i] ? 1 : 0;
                }
                report("agreement " + spec, st, cascade, decided, differ);
            }
        }
    }

    private static void report(String name, HeldOutScores s, int[] decision, int decided, int differ) {
        int in = 0, ok = 0, oos = 0, hit = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.y()[i] == -1) {
                oos++;
                hit += decision[i] == -1 ? 1 : 0;
            } else {
                in++;
                ok += decision[i] == s.y()[i] ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "RESULT %-18s in-scope %.2f %% (%d/%d) | oos recall %.1f %% (%d/%d) | first stage decides %.1f %% | %d differ%n",
                name, 100.0 * ok / in, ok, in, 100.0 * hit / Math.max(1, oos), hit, oos, 100.0 * decided / s.size(), differ);
    }
}
