package io.relevo.kb;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sentence embeddings with the all-MiniLM-L6-v2 (quantized) model shipped in the langchain4j jar.
 * Vectors are L2-normalised, so a dot product is the cosine. Thread-safe: the ONNX session runs
 * one inference per calling thread, each on one core (intra/inter-op threads = 1).
 * Optionally caches vectors by content hash in a file so that restarts do not recompute them.
 */
final class Embedder implements AutoCloseable {

  static final int DIMENSION = 384;
  private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);
  private static final String MODEL = "all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
  private static final String CACHE_FILE = "minilm-l6-v2-q.vectors";

  private static volatile Embedder shared;

  private final OrtSession session;
  private final Model model;
  private final Path cacheFile;
  private final Map<String, float[]> cache = new ConcurrentHashMap<>();
  private DataOutputStream cacheOut;

  private Embedder(Path cacheDir) {
    // The tokenizer library (DJL) would otherwise probe the EC2 metadata endpoint and send
    // telemetry; everything it needs is inside the jars.
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        session = env.createSession(resource(MODEL), options);
      }
      try (InputStream tokenizer = Embedder.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
        if (tokenizer == null) {
          throw new IllegalStateException("classpath resource " + TOKENIZER + " not found");
        }
        model = new Model(new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN));
      }
    } catch (OrtException | IOException e) {
      throw new IllegalStateException("cannot load the embedding model " + MODEL, e);
    }
    cacheFile = cacheDir == null ? null : cacheDir.resolve(CACHE_FILE);
    if (cacheFile != null) {
      readCache();
    }
  }

  /** An embedder without a cache, loaded once per process and never closed. */
  static Embedder shared() {
    Embedder e = shared;
    if (e == null) {
      synchronized (Embedder.class) {
        if (shared == null) {
          shared = new Embedder(null);
        }
        e = shared;
      }
    }
    return e;
  }

  static Embedder withCache(Path cacheDir) {
    return new Embedder(cacheDir);
  }

  /** Embeds a query; never cached, so that the cache holds only article content. */
  float[] embedQuery(String text) {
    return compute(text);
  }

  /** Embeds article content, through the cache when there is one. */
  float[] embed(String text) {
    if (cacheFile == null) {
      return compute(text);
    }
    String key = hash(text);
    float[] cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    float[] vector = compute(text);
    cache.put(key, vector);
    append(key, vector);
    return vector;
  }

  private float[] compute(String text) {
    // the model refuses text its tokenizer leaves empty, as it does control and format characters
    String input = text.replaceAll("\\p{C}", " ").isBlank() ? "." : text;
    try {
      return model.embed(input).content().vector();
    } catch (IllegalArgumentException nothingLeft) { // whatever else the tokenizer drops
      return model.embed(".").content().vector();
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Embedder.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("classpath resource " + name + " not found");
      }
      return in.readAllBytes();
    }
  }

  private void readCache() {
    if (!Files.exists(cacheFile)) {
      return;
    }
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cacheFile)))) {
      while (true) {
        String key;
        try {
          key = in.readUTF();
        } catch (EOFException end) {
          break;
        }
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
          v[i] = in.readFloat();
        }
        cache.put(key, v);
      }
    } catch (EOFException truncated) {
      LOG.warn("embedding cache {} ends in a partial entry; it will be extended", cacheFile);
    } catch (IOException e) {
      LOG.warn("cannot read embedding cache {}: {}", cacheFile, e.toString());
    }
  }

  private synchronized void append(String key, float[] vector) {
    try {
      if (cacheOut == null) {
        Files.createDirectories(cacheFile.getParent());
        cacheOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cacheFile,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
      }
      cacheOut.writeUTF(key);
      for (float f : vector) {
        cacheOut.writeFloat(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write embedding cache " + cacheFile, e);
    }
  }

  synchronized void flush() {
    if (cacheOut != null) {
      try {
        cacheOut.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write embedding cache " + cacheFile, e);
      }
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static double dot(float[] a, float[] b) {
    // four independent sums: the adds overlap instead of waiting for each other
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public synchronized void close() {
    if (this == shared) {
      return;
    }
    try {
      if (cacheOut != null) {
        cacheOut.close();
      }
      session.close();
    } catch (IOException | OrtException e) {
      LOG.warn("closing embedder: {}", e.toString());
    }
  }

  /** Runs embeddings in the calling thread. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model(OnnxBertBiEncoder encoder) {
      super(Runnable::run);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSION;
    }
  }
}
