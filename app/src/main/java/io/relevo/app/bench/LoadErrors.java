package io.relevo.app.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The errors a {@link LoadClient} met: counted in the run's {@link Phase} when there is one, else
 * here (opening, closing), with up to ten samples to print. Thread-safe.
 */
final class LoadErrors {

  private final AtomicLong errors = new AtomicLong();
  private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

  void error(Phase phase, String what) {
    if (phase != null) {
      phase.errors.incrementAndGet();
    } else {
      errors.incrementAndGet();
    }
    if (samples.size() < 10) {
      samples.add(what);
    }
  }

  /** Adds a sample without counting an error (a run's summary of what went unanswered). */
  void note(String what) {
    samples.add(what);
  }

  /** Errors outside any run, since the last call. */
  long take() {
    return errors.getAndSet(0);
  }

  /** The samples since the last call. */
  List<String> takeSamples() {
    synchronized (samples) {
      List<String> out = new ArrayList<>(samples);
      samples.clear();
      return out;
    }
  }
}
