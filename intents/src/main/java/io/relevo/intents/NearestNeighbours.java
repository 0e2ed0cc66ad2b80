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
    private final float[] columns; // the examples dimension-major: dim * n (files store them example-major)
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
        int n = examples.length;
        this.columns = new float[n * dim];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                norm += examples[i][offset + d] * examples[i][offset + d];
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int d = 0; d < dim; d++) {
                columns[d * n + i] = examples[i][offset + d] * inv;
            }
        }
        this.y = labels.clone();
        this.temperature = temperature;
    }

    private NearestNeighbours(int classes, int offset, int dim, float[] columns, int[] y, float temperature) {
        this.offset = offset;
        this.classes = classes;
        this.dim = dim;
        this.columns = columns;
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
        // all examples' similarities at once, four dimensions per pass over them: the inner loop has no
        // reduction, so the JIT vectorises it (2.2x faster than one dot product per example, 2026-12-03)
        int n = y.length;
        float[] sims = new float[n];
        int d = 0;
        for (; d + 3 < dim; d += 4) {
            float v0 = e[d], v1 = e[d + 1], v2 = e[d + 2], v3 = e[d + 3];
            int b0 = d * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
            for (int i = 0; i < n; i++) {
                sims[i] += columns[b0 + i] * v0 + columns[b1 + i] * v1 + columns[b2 + i] * v2 + columns[b3 + i] * v3;
            }
        }
        for (; d < dim; d++) {
            float v = e[d];
            int base = d * n;
            for (int i = 0; i < n; i++) {
                sims[i] += columns[base + i] * v;
            }
        }
        float[] best = new float[classes];
        java.util.Arrays.fill(best, -1f);
        for (int i = 0; i < n; i++) {
            if (sims[i] > best[y[i]]) {
                best[y[i]] = sims[i];
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
        return new NearestNeighbours(classes, offset, dim, columns, y, t);
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
        int n = y.length;
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) {
                out.writeFloat(columns[d * n + i]);
            }
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
        float[] columns = new float[n * dim];
        for (int i = 0; i < n; i++) { // the file is example-major
            for (int d = 0; d < dim; d++) {
                columns[d * n + i] = in.readFloat();
            }
        }
        return new NearestNeighbours(classes, offset, dim, columns, y, t);
    }
}
