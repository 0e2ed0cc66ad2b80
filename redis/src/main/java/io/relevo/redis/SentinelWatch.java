package io.relevo.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Listens to every Sentinel's announcements about one master: a failover starting
 * ({@code +try-failover}) and the switch to a new master ({@code +switch-master}), reported once
 * per new master address, whichever Sentinel says it first.
 *
 * <p>Each Sentinel gets its own pub/sub connection, which reconnects by itself: a Sentinel that is
 * down only means one voice fewer. Thread-safe; owned by the {@link RedisConnector} that made it.
 */
final class SentinelWatch implements AutoCloseable {

  /** What the owner does on each announcement; called on a Redis I/O thread. */
  interface Listener {
    void failoverStarted();

    void switched(String newMaster);
  }

  private static final Logger LOG = LoggerFactory.getLogger(SentinelWatch.class);
  private static final String[] CHANNELS = {"+try-failover", "+switch-master"};

  private final String masterName;
  private final Listener listener;
  private final List<StatefulRedisPubSubConnection<String, String>> connections = new ArrayList<>();
  private final AtomicReference<String> lastMaster = new AtomicReference<>("");
  private final AtomicLong switches = new AtomicLong();

  SentinelWatch(RedisClient client, RedisURI uri, Listener listener) {
    this.masterName = uri.getSentinelMasterId();
    this.listener = listener;
    for (RedisURI sentinel : uri.getSentinels()) {
      try {
        StatefulRedisPubSubConnection<String, String> c = client.connectPubSub(RedisURI.builder(sentinel).build());
        c.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            heard(channel, message);
          }
        });
        c.async().subscribe(CHANNELS);
        connections.add(c);
      } catch (RuntimeException e) {
        // this Sentinel is down now; the others still speak
        LOG.warn("Cannot listen to Sentinel {}:{}: {}", sentinel.getHost(), sentinel.getPort(), e.toString());
      }
    }
  }

  private void heard(String channel, String message) {
    String[] parts = message.split(" ");
    try {
      if (channel.equals("+switch-master")) {
        // <name> <old-ip> <old-port> <new-ip> <new-port>
        if (parts.length >= 5 && parts[0].equals(masterName)) {
          String now = parts[3] + ":" + parts[4];
          if (!lastMaster.getAndSet(now).equals(now)) {
            switches.incrementAndGet();
            LOG.info("Redis Sentinel switched master {} to {}", masterName, now);
            listener.switched(now);
          }
        }
        return;
      }
      // master <name> <ip> <port> [...]
      if (parts.length < 2 || !parts[0].equals("master") || !parts[1].equals(masterName)) {
        return;
      }
      LOG.info("Redis Sentinel started a failover of {}: writes are not acknowledged until it ends", masterName);
      listener.failoverStarted();
    } catch (RuntimeException e) {
      LOG.warn("A Sentinel announcement's listener failed", e);
    }
  }

  long switches() {
    return switches.get();
  }

  @Override
  public void close() {
    for (StatefulRedisPubSubConnection<String, String> c : connections) {
      c.closeAsync();
    }
  }
}
