package io.relevo.redis;

import static io.relevo.redis.KeyFamily.Erasure.NOTHING_TO_ERASE;
import static io.relevo.redis.KeyFamily.Expiry.ENTRIES_REMOVED;
import static io.relevo.redis.KeyFamily.Expiry.FIXED_TTL;
import static io.relevo.redis.KeyFamily.Expiry.KEPT;
import static io.relevo.redis.KeyFamily.Expiry.NOT_STORED;
import static io.relevo.redis.KeyFamily.Expiry.RETENTION_SWEEP;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.relevo.redis.KeyFamily.Erasure;
import io.relevo.redis.KeyFamily.Expiry;
import io.relevo.redis.KeyFamily.Personal;
import io.relevo.redis.KeyFamily.Slot;

/**
 * Every Redis key and pub/sub channel Relevo builds, in one place: {@link #FAMILIES} declares each
 * family's pattern, Cluster slot, contents, owner, expiry and erasure rule, and the static methods
 * below are the only code that spells a key. Erasure ({@link #erasedWithConversation}) and the
 * test of the rules walk this list. Key names are those stored by earlier versions: changing one
 * loses its data on upgrade. Stateless and thread-safe.
 */
public final class Keyspace {

  private Keyspace() {
  }

  // ---- one conversation: hash tag {conv:ID}, one slot, one script touches them together ----

  /** The conversation's record (hash). */
  public static final KeyFamily CONVERSATION = conv("{conv:ID}", "the conversation's record: state, locale, the person's id and name, dialogue attributes");
  /** The transcript (stream). */
  public static final KeyFamily TRANSCRIPT = conv("{conv:ID}:log", "the transcript: every message");
  /** Client message ids already stored (hash), for idempotent sends. */
  public static final KeyFamily CLIENT_IDS = conv("{conv:ID}:cmid", "client message ids already stored");
  /** The bot's results per processed message (hash). */
  public static final KeyFamily RESULTS = conv("{conv:ID}:results", "the bot's replies per processed message");
  /** The processing lock (string with a lease). */
  public static final KeyFamily LOCK = new KeyFamily("{conv:ID}:lock", Slot.PER_CONVERSATION,
      "the processing lock's owner", Personal.NONE, FIXED_TTL, Erasure.WITH_CONVERSATION);
  /** Keys outside the conversation that name it, a channel's mapping (set). */
  public static final KeyFamily ALIASES = conv("{conv:ID}:aliases", "the channels' mapping keys that name the conversation");
  /** Agents' internal notes (list). */
  public static final KeyFamily NOTES = conv("{conv:ID}:notes", "agents' internal notes about the conversation");
  /** Messages counted in the current rate window (string counter). */
  public static final KeyFamily CONVERSATION_RATE = new KeyFamily("{conv:ID}:rate", Slot.PER_CONVERSATION,
      "messages counted in the current rate window", Personal.NONE, FIXED_TTL, Erasure.WITH_CONVERSATION);
  /** The conversation's pub/sub channel. */
  public static final KeyFamily CONVERSATION_EVENTS = new KeyFamily("relevo:conv:ID", Slot.PUBSUB,
      "the conversation's live events", Personal.CONVERSATION, NOT_STORED, Erasure.WITH_CONVERSATION);
  /** A topic's pub/sub channel ({@code handoff}...). */
  public static final KeyFamily TOPIC = new KeyFamily("relevo:topic:NAME", Slot.PUBSUB,
      "announcements to every instance (queue changes)", Personal.NONE, NOT_STORED, NOTHING_TO_ERASE);

  // ---- a verified person ----

  /** The ids of a verified person's conversations (set), keyed by a hash of their id. */
  public static final KeyFamily PERSON_CONVERSATIONS = new KeyFamily("{person:SHA256_32}:conversations", Slot.PER_PERSON,
      "the ids of a verified person's conversations", Personal.PERSON, Expiry.WITH_CONVERSATION, Erasure.WITH_PERSON);

  // ---- tickets: hash tag {tickets}, one fixed slot (scripts move a ticket and its indexes together) ----

