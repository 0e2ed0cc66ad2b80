package io.relevo.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.redis.EmbeddedRedis;

/**
 * A real Redis Cluster for fault tests: {@code masters} masters sharing the 16,384 slots, each with
 * {@code replicasEach} replicas, every node an embedded Redis 7.0 process on a free port of
 * 127.0.0.1. A node is marked failing after the node timeout. Connect with {@link #url()}. Not
 * thread-safe; the creator closes it.
 */
public final class RedisClusterSet implements AutoCloseable {

  private static final Pattern ID = Pattern.compile("([0-9a-f]{40})");

  private final List<EmbeddedRedis> nodes = new ArrayList<>();

  private RedisClusterSet() {
  }

  /**
   * Starts the cluster and waits until every node reports {@code cluster_state:ok} and every
   * replica is in sync. With {@code replicaFailover} false, replicas never take over (to keep a
   * shard down in a test).
   */
  public static RedisClusterSet start(int masters, int replicasEach, Duration nodeTimeout, boolean replicaFailover) {
    RedisClusterSet set = new RedisClusterSet();
    try {
      for (int i = 0; i < masters * (1 + replicasEach); i++) {
        set.nodes.add(EmbeddedRedis.builder().port(0).password(false).appendOnly(true).appendFsync("everysec")
            .dataDir(TestRedis.tempDir("relevo-cluster-node"))
            .args("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()),
                "--cluster-replica-no-failover", replicaFailover ? "no" : "yes",
                // the other shards keep serving while one has no master (Redis's default stops them all)
                "--cluster-require-full-coverage", "no")
            .build().start());
      }
      int per = 16384 / masters;
      for (int m = 0; m < masters; m++) {
        int from = m * per;
        int to = m == masters - 1 ? 16383 : from + per - 1;
        RespClient.command(set.nodes.get(m).port(), "CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
      }
      int first = set.nodes.get(0).port();
      for (EmbeddedRedis n : set.nodes.subList(1, set.nodes.size())) {
        RespClient.command(n.port(), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(first));
      }
      Eventually.until("every node knows every other", Duration.ofSeconds(60), () -> set.nodes.stream()
          .allMatch(n -> nodeLines(n.port()).size() == set.nodes.size()));
      for (int m = 0; m < masters; m++) {
        String id = id(set.nodes.get(m).port());
        for (int r = 0; r < replicasEach; r++) {
          RespClient.command(set.nodes.get(masters + m * replicasEach + r).port(), "CLUSTER", "REPLICATE", id);
        }
      }
      Eventually.until("the cluster is ok and the replicas in sync", Duration.ofSeconds(60), () -> set.nodes.stream()
          .allMatch(n -> RespClient.command(n.port(), "CLUSTER", "INFO").contains("cluster_state:ok")
              && (set.nodes.indexOf(n) < masters
                  || RespClient.command(n.port(), "INFO", "replication").contains("master_link_status:up"))));
      return set;
    } catch (RuntimeException | Error e) {
      set.close();
      throw e;
    }
  }

  /** The lines of {@code CLUSTER NODES}, one per node. */
  private static List<String> nodeLines(int port) {
    return RespClient.command(port, "CLUSTER", "NODES").lines().map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("$")).toList();
  }

  private static String id(int port) {
    Matcher m = ID.matcher(RespClient.command(port, "CLUSTER", "MYID"));
    if (!m.find()) {
      throw new IllegalStateException("no node id from " + port);
    }
    return m.group(1);
  }

  /** {@code redis-cluster://127.0.0.1:P1,...} with every node as a seed. */
  public String url() {
    StringBuilder sb = new StringBuilder("redis-cluster://");
    for (int i = 0; i < nodes.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(nodes.get(i).port());
    }
    return sb.toString();
  }

  /** The slot of {@code key} (by its hash tag), as Redis computes it. */
  public int slot(String key) {
    return Integer.parseInt(RespClient.command(live().port(), "CLUSTER", "KEYSLOT", key).replaceAll("\\D", ""));
  }

  /** The port of the master that serves {@code slot} now, as a live node sees it. */
  public int masterOf(int slot) {
    for (String line : nodeLines(live().port())) {
      String[] f = line.split(" ");
      List<String> flags = List.of(f.length > 2 ? f[2].split(",") : new String[0]);
      if (f.length < 9 || !flags.contains("master") || flags.contains("fail") || flags.contains("fail?")) {
        continue;
      }
      for (int i = 8; i < f.length; i++) {
        String[] range = f[i].split("-");
        if (range[0].startsWith("[")) {
          continue;
        }
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
        }
      }
    }
    return -1;
  }

  /** The node on {@code port}. */
  public EmbeddedRedis node(int port) {
    return nodes.stream().filter(n -> n.port() == port).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node on " + port));
  }

  /** The replicas of the master on {@code masterPort}. */
  public List<Integer> replicasOf(int masterPort) {
    String id = id(masterPort);
    List<Integer> out = new ArrayList<>();
    for (String line : nodeLines(live().port())) {
      String[] f = line.split(" ");
      if (f.length > 3 && f[3].equals(id)) {
        out.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@'))));
      }
    }
    return out;
  }

  /** Waits until a live node reports {@code cluster_state:ok} and {@code slot} has a master other than {@code oldPort}. */
  public int awaitNewMaster(int slot, int oldPort, Duration timeout) {
    Eventually.until("a new master for slot " + slot, timeout, () -> {
      int now = masterOf(slot);
      return now > 0 && now != oldPort && RespClient.command(live().port(), "CLUSTER", "INFO").contains("cluster_state:ok");
    });
    return masterOf(slot);
  }

  private EmbeddedRedis live() {
    return nodes.stream().filter(EmbeddedRedis::isRunning).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node is running"));
  }

  @Override
  public void close() {
    for (EmbeddedRedis n : nodes) {
      n.close();
    }
  }
}
