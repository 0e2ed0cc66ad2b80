package io.relevo.intents;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IntentEngineTest {

    private final IntentEngine engine = TestEngines.heldOut().engine();

    @Test
    void classifiesAndExtractsInBothLanguages() {
        Analysis es = engine.analyze("mi portátil no enciende desde mañana, abre una incidencia", null);
        assertThat(es.language()).isEqualTo("es");
        assertThat(es.top().intent()).isEqualTo("report_incident");
        assertThat(es.outOfScope()).isFalse();
        assertThat(es.entities()).extracting(Entity::kind).contains(Entity.CATEGORY, Entity.DATE);

        Analysis en = engine.analyze("what is the status of INC-000123?", null);
        assertThat(en.language()).isEqualTo("en");
        assertThat(en.top().intent()).isEqualTo("ticket_status");
        assertThat(en.entities()).extracting(Entity::value).containsExactly("INC-000123");
        assertThat(en.alternatives()).hasSizeLessThanOrEqualTo(4).allSatisfy(a ->
                assertThat(a.confidence()).isLessThanOrEqualTo(en.top().confidence()));
    }

    @Test
    void outOfScopeKeepsTheBestGuess() {
        Analysis a = engine.analyze("what is the capital of France?", "en");
        assertThat(a.outOfScope()).isTrue();
        assertThat(a.top()).isNotNull();
        assertThat(a.top().intent()).isNotEqualTo(TrainingData.OUT_OF_SCOPE);
    }

    @Test
    void badInputGivesClearResultsWithoutExceptions() {
        for (String text : List.of("", "   ", "x".repeat(10_000), "la impresora ".repeat(800), "Привет 你好 مرحبا hola hello",
                "😀😀😀", "🖨️🔥", "\u0000\u0001\uFFFF", "\uD83D")) {
            Analysis a = engine.analyze(text, null);
            assertThat(a.language()).isIn("es", "en");
            assertThat(a.top()).isNotNull();
            assertThat(a.top().confidence()).isBetween(0.0, 1.0);
            assertThat(a.entities()).isNotNull();
        }
        assertThat(engine.analyze("", "es").outOfScope()).isTrue();
        assertThat(engine.analyze("", "es").language()).isEqualTo("es");
        assertThat(engine.analyze(null, null).outOfScope()).isTrue();
        assertThat(engine.analyze("   ", "en").outOfScope()).isTrue();
    }

    @Test
    void saveAndLoadGiveTheSameAnswers() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        engine.save(bytes);
        try (IntentEngine loaded = IntentEngine.builder().clock(TestEngines.CLOCK).load(new ByteArrayInputStream(bytes.toByteArray()))) {
            java.util.Set<Integer> stages = new java.util.TreeSet<>();
            for (String text : List.of("quiero hablar con una persona", "cancel my ticket 45", "gracias!")) {
                IntentEngine.Staged original = engine.staged(text, null, IntentEngine.Effort.CASCADE);
                assertThat(loaded.staged(text, null, IntentEngine.Effort.CASCADE)).isEqualTo(original);
                stages.add(original.stage());
            }
            assertThat(stages).as("both cascade stages are exercised").containsExactly(1, 2);
        }
    }

    @Test
    void theFirstStageGivesTheSameSentenceVectorAndItsOwnAlternatives() {
        IntentEngine.Staged first = engine.staged("muchas gracias por todo", "es", IntentEngine.Effort.CASCADE);
        Analysis whole = engine.staged("muchas gracias por todo", "es", IntentEngine.Effort.WHOLE).analysis();
        assertThat(first.stage()).isEqualTo(1);
        assertThat(first.analysis().sentenceVector()).isNotNull().isEqualTo(whole.sentenceVector());
        assertThat(first.analysis().top().intent()).isEqualTo(whole.top().intent());
        assertThat(first.analysis().alternatives()).hasSize(4).allSatisfy(a ->
                assertThat(a.confidence()).isLessThanOrEqualTo(first.analysis().top().confidence()));
    }

    @Test
    void aTicketActionIsAlwaysAcceptedByTheWholeEnsemble() {
        for (String text : List.of("cancel my ticket 45", "my laptop won't turn on", "what is the status of INC-000123?",
                "cancela la incidencia 3321", "muéstrame mis tickets")) {
            IntentEngine.Staged staged = engine.staged(text, null, IntentEngine.Effort.CASCADE);
            assertThat(IntentService.TICKET_ACTIONS).contains(staged.analysis().top().intent());
            assertThat(staged.stage()).as(text).isEqualTo(2);
        }
    }

    @Test
    void aHurriedAnalysisTakesTheFirstStageUnlessATicketActionIsAtStake() {
        for (String text : List.of("cancel my ticket 45", "my laptop won't turn on", "what is the status of INC-000123?",
                "cancela la incidencia 3321", "muéstrame mis tickets")) {
            IntentEngine.Staged hurried = engine.staged(text, null, IntentEngine.Effort.HURRIED);
            assertThat(hurried.stage()).as(text).isEqualTo(2);
            assertThat(hurried).isEqualTo(engine.staged(text, null, IntentEngine.Effort.WHOLE));
        }
        long before = engine.hurriedDecisions();
        int cascadeFirst = 0, hurriedFirst = 0;
        for (TrainingData.Example e : TestEngines.heldOut().heldOut()) {
            IntentEngine.Staged cascade = engine.staged(e.text(), e.language(), IntentEngine.Effort.CASCADE);
            IntentEngine.Staged hurried = engine.staged(e.text(), e.language(), IntentEngine.Effort.HURRIED);
            cascadeFirst += cascade.stage() == 1 ? 1 : 0;
            hurriedFirst += hurried.stage() == 1 ? 1 : 0;
            if (cascade.stage() == 1) {
                assertThat(hurried).as("what the cascade's first stage decides, a hurried analysis decides alike").isEqualTo(cascade);
            }
        }
        System.out.printf("first stage decides %d (cascade) and %d (hurried) of %d held-out examples%n",
                cascadeFirst, hurriedFirst, TestEngines.heldOut().heldOut().size());
        assertThat(hurriedFirst).isGreaterThan(cascadeFirst);
        assertThat(engine.hurriedDecisions() - before).isEqualTo(hurriedFirst);
    }
}