  public static final KeyFamily TICKET = tickets("{tickets}:t:ID", "a ticket: title, details, requester, comments",
      Personal.PERSON, RETENTION_SWEEP, Erasure.WITH_PERSON);
  public static final KeyFamily TICKETS_ALL = tickets("{tickets}:all", "every ticket id by update time",
      Personal.PERSON, RETENTION_SWEEP, Erasure.WITH_PERSON);
  public static final KeyFamily TICKETS_BY_REQUESTER = tickets("{tickets}:by:SHA256_32", "a requester's ticket ids",
      Personal.PERSON, RETENTION_SWEEP, Erasure.WITH_PERSON);
  public static final KeyFamily APPROVALS_PENDING = tickets("{tickets}:approvals:pending",
      "ids of tickets waiting for an approval, by when their next reminder or escalation is due",
      Personal.PERSON, ENTRIES_REMOVED, Erasure.WITH_PERSON);
  public static final KeyFamily APPROVAL_MESSAGES = tickets("{tickets}:approvals:messages:ID.STEP",
      "where each approval message sent to an approver in Slack or Teams is (the approver's chat ids), and its language",
      Personal.AGENT, FIXED_TTL, NOTHING_TO_ERASE);
  public static final KeyFamily TICKET_SEQUENCE = tickets("{tickets}:seq:KIND", "the last ticket number per kind (INC, REQ)",
      Personal.NONE, KEPT, NOTHING_TO_ERASE);
  public static final KeyFamily WEBHOOK_OUTBOX = tickets("{tickets}:outbox", "webhook deliveries due, by time",
      Personal.PERSON, ENTRIES_REMOVED, Erasure.WITH_PERSON);
  public static final KeyFamily WEBHOOK_OUTBOX_ITEMS = tickets("{tickets}:outbox:items", "webhook deliveries' bodies (ticket JSON)",
      Personal.PERSON, ENTRIES_REMOVED, Erasure.WITH_PERSON);
  public static final KeyFamily WEBHOOK_ATTEMPTS = tickets("{tickets}:outbox:attempts", "webhook deliveries' attempt counts",
      Personal.NONE, ENTRIES_REMOVED, Erasure.WITH_PERSON);
  public static final KeyFamily WEBHOOK_DEAD_LETTERS = tickets("{tickets}:webhook:dead", "deliveries given up (ticket JSON), capped",
      Personal.PERSON, RETENTION_SWEEP, Erasure.WITH_PERSON);

  // ---- analytics: hash tag {analytics}, one fixed slot ----

  public static final KeyFamily ANALYTICS_DAY = analytics("{analytics}:d:DAY:CHANNEL", "counts per day and channel",
      Personal.NONE, FIXED_TTL, NOTHING_TO_ERASE);
  public static final KeyFamily ANALYTICS_CONVERSATION = analytics("{analytics}:c:ID",
      "what was counted for a conversation, so it counts once: its start, outcome, first handoff reason, "
          + "articles shown, rated and deflecting, ticket, satisfaction score (no text)", Personal.CONVERSATION, Expiry.WITH_CONVERSATION,
      Erasure.WITH_CONVERSATION);
  public static final KeyFamily ANALYTICS_OUTCOMES = analytics("{analytics}:outcomes", "totals per outcome",
      Personal.NONE, KEPT, NOTHING_TO_ERASE);
  public static final KeyFamily ANALYTICS_CSAT = analytics("{analytics}:csat", "satisfaction answers per score",
      Personal.NONE, KEPT, NOTHING_TO_ERASE);
  public static final KeyFamily ANALYTICS_TOTALS = analytics("{analytics}:totals", "conversations and handoffs per reason",
      Personal.NONE, KEPT, NOTHING_TO_ERASE);
  public static final KeyFamily ANALYTICS_CHANNELS = analytics("{analytics}:channels", "the channel names seen",
      Personal.NONE, KEPT, NOTHING_TO_ERASE);
  public static final KeyFamily CSAT_COMMENTS = analytics("{analytics}:csat:comments",
      "satisfaction comments, redacted, with no conversation or person (capped stream)", Personal.ANONYMOUS,
      RETENTION_SWEEP, NOTHING_TO_ERASE);

  // ---- knowledge: hash tag {kb}, one fixed slot ----

  public static final KeyFamily KB_STATS = new KeyFamily("{kb}:stats", Slot.FIXED, "per-article shown/helpful counts",
      Personal.NONE, KEPT, NOTHING_TO_ERASE);
  public static final KeyFamily KB_GAPS = new KeyFamily("{kb}:gaps", Slot.FIXED,
      "unanswered questions, redacted, with no conversation or person (capped stream)", Personal.ANONYMOUS,
      RETENTION_SWEEP, NOTHING_TO_ERASE);

