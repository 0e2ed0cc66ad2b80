package io.relevo.intents;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The first stage's calibration, on hand-made calibration probabilities (labels: greet, a ticket action, out of scope). */
class CascadeTest {

    private static final List<String> LABELS = List.of("greet", "cancel_ticket", TrainingData.OUT_OF_SCOPE);
    private static final float[] UNIFORM = {1 / 3f, 1 / 3f, 1 / 3f};
    private static final float[] GREET = {0.90f, 0.05f, 0.05f};
    private static final float[] CANCEL = {0.02f, 0.95f, 0.03f};

    private final List<float[]> pd = new ArrayList<>();
    private final List<float[]> pd1 = new ArrayList<>();
    private final List<String> gold = new ArrayList<>();

    @Test
    void decidesWhatItAgreesOnAndLeavesTicketActionsToTheWholeEnsemble() {
        for (int i = 0; i < 100; i++) {
            add("greet", GREET, GREET);
        }
        for (int i = 0; i < 10; i++) {
            add("greet", GREET, new float[] {0.30f, 0.10f, 0.60f}); // the first stage would say out of scope
        }
        for (int i = 0; i < 20; i++) {
            add("cancel_ticket", CANCEL, CANCEL); // agreeing, and confident, but a ticket action
        }
        int n = gold.size();
        HeldOutScores scored = new HeldOutScores(LABELS, repeat(UNIFORM, n), pd.toArray(float[][]::new),
                new float[n][], gold.stream().mapToInt(LABELS::indexOf).toArray(), gold, gold, null, pd1.toArray(float[][]::new));
        Calibration whole = new Calibration(0.0, 0.0, 1, 0, Set.of("cancel_ticket"), 0.4,
                Map.of(), 0);

        double[] s = Cascade.calibrate(scored, whole, 0.995, line -> { }).global();

        assertThat(s[Cascade.MIN_CONFIDENCE_GUARDED]).isEqualTo(Cascade.NEVER);
        int decidedAgreeing = 0, decidedDisagreeing = 0, decidedActions = 0;
        for (int i = 0; i < n; i++) {
            float[] p = Mixing.mix(UNIFORM, pd1.get(i), null, s[Cascade.SPARSE_WEIGHT], 0);
            int kind = scored.decisionKind(p, i, whole);
            if (Cascade.decides(p, s, kind)) {
                if (i < 100) {
                    decidedAgreeing++;
                } else if (i < 110) {
                    decidedDisagreeing++;
                } else {
                    decidedActions++;
                }
            }
        }
        assertThat(decidedAgreeing).isEqualTo(100);
        assertThat(decidedDisagreeing).isZero();
        assertThat(decidedActions).isZero();
    }

    @Test
    void aGuardedIntentRejectedByTheGuardIsNeverDecidedByTheFirstStage() {
        double[] always = {0.5, 0, 0, 0, 1};
        float[] p = {0.01f, 0.98f, 0.01f};
        assertThat(Cascade.decides(p, always, Cascade.ORDINARY)).isTrue();
        assertThat(Cascade.decides(p, always, Cascade.GUARDED_ACCEPTED)).isTrue();
        assertThat(Cascade.decides(p, always, Cascade.GUARD_REJECTED)).isFalse();
        assertThat(Cascade.decides(p, new double[] {0.5, 0, 0, Cascade.NEVER, 1}, Cascade.GUARDED_ACCEPTED)).isFalse();
    }

    private void add(String label, float[] whole, float[] first) {
        gold.add(label);
        pd.add(whole);
        pd1.add(first);
    }

    private static float[][] repeat(float[] row, int n) {
        float[][] out = new float[n][];
        java.util.Arrays.fill(out, row);
        return out;
    }
}
