package io.relevo.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

/**
 * Measures how late each Vert.x event loop runs a task scheduled 100 ms ahead — the time work
 * waits for a blocked or busy loop — as the histogram {@code relevo_event_loop_delay_seconds}
 * (tag {@code loop}), and logs a delay of {@code metrics.stallWarning} or more at WARN, at most once
 * per {@link #WARN_EVERY_NS} per loop: a stall inside Netty's own pipeline (a frame being decoded)
 * is seen here although Vert.x's blocked-thread checker, which watches only Vert.x tasks, misses
 * it. Thread-safe; {@link #stop()} ends it.
 */
final class EventLoopProbe {

  private static final long PERIOD_MS = 100;
  static final long WARN_EVERY_NS = TimeUnit.SECONDS.toNanos(10);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventLoopProbe.class);

  private final long warnAtNs;

  private final List<ScheduledFuture<?>> pending = new ArrayList<>();
  private volatile boolean stopped;

  EventLoopProbe(Vertx vertx, MeterRegistry registry, java.time.Duration stallWarning) {
    warnAtNs = stallWarning.isZero() ? Long.MAX_VALUE : stallWarning.toNanos();
    int i = 0;
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      Timer timer = Timer.builder("relevo_event_loop_delay")
          .description("How late an event loop runs a task that is due")
          .tag("loop", Integer.toString(i++))
          .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(100_000))
          .maximumExpectedValue(java.time.Duration.ofSeconds(10))
          .register(registry);
      schedule(loop, timer, i - 1, new long[] {System.nanoTime() - WARN_EVERY_NS});
    }
  }

  private void schedule(EventExecutor loop, Timer timer, int index, long[] lastWarning) {
    if (stopped) {
      return;
    }
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    synchronized (pending) {
      pending.removeIf(ScheduledFuture::isDone);
      pending.add(loop.schedule(() -> {
        long now = System.nanoTime();
        long late = Math.max(0, now - due);
        timer.record(late, TimeUnit.NANOSECONDS);
        if (late >= warnAtNs && now - lastWarning[0] >= WARN_EVERY_NS) {
          lastWarning[0] = now; // only this loop's thread touches it
          LOG.warn("Event loop {} stalled: a task due {} ms ago ran only now (relevo_event_loop_delay_seconds)",
              index, TimeUnit.NANOSECONDS.toMillis(late));
        }
        schedule(loop, timer, index, lastWarning);
      }, PERIOD_MS, TimeUnit.MILLISECONDS));
    }
  }

  void stop() {
    stopped = true;
    synchronized (pending) {
      pending.forEach(f -> f.cancel(false));
      pending.clear();
    }
  }
}
