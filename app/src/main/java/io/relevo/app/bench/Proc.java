package io.relevo.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about this machine and its processes from {@code /proc} (Linux); absent elsewhere. */
final class Proc {

  /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
  private static final double TICKS = 100.0;

  private Proc() {
  }

  /** CPU seconds (user + system) of process {@code pid}, or -1. */
  static double cpuSeconds(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = stat.substring(close + 2).split(" ");
    // after the command: state(3) ... utime(14) stime(15)
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
  }

  /** CPU seconds of this JVM (all its threads). */
  static double selfCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return -1;
  }

  static String cpuModel() {
    for (String line : lines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return System.getProperty("os.arch");
  }

  static String loadAverage() {
    String s = read(Path.of("/proc/loadavg")).strip();
    String[] f = s.split(" ");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "n/a";
  }

  /** The machine's CPU counters (the "cpu" line of /proc/stat): total and steal ticks. */
  record CpuTicks(long total, long steal, long idle) {

    static CpuTicks now() {
      for (String line : lines(Path.of("/proc/stat"))) {
        if (line.startsWith("cpu ")) {
          String[] f = line.strip().split("\\s+");
          long total = 0;
          for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
          }
          long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
          long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
          return new CpuTicks(total, steal, idle);
        }
      }
      return new CpuTicks(0, 0, 0);
    }

    /** Steal time since {@code before}, in percent of all CPU time. */
    double stealPercentSince(CpuTicks before) {
      long total = this.total - before.total;
      return total <= 0 ? 0 : 100.0 * (steal - before.steal) / total;
    }

    /** Busy time of the whole machine since {@code before}, in cores. */
    double busyCoresSince(CpuTicks before, int cores) {
      long total = this.total - before.total;
      long idle = this.idle - before.idle;
      return total <= 0 ? 0 : cores * (double) (total - idle) / total;
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static List<String> lines(Path p) {
    return read(p).lines().toList();
  }
}
