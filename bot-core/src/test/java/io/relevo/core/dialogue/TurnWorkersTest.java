package io.relevo.core.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class TurnWorkersTest {

  @Test
  void runsTheStepsOfTheOldestTurnFirstAndEachTurnsStepsInOrder() throws Exception {
    try (TurnWorkers workers = new TurnWorkers("test-workers", 1)) {
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      List<String> ran = Collections.synchronizedList(new ArrayList<>());
      workers.submit(0, "step", () -> {
        busy.countDown();
        return release.await(10, TimeUnit.SECONDS);
      });
      assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
      // while the only worker is busy: a newer turn's step, then an older turn's two steps
      List<Future<String>> steps = new ArrayList<>();
      steps.add(workers.submit(30, "step", () -> record(ran, "turn 30")));
      steps.add(workers.submit(10, "step", () -> record(ran, "turn 10, understanding")));
      steps.add(workers.submit(20, "step", () -> record(ran, "turn 20")));
      steps.add(workers.submit(10, "step", () -> record(ran, "turn 10, search")));
      release.countDown();

      Future.all(steps).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(ran).containsExactly("turn 10, understanding", "turn 10, search", "turn 20", "turn 30");
    }
  }

  @Test
  void deliversResultsAndFailuresOnTheSubmittingContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TurnWorkers workers = new TurnWorkers("test-workers", 2)) {
      Context context = vertx.getOrCreateContext();
      CompletableFuture<Boolean> resultOnContext = new CompletableFuture<>();
      CompletableFuture<Throwable> failure = new CompletableFuture<>();
      context.runOnContext(v -> {
        workers.submit(1, "step", () -> Thread.currentThread().getName()).onSuccess(name ->
            resultOnContext.complete(Vertx.currentContext() == context && name.startsWith("test-workers-")));
        workers.<String>submit(2, "step", () -> {
          throw new IllegalStateException("boom");
        }).onFailure(failure::complete);
      });

      assertThat(resultOnContext.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void recordsEachStepsWaitForAWorkerAndItsRunTimeByName() throws Exception {
    var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (TurnWorkers workers = new TurnWorkers("test-workers", 1)) {
      workers.metrics(registry);
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<Boolean> first = workers.submit(0, "understand", () -> {
        busy.countDown();
        return release.await(10, TimeUnit.SECONDS);
      });
      assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
      long running = System.nanoTime();
      // queued behind the busy worker: it waits at least from here until the release
      Future<String> second = workers.submit(1, "search", () -> "found");
      long queued = System.nanoTime();
      assertThat(registry.get("relevo_turn_steps_queued").gauge().value()).isEqualTo(1.0);
      long released = System.nanoTime();
      release.countDown();
      Future.all(first, second).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      var understandRun = registry.get("relevo_turn_step_run").tag("step", "understand").timer();
      var searchWait = registry.get("relevo_turn_step_wait").tag("step", "search").timer();
      var searchRun = registry.get("relevo_turn_step_run").tag("step", "search").timer();
      assertThat(understandRun.count()).isEqualTo(1);
      assertThat(understandRun.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(released - running);
      assertThat(searchWait.count()).isEqualTo(1);
      assertThat(searchWait.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(released - queued);
      assertThat(searchRun.count()).isEqualTo(1);
      assertThat(registry.get("relevo_turn_steps_queued").gauge().value()).isZero();
    }
  }

  private static String record(List<String> ran, String step) {
    ran.add(step);
    return step;
  }
}
