package io.relevo.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ServerTimesTest {

  private static String exposition(long understandFast, long understandSlow, double sum) {
    long total = understandFast + understandSlow;
    return String.join("\n",
        "# HELP relevo_turn_step_run_seconds Time a turn's step ran on a worker",
        "# TYPE relevo_turn_step_run_seconds histogram",
        "relevo_turn_step_run_seconds_bucket{step=\"understand\",le=\"0.004\"} " + understandFast,
        "relevo_turn_step_run_seconds_bucket{step=\"understand\",le=\"0.008\"} " + understandFast,
        "relevo_turn_step_run_seconds_bucket{step=\"understand\",le=\"0.016\"} " + total,
        "relevo_turn_step_run_seconds_bucket{step=\"understand\",le=\"+Inf\"} " + total,
        "relevo_turn_step_run_seconds_count{step=\"understand\"} " + total,
        "relevo_turn_step_run_seconds_sum{step=\"understand\"} " + sum,
        "relevo_turn_latency_seconds_bucket{le=\"0.05\"} 3.0",
        "relevo_turn_latency_seconds_count 3.0",
        "relevo_turn_latency_seconds_sum 0.06",
        "relevo_other_seconds_count 7.0",
        "");
  }

  @Test
  void readsTheTurnAndStepHistogramsAndTheirQuantiles() {
    Map<String, ServerTimes.Histogram> h = ServerTimes.parse(exposition(98, 2, 0.5));

    assertThat(h).containsOnlyKeys("understand ran", "turn");
    ServerTimes.Histogram understand = h.get("understand ran");
    assertThat(understand.count()).isEqualTo(100);
    assertThat(understand.meanMs()).isCloseTo(5.0, within(1e-9));
    assertThat(understand.quantileMs(0.5)).isCloseTo(4.0, within(1e-9));
    assertThat(understand.quantileMs(0.99)).isCloseTo(16.0, within(1e-9));
    assertThat(h.get("turn").meanMs()).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void aWindowIsTheDifferenceOfTwoReadings() {
    ServerTimes.Histogram before = ServerTimes.parse(exposition(90, 0, 0.2)).get("understand ran");
    ServerTimes.Histogram after = ServerTimes.parse(exposition(100, 10, 0.4)).get("understand ran");

    ServerTimes.Histogram window = after.minus(before);
    assertThat(window.count()).isEqualTo(20);
    assertThat(window.meanMs()).isCloseTo(10.0, within(1e-9));
    // half of the window's observations were slow ones: its median is in the 16 ms bucket
    assertThat(window.quantileMs(0.5)).isCloseTo(4.0, within(1e-9));
    assertThat(window.quantileMs(0.51)).isCloseTo(16.0, within(1e-9));
  }
}
