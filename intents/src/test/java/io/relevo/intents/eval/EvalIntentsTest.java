package io.relevo.intents.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvalIntentsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return EvalIntents.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsPrintUsageAndExitWith2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: eval-intents");
        assertThat(run("--format", "xml", "--data", "x")).isEqualTo(2);
        assertThat(run("--format", "csv", "--train", "a.csv")).isEqualTo(2);
        assertThat(run("--data")).isEqualTo(2);
        assertThat(run("--format", "clinc150", "--data", "x", "--models", "gpt")).isEqualTo(2);
    }

    @Test
    void csvQuotingIsHonoured() {
        List<List<String>> rows = Csv.parse("text,label\n\"hello, world\",greet\n\"say \"\"hi\"\"\nplease\",greet\r\nbye,goodbye");
        assertThat(rows).containsExactly(List.of("text", "label"), List.of("hello, world", "greet"),
                List.of("say \"hi\"\nplease", "greet"), List.of("bye", "goodbye"));
    }

    @Test
    void csvEvaluationEndsWithAJsonLine(@TempDir Path dir) throws Exception {
        StringBuilder train = new StringBuilder("text,label\n");
        String[][] intents = {{"greet", "hello", "hi there", "good morning", "hey", "hello friend", "hi bot"},
                {"goodbye", "bye", "see you", "goodbye", "see you later", "bye bye", "farewell"},
                {"weather", "is it raining", "what's the weather", "weather today", "will it be sunny", "forecast please", "is it cold"}};
        for (String[] intent : intents) {
            for (int i = 1; i < intent.length; i++) {
                for (String prefix : List.of("", "well, ", "so ")) {
                    train.append('"').append(prefix).append(intent[i]).append("\",").append(intent[0]).append('\n');
                }
            }
        }
        train.append("\"tell me a joke\",oos\n\"what is love\",oos\n");
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("test.csv"), "text,label\nhello there,greet\nbye now,goodbye\nweather please,weather\n\"sing, a song\",oos\n");
        int code = run("--train", dir.resolve("train.csv").toString(), "--test", dir.resolve("test.csv").toString(),
                "--format", "csv", "--models", "none");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(json.fieldNames()).toIterable().containsExactly("inScopeAccuracy", "oosRecall", "macroF1",
                "latencyP50Ms", "latencyP99Ms", "trainSeconds", "firstStageShare");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("in-scope accuracy", "oos recall", "macro-F1", "most confused");
    }
}
