package io.relevo.app.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;

/**
 * The bookkeeping of one {@link LoadClient} run: its window, and the counters and latency
 * recorder shared by all event loops (thread-safe ones; {@code sending} is volatile).
 */
final class Phase {

  static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(2);

  final boolean closedLoop;
  final long windowStart;
  final long windowEnd;
  volatile boolean sending = true;
  final Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
  final AtomicLong completed = new AtomicLong();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong outstanding = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  /** The longest latency (µs) of the turns sent in each second of the window. */
  final java.util.concurrent.atomic.AtomicLongArray worstBySecond;

  Phase(boolean closedLoop, long windowStart, long windowEnd) {
    this.closedLoop = closedLoop;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.worstBySecond = new java.util.concurrent.atomic.AtomicLongArray(
        (int) Math.max(1, (windowEnd - windowStart + 999_999_999L) / 1_000_000_000L));
  }

  /** The longest latency (µs) of the turns sent in each second of the window, as an array. */
  long[] worst() {
    long[] out = new long[worstBySecond.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = worstBySecond.get(i);
    }
    return out;
  }
}
