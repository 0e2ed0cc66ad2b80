package io.relevo.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

/**
 * Measures how late each Vert.x event loop runs a task scheduled 100 ms ahead — the time work
 * waits for a blocked or busy loop — as the histogram {@code relevo_event_loop_delay_seconds}
 * (tag {@code loop}). A delay of {@code stall} or more is logged at WARN, at most once a minute per
 * loop (with the number of stalls not logged since). Thread-safe; {@link #stop()} ends it.
 */
final class EventLoopProbe {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoopProbe.class);
  private static final long PERIOD_MS = 100;
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final long stallNanos;
  private final List<ScheduledFuture<?>> pending = new ArrayList<>();
  private volatile boolean stopped;

  EventLoopProbe(Vertx vertx, MeterRegistry registry, java.time.Duration stall) {
    this.stallNanos = stall.toNanos();
    int i = 0;
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      Timer timer = Timer.builder("relevo_event_loop_delay")
          .description("How late an event loop runs a task that is due")
          .tag("loop", Integer.toString(i++))
          .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(100_000))
          .maximumExpectedValue(java.time.Duration.ofSeconds(10))
          .register(registry);
      schedule(loop, timer, new StallLog(Integer.toString(i - 1)));
    }
  }

  /** Stalls of one loop, logged at most once a minute. Confined to that loop. */
  private final class StallLog {
    private final String loop;
    private long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;
    private int unlogged;

    StallLog(String loop) {
      this.loop = loop;
    }

    void record(long delayNanos) {
      if (delayNanos < stallNanos) {
        return;
      }
      long now = System.nanoTime();
      if (now - lastLogged < LOG_EVERY_NANOS) {
        unlogged++;
        return;
      }
      LOG.warn("Event loop {} ran a due task {} ms late (stall threshold {} ms; {} more stalls since the last warning)",
          loop, TimeUnit.NANOSECONDS.toMillis(delayNanos), TimeUnit.NANOSECONDS.toMillis(stallNanos), unlogged);
      lastLogged = now;
      unlogged = 0;
    }
  }

  private void schedule(EventExecutor loop, Timer timer, StallLog stalls) {
    if (stopped) {
      return;
    }
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    synchronized (pending) {
      pending.removeIf(ScheduledFuture::isDone);
      pending.add(loop.schedule(() -> {
        long delay = Math.max(0, System.nanoTime() - due);
        timer.record(delay, TimeUnit.NANOSECONDS);
        stalls.record(delay);
        schedule(loop, timer, stalls);
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
