package io.relevo.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/**
 * Polling with a deadline, for conditions on state that nothing announces (a Redis key, a file
 * picked up by a periodic scan): checks every 25 ms and fails with {@code what} after the timeout.
 * Prefer waiting on an event ({@link Arrivals}, a WebSocket frame) where there is one.
 */
public final class Eventually {

  private Eventually() {
  }

  public static void until(String what, Callable<Boolean> check) {
    until(what, Duration.ofSeconds(20), check);
  }

  public static void until(String what, Duration timeout, Callable<Boolean> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (Boolean.TRUE.equals(check.call())) {
          return;
        }
      } catch (Exception e) {
        throw new AssertionError("checking " + what + " failed", e);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
    }
  }
}
