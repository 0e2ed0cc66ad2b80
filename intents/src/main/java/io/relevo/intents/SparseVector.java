package io.relevo.intents;

/** Feature vector; {@code indices == null} means dense (index i holds values[i]). Immutable by convention. */
record SparseVector(int[] indices, float[] values) {

    static SparseVector dense(float[] values) {
        return new SparseVector(null, values);
    }

    int size() {
        return values.length;
    }

    int index(int k) {
        return indices == null ? k : indices[k];
    }
}
