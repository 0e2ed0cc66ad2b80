package io.relevo.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

  @Test
  void everyKeyBuiltIsToldApartByItsNameAndEveryStoredFamilyHasANameRule() {
    Map<String, KeyFamily> built = new java.util.LinkedHashMap<>();
    built.put(Keyspace.conversation("c1"), Keyspace.CONVERSATION);
    built.put(Keyspace.transcript("c1"), Keyspace.TRANSCRIPT);
    built.put(Keyspace.clientIds("c1"), Keyspace.CLIENT_IDS);
    built.put(Keyspace.results("c1"), Keyspace.RESULTS);
    built.put(Keyspace.lock("c1"), Keyspace.LOCK);
    built.put(Keyspace.aliases("c1"), Keyspace.ALIASES);
    built.put(Keyspace.notes("c1"), Keyspace.NOTES);
    built.put(Keyspace.conversationRate("c1"), Keyspace.CONVERSATION_RATE);
    built.put(Keyspace.personConversations("0123456789abcdef0123456789abcdef"), Keyspace.PERSON_CONVERSATIONS);
    built.put(Keyspace.ticket("INC-1"), Keyspace.TICKET);
    built.put(Keyspace.TICKETS_ALL_KEY, Keyspace.TICKETS_ALL);
    built.put(Keyspace.ticketsBy("0123456789abcdef0123456789abcdef"), Keyspace.TICKETS_BY_REQUESTER);
    built.put(Keyspace.ticketSequence("INC"), Keyspace.TICKET_SEQUENCE);
    built.put(Keyspace.APPROVALS_PENDING_KEY, Keyspace.APPROVALS_PENDING);
    built.put(Keyspace.approvalMessages("REQ-000012.1"), Keyspace.APPROVAL_MESSAGES);
    built.put(Keyspace.WEBHOOK_OUTBOX_KEY, Keyspace.WEBHOOK_OUTBOX);
    built.put(Keyspace.WEBHOOK_OUTBOX_ITEMS_KEY, Keyspace.WEBHOOK_OUTBOX_ITEMS);
    built.put(Keyspace.WEBHOOK_ATTEMPTS_KEY, Keyspace.WEBHOOK_ATTEMPTS);
    built.put(Keyspace.WEBHOOK_DEAD_LETTERS_KEY, Keyspace.WEBHOOK_DEAD_LETTERS);
    built.put(Keyspace.analyticsDay("2026-12-05", "web"), Keyspace.ANALYTICS_DAY);
    built.put(Keyspace.analyticsConversation("c1"), Keyspace.ANALYTICS_CONVERSATION);
    built.put(Keyspace.ANALYTICS_OUTCOMES_KEY, Keyspace.ANALYTICS_OUTCOMES);
    built.put(Keyspace.ANALYTICS_CSAT_KEY, Keyspace.ANALYTICS_CSAT);
    built.put(Keyspace.ANALYTICS_TOTALS_KEY, Keyspace.ANALYTICS_TOTALS);
    built.put(Keyspace.ANALYTICS_CHANNELS_KEY, Keyspace.ANALYTICS_CHANNELS);
    built.put(Keyspace.CSAT_COMMENTS_KEY, Keyspace.CSAT_COMMENTS);
    built.put(Keyspace.KB_STATS_KEY, Keyspace.KB_STATS);
    built.put(Keyspace.KB_GAPS_KEY, Keyspace.KB_GAPS);
    built.put(Keyspace.AUDIT_LOG_KEY, Keyspace.AUDIT_LOG);
    built.put(Keyspace.AUDIT_SIGN_IN_FAILURES_KEY, Keyspace.AUDIT_SIGN_IN_FAILURES);
    built.put(Keyspace.RETENTION_LEASE_KEY, Keyspace.RETENTION_LEASE);
    built.put(Keyspace.METRICS_LEASE_KEY, Keyspace.METRICS_LEASE);
    built.put(Keyspace.handoffQueue("hr"), Keyspace.HANDOFF_QUEUE);
    built.put(Keyspace.agentConversations("ana"), Keyspace.AGENT_CONVERSATIONS);
    built.put(Keyspace.PRESENCE_KEY, Keyspace.PRESENCE);
    built.put(Keyspace.ASSIGNER_LEASE_KEY, Keyspace.ASSIGNER_LEASE);
    built.put(Keyspace.revokedToken("ana", "j1"), Keyspace.REVOKED_TOKEN);
    built.put(Keyspace.notBefore("ana"), Keyspace.NOT_BEFORE);
    for (String k : Keyspace.signInAttempts("hmac:n", "hmac:a")) {
      built.put(k, Keyspace.SIGN_IN_ATTEMPTS);
    }
    built.put(Keyspace.DEMO_PASSWORD_KEY, Keyspace.SECRET);
    built.put(Keyspace.JWT_SECRET_KEY, Keyspace.SECRET);
    built.put(Keyspace.addressRate("abc"), Keyspace.ADDRESS_RATE);
    built.put(Keyspace.slackConversation("T1", "D1", null, "U1"), Keyspace.SLACK_CONVERSATION);
    built.put(Keyspace.teamsConversation("a:1", "u1"), Keyspace.TEAMS_CONVERSATION);
    built.put(Keyspace.platformOnce("slack", "event:Ev1"), Keyspace.PLATFORM_ONCE);
    built.put(Keyspace.platformOnce("teams", "relayed:1-0"), Keyspace.PLATFORM_ONCE);
    built.put(Keyspace.legacySlackPlace("c1"), Keyspace.LEGACY_SLACK_PLACE);
    built.forEach((key, family) -> assertThat(Keyspace.familyOf(key)).as(key).contains(family));
    assertThat(new HashSet<>(built.values())).containsExactlyInAnyOrderElementsOf(
        Keyspace.FAMILIES.stream().filter(f -> f.slot() != Slot.PUBSUB).toList());
    assertThat(Keyspace.familyOf("something:else")).isEmpty();
  }
}
