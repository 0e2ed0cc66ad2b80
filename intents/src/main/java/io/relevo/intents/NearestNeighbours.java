package io.relevo.intents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Nearest-neighbour class scores over unit-norm sentence embeddings, for small training sets: the score of a
 * class is the cosine similarity of its most similar training example, turned into probabilities by a softmax
 * with a low temperature. Immutable and thread-safe.
 */
final class NearestNeighbours {

    private final int classes;
    private final int dim;
    private final float[] x; // example-major, n * dim
    private final int[] y;
    private final float temperature;
    private final int offset;

    /**
     * Uses components {@code offset .. offset + dims - 1} of each embedding (all when {@code dims <= 0}),
     * re-normalised.
     */
    NearestNeighbours(float[][] examples, int[] labels, int classes, float temperature, int offset, int dims) {
        this.classes = classes;
        int full = examples.length == 0 ? 0 : examples[0].length;
        this.offset = dims <= 0 || offset + dims > full ? 0 : offset;
        this.dim = dims <= 0 ? full : Math.min(dims, full - this.offset);
        this.x = new float[examples.length * dim];
        for (int i = 0; i < examples.length; i++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                norm += examples[i][offset + d] * examples[i][offset + d];
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = examples[i][offset + d] * inv;
            }
        }
        this.y = labels.clone();
        this.temperature = temperature;
    }

    private NearestNeighbours(int classes, int offset, int dim, float[] x, int[] y, float temperature) {
        this.offset = offset;
        this.classes = classes;
        this.dim = dim;
        this.x = x;
        this.y = y;
        this.temperature = temperature;
    }

    /** Best similarity per class (-1 for a class without examples). */
    float[] similarities(float[] full) {
        float[] e = full;
        if (full.length != dim) {
            e = new float[dim];
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                norm += full[offset + d] * full[offset + d];
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int d = 0; d < dim; d++) {
                e[d] = full[offset + d] * inv;
            }
        }
        float[] best = new float[classes];
        java.util.Arrays.fill(best, -1f);
        int n = y.length;
        for (int i = 0; i < n; i++) {
            int base = i * dim;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int d = 0;
            for (; d + 3 < dim; d += 4) {
                s0 += x[base + d] * e[d];
                s1 += x[base + d + 1] * e[d + 1];
                s2 += x[base + d + 2] * e[d + 2];
                s3 += x[base + d + 3] * e[d + 3];
            }
            for (; d < dim; d++) {
                s0 += x[base + d] * e[d];
            }
            float s = (s0 + s1) + (s2 + s3);
            if (s > best[y[i]]) {
                best[y[i]] = s;
            }
        }
        return best;
    }

    float[] probabilities(float[] e) {
        return probabilities(similarities(e), temperature);
    }

    static float[] probabilities(float[] similarities, float temperature) {
        float[] p = new float[similarities.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = similarities[c] / temperature;
        }
        LinearSoftmax.softmaxInPlace(p);
        return p;
    }

    float temperature() {
        return temperature;
    }

    NearestNeighbours withTemperature(float t) {
        return new NearestNeighbours(classes, offset, dim, x, y, t);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(classes);
        out.writeInt(offset);
        out.writeInt(dim);
        out.writeInt(y.length);
        out.writeFloat(temperature);
        for (int v : y) {
            out.writeInt(v);
        }
        for (float v : x) {
            out.writeFloat(v);
        }
    }

    static NearestNeighbours read(DataInputStream in) throws IOException {
        int classes = in.readInt();
        int offset = in.readInt();
        int dim = in.readInt();
        int n = in.readInt();
        float t = in.readFloat();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = in.readInt();
        }
        float[] x = new float[n * dim];
        for (int i = 0; i < x.length; i++) {
            x[i] = in.readFloat();
        }
        return new NearestNeighbours(classes, offset, dim, x, y, t);
    }
}
