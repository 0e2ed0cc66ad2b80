package io.relevo.app.bench;

import java.util.Map;

/**
 * CPU used by the server JVM, its embedded Redis, this client and the whole machine over a run's
 * measured window, in cores (CPU seconds per second).
 */
final class Cpu implements LoadClient.Window {

  record Used(double server, double redis, double client, double machine) {
  }

  private final Child server;
  private final RedisCounter redisCounter;
  private ServerTimes times;
  private Map<String, Long> commands0 = Map.of();
  private Map<String, Long> commands = Map.of();
  private double server0;
  private double redis0;
  private double client0;
  private Proc.CpuTicks machine0;
  private long t0;
  private Used used = new Used(0, 0, 0, 0);

  Cpu(Child server) {
    this(server, null);
  }

  Cpu(Child server, RedisCounter redisCounter) {
    this.server = server;
    this.redisCounter = redisCounter;
  }

  /** Also reads the server's turn-time histograms at the window's start and end. */
  Cpu withTimes(ServerTimes serverTimes) {
    this.times = serverTimes;
    return this;
  }

  @Override
  public void started() {
    if (times != null) {
      times.started();
    }
    if (redisCounter != null) {
      commands0 = redisCounter.calls();
    }
    server0 = server.cpuSeconds();
    redis0 = server.descendantsCpuSeconds();
    client0 = Proc.selfCpuSeconds();
    machine0 = Proc.CpuTicks.now();
    t0 = System.nanoTime();
  }

  @Override
  public void ended() {
    double wall = (System.nanoTime() - t0) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    used = new Used((server.cpuSeconds() - server0) / wall, (server.descendantsCpuSeconds() - redis0) / wall,
        (Proc.selfCpuSeconds() - client0) / wall, Proc.CpuTicks.now().busyCoresSince(machine0, cores));
    if (redisCounter != null) {
      commands = RedisCounter.since(commands0, redisCounter.calls());
    }
    if (times != null) {
      times.ended();
    }
  }

  /** Redis commands executed during the window, per command name (empty without a counter). */
  Map<String, Long> commands() {
    return commands;
  }

  Used used() {
    return used;
  }
}