  // ---- audit and retention ----

  public static final KeyFamily AUDIT_LOG = new KeyFamily("{audit}:log", Slot.FIXED,
      "agents' actions: actor, route, targets (person ids as pseudonyms; conversation and ticket ids)",
      Personal.AGENT, RETENTION_SWEEP, NOTHING_TO_ERASE);
  public static final KeyFamily AUDIT_SIGN_IN_FAILURES = new KeyFamily("{audit}:sign-in-failures", Slot.FIXED,
      "failed sign-ins (pseudonymous address and name), capped", Personal.ANONYMOUS, FIXED_TTL, NOTHING_TO_ERASE);
  public static final KeyFamily RETENTION_LEASE = new KeyFamily("{retention}:lease", Slot.FIXED,
      "which instance sweeps now", Personal.NONE, FIXED_TTL, NOTHING_TO_ERASE);
  public static final KeyFamily METRICS_LEASE = new KeyFamily("{metrics}:exporter", Slot.FIXED,
      "which instance exports the cluster-wide metrics now", Personal.NONE, FIXED_TTL, NOTHING_TO_ERASE);

  // ---- handoff ----

  public static final KeyFamily HANDOFF_QUEUE = new KeyFamily("handoff:queue:NAME", Slot.PER_KEY,
      "ids of conversations waiting for an agent, by time", Personal.CONVERSATION, ENTRIES_REMOVED, Erasure.WITH_PERSON);
  public static final KeyFamily AGENT_CONVERSATIONS = new KeyFamily("handoff:agent:AGENT:conversations", Slot.PER_KEY,
      "ids of the conversations an agent holds", Personal.CONVERSATION, ENTRIES_REMOVED, Erasure.WITH_PERSON);
  public static final KeyFamily PRESENCE = new KeyFamily("handoff:presence", Slot.PER_KEY,
      "agents online, one entry per console socket", Personal.AGENT, ENTRIES_REMOVED, NOTHING_TO_ERASE);
  public static final KeyFamily ASSIGNER_LEASE = new KeyFamily("handoff:assigner", Slot.PER_KEY,
      "which instance assigns waiting conversations now", Personal.NONE, FIXED_TTL, NOTHING_TO_ERASE);

  // ---- agents' sign-in ----

  public static final KeyFamily REVOKED_TOKEN = new KeyFamily("{auth:AGENT}:revoked:JTI", Slot.PER_AGENT,
      "an agent token taken back, until it would have expired", Personal.AGENT, FIXED_TTL, NOTHING_TO_ERASE);
  public static final KeyFamily NOT_BEFORE = new KeyFamily("{auth:AGENT}:not-before", Slot.PER_AGENT,
      "an agent's tokens taken back up to a time", Personal.AGENT, FIXED_TTL, NOTHING_TO_ERASE);
  public static final KeyFamily SIGN_IN_ATTEMPTS = new KeyFamily("{signin}:addr|pair|name:PSEUDONYMS", Slot.FIXED,
      "failed sign-in counts per pseudonymous address and name", Personal.ANONYMOUS, FIXED_TTL, NOTHING_TO_ERASE);
  public static final KeyFamily SECRET = new KeyFamily("relevo:demo:password | relevo:auth:jwt-secret", Slot.PER_KEY,
      "secrets shared by every instance", Personal.NONE, KEPT, NOTHING_TO_ERASE);

  // ---- channels ----

  public static final KeyFamily ADDRESS_RATE = new KeyFamily("rate:addr:SHA256_24", Slot.PER_KEY,
      "requests counted per client address (a hash) in the current window", Personal.ANONYMOUS, FIXED_TTL,
      NOTHING_TO_ERASE);
  public static final KeyFamily SLACK_CONVERSATION = new KeyFamily("slack:conv:TEAM:CHANNEL:THREAD:USER", Slot.PER_KEY,
      "the conversation id of a person in a Slack place", Personal.CONVERSATION, Expiry.WITH_CONVERSATION,
      Erasure.WITH_CONVERSATION);
  public static final KeyFamily TEAMS_CONVERSATION = new KeyFamily("teams:conv:TEAMS_CONVERSATION:USER", Slot.PER_KEY,
      "the conversation id of a person in a Teams conversation", Personal.CONVERSATION, Expiry.WITH_CONVERSATION,
      Erasure.WITH_CONVERSATION);
  public static final KeyFamily PLATFORM_ONCE = new KeyFamily("slack|teams:event|activity|relayed:ID", Slot.PER_KEY,
      "platform event and relayed message ids already handled (retries within a day)", Personal.NONE, FIXED_TTL,
      NOTHING_TO_ERASE);
  /** Written by versions before the Slack thread mapping; never read now, deleted by the retention sweep. */
  public static final KeyFamily LEGACY_SLACK_PLACE = new KeyFamily("slack:place:ID", Slot.PER_KEY,
      "legacy: a Slack place per conversation id", Personal.CONVERSATION, RETENTION_SWEEP, Erasure.WITH_CONVERSATION);

