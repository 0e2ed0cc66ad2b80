package io.relevo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;

class ClusterPromotionsTest {

  private static RedisClusterNode node(String id, NodeFlag... flags) {
    RedisClusterNode n = new RedisClusterNode();
    n.setNodeId(id);
    n.setFlags(flags.length == 0 ? EnumSet.noneOf(NodeFlag.class) : EnumSet.of(flags[0], flags));
    return n;
  }

  @Test
  void aReplicaThatBecameMasterIsAPromotion() {
    List<RedisClusterNode> before = List.of(node("a", NodeFlag.UPSTREAM, NodeFlag.FAIL), node("b", NodeFlag.REPLICA));
    List<RedisClusterNode> after = List.of(node("a", NodeFlag.UPSTREAM, NodeFlag.FAIL), node("b", NodeFlag.UPSTREAM));
    assertThat(ClusterPromotions.promoted(before, after)).isTrue();
  }

  @Test
  void refreshesThatChangeNoMasterAreNot() {
    List<RedisClusterNode> before = List.of(node("a", NodeFlag.UPSTREAM), node("b", NodeFlag.REPLICA));
    assertThat(ClusterPromotions.promoted(before, before)).isFalse();
    // the old master coming back as a replica
    List<RedisClusterNode> later = List.of(node("a", NodeFlag.REPLICA), node("b", NodeFlag.UPSTREAM));
    List<RedisClusterNode> rejoined = List.of(node("a", NodeFlag.REPLICA), node("b", NodeFlag.UPSTREAM));
    assertThat(ClusterPromotions.promoted(later, rejoined)).isFalse();
    // a master marked failing is no promotion either
    assertThat(ClusterPromotions.promoted(before, List.of(node("a", NodeFlag.UPSTREAM, NodeFlag.FAIL),
        node("b", NodeFlag.REPLICA)))).isFalse();
  }
}
