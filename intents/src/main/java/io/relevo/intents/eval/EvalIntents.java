package io.relevo.intents.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relevo.intents.Analysis;
import io.relevo.intents.EmbeddingModel;
import io.relevo.intents.IntentEngine;
import io.relevo.intents.TrainingData;
import io.relevo.intents.TrainingData.Example;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code eval-intents}: trains an {@link IntentEngine} from scratch on a labelled data set, calibrates the
 * out-of-scope threshold on validation data only, and reports test metrics. The last output line is one
 * JSON object with inScopeAccuracy, oosRecall, macroF1, latencyP50Ms, latencyP99Ms, trainSeconds.
 * Not thread-safe (a command-line tool).
 */
public final class EvalIntents {

    static final String USAGE = String.join("\n",
            "usage: eval-intents --data FILE --format clinc150 [options]",
            "       eval-intents --train FILE --test FILE [--val FILE] --format csv [--oos-label oos] [options]",
            "  clinc150: trains on train + oos_train, calibrates on val + oos_val, reports on test + oos_test",
            "  csv: header row with columns text,label (RFC 4180 quoting); rows labelled with the oos label are",
            "       out-of-scope; without --val: 5-fold cross-validated calibration up to 6000 training examples,",
            "       above that a stratified 10 % of train is held out for calibration",
            "options:",
            "  --models minilm,bge|minilm|bge|none   embedding models next to the n-gram model (default minilm,bge)",
            "  --no-oos-train                         do not train with out-of-scope examples as a class",
            "  --no-refit                             final model from train only (default: after the threshold",
            "                                         and mixing weight are chosen on val, refit on train + val)",
            "  --min-oos-recall R                     threshold = best in-scope accuracy on val among those with",
            "                                         oos recall >= R on val (default: maximise acc + 0.2 x recall)",
            "  --locale es|en                         language hint passed to analyze (default none)");

    private EvalIntents() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> opts;
        try {
            opts = parseArgs(args);
        } catch (IllegalArgumentException e) {
            err.println("eval-intents: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Splits splits = load(opts);
            return evaluate(splits, opts, out, err);
        } catch (IllegalArgumentException e) {
            err.println("eval-intents: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("eval-intents: " + e.getMessage());
            return 1;
        }
    }

    private static final Set<String> FLAGS = Set.of("--no-oos-train", "--no-refit");
    private static final Set<String> VALUED = Set.of("--data", "--format", "--train", "--test", "--val", "--oos-label",
            "--models", "--locale", "--min-oos-recall");

    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (FLAGS.contains(a)) {
                opts.put(a, "true");
            } else if (VALUED.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                opts.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        String format = opts.get("--format");
        if ("clinc150".equals(format)) {
            if (!opts.containsKey("--data")) {
                throw new IllegalArgumentException("--format clinc150 needs --data FILE");
            }
        } else if ("csv".equals(format)) {
            if (!opts.containsKey("--train") || !opts.containsKey("--test")) {
                throw new IllegalArgumentException("--format csv needs --train FILE and --test FILE");
            }
        } else {
            throw new IllegalArgumentException("--format must be clinc150 or csv");
        }
        models(opts);
        try {
            double r = Double.parseDouble(opts.getOrDefault("--min-oos-recall", "0"));
            if (r < 0 || r > 1) {
                throw new IllegalArgumentException("--min-oos-recall must be between 0 and 1");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--min-oos-recall must be a number between 0 and 1");
        }
        return opts;
    }

    static Set<EmbeddingModel> models(Map<String, String> opts) {
        String spec = opts.getOrDefault("--models", "minilm,bge");
        Set<EmbeddingModel> models = EnumSet.noneOf(EmbeddingModel.class);
        if (spec.equals("none")) {
            return models;
        }
        for (String m : spec.split(",")) {
            switch (m.trim()) {
                case "minilm" -> models.add(EmbeddingModel.MINILM);
                case "bge" -> models.add(EmbeddingModel.BGE_SMALL);
                default -> throw new IllegalArgumentException("unknown model " + m + " (minilm, bge, none)");
            }
        }
        return models;
    }

    record Splits(List<Example> train, List<Example> val, List<Example> test) {
    }

    static Splits load(Map<String, String> opts) throws IOException {
        boolean oosTrain = !opts.containsKey("--no-oos-train");
        if ("clinc150".equals(opts.get("--format"))) {
            JsonNode root = new ObjectMapper().readTree(Path.of(opts.get("--data")).toFile());
            for (String key : List.of("train", "val", "test")) {
                if (!root.has(key)) {
                    throw new IllegalArgumentException(opts.get("--data") + ": no '" + key + "' key, not CLINC150 data");
                }
            }
            List<Example> train = clinc(root, "train");
            if (oosTrain) {
                train.addAll(clinc(root, "oos_train"));
            }
            List<Example> val = clinc(root, "val");
            val.addAll(clinc(root, "oos_val"));
            List<Example> test = clinc(root, "test");
            test.addAll(clinc(root, "oos_test"));
            return new Splits(train, val, test);
        }
        String oosLabel = opts.getOrDefault("--oos-label", TrainingData.OUT_OF_SCOPE);
        List<Example> train = csv(Path.of(opts.get("--train")), oosLabel);
        if (!oosTrain) {
            train.removeIf(e -> e.intent().equals(TrainingData.OUT_OF_SCOPE));
        }
        List<Example> val = opts.containsKey("--val") ? csv(Path.of(opts.get("--val")), oosLabel) : null;
        return new Splits(train, val, csv(Path.of(opts.get("--test")), oosLabel));
    }

    private static List<Example> clinc(JsonNode root, String key) {
        List<Example> out = new ArrayList<>();
        for (JsonNode pair : root.path(key)) {
            String label = pair.get(1).asText();
            out.add(new Example(pair.get(0).asText(), "oos".equals(label) ? TrainingData.OUT_OF_SCOPE : label));
        }
        return out;
    }

    public static List<Example> csv(Path file, String oosLabel) throws IOException {
        List<List<String>> rows = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty CSV");
        }
        List<String> header = rows.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int textCol = header.indexOf("text");
        int labelCol = header.indexOf("label");
        if (textCol < 0 || labelCol < 0) {
            throw new IllegalArgumentException(file + ": header must have columns text and label, found " + header);
        }
        List<Example> out = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            if (row.size() <= Math.max(textCol, labelCol)) {
                throw new IllegalArgumentException(file + ": row " + (r + 1) + " has " + row.size() + " columns");
            }
            String label = row.get(labelCol).strip();
            out.add(new Example(row.get(textCol), label.equals(oosLabel) ? TrainingData.OUT_OF_SCOPE : label));
        }
        return out;
    }

