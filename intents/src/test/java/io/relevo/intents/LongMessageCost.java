package io.relevo.intents;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Dev measurement (run on demand: {@code -Dtest=LongMessageCost}): the CPU time of each step of understanding a
 * 4,000-character message against a 100-character one, on the engine trained on the shipped data.
 */
class LongMessageCost {

    static final String SENTENCE = "My laptop won't connect to the VPN since this morning and the printer on floor 3 shows an error. ";

    static String text(int chars) {
        StringBuilder b = new StringBuilder();
        while (b.length() < chars) {
            b.append(SENTENCE);
        }
        return b.substring(0, chars);
    }

    @Test
    void measure() throws Exception {
        IntentEngine engine = IntentEngine.builder().guardedIntents(IntentService.TICKET_ACTIONS).cascade(true)
                .train(TrainingData.shipped(), null);
        var f = IntentEngine.class.getDeclaredField("entities");
        f.setAccessible(true);
        EntityExtractor entities = (EntityExtractor) f.get(engine);
        var g = IntentEngine.class.getDeclaredField("encoders");
        g.setAccessible(true);
        Encoders encoders = (Encoders) g.get(engine);
        LanguageGuesser languages = new LanguageGuesser();
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        texts.put("100 prose", text(100));
        texts.put("1000 prose", text(1000));
        texts.put("4000 prose", text(4000));
        texts.put("1000 one word", "a".repeat(1000));
        texts.put("4000 one word", "a".repeat(4000));
        texts.put("1000 digits", "1234567890".repeat(100));
        for (var e : texts.entrySet()) {
            String t = e.getValue();
            System.out.printf(Locale.ROOT, "%-14s: analyze %.1f ms, language %.2f ms, entities %.2f ms, embed %.1f ms, features %.2f ms%n",
                    e.getKey(), cpu(() -> engine.analyze(t, "en")), cpu(() -> languages.guess(t, "en")),
                    cpu(() -> entities.extract(t, "en")), cpu(() -> encoders.embed(t)), cpu(() -> TextFeatures.extract(t, true)));
        }
    }

    static double cpu(Supplier<?> step) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            step.get();
        }
        int n = 10;
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            step.get();
        }
        return (mx.getCurrentThreadCpuTime() - t0) / 1e6 / n;
    }
}
