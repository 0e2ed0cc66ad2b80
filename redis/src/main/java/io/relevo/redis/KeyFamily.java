package io.relevo.redis;

import java.util.Objects;

/**
 * One family of Redis keys (or pub/sub channels) that Relevo builds: its pattern, the Cluster slot
 * it lives in, what it holds, whose data that is, how it expires and how a person's erasure treats
 * it. Declared once in {@link Keyspace}; immutable and thread-safe.
 *
 * @param pattern the key's shape, with upper-case placeholders ({@code {conv:ID}:log})
 * @param slot which Cluster slot the key lives in
 * @param holds what the key holds, in a few words
 * @param personal whose data it is
 * @param expiry how the key goes away on its own
 * @param erasure what a person's erasure does to it
 */
public record KeyFamily(String pattern, Slot slot, String holds, Personal personal, Expiry expiry, Erasure erasure) {

  /** Where a family's keys live on a Redis Cluster: the hash tag they share. */
  public enum Slot {
    /** {@code {conv:ID}}: every key of one conversation in one slot (one script touches them together). */
    PER_CONVERSATION,
    /** {@code {person:HASH}}: one slot per verified person. */
    PER_PERSON,
    /** {@code {auth:AGENT}}: one slot per agent. */
    PER_AGENT,
    /** No hash tag: each key hashes on its own name (spread over the shards). */
    PER_KEY,
    /** One fixed hash tag ({@code {tickets}}, {@code {analytics}}...): the whole family on one shard. */
    FIXED,
    /** A pub/sub channel, not a stored key. */
    PUBSUB
  }

  /** Whose data a family holds. */
  public enum Personal {
    /** No personal data: counters, leases, secrets, platform event ids. */
    NONE,
    /** The person of one conversation (messages, name, ids). */
    CONVERSATION,
    /** A verified person across conversations (their tickets, their conversations' index). */
    PERSON,
    /** Agents (their ids, their actions), not the people they help. */
    AGENT,
    /** Redacted text or pseudonyms that cannot be traced back to a person. */
    ANONYMOUS
  }

  /** How a family's keys go away on their own. */
  public enum Expiry {
    /** The conversation's retention, refreshed with its activity: gone with its transcript. */
    WITH_CONVERSATION,
    /** A fixed TTL set on each write (rate windows, leases, idempotency records, revocations). */
    FIXED_TTL,
    /** Trimmed by {@code RetentionSweeper} after its retention period (and capped in length). */
    RETENTION_SWEEP,
    /** Entries removed by their owner when they end (a claim, a delivery, a closed socket), stale ones dropped on read. */
    ENTRIES_REMOVED,
    /** Kept until deleted: small counters, configuration, secrets. Allowed only without personal data. */
    KEPT,
    /** Not stored: a pub/sub channel. */
    NOT_STORED
  }

  /** What a person's erasure does to a family. */
  public enum Erasure {
    /** Deleted with each of the person's conversations ({@code ConversationService.erase}). */
    WITH_CONVERSATION,
    /** Deleted (or the person's entries removed) by the person's erasure ({@code PrivacyRoutes}). */
    WITH_PERSON,
    /** Nothing to erase: no personal data, or anonymous. */
    NOTHING_TO_ERASE
  }

  public KeyFamily {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(holds, "holds");
    Objects.requireNonNull(personal, "personal");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(erasure, "erasure");
  }

  /**
   * What is wrong with this family's rules, or null: personal data must be erased with its person,
   * and a family kept with no expiry must hold no personal data.
   */
  public String problem() {
    boolean ofAPerson = personal == Personal.CONVERSATION || personal == Personal.PERSON;
    if (ofAPerson && erasure == Erasure.NOTHING_TO_ERASE) {
      return pattern + " holds a person's data but declares no erasure";
    }
    if (ofAPerson && expiry == Expiry.KEPT) {
      return pattern + " holds a person's data but declares no expiry";
    }
    if ((slot == Slot.PUBSUB) != (expiry == Expiry.NOT_STORED)) {
      return pattern + ": only a pub/sub channel is not stored";
    }
    if (slot == Slot.PER_CONVERSATION && personal == Personal.CONVERSATION
        && (expiry != Expiry.WITH_CONVERSATION && expiry != Expiry.FIXED_TTL || erasure != Erasure.WITH_CONVERSATION)) {
      return pattern + " lives with its conversation but neither expires nor is erased with it";
    }
    return null;
  }
}