    private static int evaluate(Splits s, Map<String, String> opts, PrintStream out, PrintStream err) {
        String locale = opts.get("--locale");
        long t0 = System.nanoTime();
        out.printf(Locale.ROOT, "training on %d examples (%d intents)%s%n", s.train().size(),
                s.train().stream().map(Example::intent).filter(l -> !l.equals(TrainingData.OUT_OF_SCOPE)).distinct().count(),
                s.val() == null ? ", calibrating by cross-validation (<= 6000 examples) or on a held-out 10 %" : ", calibrating on " + s.val().size() + " examples");
        try (IntentEngine engine = IntentEngine.builder()
                .embeddingModels(models(opts))
                .progress(line -> err.println("  " + line))
                .refitWithCalibrationData(!opts.containsKey("--no-refit"))
                .minOosRecall(Double.parseDouble(opts.getOrDefault("--min-oos-recall", "0")))
                .train(new TrainingData(s.train()), s.val() == null ? null : new TrainingData(s.val()))) {
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "trained in %.1f s; out-of-scope threshold %.2f%n", trainSeconds, engine.threshold());

            List<Example> test = s.test();
            int warmup = Math.min(1000, test.size());
            for (int i = 0; i < warmup; i++) {
                engine.analyze(test.get(i).text(), locale);
            }
            long analysed0 = engine.analysed(), firstStage0 = engine.firstStageDecisions();
            long[] nanos = new long[test.size()];
            List<String> predicted = new ArrayList<>(test.size());
            List<String> tops = new ArrayList<>(test.size());
            int step = Math.max(1, test.size() / 10);
            for (int i = 0; i < test.size(); i++) {
                long a = System.nanoTime();
                Analysis r = engine.analyze(test.get(i).text(), locale);
                nanos[i] = System.nanoTime() - a;
                predicted.add(r.outOfScope() ? TrainingData.OUT_OF_SCOPE : r.top().intent());
                tops.add(r.top().intent());
                if ((i + 1) % step == 0) {
                    err.printf(Locale.ROOT, "  testing %d %%%n", (i + 1) * 100 / test.size());
                }
            }
            double firstStageShare = (engine.firstStageDecisions() - firstStage0) / (double) Math.max(1, engine.analysed() - analysed0);
            Metrics m = Metrics.of(test.stream().map(Example::intent).toList(), predicted);
            int inScope = 0;
            int topRight = 0;
            for (int i = 0; i < test.size(); i++) {
                if (!test.get(i).intent().equals(TrainingData.OUT_OF_SCOPE)) {
                    inScope++;
                    topRight += test.get(i).intent().equals(tops.get(i)) ? 1 : 0;
                }
            }
            Arrays.sort(nanos);
            double p50 = nanos[nanos.length / 2] / 1e6;
            double p99 = nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)] / 1e6;
            out.printf(Locale.ROOT, "test: %d in-scope, %d out-of-scope examples%n", m.inScopeTotal(), m.oosTotal());
            out.printf(Locale.ROOT, "in-scope accuracy  %.2f %%%n", 100 * m.inScopeAccuracy());
            out.printf(Locale.ROOT, "  (without out-of-scope rejection: %.2f %%)%n", 100.0 * topRight / Math.max(1, inScope));
            out.printf(Locale.ROOT, "oos recall         %.2f %%%n", 100 * m.oosRecall());
            out.printf(Locale.ROOT, "oos precision      %.2f %%%n", 100 * m.oosPrecision());
            out.printf(Locale.ROOT, "macro-F1           %.2f %%  (over in-scope intents + oos)%n", 100 * m.macroF1());
            out.printf(Locale.ROOT, "training time      %.1f s%n", trainSeconds);
            out.printf(Locale.ROOT, "latency per message (analyze, single thread, after warm-up): p50 %.2f ms, p99 %.2f ms%n", p50, p99);
            out.printf(Locale.ROOT, "decided by the cascade's first stage (without bge-small): %.1f %%%n", 100 * firstStageShare);
            out.println("most confused (gold -> predicted: count):");
            m.confusions().stream().limit(5).forEach(c -> out.printf(Locale.ROOT, "  %s -> %s: %d%n", c.gold(), c.predicted(), c.count()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("inScopeAccuracy", round(m.inScopeAccuracy()));
            json.put("oosRecall", round(m.oosRecall()));
            json.put("macroF1", round(m.macroF1()));
            json.put("latencyP50Ms", round(p50));
            json.put("latencyP99Ms", round(p99));
            json.put("trainSeconds", round(trainSeconds));
            json.put("firstStageShare", round(firstStageShare));
            out.println(new ObjectMapper().writeValueAsString(json));
            return 0;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    record Confusion(String gold, String predicted, int count) {
    }

    record Metrics(int inScopeTotal, int oosTotal, double inScopeAccuracy, double oosRecall, double oosPrecision,
                   double macroF1, List<Confusion> confusions) {

        static Metrics of(List<String> gold, List<String> predicted) {
            String oos = TrainingData.OUT_OF_SCOPE;
            int inTotal = 0, inCorrect = 0, oosTotal = 0, oosHit = 0, oosPredicted = 0;
            Map<String, int[]> perLabel = new HashMap<>(); // tp, fp, fn
            Map<List<String>, Integer> confusions = new HashMap<>();
            Set<String> labels = new TreeSet<>(gold);
            for (int i = 0; i < gold.size(); i++) {
                String g = gold.get(i);
                String p = predicted.get(i);
                if (g.equals(oos)) {
                    oosTotal++;
                    oosHit += p.equals(oos) ? 1 : 0;
                } else {
                    inTotal++;
                    inCorrect += p.equals(g) ? 1 : 0;
                }
                oosPredicted += p.equals(oos) ? 1 : 0;
                if (p.equals(g)) {
                    perLabel.computeIfAbsent(g, k -> new int[3])[0]++;
                } else {
                    perLabel.computeIfAbsent(p, k -> new int[3])[1]++;
                    perLabel.computeIfAbsent(g, k -> new int[3])[2]++;
                    confusions.merge(List.of(g, p), 1, Integer::sum);
                }
            }
            double f1Sum = 0;
            for (String l : labels) {
                int[] c = perLabel.getOrDefault(l, new int[3]);
                double denom = 2.0 * c[0] + c[1] + c[2];
                f1Sum += denom == 0 ? 0 : 2.0 * c[0] / denom;
            }
            List<Confusion> worst = confusions.entrySet().stream()
                    .map(e -> new Confusion(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                    .sorted((a, b) -> b.count() != a.count() ? Integer.compare(b.count(), a.count())
                            : (a.gold() + a.predicted()).compareTo(b.gold() + b.predicted()))
                    .toList();
            return new Metrics(inTotal, oosTotal,
                    inTotal == 0 ? 0 : inCorrect / (double) inTotal,
                    oosTotal == 0 ? 0 : oosHit / (double) oosTotal,
                    oosPredicted == 0 ? 0 : oosHit / (double) oosPredicted,
                    labels.isEmpty() ? 0 : f1Sum / labels.size(), worst);
        }
    }
}
