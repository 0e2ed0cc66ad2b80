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
        for (int chars : new int[] {100, 1000, 2000, 4000}) {
            String t = text(chars);
            System.out.printf(Locale.ROOT, "%5d chars: analyze %.1f ms, whole %.1f ms, language %.2f ms, entities %.2f ms, embed %.1f ms%n",
                    chars, cpu(() -> engine.analyze(t, "en")), cpu(() -> engine.analyze(t, "en", IntentEngine.Effort.WHOLE)),
                    cpu(() -> languages.guess(t, "en")), cpu(() -> entities.extract(t, "en")), cpu(() -> encoders.embed(t)));
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
