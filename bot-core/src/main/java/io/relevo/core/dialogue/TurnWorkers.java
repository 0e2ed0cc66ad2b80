package io.relevo.core.dialogue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The threads that run the CPU-heavy steps of bot turns (understanding, knowledge search), one per
 * core, always taking the step of the oldest turn first. A turn's later step (the search after its
 * understanding) so goes ahead of the first steps of turns that arrived after it instead of
 * queueing behind them: under load a turn waits for the queue about once, not once per step.
 *
 * <p>With {@link #metrics}, each step's time queued for a worker and its time on the worker are the
 * histograms {@code relevo_turn_step_wait_seconds} and {@code relevo_turn_step_run_seconds}, tagged
 * with the step's name (where a turn's time goes under load), and the steps queued a gauge.
 *
 * <p>Thread-safe. Owns its threads (daemons, idle when there is no work); {@link #close} stops them.
 * Results are delivered on the Vert.x context that submitted the step.
 */
final class TurnWorkers implements AutoCloseable {

  private final PriorityBlockingQueue<Step<?>> queue = new PriorityBlockingQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile MeterRegistry metrics;
  private final ConcurrentHashMap<String, Timer[]> timers = new ConcurrentHashMap<>();

  TurnWorkers(String name, int size) {
    for (int i = 0; i < size; i++) {
      Thread t = new Thread(this::work, name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * Records each step's wait and run times in {@code registry} from now on, and the steps waiting for
   * a worker as the gauge {@code relevo_turn_steps_queued} (a queue that keeps growing: too few cores).
   */
  void metrics(MeterRegistry registry) {
    this.metrics = registry;
    Gauge.builder("relevo_turn_steps_queued", queue, PriorityBlockingQueue::size)
        .description("Turn steps (understanding, search) waiting for a worker").register(registry);
  }

  /**
   * Runs {@code step} on a worker, before any step of a turn with a larger {@code turnOrder}
   * (steps of one turn keep their order of submission); {@code name} tags its metrics.
   */
  <T> Future<T> submit(long turnOrder, String name, Callable<T> step) {
    Promise<T> promise = Promise.promise();
    queue.add(new Step<>(turnOrder, sequence.getAndIncrement(), step, promise, Vertx.currentContext(),
        timers(name), System.nanoTime()));
    return promise.future();
  }

  /** The wait and run timers of the step {@code name}, or null without metrics. */
  private Timer[] timers(String name) {
    MeterRegistry registry = metrics;
    if (registry == null) {
      return null;
    }
    return timers.computeIfAbsent(name, n -> new Timer[] {
        timer(registry, "relevo_turn_step_wait", "Time a turn's step waited for a worker", n),
        timer(registry, "relevo_turn_step_run", "Time a turn's step ran on a worker", n)});
  }

  private static Timer timer(MeterRegistry registry, String metric, String description, String step) {
    return Timer.builder(metric).description(description).tag("step", step)
        .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(100_000))
        .maximumExpectedValue(java.time.Duration.ofSeconds(30))
        .register(registry);
  }

  private void work() {
    while (true) {
      Step<?> step;
      try {
        step = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      step.run();
    }
  }

  @Override
  public void close() {
    threads.forEach(Thread::interrupt);
  }

  private record Step<T>(long order, long sequence, Callable<T> work, Promise<T> promise, Context context,
      Timer[] timers, long queuedAt) implements Comparable<Step<?>> {

    @Override
    public int compareTo(Step<?> other) {
      int c = Long.compare(order, other.order);
      return c != 0 ? c : Long.compare(sequence, other.sequence);
    }

    void run() {
      T result = null;
      Throwable failure = null;
      long started = System.nanoTime();
      try {
        result = work.call();
      } catch (Throwable e) {
        failure = e;
      }
      if (timers != null) {
        timers[0].record(started - queuedAt, TimeUnit.NANOSECONDS);
        timers[1].record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      }
      T r = result;
      Throwable f = failure;
      if (context != null) {
        context.runOnContext(v -> complete(r, f));
      } else {
        complete(r, f);
      }
    }

    private void complete(T result, Throwable failure) {
      if (failure != null) {
        promise.fail(failure);
      } else {
        promise.complete(result);
      }
    }
  }
}
