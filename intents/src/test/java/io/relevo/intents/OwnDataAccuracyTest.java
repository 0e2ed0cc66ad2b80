package io.relevo.intents;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Held-out accuracy on Relevo's shipped training data: every 5th example of each (language, intent) is held
 * out, the engine is trained on the rest, and the held-out examples are analysed with their language hint.
 */
class OwnDataAccuracyTest {

    static final Set<String> TICKET_ACTIONS = Set.of("report_incident", "ticket_status", "list_my_tickets",
            "add_ticket_comment", "cancel_ticket");

    /** The product target for held-out accuracy per language. */
    static final double TARGET = 0.95;
    /**
     * The target is met since the fourth round (2026-11-23: geometric-mean mixing and ≈ 200 examples for the gaps of
     * the cross-validated error dumps; this split en 97.1 %, es 95.6 %; outer 5-fold over all the data, which chose
     * the settings: en 96.9 %, es 95.4 %), so the floor is the target. The numbers move by about ±1 point whenever
     * examples are added or settings change (the calibration shifts), so es has a margin of only a few examples.
     */
    static final double FLOOR = TARGET;
    /**
     * Floor of a hurried analysis (the first stage decides all but ticket actions; only on an overloaded machine, for
     * turns that already waited too long). Measured on this split 2026-12-03: see intents/README.md.
     */
    static final double HURRIED_FLOOR = 0.90;

    private static IntentEngine engine;
    private static List<TrainingData.Example> heldOut;

    @BeforeAll
    static void train() {
        engine = TestEngines.heldOut().engine();
        heldOut = TestEngines.heldOut().heldOut();
    }

    private static boolean correct(TrainingData.Example e, Analysis a) {
        return e.intent().equals(TrainingData.OUT_OF_SCOPE) ? a.outOfScope() : !a.outOfScope() && a.top().intent().equals(e.intent());
    }

    /** {@code WHOLE}: the whole ensemble, what the default engine does. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(IntentEngine.Effort.class)
    void heldOutAccuracyPerLanguageIsReportedAndAboveTheFloor(IntentEngine.Effort effort) {
        Map<String, Double> accuracies = new java.util.TreeMap<>();
        for (String lang : List.of("en", "es")) {
            int total = 0, ok = 0, inTotal = 0, inOk = 0, oosTotal = 0, oosOk = 0;
            List<String> errors = new ArrayList<>();
            for (TrainingData.Example e : heldOut) {
                if (!lang.equals(e.language())) {
                    continue;
                }
                Analysis a = engine.analyze(e.text(), lang, effort);
                boolean good = correct(e, a);
                total++;
                ok += good ? 1 : 0;
                if (e.intent().equals(TrainingData.OUT_OF_SCOPE)) {
                    oosTotal++;
                    oosOk += good ? 1 : 0;
                } else {
                    inTotal++;
                    inOk += good ? 1 : 0;
                }
                if (!good) {
                    errors.add(e.intent() + " <- \"" + e.text() + "\" -> " + (a.outOfScope() ? "oos" : "") + "/" + a.top());
                }
            }
            double accuracy = ok / (double) total;
            System.out.printf(Locale.ROOT, effort + " [%s] held-out accuracy %.2f %% (%d/%d); in-scope %.2f %% (%d/%d); out-of-scope %.2f %% (%d/%d)%n",
                    lang, 100 * accuracy, ok, total, 100.0 * inOk / inTotal, inOk, inTotal,
                    oosTotal == 0 ? 0 : 100.0 * oosOk / oosTotal, oosOk, oosTotal);
            errors.forEach(err -> System.out.println("  [" + lang + "] " + err));
            System.out.printf(Locale.ROOT, effort + " [%s] target %.0f %%: %s%n", lang, 100 * TARGET, accuracy >= TARGET ? "met" : "NOT MET");
            accuracies.put(lang, accuracy);
        }
        double floor = effort == IntentEngine.Effort.HURRIED ? HURRIED_FLOOR : FLOOR;
        assertThat(accuracies).allSatisfy((lang, accuracy) ->
                assertThat(accuracy).as("held-out accuracy for %s", lang).isGreaterThanOrEqualTo(floor));
    }

    @Test
    void theCascadeDecidesLikeTheWholeEnsemble() {
        int firstStage = 0, differ = 0;
        List<String> actionsNotAcceptedByTheWhole = new ArrayList<>();
        for (TrainingData.Example e : heldOut) {
            IntentEngine.Staged cascade = engine.staged(e.text(), e.language(), IntentEngine.Effort.CASCADE);
            Analysis whole = engine.staged(e.text(), e.language(), IntentEngine.Effort.WHOLE).analysis();
            Analysis a = cascade.analysis();
            firstStage += cascade.stage() == 1 ? 1 : 0;
            boolean same = a.outOfScope() == whole.outOfScope() && (a.outOfScope() || a.top().intent().equals(whole.top().intent()));
            differ += same ? 0 : 1;
            if (!a.outOfScope() && TICKET_ACTIONS.contains(a.top().intent()) && !same) {
                actionsNotAcceptedByTheWhole.add(e.text() + " -> " + a.top());
            }
        }
        System.out.printf(Locale.ROOT, "cascade: first stage decides %d/%d (%.1f %%); %d decisions differ from the whole ensemble%n",
                firstStage, heldOut.size(), 100.0 * firstStage / heldOut.size(), differ);
        assertThat(actionsNotAcceptedByTheWhole).isEmpty();
        // calibrated for >= 99.5 % agreement on the cross-validated calibration predictions; 99.7 % on this split (2026-11-23)
        assertThat(differ).isLessThanOrEqualTo(heldOut.size() / 100);
        assertThat(firstStage).isGreaterThan(heldOut.size() / 2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(IntentEngine.Effort.class)
    void askHumanAndOutOfScopeAreNeverATicketAction(IntentEngine.Effort effort) {
        List<String> violations = new ArrayList<>();
        List<String> askHuman = new ArrayList<>();
        for (TrainingData.Example e : heldOut) {
            if (e.intent().equals("ask_human") || e.intent().equals(TrainingData.OUT_OF_SCOPE)) {
                Analysis a = engine.analyze(e.text(), e.language(), effort);
                if (!a.outOfScope() && TICKET_ACTIONS.contains(a.top().intent())) {
                    (e.intent().equals("ask_human") ? askHuman : violations).add(e.intent() + ": \"" + e.text() + "\" -> " + a.top());
                }
            }
        }
        violations.forEach(v -> System.out.println("out-of-scope taken as a ticket action: " + v));
        assertThat(askHuman).isEmpty();
        // Known risk, seen on the other splits of an outer 5-fold run (OwnDataFolds, 2026-11-23, fourth round: 3
        // over the 5 folds): held-out out-of-scope examples taken for an incident when they describe a personal
        // bill or device ("mi factura de la luz de Endesa viene muy alta", "mi impresora de casa HP no imprime") or
        // are nonsense ("la mesa verde"). On this split none is.
        assertThat(violations).isEmpty();
    }
}
