package io.relevo.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's meters on {@code /metrics}: memory pools and buffers
 * ({@code jvm_memory_*}, {@code jvm_buffer_*}), garbage collection ({@code jvm_gc_*}), threads,
 * classes, CPU ({@code process_cpu_usage}, {@code system_cpu_usage}), open files and uptime.
 * {@link #close()} stops listening to the collector's notifications. Thread-safe.
 */
final class JvmMetrics implements AutoCloseable {

  private final JvmGcMetrics gc = new JvmGcMetrics();

  JvmMetrics(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  @Override
  public void close() {
    gc.close();
  }
}
