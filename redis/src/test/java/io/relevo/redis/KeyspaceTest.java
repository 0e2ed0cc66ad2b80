package io.relevo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import io.relevo.redis.KeyFamily.Erasure;
import io.relevo.redis.KeyFamily.Expiry;
import io.relevo.redis.KeyFamily.Personal;
import io.relevo.redis.KeyFamily.Slot;

/** Every key family declares an expiry and an erasure rule, and the rules hang together. */
class KeyspaceTest {

  @Test
  void everyDeclaredFamilyIsListed() throws Exception {
    List<KeyFamily> declared = new ArrayList<>();
    for (Field f : Keyspace.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == KeyFamily.class) {
        declared.add((KeyFamily) f.get(null));
      }
    }
    assertThat(Keyspace.FAMILIES).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(new HashSet<>(Keyspace.FAMILIES.stream().map(KeyFamily::pattern).toList())).hasSameSizeAs(Keyspace.FAMILIES);
  }

  @Test
  void everyFamilyHasAnExpiryAndAnErasureRuleThatFit() {
    assertThat(Keyspace.FAMILIES).allSatisfy(f -> {
      assertThat(f.expiry()).as(f.pattern()).isNotNull();
      assertThat(f.erasure()).as(f.pattern()).isNotNull();
      assertThat(f.problem()).as(f.pattern()).isNull();
    });
  }

  @Test
  void aFamilyWithoutARuleFails() {
    assertThat(new KeyFamily("x:ID", Slot.PER_KEY, "a person's text", Personal.PERSON, Expiry.KEPT, Erasure.WITH_PERSON)
        .problem()).contains("no expiry");
    assertThat(new KeyFamily("x:ID", Slot.PER_KEY, "a person's text", Personal.CONVERSATION, Expiry.FIXED_TTL,
        Erasure.NOTHING_TO_ERASE).problem()).contains("no erasure");
    assertThat(new KeyFamily("{conv:ID}:x", Slot.PER_CONVERSATION, "notes", Personal.CONVERSATION, Expiry.ENTRIES_REMOVED,
        Erasure.WITH_CONVERSATION).problem()).contains("conversation");
  }

  @Test
  void aConversationsErasureDeletesEveryFamilyOfItsSlotThatItDeclares() {
    String id = "c1";
    List<String> erased = List.of(Keyspace.erasedWithConversation(id));
    // every erased key is in the conversation's slot (one DEL)
    assertThat(erased).allSatisfy(k -> assertThat(k).startsWith("{conv:" + id + "}"));
    // and every stored per-conversation family is among them
    long perConversation = Keyspace.FAMILIES.stream()
        .filter(f -> f.slot() == Slot.PER_CONVERSATION && f.erasure() == Erasure.WITH_CONVERSATION).count();
    assertThat(erased).hasSize((int) perConversation).doesNotHaveDuplicates();
    assertThat(erased.stream().map(k -> k.replace("{conv:" + id + "}", "{conv:ID}")).toList())
        .containsExactlyInAnyOrderElementsOf(Keyspace.FAMILIES.stream()
            .filter(f -> f.slot() == Slot.PER_CONVERSATION).map(KeyFamily::pattern).filter(Objects::nonNull).toList());
  }

  @Test
  void familiesWithAPersonsDataAreNeverKeptForever() {
    assertThat(Keyspace.FAMILIES).filteredOn(f -> f.personal() == Personal.CONVERSATION || f.personal() == Personal.PERSON)
        .allSatisfy(f -> assertThat(f.expiry()).as(f.pattern()).isNotEqualTo(Expiry.KEPT))
        .allSatisfy(f -> assertThat(f.erasure()).as(f.pattern()).isNotEqualTo(Erasure.NOTHING_TO_ERASE));
  }
}
