package io.relevo.redis;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * How much of the Redis client's command latency goes to the metrics. Lettuce's own detail (a
 * histogram of ~110 series per command type and Redis node, for completion and for first response)
 * made one scrape hundreds of kilobytes, more with every Cluster node; {@link #COMMANDS} keeps
 * what an operator graphs and alerts on in a few series per command type.
 */
public enum CommandLatency {
  /** No command latency metrics. */
  OFF,
  /**
   * {@code lettuce_command_completion_seconds{command}}: a histogram per command type with a few
   * buckets (1, 5, 25, 100, 500 ms), all nodes together; no first-response timer.
   */
  COMMANDS,
  /** Lettuce's full detail: completion and first-response histograms per command type and node. */
  NODES;

  private static final String COMPLETION = "lettuce.command.completion";
  private static final List<String> NODE_TAGS = List.of("local", "remote");
  private static final double[] BUCKETS = {ms(1), ms(5), ms(25), ms(100), ms(500)};

  /** The recorder to give Lettuce's client resources, or null for {@link #OFF}; configures {@code registry} first. */
  MicrometerCommandLatencyRecorder recorder(MeterRegistry registry) {
    return switch (this) {
      case OFF -> null;
      case NODES -> new MicrometerCommandLatencyRecorder(registry,
          MicrometerOptions.builder().histogram(true).localDistinction(false).build());
      case COMMANDS -> {
        registry.config().meterFilter(aggregated());
        yield new MicrometerCommandLatencyRecorder(registry,
            MicrometerOptions.builder().histogram(false).targetPercentiles(new double[0]).localDistinction(false).build());
      }
    };
  }

  /** Drops the first-response timer, merges the nodes, and gives the completion timer a few buckets. */
  private static MeterFilter aggregated() {
    return new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        return id.getName().startsWith("lettuce.command.") && !id.getName().equals(COMPLETION)
            ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
      }

      @Override
      public Meter.Id map(Meter.Id id) {
        if (!id.getName().equals(COMPLETION)) {
          return id;
        }
        List<Tag> kept = id.getTags().stream().filter(t -> !NODE_TAGS.contains(t.getKey())).toList();
        return id.replaceTags(kept);
      }

      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(COMPLETION)) {
          return config;
        }
        return DistributionStatisticConfig.builder().percentilesHistogram(false).percentiles(new double[0])
            .serviceLevelObjectives(BUCKETS).build().merge(config);
      }
    };
  }

  private static double ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }
}
