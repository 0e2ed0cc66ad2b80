package io.relevo.intents;

/** Sentence-embedding models usable by the engine; each ships inside a langchain4j Maven jar (no download). */
public enum EmbeddingModel {
    /** all-MiniLM-L6-v2, quantized, 384 dims, mean pooling. */
    MINILM(BertEncoder.Kind.MINILM),
    /** bge-small-en-v1.5, quantized, 384 dims, CLS pooling. */
    BGE_SMALL(BertEncoder.Kind.BGE_SMALL);

    final BertEncoder.Kind kind;

    EmbeddingModel(BertEncoder.Kind kind) {
        this.kind = kind;
    }
}
