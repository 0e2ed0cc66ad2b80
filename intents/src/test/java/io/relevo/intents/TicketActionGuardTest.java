package io.relevo.intents;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard on ticket actions, on hand-made calibration probabilities (labels: an action, ask_human, out of scope). */
class TicketActionGuardTest {

    private static final List<String> LABELS = List.of("cancel_ticket", "ask_human", TrainingData.OUT_OF_SCOPE);

    @Test
    void askHumanProbabilityCountsAgainstATicketActionLikeOutOfScope() {
        List<float[]> probabilities = new ArrayList<>();
        List<String> gold = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            probabilities.add(new float[] {0.80f, 0.05f, 0.15f});
            gold.add("cancel_ticket");
        }
        // a request for a person that mentions a ticket: the action wins, little out-of-scope probability
        probabilities.add(new float[] {0.68f, 0.29f, 0.03f});
        gold.add("ask_human");

        Calibration c = Guard.calibrate(scored(probabilities, gold),
                new Calibration(1.0, 0.0, 1, 0), Set.of("cancel_ticket"), line -> { });

        // out of scope + ask_human: 0.20 for the actions to keep, 0.32 for the one to block (out of scope alone: 0.03)
        assertThat(c.guardOosMax()).isGreaterThanOrEqualTo(0.20).isLessThan(0.30);
        assertThat(c.guardThreshold()).isLessThanOrEqualTo(0.80);
    }

    private static HeldOutScores scored(List<float[]> probabilities, List<String> gold) {
        int n = probabilities.size();
        return new HeldOutScores(LABELS, probabilities.toArray(float[][]::new), new float[n][], new float[n][],
                gold.stream().mapToInt(g -> g.equals(TrainingData.OUT_OF_SCOPE) ? -1 : LABELS.indexOf(g)).toArray(),
                gold.stream().map(g -> "text").toList(), gold, null);
    }
}