  /** Every family, in the order above. */
  public static final List<KeyFamily> FAMILIES = List.of(CONVERSATION, TRANSCRIPT, CLIENT_IDS, RESULTS, LOCK, ALIASES,
      NOTES, CONVERSATION_RATE, CONVERSATION_EVENTS, TOPIC, PERSON_CONVERSATIONS, TICKET, TICKETS_ALL,
      TICKETS_BY_REQUESTER, APPROVALS_PENDING, APPROVAL_MESSAGES, TICKET_SEQUENCE, WEBHOOK_OUTBOX, WEBHOOK_OUTBOX_ITEMS, WEBHOOK_ATTEMPTS, WEBHOOK_DEAD_LETTERS,
      ANALYTICS_DAY, ANALYTICS_CONVERSATION, ANALYTICS_OUTCOMES, ANALYTICS_CSAT, ANALYTICS_TOTALS, ANALYTICS_CHANNELS,
      CSAT_COMMENTS, KB_STATS, KB_GAPS, AUDIT_LOG, AUDIT_SIGN_IN_FAILURES, RETENTION_LEASE, METRICS_LEASE, HANDOFF_QUEUE,
      AGENT_CONVERSATIONS, PRESENCE, ASSIGNER_LEASE, REVOKED_TOKEN, NOT_BEFORE, SIGN_IN_ATTEMPTS, SECRET, ADDRESS_RATE,
      SLACK_CONVERSATION, TEAMS_CONVERSATION, PLATFORM_ONCE, LEGACY_SLACK_PLACE);

  /** How a stored key's name tells its family, tried in order (pub/sub channels are not keys). */
  private static final List<Map.Entry<Pattern, KeyFamily>> NAMES = List.of(
      name("\\{conv:[^}]+}", CONVERSATION), name("\\{conv:[^}]+}:log", TRANSCRIPT),
      name("\\{conv:[^}]+}:cmid", CLIENT_IDS), name("\\{conv:[^}]+}:results", RESULTS),
      name("\\{conv:[^}]+}:lock", LOCK), name("\\{conv:[^}]+}:aliases", ALIASES), name("\\{conv:[^}]+}:notes", NOTES),
      name("\\{conv:[^}]+}:rate", CONVERSATION_RATE), name("\\{person:[0-9a-f]{32}}:conversations", PERSON_CONVERSATIONS),
      name("\\{tickets}:t:.+", TICKET), name("\\{tickets}:all", TICKETS_ALL), name("\\{tickets}:by:[0-9a-f]{32}", TICKETS_BY_REQUESTER),
      name("\\{tickets}:approvals:pending", APPROVALS_PENDING), name("\\{tickets}:approvals:messages:.+", APPROVAL_MESSAGES),
      name("\\{tickets}:seq:.+", TICKET_SEQUENCE), name("\\{tickets}:outbox", WEBHOOK_OUTBOX),
      name("\\{tickets}:outbox:items", WEBHOOK_OUTBOX_ITEMS), name("\\{tickets}:outbox:attempts", WEBHOOK_ATTEMPTS),
      name("\\{tickets}:webhook:dead", WEBHOOK_DEAD_LETTERS), name("\\{analytics}:d:[^:]+:.+", ANALYTICS_DAY),
      name("\\{analytics}:c:.+", ANALYTICS_CONVERSATION), name("\\{analytics}:outcomes", ANALYTICS_OUTCOMES),
      name("\\{analytics}:csat", ANALYTICS_CSAT), name("\\{analytics}:totals", ANALYTICS_TOTALS),
      name("\\{analytics}:channels", ANALYTICS_CHANNELS), name("\\{analytics}:csat:comments", CSAT_COMMENTS),
      name("\\{kb}:stats", KB_STATS), name("\\{kb}:gaps", KB_GAPS), name("\\{audit}:log", AUDIT_LOG),
      name("\\{audit}:sign-in-failures", AUDIT_SIGN_IN_FAILURES), name("\\{retention}:lease", RETENTION_LEASE),
      name("\\{metrics}:exporter", METRICS_LEASE),
      name("handoff:queue:.+", HANDOFF_QUEUE), name("handoff:agent:.+:conversations", AGENT_CONVERSATIONS),
      name("handoff:presence", PRESENCE), name("handoff:assigner", ASSIGNER_LEASE),
      name("\\{auth:[^}]+}:revoked:.+", REVOKED_TOKEN), name("\\{auth:[^}]+}:not-before", NOT_BEFORE),
      name("\\{signin}:(addr|pair|name):.+", SIGN_IN_ATTEMPTS), name("relevo:demo:password|relevo:auth:jwt-secret", SECRET),
      name("rate:addr:.+", ADDRESS_RATE), name("slack:conv:.+", SLACK_CONVERSATION), name("teams:conv:.+", TEAMS_CONVERSATION),
      name("(slack|teams):(event|activity|relayed):.+", PLATFORM_ONCE), name("slack:place:.+", LEGACY_SLACK_PLACE));

