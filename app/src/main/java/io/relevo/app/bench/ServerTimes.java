package io.relevo.app.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a server's turns spent their time over a window: the difference of two readings of its
 * Prometheus histograms ({@code relevo_turn_latency_seconds}, {@code relevo_turn_step_wait_seconds},
 * {@code relevo_turn_step_run_seconds}) from {@code /metrics}. Not thread-safe.
 */
final class ServerTimes implements LoadClient.Window {

  /** One histogram: observations, their sum in seconds, and cumulative counts by upper bound. */
  record Histogram(long count, double sum, TreeMap<Double, Double> cumulative) {

    double meanMs() {
      return count == 0 ? Double.NaN : 1000 * sum / count;
    }

    /** The upper bound of the bucket holding quantile {@code q}, in ms (the histogram's resolution). */
    double quantileMs(double q) {
      double rank = q * count;
      for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
        if (e.getValue() >= rank) {
          return 1000 * e.getKey();
        }
      }
      return Double.NaN;
    }

    Histogram minus(Histogram before) {
      if (before == null) {
        return this;
      }
      TreeMap<Double, Double> c = new TreeMap<>();
      cumulative.forEach((le, n) -> c.put(le, n - before.cumulative.getOrDefault(le, 0.0)));
      return new Histogram(count - before.count, sum - before.sum, c);
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String[] METRICS = {"relevo_turn_latency_seconds", "relevo_turn_step_wait_seconds",
      "relevo_turn_step_run_seconds"};

  private final URI uri;
  private Map<String, Histogram> before = Map.of();
  private Map<String, Histogram> window = Map.of();

  ServerTimes(String host, int port) {
    this.uri = URI.create("http://" + host + ":" + port + "/metrics");
  }

  @Override
  public void started() {
    before = read();
  }

  @Override
  public void ended() {
    Map<String, Histogram> after = read();
    Map<String, Histogram> w = new TreeMap<>(ServerTimes::order);
    after.forEach((k, h) -> {
      Histogram d = h.minus(before.get(k));
      if (d.count() > 0) {
        w.put(k, d);
      }
    });
    window = w;
  }

  /**
   * The window's histograms by name: {@code turn} (a person's message stored to the bot's replies
   * stored), {@code <step> waited} and {@code <step> ran} for each worker step (understand, search...).
   */
  Map<String, Histogram> window() {
    return window;
  }

  private Map<String, Histogram> read() {
    try {
      String body = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return parse(body);
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  /** The histograms of {@link #METRICS} in a Prometheus text exposition. */
  static Map<String, Histogram> parse(String exposition) {
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, Double> sums = new LinkedHashMap<>();
    Map<String, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      for (String metric : METRICS) {
        if (!line.startsWith(metric + "_")) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        String series = line.substring(0, space);
        double value = Double.parseDouble(line.substring(space + 1).trim());
        String suffix = series.substring(metric.length() + 1, series.indexOf('{') < 0 ? series.length() : series.indexOf('{'));
        String name = name(metric, label(series, "step"));
        switch (suffix) {
          case "count" -> counts.put(name, (long) value);
          case "sum" -> sums.put(name, value);
          case "bucket" -> {
            String le = label(series, "le");
            if (le != null && !le.equals("+Inf")) {
              buckets.computeIfAbsent(name, n -> new TreeMap<>()).put(Double.parseDouble(le), value);
            }
          }
          default -> {
          }
        }
      }
    }
    Map<String, Histogram> result = new LinkedHashMap<>();
    counts.forEach((name, n) -> result.put(name, new Histogram(n, sums.getOrDefault(name, 0.0),
        buckets.getOrDefault(name, new TreeMap<>()))));
    return result;
  }

  /** The turn first, then each step's wait before its run. */
  private static int order(String a, String b) {
    return sortKey(a).compareTo(sortKey(b));
  }

  private static String sortKey(String name) {
    return name.equals("turn") ? "" : name.replace(" waited", " 1").replace(" ran", " 2");
  }

  private static String name(String metric, String step) {
    return switch (metric) {
      case "relevo_turn_latency_seconds" -> "turn";
      case "relevo_turn_step_wait_seconds" -> step + " waited";
      default -> step + " ran";
    };
  }

  private static String label(String series, String label) {
    int i = series.indexOf("{" + label + "=\"");
    if (i < 0) {
      i = series.indexOf("," + label + "=\"");
    }
    if (i < 0) {
      return null;
    }
    int from = i + label.length() + 3;
    return series.substring(from, series.indexOf('"', from));
  }
}
