package io.relevo.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one Relevo however far its start got. The launcher registers it as the JVM shutdown hook
 * before anything starts: once start-up has finished it stops Relevo gracefully; before that it
 * closes, newest first, what start-up has {@linkplain #track tracked} so far (the embedded Redis,
 * the one thing that could outlive the JVM), and start-up, finding the stop requested, gives up.
 *
 * <p>Thread-safe: start-up runs on the launcher's thread, {@link #run()} on the JVM's shutdown
 * thread.
 */
final class ShutdownHook implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ShutdownHook.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private Relevo relevo;
  private boolean requested;

  /**
   * Has {@code resource} closed by a stop that comes before start-up ends; call it before
   * starting the resource.
   *
   * @throws IllegalStateException when the stop was requested already
   */
  synchronized <T extends AutoCloseable> T track(T resource) {
    if (requested) {
      throw new IllegalStateException("stopping: start-up abandoned");
    }
    started.push(resource);
    return resource;
  }

  /**
   * Start-up finished: a stop from now on stops {@code started} gracefully.
   *
   * @throws IllegalStateException when the stop was requested meanwhile: start-up then fails and
   *     stops what it started
   */
  synchronized void running(Relevo started) {
    if (requested) {
      throw new IllegalStateException("stopping: start-up abandoned");
    }
    relevo = started;
    this.started.clear();
  }

  @Override
  public void run() {
    Relevo running;
    List<AutoCloseable> partial;
    synchronized (this) {
      requested = true;
      running = relevo;
      partial = new ArrayList<>(started);
      started.clear();
    }
    if (running != null) {
      running.stop();
      return;
    }
    for (AutoCloseable resource : partial) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Stopping during start-up: {}", e.toString());
      }
    }
  }
}
