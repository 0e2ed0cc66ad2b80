package io.relevo.intents;

/**
 * How the ensemble's component probabilities become one distribution, and which in-scope class it picks. Shared by
 * the trained model, calibration and the cascade so that all of them decide alike. Stateless.
 */
final class Mixing {

    /**
     * Mixing rule: a weighted geometric mean of the component probabilities, renormalised (a product of
     * experts; default since intents-8), or, with {@code relevo.intents.mix=linear}, their weighted average.
     */
    static final boolean LOG_MIX = !"linear".equals(System.getProperty("relevo.intents.mix", "log"));

    private Mixing() {
    }

    static float[] mix(float[] ps, float[] pd, double w) {
        return mix(ps, pd, null, w, 0);
    }

    /** {@code w·ps + wk·pk + (1 − w − wk)·pd}; a missing component gets no weight. */
    static float[] mix(float[] ps, float[] pd, float[] pk, double w, double wk) {
        return mix(ps, pd, pk, w, wk, LOG_MIX);
    }

    /** As {@link #mix(float[], float[], float[], double, double)} with the rule given ({@code log}: geometric). */
    static float[] mix(float[] ps, float[] pd, float[] pk, double w, double wk, boolean log) {
        if (pd == null) {
            return ps;
        }
        if (pk == null) {
            wk = 0;
        }
        double wd = 1 - w - wk;
        float[] out = new float[ps.length];
        if (log) {
            double max = Double.NEGATIVE_INFINITY;
            double[] s = new double[out.length];
            for (int c = 0; c < out.length; c++) {
                s[c] = w * log(ps[c]) + wd * log(pd[c]) + (wk == 0 ? 0 : wk * log(pk[c]));
                max = Math.max(max, s[c]);
            }
            double sum = 0;
            for (int c = 0; c < out.length; c++) {
                s[c] = Math.exp(s[c] - max);
                sum += s[c];
            }
            for (int c = 0; c < out.length; c++) {
                out[c] = (float) (s[c] / sum);
            }
            return out;
        }
        for (int c = 0; c < out.length; c++) {
            out[c] = (float) (w * ps[c] + wd * pd[c] + (wk == 0 ? 0 : wk * pk[c]));
        }
        return out;
    }

    private static double log(float p) {
        return Math.log(Math.max(p, 1e-12f));
    }

    /** Index of the best class other than {@code oosIndex}. */
    static int bestInScope(float[] p, int oosIndex) {
        int best = -1;
        for (int c = 0; c < p.length; c++) {
            if (c != oosIndex && (best < 0 || p[c] > p[best])) {
                best = c;
            }
        }
        return best;
    }

    /** Summed probability of the given classes. */
    static float sourceMass(float[] p, int[] indices) {
        float sum = 0;
        for (int i : indices) {
            sum += p[i];
        }
        return sum;
    }
}
