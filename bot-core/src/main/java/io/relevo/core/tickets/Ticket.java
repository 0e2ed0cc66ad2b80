package io.relevo.core.tickets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A ticket: an incident ({@code INC-000001}) or a catalogue request ({@code REQ-000001}).
 * Immutable; a change makes a new version.
 *
 * @param requester who asked; only they (and agents) may read or change it
 * @param priority from the ITIL impact × urgency matrix (see {@link Priority})
 * @param fields the form's other answers (dates, item, system, role...)
 * @param conversationId the conversation it came from; may be null
 * @param externalId the id in the company's ticket system, once it reported one
 * @param version increases with every change (optimistic concurrency)
 * @param approval the approval a catalogue request needs; null when it needs none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ticket(
    String id,
    Kind kind,
    Requester requester,
    String title,
    String description,
    String category,
    String impact,
    String urgency,
    Priority priority,
    Status status,
    Map<String, String> fields,
    String conversationId,
    String locale,
    String externalId,
    Instant createdAt,
    Instant updatedAt,
    List<Change> history,
    List<Comment> comments,
    long version,
    Approval approval) {

  public Ticket {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
    history = history == null ? List.of() : List.copyOf(history);
    comments = comments == null ? List.of() : List.copyOf(comments);
  }

  /** A ticket that needs no approval (the constructor before approvals). */
  public Ticket(String id, Kind kind, Requester requester, String title, String description, String category,
      String impact, String urgency, Priority priority, Status status, Map<String, String> fields, String conversationId,
      String locale, String externalId, Instant createdAt, Instant updatedAt, List<Change> history,
      List<Comment> comments, long version) {
    this(id, kind, requester, title, description, category, impact, urgency, priority, status, fields, conversationId,
        locale, externalId, createdAt, updatedAt, history, comments, version, null);
  }

  /** The next version: {@code status}, {@code approval}, {@code change} added to the history, at {@code now}. */
  public Ticket withApproval(Status newStatus, Approval newApproval, Change change, Instant now) {
    List<Change> all = new java.util.ArrayList<>(history);
    if (change != null) {
      all.add(change);
    }
    return new Ticket(id, kind, requester, title, description, category, impact, urgency, priority, newStatus, fields,
        conversationId, locale, externalId, createdAt, now, all, comments, version + 1, newApproval);
  }

  /**
   * Who cancelled it: the actor of the latest change of its status to {@code cancelled} (the
   * requester, an agent, the company's ticket system); null when it is not cancelled.
   */
  public Actor cancelledBy() {
    if (status != Status.CANCELLED) {
      return null;
    }
    for (int i = history.size() - 1; i >= 0; i--) {
      Change c = history.get(i);
      if ("status".equals(c.field()) && Status.CANCELLED.code().equals(c.to())) {
        return c.by();
      }
    }
    return null;
  }

  /** Incident or request; fixes the id prefix. */
  public enum Kind {
    INCIDENT("INC"), REQUEST("REQ");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    static Kind parse(String code) {
      return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Where a ticket stands. */
  public enum Status {
    NEW, IN_PROGRESS, WAITING_ON_USER, RESOLVED, CLOSED, CANCELLED,
    /** A catalogue request waiting for its approval ({@link Approval}). */
    PENDING_APPROVAL,
    /** Approved: the desk fulfils it (in progress, resolved, closed). */
    APPROVED,
    /** Rejected by an approver: nothing more happens to it. */
    REJECTED;

    /** Whether nothing more happens to it. */
    public boolean isFinal() {
      return this == CLOSED || this == CANCELLED || this == REJECTED;
    }

    /** Whether only the approval moves a ticket into or out of this status. */
    public boolean byApprovalOnly() {
      return this == PENDING_APPROVAL || this == APPROVED || this == REJECTED;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code new}, {@code in_progress}...; null when unknown. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Status parse(String code) {
      for (Status s : values()) {
        if (s.code().equals(code)) {
          return s;
        }
      }
      return null;
    }
  }

  /** ITIL priority from impact and urgency (high, medium, low). */
  public enum Priority {
    CRITICAL, HIGH, MEDIUM, LOW, PLANNING;

    @com.fasterxml.jackson.annotation.JsonValue
    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    static Priority parse(String code) {
      return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }

    /** The ITIL 3×3 matrix: H/H critical; H/M, M/H high; H/L, M/M, L/H medium; M/L, L/M low; L/L planning. */
    public static Priority of(String impact, String urgency) {
      int score = level(impact) + level(urgency); // 0 (both high) .. 4 (both low)
      return values()[score];
    }

    private static int level(String v) {
      return switch (v == null ? "" : v) {
        case "high" -> 0;
        case "low" -> 2;
        default -> 1;
      };
    }
  }

  /** One recorded change: {@code field} went from {@code from} to {@code to}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Change(Instant at, Actor by, String field, String from, String to) {
  }

  /** A comment by the requester, an agent or the ticket system. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Comment(Instant at, Actor by, String text) {
  }

  /** Who did something: {@code kind} is requester, agent, bot or system. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Actor(String kind, String id, String name) {
    public static final Actor BOT = new Actor("bot", "relevo", "Relevo");
  }

  /**
   * The person a ticket belongs to.
   *
   * @param key stable identity: {@code user:ID} for a verified user, {@code conv:ID} for the owner
   *     of an anonymous conversation
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Requester(String key, String name, String email) {
  }
}
