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
 * (tag {@code loop}). Thread-safe; {@link #stop()} ends it.
 */
final class EventLoopProbe {

  private static final long PERIOD_MS = 100;

  private final List<ScheduledFuture<?>> pending = new ArrayList<>();
  private volatile boolean stopped;

  EventLoopProbe(Vertx vertx, MeterRegistry registry) {
    int i = 0;
    for (EventExecutor loop : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      Timer timer = Timer.builder("relevo_event_loop_delay")
          .description("How late an event loop runs a task that is due")
          .tag("loop", Integer.toString(i++))
          .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(100_000))
          .maximumExpectedValue(java.time.Duration.ofSeconds(10))
          .register(registry);
      schedule(loop, timer);
    }
  }

  private void schedule(EventExecutor loop, Timer timer) {
    if (stopped) {
      return;
    }
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    synchronized (pending) {
      pending.removeIf(ScheduledFuture::isDone);
      pending.add(loop.schedule(() -> {
        timer.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
        schedule(loop, timer);
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
