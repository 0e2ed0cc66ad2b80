package io.relevo.intents;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Multinomial logistic regression trained with AdaGrad and L2 regularisation (own trainer: a few seconds
 * for thousands of examples). Immutable after training and thread-safe for {@link #probabilities}.
 */
final class LinearSoftmax {

    private final int features;
    private final int classes;
    private final float[] weights; // feature-major: weights[f * classes + c]
    private final float[] bias;

    private LinearSoftmax(int features, int classes, float[] weights, float[] bias) {
        this.features = features;
        this.classes = classes;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * {@code labelSmoothing}: the target puts this much probability mass uniformly on all classes (dense trainer);
     * {@code averageFrom}: from this epoch on (1-based, 0 = never) the dense trainer returns the average of the
     * weights at the end of each epoch instead of the last ones.
     */
    record Params(int epochs, float learningRate, float l2, long seed, float labelSmoothing, int averageFrom) {
        Params(int epochs, float learningRate, float l2, long seed) {
            this(epochs, learningRate, l2, seed, 0f, 0);
        }
    }

    static LinearSoftmax train(SparseVector[] x, int[] y, int features, int classes, Params p, IntConsumer epochDone) {
        float[] w = new float[features * classes];
        float[] g2 = new float[features * classes];
        float[] b = new float[classes];
        float[] gb2 = new float[classes];
        float[] prob = new float[classes];
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(p.seed());
        float lr = p.learningRate();
        float l2 = p.l2();
        for (int epoch = 0; epoch < p.epochs(); epoch++) {
            shuffle(order, random);
            for (int i : order) {
                SparseVector v = x[i];
                scores(w, b, classes, v, prob);
                softmaxInPlace(prob);
                prob[y[i]] -= 1f; // prob now holds the gradient of the loss w.r.t. the scores
                for (int k = 0; k < v.size(); k++) {
                    int base = v.index(k) * classes;
                    float xv = v.values()[k];
                    for (int c = 0; c < classes; c++) {
                        float grad = xv * prob[c] + l2 * w[base + c];
                        g2[base + c] += grad * grad;
                        w[base + c] -= lr * grad / (float) Math.sqrt(g2[base + c] + 1e-8f);
                    }
                }
                for (int c = 0; c < classes; c++) {
                    gb2[c] += prob[c] * prob[c];
                    b[c] -= lr * prob[c] / (float) Math.sqrt(gb2[c] + 1e-8f);
                }
            }
            if (epochDone != null) {
                epochDone.accept(epoch + 1);
            }
        }
        return new LinearSoftmax(features, classes, w, b);
    }

    /**
     * Dense inputs: mini-batch gradient with Adam (one square root per weight per batch instead of per
     * example), L2 on the weights. The batch gradient is computed by up to {@code threads} threads.
     */
    static LinearSoftmax trainDense(float[][] x, int[] y, int classes, Params p, int batchSize, int threads) {
        int dim = x[0].length;
        float[] w = new float[dim * classes];
        float[] b = new float[classes];
        int parts = Math.max(1, threads);
        float[][] gw = new float[parts][dim * classes];
        float[][] gb = new float[parts][classes];
        float[] m = new float[dim * classes + classes];
        float[] v = new float[dim * classes + classes];
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(p.seed());
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        int t = 0;
        float smoothing = p.labelSmoothing();
        float[] avgW = p.averageFrom() > 0 ? new float[w.length] : null;
        float[] avgB = p.averageFrom() > 0 ? new float[classes] : null;
        int averaged = 0;
        java.util.concurrent.ExecutorService pool = parts > 1 ? java.util.concurrent.Executors.newFixedThreadPool(parts - 1, r -> {
            Thread th = new Thread(r, "intents-trainer");
            th.setDaemon(true);
            return th;
        }) : null;
        try {
            for (int epoch = 0; epoch < p.epochs(); epoch++) {
                shuffle(order, random);
                for (int start = 0; start < order.length; start += batchSize) {
                    int end = Math.min(order.length, start + batchSize);
                    int per = (end - start + parts - 1) / parts;
                    List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
                    for (int part = 1; part < parts; part++) {
                        int from = Math.min(end, start + part * per);
                        int to = Math.min(end, from + per);
                        int idx = part;
                        futures.add(pool.submit(() -> gradient(x, y, order, from, to, w, b, classes, gw[idx], gb[idx], smoothing)));
                    }
                    gradient(x, y, order, start, Math.min(end, start + per), w, b, classes, gw[0], gb[0], smoothing);
                    for (java.util.concurrent.Future<?> f : futures) {
                        try {
                            f.get();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("training interrupted", e);
                        } catch (java.util.concurrent.ExecutionException e) {
                            throw new IllegalStateException(e.getCause());
                        }
                    }
                    for (int part = 1; part < parts; part++) {
                        float[] g = gw[part];
                        float[] g0 = gw[0];
                        for (int j = 0; j < g0.length; j++) {
                            g0[j] += g[j];
                        }
                        for (int c = 0; c < classes; c++) {
                            gb[0][c] += gb[part][c];
                        }
                    }
                    t++;
                    float scale = 1f / (end - start);
                    float lrT = (float) (p.learningRate() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
                    float[] g0 = gw[0];
                    for (int j = 0; j < w.length; j++) {
                        float g = g0[j] * scale + p.l2() * w[j];
                        m[j] = beta1 * m[j] + (1 - beta1) * g;
                        v[j] = beta2 * v[j] + (1 - beta2) * g * g;
                        w[j] -= lrT * m[j] / ((float) Math.sqrt(v[j]) + 1e-8f);
                    }
                    for (int c = 0; c < classes; c++) {
                        int j = w.length + c;
                        float g = gb[0][c] * scale;
                        m[j] = beta1 * m[j] + (1 - beta1) * g;
                        v[j] = beta2 * v[j] + (1 - beta2) * g * g;
                        b[c] -= lrT * m[j] / ((float) Math.sqrt(v[j]) + 1e-8f);
                    }
                }
                if (avgW != null && epoch + 1 >= p.averageFrom()) {
                    averaged++;
                    float k = 1f / averaged;
                    for (int j = 0; j < w.length; j++) {
                        avgW[j] += (w[j] - avgW[j]) * k;
                    }
                    for (int c = 0; c < classes; c++) {
                        avgB[c] += (b[c] - avgB[c]) * k;
                    }
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return averaged > 0 ? new LinearSoftmax(dim, classes, avgW, avgB) : new LinearSoftmax(dim, classes, w, b);
    }

    /** Adds the loss gradient of examples order[from..to) into gw/gb (after zeroing them). */
    private static void gradient(float[][] x, int[] y, int[] order, int from, int to, float[] w, float[] b, int classes,
                                 float[] gw, float[] gb, float smoothing) {
        java.util.Arrays.fill(gw, 0f);
        java.util.Arrays.fill(gb, 0f);
        float[] prob = new float[classes];
        for (int k = from; k < to; k++) {
            int i = order[k];
            float[] xi = x[i];
            int dim = xi.length;
            denseScores(xi, dim, w, b, classes, prob);
            softmaxInPlace(prob);
            if (smoothing > 0) {
                float uniform = smoothing / classes;
                for (int c = 0; c < classes; c++) {
                    prob[c] -= uniform;
                }
            }
            prob[y[i]] -= 1f - smoothing;
            for (int d = 0; d < dim; d++) {
                float xv = xi[d];
                int base = d * classes;
                for (int c = 0; c < classes; c++) {
                    gw[base + c] += xv * prob[c];
                }
            }
            for (int c = 0; c < classes; c++) {
                gb[c] += prob[c];
            }
        }
    }

    float[] probabilities(SparseVector v) {
        float[] out = new float[classes];
        scores(weights, bias, classes, v, out);
        softmaxInPlace(out);
        return out;
    }

    int classes() {
        return classes;
    }

    int features() {
        return features;
    }

    /** Probabilities for the dense input made of the first {@link #features()} components of {@code x}. */
    float[] probabilitiesOfPrefix(float[] x) {
        float[] out = new float[classes];
        denseScores(x, features, weights, bias, classes, out);
        softmaxInPlace(out);
        return out;
    }

    /** {@code out = b + x[0..dim) · w} for weights laid out feature-major ({@code w[d * classes + c]}). */
    private static void denseScores(float[] x, int dim, float[] w, float[] b, int classes, float[] out) {
        System.arraycopy(b, 0, out, 0, classes);
        for (int d = 0; d < dim; d++) {
            float xv = x[d];
            int base = d * classes;
            for (int c = 0; c < classes; c++) {
                out[c] += xv * w[base + c];
            }
        }
    }

    private static void scores(float[] w, float[] b, int classes, SparseVector v, float[] out) {
        System.arraycopy(b, 0, out, 0, classes);
        for (int k = 0; k < v.size(); k++) {
            int base = v.index(k) * classes;
            float xv = v.values()[k];
            for (int c = 0; c < classes; c++) {
                out[c] += xv * w[base + c];
            }
        }
    }

    static void softmaxInPlace(float[] s) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int c = 0; c < s.length; c++) {
            s[c] = (float) Math.exp(s[c] - max);
            sum += s[c];
        }
        for (int c = 0; c < s.length; c++) {
            s[c] /= (float) sum;
        }
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(features);
        out.writeInt(classes);
        for (float v : bias) {
            out.writeFloat(v);
        }
        for (float v : weights) {
            out.writeFloat(v);
        }
    }

    static LinearSoftmax read(DataInputStream in) throws IOException {
        int features = in.readInt();
        int classes = in.readInt();
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            bias[c] = in.readFloat();
        }
        float[] weights = new float[features * classes];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = in.readFloat();
        }
        return new LinearSoftmax(features, classes, weights, bias);
    }
}
