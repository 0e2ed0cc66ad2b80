package io.relevo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** How many replicas a write waits for, as replicas come and go and failovers happen. */
class ReplicaAcksTest {

  @Test
  void waitsForNoneWhenNoneIsWanted() {
    ReplicaAcks acks = new ReplicaAcks(0, Duration.ofSeconds(5), Duration.ofSeconds(15));
    acks.observed(0);
    assertThat(acks.required()).isZero();
    assertThat(acks.degraded()).isFalse();
  }

  @Test
  void aMissingReplicaIsWaitedForDuringTheGraceThenWritesGoOnWithFewerCopies() {
    ReplicaAcks acks = new ReplicaAcks(1, Duration.ofMillis(50), Duration.ofSeconds(15));
    acks.observed(1);
    assertThat(acks.required()).isEqualTo(1);
    acks.observed(0);
    // within the grace: still one wanted, so writes are refused (a failover may be starting)
    assertThat(acks.required()).isEqualTo(1);
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (acks.required() != 0 && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(acks.required()).isZero();
    assertThat(acks.degraded()).isTrue();
    acks.observed(1);
    assertThat(acks.required()).isEqualTo(1);
    assertThat(acks.degraded()).isFalse();
  }

  @Test
  void nothingIsAcknowledgedDuringAFailoverAndTheNewMasterIsTrustedWithoutReplicas() {
    ReplicaAcks acks = new ReplicaAcks(1, Duration.ofSeconds(5), Duration.ofSeconds(15));
    acks.observed(1);
    acks.failoverStarted();
    assertThat(acks.holding()).isTrue();
    acks.followed(Duration.ZERO);
    assertThat(acks.holding()).isFalse();
    // the new master starts alone: its writes are acknowledged at once, on one copy
    acks.observed(0);
    assertThat(acks.required()).isZero();
  }

  @Test
  void aFailoverThatNeverEndsHoldsWritesOnlyForTheLongestHold() {
    ReplicaAcks acks = new ReplicaAcks(1, Duration.ofSeconds(5), Duration.ofMillis(20));
    acks.failoverStarted();
    assertThat(acks.holding()).isTrue();
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (acks.holding() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(acks.holding()).isFalse();
  }
}
