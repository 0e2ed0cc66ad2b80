package io.relevo.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's meters on {@code /metrics}: memory and buffer pools
 * ({@code jvm_memory_*}, {@code jvm_buffer_*}), garbage collection ({@code jvm_gc_*}), threads
 * ({@code jvm_threads_*}), classes ({@code jvm_classes_*}), CPU ({@code process_cpu_usage},
 * {@code system_cpu_*}) and uptime ({@code process_uptime_seconds}). {@link #close()} removes the
 * garbage-collection listeners; called once, from the launcher.
 */
final class JvmMetrics implements AutoCloseable {

  private final JvmGcMetrics gc = new JvmGcMetrics();

  private JvmMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  static JvmMetrics bind(MeterRegistry registry) {
    return new JvmMetrics(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
