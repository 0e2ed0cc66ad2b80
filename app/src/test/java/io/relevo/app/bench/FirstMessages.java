package io.relevo.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Dev tool: whether a conversation's first message costs the server more than its later ones, over WebSockets,
 * at a rate well below capacity (no queue). Against a running Relevo (its port and process id, for the CPU of the
 * JVM and its embedded Redis from {@code /proc}): warms the server up with a 45 s closed loop on 32 conversations,
 * then, twice, opens N conversations and sends each one message, three times over, at 50 messages/s, reporting the
 * server's CPU per turn (the idle server's own CPU included) and the latency of each pass.
 * {@code java -cp app/target/relevo.jar:app/target/test-classes io.relevo.app.bench.FirstMessages PORT PID [N]}
 * (start the server as {@link Bench} does, e.g. with {@code RELEVO_INTENTS_HURRY_AFTER=0s} and generous rate limits).
 */
public final class FirstMessages {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long pid = Long.parseLong(args[1]);
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    List<LoadClient.Msg> messages = BenchArgs.loadMessages(null);
    try (LoadClient client = new LoadClient("127.0.0.1", port, messages, Runtime.getRuntime().availableProcessors())) {
      List<LoadClient.Conn> warm = client.connect(client.createConversations(32, 32), 32);
      client.closedLoop("warm-up", warm, Duration.ofSeconds(40), Duration.ofSeconds(5));
      client.close(warm);
      for (int round = 1; round <= 2; round++) {
        double before = cpuSeconds(pid);
        long t0 = System.nanoTime();
        List<LoadClient.Conn> conns = client.connect(client.createConversations(n, 32), 128);
        double opening = cpuSeconds(pid) - before;
        System.out.printf(Locale.ROOT, "round %d: opening %d conversations took %.1f s, %.2f ms of server CPU each%n",
            round, n, (System.nanoTime() - t0) / 1e9, opening * 1000 / n);
        Duration every = Duration.ofMillis(n * 20L); // 50 messages/s
        for (int k = 1; k <= 3; k++) {
          double c0 = cpuSeconds(pid);
          LoadClient.Result r = client.openLoop("message " + k, conns, every, Duration.ZERO, every);
          double used = cpuSeconds(pid) - c0;
          System.out.printf(Locale.ROOT, "round %d, message %d of each conversation: %d answered, %d errors, "
                  + "%.2f ms of server + Redis CPU per turn, latency p50 %.1f ms, p99 %.1f ms%n", round, k, r.turns(),
              r.errors(), used * 1000 / Math.max(1, r.turns()), r.ms(50), r.ms(99));
        }
        client.close(conns);
      }
    }
  }

  /** CPU seconds of a process and its descendants (the embedded Redis). */
  private static double cpuSeconds(long pid) throws Exception {
    double total = cpuOf(pid);
    for (ProcessHandle h : ProcessHandle.of(pid).orElseThrow().descendants().toList()) {
      total += cpuOf(h.pid());
    }
    return total;
  }

  private static double cpuOf(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks of 1/100 s
  }
}
