package io.relevo.intents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Department and category names in any language, mapped to canonical keys. YAML shape:
 * <pre>
 * departments:
 *   it: [IT, TI, sistemas, informática]
 * categories:
 *   laptop: [laptop, portátil]
 * </pre>
 * Matching is case- and accent-insensitive on whole words. Immutable and thread-safe.
 */
public final class Gazetteer {

    /** One surface form of a canonical key; {@code folded} is lowercased and accent-free. */
    record Term(String kind, String key, String folded) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SHIPPED = "io/relevo/intents/gazetteer.yaml";

    private final List<Term> terms;
    private final byte[] source;

    private Gazetteer(List<Term> terms, byte[] source) {
        this.terms = List.copyOf(terms);
        this.source = source;
    }

    /** The gazetteer shipped in this jar ({@code io/relevo/intents/gazetteer.yaml}). */
    public static Gazetteer shipped() {
        try (InputStream in = Gazetteer.class.getClassLoader().getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + ": not on the class path");
            }
            return parse(in.readAllBytes(), SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException(SHIPPED + ": cannot read", e);
        }
    }

    public static Gazetteer load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    /** An empty gazetteer (no department or category entities). */
    public static Gazetteer empty() {
        return new Gazetteer(List.of(), new byte[0]);
    }

    static Gazetteer parse(byte[] bytes, String name) {
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(name + ": expected a mapping with keys departments, categories");
        }
        List<Term> terms = new ArrayList<>();
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("departments", Entity.DEPARTMENT);
        sections.put("categories", Entity.CATEGORY);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!sections.containsKey(key)) {
                throw new IllegalArgumentException(name + ": unknown key '" + key + "' (expected departments, categories)");
            }
        }
        sections.forEach((section, kind) -> {
            JsonNode node = root.get(section);
            if (node == null) {
                return;
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException(name + ": '" + section + "' must map keys to lists of names");
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isArray()) {
                    throw new IllegalArgumentException(name + ": " + section + "." + e.getKey() + " must be a list of names");
                }
                terms.add(new Term(kind, e.getKey(), TextFeatures.fold(e.getKey().replace('_', ' '))));
                for (JsonNode v : e.getValue()) {
                    if (!v.isTextual() || v.asText().isBlank()) {
                        throw new IllegalArgumentException(name + ": " + section + "." + e.getKey() + " contains a non-string " + v);
                    }
                    terms.add(new Term(kind, e.getKey(), TextFeatures.fold(v.asText().strip())));
                }
            });
        });
        terms.sort(Comparator.comparingInt((Term t) -> t.folded().length()).reversed());
        return new Gazetteer(terms, bytes);
    }

    /** Longest first. */
    List<Term> terms() {
        return terms;
    }

    byte[] sourceBytes() {
        return source.clone();
    }
}
