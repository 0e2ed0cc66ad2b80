package io.relevo.intents;

import io.relevo.texts.Lang;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Labelled training examples, loaded from YAML files of this shape (one file per language):
 * <pre>
 * language: en
 * intents:
 *   greet:
 *     - hi there
 *   report_incident:
 *     - my [laptop](category) won't turn on
 * out_of_scope:
 *     - what's the capital of France
 * </pre>
 * Entity annotations {@code [surface text](kind)} are stripped from the text and kept as {@link Entity}
 * spans (value = surface text). {@code out_of_scope} examples get the intent {@link #OUT_OF_SCOPE}.
 * A malformed file raises {@link IllegalArgumentException} whose message starts with the file name.
 * Immutable.
 */
public record TrainingData(List<Example> examples) {

    /** Label of out-of-scope examples (also the CLINC150 label). */
    public static final String OUT_OF_SCOPE = "oos";

    static final Set<String> ENTITY_KINDS = Set.of(Entity.TICKET_ID, Entity.EMAIL, Entity.PHONE, Entity.DATE,
            Entity.DATE_RANGE, Entity.NUMBER, Entity.DEPARTMENT, Entity.CATEGORY);

    private static final Pattern ANNOTATION = Pattern.compile("\\[([^\\[\\]]+)\\]\\(([^()\\s]*)\\)");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One example; {@code language} may be null when unknown. */
    public record Example(String text, String intent, String language, List<Entity> entities) {
        public Example {
            entities = List.copyOf(entities);
        }

        public Example(String text, String intent) {
            this(text, intent, null, List.of());
        }
    }

    public TrainingData {
        examples = List.copyOf(examples);
    }

    /** The data shipped in this jar: {@code io/relevo/intents/data/en.yaml} and {@code es.yaml}. */
    public static TrainingData shipped() {
        List<Example> all = new ArrayList<>();
        for (Lang lang : Lang.values()) {
            String resource = "io/relevo/intents/data/" + lang.tag() + ".yaml";
            try (InputStream in = TrainingData.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + ": not found on the class path");
                }
                all.addAll(parse(in, resource).examples());
            } catch (IOException e) {
                throw new UncheckedIOException(resource + ": cannot read", e);
            }
        }
        return new TrainingData(all);
    }

    /** All {@code *.yaml} / {@code *.yml} files of a directory, in name order. */
    public static TrainingData loadDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Example> all = new ArrayList<>();
            for (Path file : files.filter(TrainingData::isYaml).sorted().toList()) {
                all.addAll(load(file).examples());
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException(dir + ": no training examples (*.yaml) found");
            }
            return new TrainingData(all);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list", e);
        }
    }

    static boolean isYaml(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    public static TrainingData load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    /** Parses one YAML document; {@code source} names it in error messages. */
    public static TrainingData parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with keys language, intents, out_of_scope");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("language", "intents", "out_of_scope").contains(key)) {
                throw new IllegalArgumentException(source + ": unknown key '" + key + "' (expected language, intents, out_of_scope)");
            }
        }
        JsonNode langNode = root.get("language");
        if (langNode == null || !langNode.isTextual() || langNode.asText().isBlank()) {
            throw new IllegalArgumentException(source + ": missing 'language' (e.g. language: en)");
        }
        String language = langNode.asText().trim();
        JsonNode intents = root.get("intents");
        if (intents == null || !intents.isObject() || intents.isEmpty()) {
            throw new IllegalArgumentException(source + ": 'intents' must be a non-empty mapping of intent name to a list of examples");
        }
        List<Example> examples = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = intents.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String intent = e.getKey();
            if (!intent.matches("[a-z][a-z0-9_]*") || OUT_OF_SCOPE.equals(intent)) {
                throw new IllegalArgumentException(source + ": invalid intent name '" + intent + "' (lowercase letters, digits, _)");
            }
            addList(examples, e.getValue(), intent, language, source, "intents." + intent);
        }
        JsonNode oos = root.get("out_of_scope");
        if (oos != null && !oos.isNull()) {
            addList(examples, oos, OUT_OF_SCOPE, language, source, "out_of_scope");
        }
        return new TrainingData(examples);
    }

    private static void addList(List<Example> out, JsonNode list, String intent, String language, String source, String where) {
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + where + " must be a non-empty list of strings");
        }
        int i = 0;
        for (JsonNode item : list) {
            i++;
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new IllegalArgumentException(source + ": " + where + " item " + i + " is not a non-empty string: " + item);
            }
            out.add(parseExample(item.asText(), intent, language, source + ": " + where + " item " + i));
        }
    }

    static Example parseExample(String raw, String intent, String language, String where) {
        StringBuilder text = new StringBuilder();
        List<Entity> entities = new ArrayList<>();
        Matcher m = ANNOTATION.matcher(raw);
        int last = 0;
        while (m.find()) {
            String kind = m.group(2);
            if (!ENTITY_KINDS.contains(kind)) {
                throw new IllegalArgumentException(where + ": unknown entity kind '" + kind + "' in \"" + raw
                        + "\" (known: " + String.join(", ", ENTITY_KINDS.stream().sorted().toList()) + ")");
            }
            text.append(raw, last, m.start());
            int start = text.length();
            text.append(m.group(1));
            entities.add(new Entity(kind, m.group(1), start, text.length(), m.group(1)));
            last = m.end();
        }
        text.append(raw.substring(last));
        String plain = text.toString();
        if (plain.contains("](")) {
            throw new IllegalArgumentException(where + ": malformed entity annotation in \"" + raw + "\" (use [text](kind))");
        }
        return new Example(plain, intent, language, entities);
    }
}
