package io.relevo.intents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntentServiceTest {

    private static final Set<EmbeddingModel> MODELS = EnumSet.of(EmbeddingModel.MINILM);

    private static final String EN = """
            language: en
            intents:
              greet: [hi, hello, hey there, good morning, hello bot, hi there friend]
              thanks: [thanks, thank you, thanks a lot, many thanks, cheers mate, thank you so much]
              report_incident:
                - my [laptop](category) won't turn on
                - the [printer](category) is broken
                - the [VPN](category) keeps dropping
                - email is not working
                - my screen is flickering
                - wifi is down in the office
              ticket_status:
                - what's the status of [INC-000123](ticket_id)
                - any news on my ticket
                - how is my ticket going
                - is [ticket 45](ticket_id) solved yet
                - update on my incident please
                - where is my request at
            out_of_scope: [what's the capital of France, tell me a joke, who won the match yesterday]
            """;
    private static final String ES = """
            language: es
            intents:
              greet: [hola, buenos días, buenas tardes, hola bot, qué tal, buenas]
              thanks: [gracias, muchas gracias, mil gracias, te lo agradezco, gracias por todo, genial gracias]
              report_incident:
                - mi [portátil](category) no enciende
                - la [impresora](category) está rota
                - la [VPN](category) se cae todo el rato
                - el correo no funciona
                - la pantalla parpadea
                - no hay wifi en la oficina
              ticket_status:
                - cómo va mi [ticket 45](ticket_id)
                - estado de la [INC-000123](ticket_id)
                - hay novedades de mi incidencia
                - en qué estado está mi solicitud
                - ya está resuelto mi ticket
                - qué pasa con mi petición
            out_of_scope: [cuál es la capital de Francia, cuéntame un chiste, quién ganó el partido]
            """;

    private static Path writeData(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("en.yaml"), EN);
        Files.writeString(data.resolve("es.yaml"), ES);
        return data;
    }

    private static long modelFiles(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.toString().endsWith(".model")).count();
        }
    }

    @Test
    void secondStartReusesTheCacheAndChangedDataRetrains(@TempDir Path dir) throws Exception {
        Path data = writeData(dir);
        Path cache = dir.resolve("cache");
        try (IntentService first = new IntentService(cache, data, null, TestEngines.CLOCK, MODELS)) {
            assertThat(first.ready()).isFalse();
            IntentService.Summary s = first.start();
            assertThat(s.fromCache()).isFalse();
            assertThat(s.intents()).isEqualTo(4);
            assertThat(first.ready()).isTrue();
            assertThat(first.analyze("hola", "es").top().intent()).isEqualTo("greet");
        }
        assertThat(modelFiles(cache)).isEqualTo(1);
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }

        try (IntentService second = new IntentService(cache, data, null, TestEngines.CLOCK, MODELS)) {
            long t0 = System.nanoTime();
            IntentService.Summary s = second.start();
            assertThat(s.fromCache()).isTrue();
            assertThat(s.trainingMillis()).isZero();
            System.out.printf("start from cache: %d ms (including ONNX session creation)%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(second.analyze("the printer is broken", "en").top().intent()).isEqualTo("report_incident");
            Path model = s.modelFile();
            java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(model);
            IntentService.Summary unchanged = second.retrain();
            assertThat(unchanged.fromCache()).as("retraining unchanged files keeps the model in use").isTrue();
            assertThat(unchanged.trainingMillis()).isZero();
            assertThat(unchanged.intents()).isEqualTo(4);
            assertThat(Files.getLastModifiedTime(model)).isEqualTo(written);
            assertThat(second.analyze("hola", "es").top().intent()).isEqualTo("greet");
        }

        Files.writeString(data.resolve("en.yaml"), EN.replace("[hi, hello,", "[hi, hello, howdy,"));
        try (IntentService third = new IntentService(cache, data, null, TestEngines.CLOCK, MODELS)) {
            assertThat(third.start().fromCache()).isFalse();
        }
        assertThat(modelFiles(cache)).isEqualTo(2);
    }

    @Test
    void oneModelServesWithAndWithoutTheCascadeAndHurried(@TempDir Path dir) throws Exception {
        Path data = writeData(dir);
        Path cache = dir.resolve("cache");
        try (IntentService plain = new IntentService(cache, data, null, TestEngines.CLOCK, MODELS).cascade(false)) {
            assertThat(plain.start().fromCache()).isFalse();
            assertThat(plain.analyze("hola", "es").top().intent()).isEqualTo("greet");
        }
        try (IntentService staged = new IntentService(cache, data, null, TestEngines.CLOCK, MODELS).cascade(true)) {
            assertThat(staged.start().fromCache()).isTrue();
            assertThat(staged.analyze("hola", "es").top().intent()).isEqualTo("greet");
            assertThat(staged.analyze("hola", "es", true).top().intent()).isEqualTo("greet");
        }
        assertThat(modelFiles(cache)).isEqualTo(1);
    }

    @Test
    void retrainSwapsWhileFourThreadsAnalyse(@TempDir Path dir) throws Exception {
        Path data = writeData(dir);
        try (IntentService service = new IntentService(dir.resolve("cache"), data, null, TestEngines.CLOCK, MODELS)) {
            service.start();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger calls = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            String[] texts = {"hola", "my laptop won't turn on", "cómo va mi ticket 45", "", "😀", "thanks!"};
            for (int t = 0; t < 4; t++) {
                int offset = t;
                Thread thread = new Thread(() -> {
                    int i = offset;
                    while (!stop.get()) {
                        try {
                            Analysis a = service.analyze(texts[i++ % texts.length], i % 2 == 0 ? "es" : null);
                            if (a == null || a.top() == null) {
                                failures.add(new AssertionError("empty analysis"));
                            }
                            calls.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            Files.writeString(data.resolve("es.yaml"), ES.replace("[hola,", "[hola, holi,"));
            IntentService.Summary first = service.retrain();
            int before = calls.get();
            Files.writeString(data.resolve("en.yaml"), EN.replace("[hi, hello,", "[hi, hello, hiya,"));
            IntentService.Summary second = service.retrain();
            int afterSwap = calls.get();
            // the analysing threads keep going on the swapped model for a while before they stop
            io.relevo.testkit.Eventually.until("analyses on the swapped model", () -> calls.get() >= afterSwap + 20);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            assertThat(first.fromCache()).isFalse();
            assertThat(second.examples()).isEqualTo(first.examples() + 1);
            assertThat(calls.get()).isGreaterThan(before).isGreaterThan(20);
            assertThat(service.analyze("hiya", "en").top().intent()).isEqualTo("greet");
        }
    }

    @Test
    void analyzeBeforeStartIsAClearError(@TempDir Path dir) {
        try (IntentService service = new IntentService(dir, null, null, TestEngines.CLOCK, MODELS)) {
            assertThatThrownBy(() -> service.analyze("hola", "es")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not started");
        }
    }

    @Test
    void malformedTrainingFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path data = writeData(dir);
        Files.writeString(data.resolve("es.yaml"), "language: es\nintents:\n  greet: hola\n");
        try (IntentService service = new IntentService(dir.resolve("cache"), data, null, TestEngines.CLOCK, MODELS)) {
            assertThatThrownBy(service::start).hasMessageContaining("es.yaml").hasMessageContaining("intents.greet");
        }
    }

    @Test
    void aLongMessageIsAnalysedAsItsFirstTwoThousandCharacters(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        while (b.length() < 2_000) {
            b.append("my laptop won't turn on since this morning. ");
        }
        String head = b.substring(0, 2_000);
        String tail = " hola, what's the status of INC-000123? ¿cómo va mi ticket 45? ".repeat(40);
        try (IntentService service = new IntentService(dir.resolve("cache"), writeData(dir), null, TestEngines.CLOCK, MODELS)) {
            service.start();
            Analysis whole = service.analyze(head + tail, "en");
            Analysis first = service.analyze(head, "en");
            assertThat(whole.language()).isEqualTo(first.language());
            assertThat(whole.top()).isEqualTo(first.top());
            assertThat(whole.alternatives()).isEqualTo(first.alternatives());
            assertThat(whole.outOfScope()).isEqualTo(first.outOfScope());
            assertThat(whole.entities()).isEqualTo(first.entities()).noneMatch(e -> e.text().contains("INC-000123"));
        }
    }

    @Test
    void theEncoderReadsAtMostItsTokenLimitOfALongText() {
        try (BertEncoder encoder = new BertEncoder(BertEncoder.Kind.MINILM)) {
            String longText = "the printer on the third floor is broken again ".repeat(100);
            assertThat(encoder.tokenize(longText)).hasSize(BertEncoder.MAX_TOKENS);
            // a text with more characters than the tokenizer reads: what it never reads cannot change the ids
            String padded = "x".repeat(BertEncoder.MAX_TOKENIZED_CHARS - 1) + " ";
            assertThat(encoder.tokenize(padded + "vpn down")).isEqualTo(encoder.tokenize(padded));
        }
    }
}
