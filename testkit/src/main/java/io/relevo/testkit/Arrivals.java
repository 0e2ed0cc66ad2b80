package io.relevo.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a stand-in server received, for tests to wait on: producers {@link #add} from any thread,
 * a test blocks in {@link #await} until an item it expects arrives (woken by each arrival, not by
 * sleeping), or fails at the deadline listing what did arrive. Thread-safe.
 */
public final class Arrivals<T> {

  private final List<T> items = new ArrayList<>();

  public synchronized void add(T item) {
    items.add(item);
    notifyAll();
  }

  /** Everything received so far. */
  public synchronized List<T> all() {
    return List.copyOf(items);
  }

  /** Everything received once there are at least {@code n} items, waiting up to 20 seconds. */
  public synchronized List<T> awaitCount(int n, String what) {
    await(item -> items.size() >= n, what);
    return List.copyOf(items);
  }

  /** The first item matching {@code which}, waiting up to 20 seconds for it. */
  public T await(Predicate<T> which, String what) {
    return await(which, what, Duration.ofSeconds(20));
  }

  public synchronized T await(Predicate<T> which, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (T item : items) {
        if (which.test(item)) {
          return item;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("timed out waiting for " + what + "; received: " + items);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
