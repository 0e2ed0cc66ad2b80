package io.relevo.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Listens to every Sentinel's {@code +switch-master} announcements of one master name and tells
 * its listeners once per new master address, whichever Sentinel says it first.
 *
 * <p>Each Sentinel gets its own pub/sub connection, which reconnects by itself: a Sentinel that is
 * down only means one voice fewer. Thread-safe; owned by the {@link RedisConnector} that made it.
 */
final class SentinelWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SentinelWatch.class);

  private final String masterName;
  private final List<StatefulRedisPubSubConnection<String, String>> connections = new ArrayList<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<String> lastMaster = new AtomicReference<>("");
  private final AtomicLong switches = new AtomicLong();

  SentinelWatch(RedisClient client, RedisURI uri) {
    this.masterName = uri.getSentinelMasterId();
    for (RedisURI sentinel : uri.getSentinels()) {
      RedisURI plain = RedisURI.builder(sentinel).build();
      try {
        StatefulRedisPubSubConnection<String, String> c = client.connectPubSub(plain);
        c.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            switched(message);
          }
        });
        c.async().subscribe("+switch-master");
        connections.add(c);
      } catch (RuntimeException e) {
        // this Sentinel is down now; the others still announce a switch
        LOG.warn("Cannot listen to Sentinel {}:{} for master switches: {}", sentinel.getHost(),
            sentinel.getPort(), e.toString());
      }
    }
  }

  /** {@code message} is {@code <name> <old-ip> <old-port> <new-ip> <new-port>}. */
  private void switched(String message) {
    String[] parts = message.split(" ");
    if (parts.length < 5 || !parts[0].equals(masterName)) {
      return;
    }
    String now = parts[3] + ":" + parts[4];
    if (lastMaster.getAndSet(now).equals(now)) {
      return; // another Sentinel's announcement of the same switch
    }
    switches.incrementAndGet();
    LOG.info("Redis Sentinel switched master {} to {}", masterName, now);
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException e) {
        LOG.warn("A master-switch listener failed", e);
      }
    }
  }

  void addListener(Runnable listener) {
    listeners.add(listener);
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
