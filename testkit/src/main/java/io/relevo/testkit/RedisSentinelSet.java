package io.relevo.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.redis.EmbeddedRedis;

/**
 * A real Sentinel-managed Redis for fault tests: one master, {@code replicas} replicas and three
 * Sentinels (quorum 2, a master is down after 1 s), each an embedded Redis 7.0 process on a free
 * port of 127.0.0.1. Connect with {@link #url()}. Not thread-safe; the creator closes it.
 */
public final class RedisSentinelSet implements AutoCloseable {

  public static final String MASTER = "mymaster";
  private static final Pattern PORT = Pattern.compile("\\$\\d+\\r\\n127\\.0\\.0\\.1\\r\\n\\$\\d+\\r\\n(\\d+)");

  private final List<EmbeddedRedis> nodes = new ArrayList<>();
  private final List<EmbeddedRedis> sentinels = new ArrayList<>();

  private RedisSentinelSet() {
  }

  /**
   * Starts the set and waits until every Sentinel sees the master, its replicas and the other
   * Sentinels, and the replicas are in sync.
   */
  public static RedisSentinelSet start(int replicas) {
    RedisSentinelSet set = new RedisSentinelSet();
    try {
      EmbeddedRedis master = node();
      set.nodes.add(master.start());
      for (int i = 0; i < replicas; i++) {
        set.nodes.add(node("replicaof 127.0.0.1 " + master.port()).start());
      }
      for (int i = 0; i < 3; i++) {
        set.sentinels.add(EmbeddedRedis.builder().port(0).password(false).appendOnly(false)
            .dataDir(TestRedis.tempDir("relevo-sentinel"))
            .config("sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 2",
                "sentinel down-after-milliseconds " + MASTER + " 1000",
                "sentinel failover-timeout " + MASTER + " 10000",
                "sentinel parallel-syncs " + MASTER + " 1")
            .args("--sentinel")
            .build().start());
      }
      Eventually.until("the Sentinels see the master, " + replicas + " replica(s) and each other",
          Duration.ofSeconds(60), () -> set.sentinels.stream().allMatch(s -> {
            String info = RespClient.command(s.port(), "INFO", "sentinel");
            return info.contains("status=ok,address=127.0.0.1:" + master.port() + ",slaves=" + replicas + ",sentinels=3");
          }));
      set.awaitReplicasOnline(replicas, Duration.ofSeconds(60));
      return set;
    } catch (RuntimeException | Error e) {
      set.close();
      throw e;
    }
  }

  private static EmbeddedRedis node(String... config) {
    return EmbeddedRedis.builder().port(0).password(false).appendOnly(true).appendFsync("everysec")
        .dataDir(TestRedis.tempDir("relevo-sentinel-node")).config(config).build();
  }

  /** {@code redis-sentinel://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3/0#mymaster}. */
  public String url() {
    StringBuilder sb = new StringBuilder("redis-sentinel://");
    for (int i = 0; i < sentinels.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinels.get(i).port());
    }
    return sb.append("/0#").append(MASTER).toString();
  }

  /** The port of the master, as the first Sentinel that answers names it. */
  public int masterPort() {
    RuntimeException last = null;
    for (EmbeddedRedis s : sentinels) {
      if (!s.isRunning()) {
        continue;
      }
      try {
        Matcher m = PORT.matcher(RespClient.command(s.port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER));
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no Sentinel names the master", last);
  }

  /** The data node on {@code port}. */
  public EmbeddedRedis node(int port) {
    return nodes.stream().filter(n -> n.port() == port).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node on " + port));
  }

  /** Asks a Sentinel for a failover, as an operator would before maintenance; returns at once. */
  public void manualFailover() {
    RespClient.command(sentinels.get(0).port(), "SENTINEL", "FAILOVER", MASTER);
  }

  /** Kills the master (SIGKILL), as a crash would; returns its port. */
  public int killMaster() {
    int port = masterPort();
    node(port).kill();
    return port;
  }

  /** Waits until the Sentinels name a master other than {@code oldPort} and it answers as one. */
  public int awaitNewMaster(int oldPort, Duration timeout) {
    Eventually.until("a new master", timeout, () -> {
      int now = masterPort();
      return now != oldPort && RespClient.command(now, "ROLE").contains("master");
    });
    return masterPort();
  }

  /** Kills Sentinel {@code i} (SIGKILL). */
  public void killSentinel(int i) {
    sentinels.get(i).kill();
  }

  /** Waits until the master has {@code n} replicas online (in sync, following it). */
  public void awaitReplicasOnline(int n, Duration timeout) {
    Eventually.until(n + " replica(s) online", timeout, () -> {
      String info = RespClient.command(masterPort(), "INFO", "replication");
      return info.lines().filter(l -> l.startsWith("slave") && l.contains("state=online")).count() >= n;
    });
  }

  @Override
  public void close() {
    for (EmbeddedRedis s : sentinels) {
      s.close();
    }
    for (EmbeddedRedis n : nodes) {
      n.close();
    }
  }
}
