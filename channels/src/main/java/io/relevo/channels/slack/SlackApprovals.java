package io.relevo.channels.slack;

import io.relevo.channels.ApprovalWords;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.approvals.ApprovalException;
import io.relevo.core.approvals.ApprovalId;
import io.relevo.core.approvals.ApprovalListener;
import io.relevo.core.approvals.Approvals;
import io.relevo.core.approvals.Decider;
import io.relevo.core.approvals.Directory;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Role;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;
import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Approvals in Slack. When a step is asked, reminded or escalated, each approver with a Slack
 * account (the directory's {@code slack:TEAM:USER} id, else found by e-mail with
 * {@code users.lookupByEmail}) gets a direct message with the request and Approve / Reject
 * buttons ({@link SlackApprovalBlocks}). A click arrives at the signed interactions endpoint:
 * Approve decides at once; Reject opens a modal ({@code views.open}) whose {@code view_submission}
 * carries the optional reason. The decider is the Slack user who clicked, known by the directory's
 * id or by their profile's e-mail ({@code users.info}); {@link Approvals#decide} checks they may
 * decide. The clicked message is then updated ({@code chat.update}) to say who decided what;
 * anybody else, and a click on a request already decided or withdrawn, gets a private notice and
 * changes nothing. A retried delivery or a double click decides once: the idempotency key is made
 * of the clicked message's and the user's ids (the modal's view id for a rejection). Once a step
 * is decided (in the console, another channel, another approver's DM) or withdrawn, every other DM
 * that asked about it is updated too ({@code chat.update} on its remembered channel and
 * timestamp). Each approver
 * reads in their language: the directory's {@code locale}, else their Slack locale
 * ({@code users.info} with {@code include_locale}, asked each time: nothing is cached), else the
 * default; what answers a click (the modal, the update, a notice) is in the clicked message's.
 *
 * <p>One per process (it is also an {@link ApprovalListener}); thread-safe: it holds no state of
 * its own. Logs name tickets and Slack's error codes, never people.
 */
public final class SlackApprovals extends io.relevo.channels.ChatApprovals {

  private static final Logger LOG = LoggerFactory.getLogger(SlackApprovals.class);

  private final SlackClient client;
  private final Approvals approvals;

  /**
   * @param relay the Slack relay (prefix {@code slack}) with which a Slack requester's conversation is
   *     followed when their request is decided, so the news reaches them in Slack
   * @param defaultLocale the language of an approver's messages when neither the directory nor Slack says theirs
   * @param messages where the DMs sent are remembered, to update them once their step is decided elsewhere; may be null
   */
  public SlackApprovals(SlackClient client, Approvals approvals, Directory directory, io.relevo.channels.ChannelRelay relay,
      String defaultLocale, io.relevo.channels.ApprovalMessages messages) {
    super("Slack", directory, relay, defaultLocale, messages);
    this.client = client;
    this.approvals = approvals;
  }

  // ---- asking approvers ----

  @Override
  protected void ask(Ticket ticket, Approval.Step step, List<String> emails, ApprovalWords.Asked why) {
    ApprovalId id = ApprovalId.of(ticket, step);
    JsonObject view = view(new Approvals.Pending(id.toString(), ticket, step, null));
    for (String who : directory.askedFor(emails, java.time.Instant.now())) {
      slackUser(who).compose(user -> user.isEmpty() ? Future.succeededFuture()
              : langOf(who, user.get()).compose(l -> client.call("chat.postMessage",
                  SlackApprovalBlocks.request(view, why, l).put("channel", user.get()))
                  .compose(sent -> sent.getString("channel") == null || sent.getString("ts") == null ? Future.succeededFuture()
                      : remember(id, ref(sent.getString("channel"), sent.getString("ts")),
                          new JsonObject().put("channel", sent.getString("channel")).put("ts", sent.getString("ts")), l))))
          .onFailure(e -> LOG.warn("Could not ask for the approval {} in Slack: {}", id, e.getMessage()));
    }
  }

  /** A message's reference, as {@link io.relevo.channels.ApprovalMessages} and a decider's origin name it. */
  private static String ref(String channel, String ts) {
    return "slack:" + channel + ":" + ts;
  }

  @Override
  protected Future<Void> rewrite(io.relevo.channels.ApprovalMessages.Sent sent, JsonObject view) {
    return client.call("chat.update", SlackApprovalBlocks.decided(view, langOr(sent.lang()))
        .put("channel", sent.where().getString("channel")).put("ts", sent.where().getString("ts"))).mapEmpty();
  }

  /**
   * The language of the approver with {@code email} and the Slack id {@code user}: the directory's,
   * else their Slack locale ({@code users.info} with {@code include_locale}), else the default one.
   */
  private Future<Lang> langOf(String email, String user) {
    Optional<Lang> known = directoryLang(email);
    if (known.isPresent()) {
      return Future.succeededFuture(known.get());
    }
    return client.read("users.info", Map.of("user", user, "include_locale", "true"))
        .map(r -> langOr(r.getJsonObject("user", new JsonObject()).getString("locale")))
        .otherwise(lang);
  }

  @Override
  protected io.relevo.channels.ChannelRelay.Sender sender(String mapping) {
    SlackClient.Target to = target(mapping);
    return to == null ? null : m -> client.post(to, m);
  }

  /** Where a mapping key ({@code slack:conv:TEAM:CHANNEL:THREAD:USER}) sends: the DM, or the thread privately. */
  static SlackClient.Target target(String mapping) {
    String[] parts = mapping.split(":", -1);
    if (parts.length != 6 || parts[3].isEmpty() || parts[5].isEmpty()) {
      return null;
    }
    String channel = parts[3];
    return new SlackClient.Target(channel, parts[4].isEmpty() ? null : parts[4], parts[5], !channel.startsWith("D"));
  }

  /** The Slack user id of the person with {@code email}: the directory's, else Slack's lookup; empty if none. */
  private Future<Optional<String>> slackUser(String email) {
    Optional<String> known = directory.byEmail(email).flatMap(p -> p.ids().stream().filter(i -> i.startsWith("slack:"))
        .map(i -> i.substring(i.lastIndexOf(':') + 1)).findFirst());
    if (known.isPresent()) {
      return Future.succeededFuture(known);
    }
    return client.read("users.lookupByEmail", Map.of("email", email))
        .map(r -> Optional.ofNullable(r.getJsonObject("user", new JsonObject()).getString("id")))
        .recover(e -> e instanceof SlackClient.SlackException se && "users_not_found".equals(se.error())
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
  }

  // ---- deciding ----

  /** Whether {@code payload} (an interaction) is an approval's: a button of ours or the rejection modal. */
  static boolean handles(JsonObject payload) {
    if ("view_submission".equals(payload.getString("type"))) {
      return SlackApprovalBlocks.REJECT_VIEW.equals(payload.getJsonObject("view", new JsonObject()).getString("callback_id"));
    }
    JsonArray actions = payload.getJsonArray("actions", new JsonArray());
    String actionId = actions.isEmpty() ? "" : actions.getJsonObject(0).getString("action_id", "");
    return actionId.equals(SlackApprovalBlocks.APPROVE) || actionId.equals(SlackApprovalBlocks.REJECT);
  }

  /** Handles an approval's interaction ({@link #handles} said so); already acknowledged to Slack. */
  Future<Void> interact(JsonObject payload) {
    String team = payload.getJsonObject("team", new JsonObject()).getString("id",
        payload.getJsonObject("user", new JsonObject()).getString("team_id", ""));
    String user = payload.getJsonObject("user", new JsonObject()).getString("id", "");
    if (user.isEmpty()) {
      return Future.succeededFuture();
    }
    if ("view_submission".equals(payload.getString("type"))) {
      return submitted(payload, team, user);
    }
    JsonObject action = payload.getJsonArray("actions").getJsonObject(0);
    JsonObject container = payload.getJsonObject("container", new JsonObject());
    String channel = payload.getJsonObject("channel", new JsonObject()).getString("id", container.getString("channel_id", ""));
    String ts = container.getString("message_ts", payload.getJsonObject("message", new JsonObject()).getString("ts", ""));
    String approvalId = action.getString("value", "");
    Lang written = langOr(SlackApprovalBlocks.langTag(action.getString("block_id")));
    Place place = new Place(channel, ts, user, written);
    if (SlackApprovalBlocks.REJECT.equals(action.getString("action_id"))) {
      // the modal is opened only for someone who may decide: a stranger learns nothing of the request
      return decider(team, user).compose(d -> approvals.find(approvalId, d))
          .compose(p -> {
            JsonObject view = view(p);
            if (p.step().decision() != null || !"pending".equals(view.getString("state"))) {
              return update(place, view).compose(v -> refuse(place, SlackApprovalBlocks.outcome(view, written)));
            }
            String metadata = new JsonObject().put("approval", approvalId).put("channel", channel).put("ts", ts)
                .put("lang", written.tag()).encode();
            return client.call("views.open", new JsonObject().put("trigger_id", payload.getString("trigger_id", ""))
                .put("view", SlackApprovalBlocks.rejectModal(view, metadata, written))).<Void>mapEmpty();
          })
          .recover(e -> refused(place, approvalId, e));
    }
    String key = "slack:" + channel + ":" + ts + ":" + user;
    return decide(team, user, approvalId, Approval.State.APPROVED, null, key, place);
  }

  private Future<Void> submitted(JsonObject payload, String team, String user) {
    JsonObject view = payload.getJsonObject("view", new JsonObject());
    JsonObject metadata;
    try {
      metadata = new JsonObject(view.getString("private_metadata", "{}"));
    } catch (RuntimeException e) {
      return Future.succeededFuture();
    }
    String reason = view.getJsonObject("state", new JsonObject()).getJsonObject("values", new JsonObject())
        .getJsonObject(SlackApprovalBlocks.REASON, new JsonObject()).getJsonObject(SlackApprovalBlocks.REASON, new JsonObject())
        .getString("value");
    reason = reason == null || reason.isBlank() ? null : reason.strip();
    Place place = new Place(metadata.getString("channel", ""), metadata.getString("ts", ""), user,
        langOr(metadata.getString("lang")));
    String key = "slack:view:" + view.getString("id", metadata.getString("ts", "") + ":" + user);
    return decide(team, user, metadata.getString("approval", ""), Approval.State.REJECTED, reason, key, place);
  }

  /** The message an approver clicked: where to update it, to whom a notice goes, and in which language. */
  private record Place(String channel, String ts, String user, Lang lang) {
  }

  private Future<Void> decide(String team, String user, String approvalId, Approval.State decision, String reason,
      String key, Place place) {
    return decider(team, user)
        .compose(d -> approvals.decide(approvalId, d.from(ref(place.channel(), place.ts())), decision, reason, key))
        .compose(done -> update(place, view(new Approvals.Pending(done.approvalId(), done.ticket(), done.step(), null))))
        .recover(e -> refused(place, approvalId, e));
  }

  /** Tells the clicker privately why nothing happened; a decided or withdrawn request's message is updated too. */
  private Future<Void> refused(Place place, String approvalId, Throwable e) {
    if (!(e instanceof ApprovalException ae)) {
      LOG.warn("A Slack decision on {} failed: {}", approvalId, e.getMessage());
      return refuse(place, Texts.get(place.lang(), "approval.card.failed"));
    }
    LOG.info("A Slack decision on {} was refused: {}", approvalId, ae.code());
    return refuse(place, Texts.get(place.lang(), ApprovalWords.refusal(ae.code())));
  }

  private Future<Void> refuse(Place place, String text) {
    if (place.channel().isEmpty()) {
      return Future.succeededFuture();
    }
    return client.post(new SlackClient.Target(place.channel(), null, place.user(), true), Message.draft(Role.SYSTEM, text, null))
        .recover(e -> {
          LOG.warn("Could not send a Slack notice: {}", e.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> update(Place place, JsonObject view) {
    if (place.channel().isEmpty() || place.ts().isEmpty()) {
      return Future.succeededFuture();
    }
    return client.call("chat.update", SlackApprovalBlocks.decided(view, place.lang()).put("channel", place.channel())
        .put("ts", place.ts())).<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("Could not update an approval's Slack message: {}", e.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Who clicked: the directory's person with this Slack id, else the person with their Slack profile's e-mail. */
  private Future<Decider> decider(String team, String user) {
    Optional<Directory.Person> known = directory.byId("slack:" + team + ":" + user);
    if (known.isPresent()) {
      return Future.succeededFuture(new Decider(known.get().email(), null, known.get().name(), Set.of(), "slack"));
    }
    return client.read("users.info", Map.of("user", user)).map(r -> {
      JsonObject u = r.getJsonObject("user", new JsonObject());
      JsonObject profile = u.getJsonObject("profile", new JsonObject());
      String email = profile.getString("email");
      if (email == null || email.isBlank()) {
        throw new ApprovalException(403, "not_your_approval", "No e-mail in the Slack profile.");
      }
      String name = directory.byEmail(email).map(Directory.Person::name)
          .orElse(profile.getString("real_name", u.getString("real_name", u.getString("name"))));
      return new Decider(email, null, name, Set.of(), "slack");
    });
  }
}
