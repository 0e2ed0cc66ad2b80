package io.relevo.intents;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One engine per test JVM, trained on the shipped data minus a held-out fifth (every 5th example of each
 * language and intent), with a cascade first stage, so several test classes share the training cost. Never
 * closed (JVM exit frees it).
 */
final class TestEngines {

    /** Wednesday 15 July 2026, 10:00 UTC. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-15T10:00:00Z"), ZoneOffset.UTC);

    record HeldOut(IntentEngine engine, List<TrainingData.Example> heldOut) {
    }

    private static HeldOut heldOut;

    private TestEngines() {
    }

    static synchronized HeldOut heldOut() {
        if (heldOut == null) {
            List<TrainingData.Example> train = new ArrayList<>();
            List<TrainingData.Example> held = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (TrainingData.Example e : TrainingData.shipped().examples()) {
                int k = seen.merge(e.language() + "/" + e.intent(), 1, Integer::sum);
                (k % 5 == 0 ? held : train).add(e);
            }
            long t0 = System.nanoTime();
            // with the cascade's first stage, which does not change the whole ensemble: staged(text, hint, Effort.WHOLE)
            // gives what the default engine (without first stage) gives
            IntentEngine engine = IntentEngine.builder().clock(CLOCK).progress(line -> System.out.println("  " + line))
                    .guardedIntents(IntentService.TICKET_ACTIONS).cascade(true).train(new TrainingData(train), null);
            System.out.printf(Locale.ROOT, "trained on %d examples in %d ms (threshold %.2f, sparse weight via calibration)%n",
                    train.size(), (System.nanoTime() - t0) / 1_000_000, engine.threshold());
            heldOut = new HeldOut(engine, List.copyOf(held));
        }
        return heldOut;
    }
}
