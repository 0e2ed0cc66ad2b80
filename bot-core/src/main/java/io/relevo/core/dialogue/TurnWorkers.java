package io.relevo.core.dialogue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p>Thread-safe. Owns its threads (daemons, idle when there is no work); {@link #close} stops them.
 * Results are delivered on the Vert.x context that submitted the step.
 */
final class TurnWorkers implements AutoCloseable {

  private final PriorityBlockingQueue<Step<?>> queue = new PriorityBlockingQueue<>();
  private final AtomicLong sequence = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();

  TurnWorkers(String name, int size) {
    for (int i = 0; i < size; i++) {
      Thread t = new Thread(this::work, name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /**
   * Runs {@code step} on a worker, before any step of a turn with a larger {@code turnOrder}
   * (steps of one turn keep their order of submission).
   */
  <T> Future<T> submit(long turnOrder, Callable<T> step) {
    Promise<T> promise = Promise.promise();
    queue.add(new Step<>(turnOrder, sequence.getAndIncrement(), step, promise, Vertx.currentContext()));
    return promise.future();
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

  private record Step<T>(long order, long sequence, Callable<T> work, Promise<T> promise, Context context)
      implements Comparable<Step<?>> {

    @Override
    public int compareTo(Step<?> other) {
      int c = Long.compare(order, other.order);
      return c != 0 ? c : Long.compare(sequence, other.sequence);
    }

    void run() {
      T result = null;
      Throwable failure = null;
      try {
        result = work.call();
      } catch (Throwable e) {
        failure = e;
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
