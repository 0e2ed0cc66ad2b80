package io.relevo.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relevo.core.config.Setting;

/**
 * The benchmark's command line: its options with their defaults (smaller with {@code --quick}),
 * the usage text, and the messages to send. A bad option is an {@link IllegalArgumentException}
 * that says what is wrong. Stateless.
 */
final class BenchArgs {

  private BenchArgs() {
  }

  static final List<String> ALL_STEPS = List.of("echo", "transport", "full", "open", "idle", "floor");

  static final String USAGE = """
      Usage: java -jar relevo.jar bench [options]
        --quick                      a smoke run: few connections, short durations
        --steps LIST                 of echo,transport,full,open,idle,floor (default: all)
        --conversations N            live conversations of the open-loop step (default 1000)
        --interval DURATION          each live conversation sends one message per interval (default 5s)
        --duration DURATION          measured time of the open-loop step (default 60s, after one interval of warm-up)
        --closed-connections N       connections of the echo and transport closed loops (default 100)
        --full-connections N         connections of the full-turn closed loop (default 32)
        --warmup DURATION            warm-up of the echo and transport closed loops (default 5s)
        --measure DURATION           measured time of each closed loop (default 15s)
        --full-warmup DURATION       warm-up of the full-turn closed loop (default 60s: the JIT compiles the models' and search's code)
        --floor-warmup DURATION      warm-up of the compute floor before its 10 s (default 30s: its first seconds cost up to 40 % more)
        --idle N                     idle conversations held open for the heap measurement (default 10000)
        --heap SIZE                  -Xmx of the server JVMs (default 1g)
        --server-jvm OPTION          another option for the server JVMs (repeatable), e.g. --server-jvm -XX:+UseParallelGC
        --set KEY=VALUE              a Relevo setting for the benchmarked server (repeatable), e.g. --set redis.embedded.fsync=everysec
        --client-loops N             event loops of the load client (default: the number of cores)
        --messages FILE              messages to send, one per line: lang<TAB>text (default: the shipped help-desk questions)
        --work-dir DIR               where the servers' data and logs go (default: a new directory under the system's temp dir)
        --keep                       keep the work directory afterwards
      Durations: 500ms, 15s, 2m. Every number is printed; the last line is JSON.""";

  static Bench.Options parse(String[] args) {
    boolean quick = Arrays.asList(args).contains("--quick");
    Set<String> steps = new LinkedHashSet<>(ALL_STEPS);
    int conversations = quick ? 100 : 1000;
    Duration interval = Duration.ofSeconds(5);
    Duration openMeasure = quick ? Duration.ofSeconds(10) : Duration.ofSeconds(60);
    Duration openWarmup = null;
    int closed = quick ? 20 : 100;
    int full = quick ? 8 : 32;
    Duration warmup = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(5);
    Duration measure = quick ? Duration.ofSeconds(4) : Duration.ofSeconds(15);
    Duration fullWarmup = quick ? Duration.ofSeconds(3) : Duration.ofSeconds(60);
    Duration floorWarmup = quick ? Duration.ofSeconds(2) : Duration.ofSeconds(30);
    int idle = quick ? 500 : 10_000;
    String heap = "1g";
    List<String> serverJvm = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    Path workDir = null;
    boolean keep = false;
    Path messages = null;
    int loops = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> {
        }
        case "--keep" -> keep = true;
        case "--help", "-h" -> {
          return null;
        }
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("Unknown option or missing value: " + a);
          }
          String v = args[++i];
          switch (a) {
            case "--steps" -> {
              steps = new LinkedHashSet<>();
              for (String s : v.split(",")) {
                if (!ALL_STEPS.contains(s.strip())) {
                  throw new IllegalArgumentException("Unknown step '" + s + "' (of " + ALL_STEPS + ")");
                }
                steps.add(s.strip());
              }
            }
            case "--conversations" -> conversations = positive(a, v);
            case "--interval" -> interval = duration(a, v);
            case "--duration" -> openMeasure = duration(a, v);
            case "--closed-connections" -> closed = positive(a, v);
            case "--full-connections" -> full = positive(a, v);
            case "--warmup" -> warmup = duration(a, v);
            case "--measure" -> measure = duration(a, v);
            case "--full-warmup" -> fullWarmup = duration(a, v);
            case "--floor-warmup" -> floorWarmup = duration(a, v);
            case "--idle" -> idle = positive(a, v);
            case "--heap" -> heap = v;
            case "--server-jvm" -> serverJvm.add(v);
            case "--set" -> {
              int eq = v.indexOf('=');
              if (eq <= 0) {
                throw new IllegalArgumentException("--set takes KEY=VALUE, not '" + v + "'");
              }
              settings.put(v.substring(0, eq).strip(), v.substring(eq + 1));
            }
            case "--client-loops" -> loops = positive(a, v);
            case "--messages" -> messages = Path.of(v);
            case "--work-dir" -> workDir = Path.of(v);
            default -> throw new IllegalArgumentException("Unknown option: " + a);
          }
        }
      }
    }
    return new Bench.Options(steps, conversations, interval, openWarmup == null ? interval : openWarmup, openMeasure,
        closed, full, warmup, measure, fullWarmup, idle, heap, List.copyOf(serverJvm), settings, workDir, keep, messages, loops,
        quick ? Duration.ofSeconds(3) : Duration.ofSeconds(10), floorWarmup, quick);
  }

  private static int positive(String option, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException(option + " takes a positive number, not '" + v + "'");
  }

  private static Duration duration(String option, String v) {
    try {
      return Setting.duration(option, "1s", Duration.ZERO, Duration.ofDays(1), option).parse(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(option + " takes a duration such as 15s, not '" + v + "'");
    }
  }

  static List<LoadClient.Msg> loadMessages(Path file) {
    String text;
    try {
      if (file == null) {
        try (InputStream in = Bench.class.getResourceAsStream("messages.tsv")) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } else {
        text = Files.readString(file, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the messages: " + e.getMessage());
    }
    List<LoadClient.Msg> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        throw new IllegalArgumentException("a message line is lang<TAB>text: '" + line + "'");
      }
      out.add(new LoadClient.Msg(line.substring(0, tab).strip(), line.substring(tab + 1).strip()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no messages");
    }
    return out;
  }
}
