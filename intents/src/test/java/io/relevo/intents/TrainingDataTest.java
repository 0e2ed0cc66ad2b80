package io.relevo.intents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingDataTest {

    private static TrainingData parse(String yaml) {
        return TrainingData.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void stripsAnnotationsAndKeepsSpans() {
        TrainingData data = parse("""
                language: en
                intents:
                  report_incident:
                    - my [laptop](category) won't turn on
                    - the [VPN](category) keeps dropping since [yesterday](date)
                out_of_scope:
                  - what's the capital of France
                """);
        assertThat(data.examples()).hasSize(3);
        TrainingData.Example second = data.examples().get(1);
        assertThat(second.text()).isEqualTo("the VPN keeps dropping since yesterday");
        assertThat(second.intent()).isEqualTo("report_incident");
        assertThat(second.language()).isEqualTo("en");
        assertThat(second.entities()).extracting(Entity::kind).containsExactly("category", "date");
        Entity vpn = second.entities().get(0);
        assertThat(second.text().substring(vpn.start(), vpn.end())).isEqualTo("VPN");
        assertThat(data.examples().get(2).intent()).isEqualTo(TrainingData.OUT_OF_SCOPE);
    }

    @Test
    void malformedFilesNameTheFileAndTheProblem() {
        assertThatThrownBy(() -> parse("language: en\nintents: [a, b]\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("test.yaml: ").hasMessageContaining("intents");
        assertThatThrownBy(() -> parse("intents:\n  greet:\n    - hi\n"))
                .hasMessageStartingWith("test.yaml: ").hasMessageContaining("language");
        assertThatThrownBy(() -> parse("language: en\nintents:\n  greet:\n    - hi [there](planet)\n"))
                .hasMessageStartingWith("test.yaml: ").hasMessageContaining("unknown entity kind 'planet'");
        assertThatThrownBy(() -> parse("language: en\nintents:\n  greet:\n    - {a: 1}\n"))
                .hasMessageStartingWith("test.yaml: ").hasMessageContaining("intents.greet item 1");
        assertThatThrownBy(() -> parse("language: en\nintents:\n  greet: [\n"))
                .hasMessageStartingWith("test.yaml: not valid YAML");
        assertThatThrownBy(() -> parse("language: en\nintent:\n  greet:\n    - hi\n"))
                .hasMessageContaining("unknown key 'intent'");
    }

    @Test
    void loadsADirectoryAndReportsTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("en.yaml"), "language: en\nintents:\n  greet:\n    - hi\n");
        assertThat(TrainingData.loadDirectory(dir).examples()).hasSize(1);
        Files.writeString(dir.resolve("es.yaml"), "language: es\nintents:\n  saludo:\n    - \n");
        assertThatThrownBy(() -> TrainingData.loadDirectory(dir)).hasMessageContaining("es.yaml");
    }

    @Test
    void shippedDataLoadsWithBothLanguagesAndAllIntents() {
        TrainingData data = TrainingData.shipped();
        assertThat(data.examples()).extracting(TrainingData.Example::language).contains("en", "es");
        assertThat(data.examples()).extracting(TrainingData.Example::intent).contains(
                "greet", "goodbye", "thanks", "help", "ask_human", "report_incident", "ticket_status", "list_my_tickets",
                "add_ticket_comment", "cancel_ticket", "password_reset", "request_vacation", "request_equipment",
                "request_access", "affirm", "deny", "feedback_positive", "feedback_negative", TrainingData.OUT_OF_SCOPE);
    }
}
