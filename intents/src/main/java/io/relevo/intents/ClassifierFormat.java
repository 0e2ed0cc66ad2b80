package io.relevo.intents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stored form of an {@link IntentClassifier}: labels, n-gram dictionary, the components and the calibrated
 * settings, in a fixed order (what a model file holds after the engine's header). Stateless.
 */
final class ClassifierFormat {

    private ClassifierFormat() {
    }

    static void write(IntentClassifier c, DataOutputStream out) throws IOException {
        out.writeInt(c.labels.size());
        for (String l : c.labels) {
            out.writeUTF(l);
        }
        String[] byIndex = new String[c.dictionary.size()];
        c.dictionary.forEach((k, v) -> byIndex[v] = k);
        out.writeInt(byIndex.length);
        for (String k : byIndex) {
            out.writeUTF(k);
        }
        c.sparse.write(out);
        out.writeBoolean(c.dense != null);
        if (c.dense != null) {
            c.dense.write(out);
        }
        out.writeDouble(c.sparseWeight);
        out.writeDouble(c.threshold);
        out.writeDouble(c.heldOutAccuracy);
        out.writeInt(c.guarded.size());
        for (String g : c.guarded.stream().sorted().toList()) {
            out.writeUTF(g);
        }
        out.writeDouble(c.guardThreshold);
        out.writeInt(c.perLanguage.size());
        for (Map.Entry<String, double[]> e : new java.util.TreeMap<>(c.perLanguage).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue()[0]);
            out.writeDouble(e.getValue()[1]);
            out.writeDouble(e.getValue()[2]);
        }
        out.writeBoolean(c.knn != null);
        if (c.knn != null) {
            out.writeDouble(c.knnWeight);
            c.knn.write(out);
        }
        out.writeDouble(c.guardOosMax);
        out.writeBoolean(c.logMix);
        out.writeBoolean(c.cascade != null);
        if (c.cascade != null) {
            c.cascade.write(out);
        }
    }

    static IntentClassifier read(DataInputStream in) throws IOException {
        int nLabels = in.readInt();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < nLabels; i++) {
            labels.add(in.readUTF());
        }
        int nFeatures = in.readInt();
        Map<String, Integer> dictionary = new HashMap<>(nFeatures * 2);
        for (int i = 0; i < nFeatures; i++) {
            dictionary.put(in.readUTF(), i);
        }
        LinearSoftmax sparse = LinearSoftmax.read(in);
        LinearSoftmax dense = in.readBoolean() ? LinearSoftmax.read(in) : null;
        double w = in.readDouble();
        double t = in.readDouble();
        double heldOut = in.readDouble();
        int nGuarded = in.readInt();
        Set<String> guarded = new java.util.HashSet<>();
        for (int i = 0; i < nGuarded; i++) {
            guarded.add(in.readUTF());
        }
        double guardThreshold = in.readDouble();
        int nLanguages = in.readInt();
        Map<String, double[]> perLanguage = new HashMap<>();
        for (int i = 0; i < nLanguages; i++) {
            perLanguage.put(in.readUTF(), new double[] {in.readDouble(), in.readDouble(), in.readDouble()});
        }
        NearestNeighbours knn = null;
        double knnWeight = 0;
        if (in.readBoolean()) {
            knnWeight = in.readDouble();
            knn = NearestNeighbours.read(in);
        }
        double guardOosMax = in.readDouble();
        boolean logMix = in.readBoolean();
        Cascade cascade = in.readBoolean() ? Cascade.read(in) : null;
        return new IntentClassifier(labels, dictionary, sparse, dense, knn, w, knnWeight, t, heldOut, guarded,
                guardThreshold, perLanguage, guardOosMax, logMix, cascade);
    }
}
