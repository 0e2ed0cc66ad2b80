package io.relevo.intents;

/** Sentence-embedding models usable by the engine; each ships inside a langchain4j Maven jar (no download). */
public enum EmbeddingModel {
    /** all-MiniLM-L6-v2, quantized, 384 dims, mean pooling. */
    MINILM(BertEncoder.Kind.MINILM),
    /** bge-small-en-v1.5, quantized, 384 dims, CLS pooling. */
    BGE_SMALL(BertEncoder.Kind.BGE_SMALL);

    final BertEncoder.Kind kind;

    /**
     * The models used when none are chosen: both (overridable for experiments with the system property
     * {@code relevo.intents.models}, e.g. {@code minilm} or {@code minilm,bge_small}).
     */
    static java.util.Set<EmbeddingModel> defaults() {
        String p = System.getProperty("relevo.intents.models");
        if (p == null) {
            return java.util.EnumSet.of(MINILM, BGE_SMALL);
        }
        java.util.Set<EmbeddingModel> s = java.util.EnumSet.noneOf(EmbeddingModel.class);
        for (String m : p.split(",")) {
            if (!m.isBlank() && !m.equals("none")) {
                s.add(valueOf(m.trim().toUpperCase(java.util.Locale.ROOT)));
            }
        }
        return s;
    }

    EmbeddingModel(BertEncoder.Kind kind) {
        this.kind = kind;
    }
}