  private static Map.Entry<Pattern, KeyFamily> name(String regex, KeyFamily family) {
    return Map.entry(Pattern.compile(regex), family);
  }

  /** The family a stored key belongs to, by its name; empty for a key no family declares. */
  public static Optional<KeyFamily> familyOf(String key) {
    return NAMES.stream().filter(e -> e.getKey().matcher(key).matches()).map(Map.Entry::getValue).findFirst();
  }

  private static KeyFamily conv(String pattern, String holds) {
    return new KeyFamily(pattern, Slot.PER_CONVERSATION, holds, Personal.CONVERSATION, Expiry.WITH_CONVERSATION,
        Erasure.WITH_CONVERSATION);
  }

  private static KeyFamily tickets(String pattern, String holds, Personal personal, Expiry expiry, Erasure erasure) {
    return new KeyFamily(pattern, Slot.FIXED, holds, personal, expiry, erasure);
  }

  private static KeyFamily analytics(String pattern, String holds, Personal personal, Expiry expiry, Erasure erasure) {
    return new KeyFamily(pattern, Slot.FIXED, holds, personal, expiry, erasure);
  }

  // ---- the keys ----

  private static String tag(String id) {
    return "{conv:" + id + "}";
  }

  public static String conversation(String id) {
    return tag(id);
  }

  public static String transcript(String id) {
    return tag(id) + ":log";
  }

  public static String clientIds(String id) {
    return tag(id) + ":cmid";
  }

  public static String results(String id) {
    return tag(id) + ":results";
  }

  public static String lock(String id) {
    return tag(id) + ":lock";
  }

  public static String aliases(String id) {
    return tag(id) + ":aliases";
  }

  public static String notes(String id) {
    return tag(id) + ":notes";
  }

  public static String conversationRate(String id) {
    return tag(id) + ":rate";
  }

  /** The prefix of every conversation's pub/sub channel. */
  public static final String CONVERSATION_EVENTS_PREFIX = "relevo:conv:";

  public static String conversationEvents(String id) {
    return CONVERSATION_EVENTS_PREFIX + id;
  }

  /** The prefix of every topic's pub/sub channel. */
  public static final String TOPIC_PREFIX = "relevo:topic:";

  public static String topic(String name) {
    return TOPIC_PREFIX + name;
  }

  /**
   * The keys of one conversation's slot that its erasure deletes together (one DEL: one slot);
   * {@link #ANALYTICS_CONVERSATION} and the {@link #aliases} members live elsewhere and are deleted one by one.
   */
  public static String[] erasedWithConversation(String id) {
    return new String[] {conversation(id), transcript(id), clientIds(id), results(id), lock(id), notes(id),
        conversationRate(id), aliases(id)};
  }

  /** @param personHash the first 32 hex digits of the SHA-256 of the person's id */
  public static String personConversations(String personHash) {
    return "{person:" + personHash + "}:conversations";
  }

  public static String ticket(String id) {
    return "{tickets}:t:" + id;
  }

  public static final String TICKETS_ALL_KEY = "{tickets}:all";

  /** @param requesterHash the first 32 hex digits of the SHA-256 of the requester's key */
  public static String ticketsBy(String requesterHash) {
    return "{tickets}:by:" + requesterHash;
  }

