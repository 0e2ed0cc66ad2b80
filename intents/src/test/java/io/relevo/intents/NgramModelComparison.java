package io.relevo.intents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dev tool (not a test): the n-gram half of the ensemble against OpenNLP's document categorizer (maxent, L-BFGS
 * "MAXENT_QN", 100 iterations, cutoff 1, bag of words + word bigrams over the same folded tokens), both trained
 * with out of scope as a class and scored by in-scope accuracy without rejection (argmax over the intents).
 * <ul>
 *   <li>{@code own}: 5-fold cross-validation over the shipped data (fold r = example k of each language and intent
 *   with k % 5 == r), accuracy per language;</li>
 *   <li>{@code clinc FILE}: CLINC150 pseudo split of {@code train} only (every 5th example per intent held out;
 *   the test split is not read).</li>
 * </ul>
 * {@code java -cp target/classes:target/test-classes:CP io.relevo.intents.NgramModelComparison own|clinc FILE}
 */
final class NgramModelComparison {

    private NgramModelComparison() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("own")) {
            own();
        } else {
            clinc(Path.of(args[1]));
        }
    }

    private static void own() throws Exception {
        List<TrainingData.Example> all = TrainingData.shipped().examples();
        Map<String, int[]> counts = new TreeMap<>(); // key model/lang -> correct, total
        for (int r = 0; r < 5; r++) {
            List<TrainingData.Example> train = new ArrayList<>();
            List<TrainingData.Example> test = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (TrainingData.Example e : all) {
                int k = seen.merge(e.language() + "/" + e.intent(), 1, Integer::sum);
                (k % 5 == r ? test : train).add(e);
            }
            compare(train, test, counts);
        }
        counts.forEach((k, c) -> System.out.printf(Locale.ROOT, "%-28s %.2f %% (%d/%d)%n", k, 100.0 * c[0] / c[1], c[0], c[1]));
    }

    private static void clinc(Path file) throws Exception {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<TrainingData.Example> train = new ArrayList<>();
        List<TrainingData.Example> test = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode pair : root.path("train")) {
            String label = pair.get(1).asText();
            int k = seen.merge(label, 1, Integer::sum);
            (k % 5 == 0 ? test : train).add(new TrainingData.Example(pair.get(0).asText(), label));
        }
        for (JsonNode pair : root.path("oos_train")) {
            train.add(new TrainingData.Example(pair.get(0).asText(), TrainingData.OUT_OF_SCOPE));
        }
        Map<String, int[]> counts = new TreeMap<>();
        compare(train, test, counts);
        counts.forEach((k, c) -> System.out.printf(Locale.ROOT, "%-28s %.2f %% (%d/%d)%n", k, 100.0 * c[0] / c[1], c[0], c[1]));
    }

    private static void compare(List<TrainingData.Example> train, List<TrainingData.Example> test, Map<String, int[]> counts)
            throws Exception {
        long t0 = System.nanoTime();
        Fitting.Fitted ours = Fitting.fit(new Fitting.Batch(
                train.stream().map(TrainingData.Example::text).toList(), train.stream().map(TrainingData.Example::intent).toList(),
                new float[0][], train.stream().map(TrainingData.Example::language).toList()), Fitting.Options.defaults(), null);
        long oursMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        List<DocumentSample> samples = train.stream()
                .map(e -> new DocumentSample(e.intent(), TextFeatures.tokens(e.text()).toArray(String[]::new))).toList();
        TrainingParameters params = TrainingParameters.defaultParams();
        params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT_QN");
        params.put(TrainingParameters.ITERATIONS_PARAM, 100);
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        DoccatModel model = DocumentCategorizerME.train("und", ObjectStreamUtils.createObjectStream(samples), params,
                new DoccatFactory(new FeatureGenerator[] {new BagOfWordsFeatureGenerator(), new NGramFeatureGenerator(2, 2)}));
        DocumentCategorizerME opennlp = new DocumentCategorizerME(model);
        long opennlpMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "training on %d: ours %d ms, OpenNLP maxent-QN %d ms%n", train.size(), oursMs, opennlpMs);
        boolean extras = TextFeatures.usesExtras(ours.dictionary());
        int oos = ours.labels().indexOf(TrainingData.OUT_OF_SCOPE);
        for (TrainingData.Example e : test) {
            if (e.intent().equals(TrainingData.OUT_OF_SCOPE)) {
                continue;
            }
            String lang = e.language() == null ? "all" : e.language();
            float[] p = ours.sparse().probabilities(TextFeatures.vectorize(TextFeatures.extract(e.text(), extras), ours.dictionary()));
            String oursBest = ours.labels().get(Mixing.bestInScope(p, oos));
            double[] q = opennlp.categorize(TextFeatures.tokens(e.text()).toArray(String[]::new));
            int best = -1;
            for (int c = 0; c < q.length; c++) {
                if (!opennlp.getCategory(c).equals(TrainingData.OUT_OF_SCOPE) && (best < 0 || q[c] > q[best])) {
                    best = c;
                }
            }
            tally(counts, "ours (word+char n-grams)/" + lang, oursBest.equals(e.intent()));
            tally(counts, "OpenNLP maxent-QN/" + lang, opennlp.getCategory(best).equals(e.intent()));
        }
    }

    private static void tally(Map<String, int[]> counts, String key, boolean ok) {
        int[] c = counts.computeIfAbsent(key, k -> new int[2]);
        c[0] += ok ? 1 : 0;
        c[1]++;
    }
}
