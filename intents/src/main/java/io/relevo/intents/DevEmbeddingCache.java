package io.relevo.intents;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Development aid for evaluation runs: when the system property {@code relevo.intents.embeddingCache} names a
 * directory, embeddings of a text list are stored there and reused (key: encoders + texts). Off by default.
 */
final class DevEmbeddingCache {

    private DevEmbeddingCache() {
    }

    static float[][] embed(Encoders encoders, List<String> texts, Consumer<String> progress) {
        String dir = System.getProperty("relevo.intents.embeddingCache");
        if (dir == null || encoders.dimension() == 0) {
            return encoders.embedAll(texts, progress);
        }
        Path file = Path.of(dir, key(encoders, texts) + ".emb");
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                int n = in.readInt();
                int d = in.readInt();
                float[][] out = new float[n][d];
                for (float[] row : out) {
                    for (int j = 0; j < d; j++) {
                        row[j] = in.readFloat();
                    }
                }
                progress.accept("embeddings read from " + file);
                return out;
            } catch (IOException e) {
                progress.accept("embedding cache unreadable, recomputing: " + e);
            }
        }
        float[][] out = encoders.embedAll(texts, progress);
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                o.writeInt(out.length);
                o.writeInt(out.length == 0 ? 0 : out[0].length);
                for (float[] row : out) {
                    for (float v : row) {
                        o.writeFloat(v);
                    }
                }
            }
        } catch (IOException e) {
            progress.accept("cannot write embedding cache: " + e);
        }
        return out;
    }

    private static String key(Encoders encoders, List<String> texts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((encoders.kinds() + "|" + BertEncoder.BOTH_POOLINGS).getBytes(StandardCharsets.UTF_8));
            for (String t : texts) {
                md.update(t.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