  public static String ticketSequence(String kind) {
    return "{tickets}:seq:" + kind;
  }

  /** Tickets whose approval is pending (sorted set, by when it is next due), moved with the ticket by one script. */
  public static final String APPROVALS_PENDING_KEY = "{tickets}:approvals:pending";

  /** The approval messages of one step ({@code REQ-000012.1}) in the chat platforms (hash), with a TTL. */
  public static String approvalMessages(String approvalId) {
    return "{tickets}:approvals:messages:" + approvalId;
  }

  public static final String WEBHOOK_OUTBOX_KEY = "{tickets}:outbox";
  public static final String WEBHOOK_OUTBOX_ITEMS_KEY = "{tickets}:outbox:items";
  public static final String WEBHOOK_ATTEMPTS_KEY = "{tickets}:outbox:attempts";
  public static final String WEBHOOK_DEAD_LETTERS_KEY = "{tickets}:webhook:dead";

  /** @param day an ISO date ({@code 2026-12-05}) */
  public static String analyticsDay(String day, String channel) {
    return "{analytics}:d:" + day + ":" + channel;
  }

  public static String analyticsConversation(String id) {
    return "{analytics}:c:" + id;
  }

  public static final String ANALYTICS_OUTCOMES_KEY = "{analytics}:outcomes";
  public static final String ANALYTICS_CSAT_KEY = "{analytics}:csat";
  public static final String ANALYTICS_TOTALS_KEY = "{analytics}:totals";
  public static final String ANALYTICS_CHANNELS_KEY = "{analytics}:channels";
  public static final String CSAT_COMMENTS_KEY = "{analytics}:csat:comments";
  public static final String KB_STATS_KEY = "{kb}:stats";
  public static final String KB_GAPS_KEY = "{kb}:gaps";
  public static final String AUDIT_LOG_KEY = "{audit}:log";
  public static final String AUDIT_SIGN_IN_FAILURES_KEY = "{audit}:sign-in-failures";
  public static final String RETENTION_LEASE_KEY = "{retention}:lease";
  public static final String METRICS_LEASE_KEY = "{metrics}:exporter";

  public static String handoffQueue(String queue) {
    return "handoff:queue:" + queue;
  }

  public static String agentConversations(String agentId) {
    return "handoff:agent:" + agentId + ":conversations";
  }

  public static final String PRESENCE_KEY = "handoff:presence";
  public static final String ASSIGNER_LEASE_KEY = "handoff:assigner";

  public static String revokedToken(String agentId, String jti) {
    return "{auth:" + agentId + "}:revoked:" + jti;
  }

  public static String notBefore(String agentId) {
    return "{auth:" + agentId + "}:not-before";
  }

  /** The three sign-in counters, one hash tag (one script): per address, per name and address, per name. */
  public static String[] signInAttempts(String namePseudonym, String addressPseudonym) {
    return new String[] {"{signin}:addr:" + addressPseudonym, "{signin}:pair:" + namePseudonym + ":" + addressPseudonym,
        "{signin}:name:" + namePseudonym};
  }

  public static final String DEMO_PASSWORD_KEY = "relevo:demo:password";
  public static final String JWT_SECRET_KEY = "relevo:auth:jwt-secret";

  /** @param addressHash a hash of the client's address */
  public static String addressRate(String addressHash) {
    return "rate:addr:" + addressHash;
  }

  public static String slackConversation(String team, String channel, String thread, String user) {
    return "slack:conv:" + team + ":" + channel + ":" + (thread == null ? "" : thread) + ":" + user;
  }

  public static String teamsConversation(String teamsConversation, String user) {
    return "teams:conv:" + teamsConversation + ":" + user;
  }

  /** What {@link #platformOnce} records: a Slack event, a Teams activity, a message relayed to the platform. */
  public static final String ONCE_EVENT = "event:";
  public static final String ONCE_ACTIVITY = "activity:";
  public static final String ONCE_RELAYED = "relayed:";

  /** @param platform {@code slack} or {@code teams}; @param what {@code event:ID}, {@code relayed:ID}... */
  public static String platformOnce(String platform, String what) {
    return platform + ":" + what;
  }

  public static String legacySlackPlace(String conversationId) {
    return "slack:place:" + conversationId;
  }

  /** The SCAN pattern of {@link #LEGACY_SLACK_PLACE}. */
  public static final String LEGACY_SLACK_PLACE_PATTERN = "slack:place:*";
}
