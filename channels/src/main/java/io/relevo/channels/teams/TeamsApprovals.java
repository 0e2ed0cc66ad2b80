package io.relevo.channels.teams;

import io.relevo.channels.ApprovalWords;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.approvals.ApprovalException;
import io.relevo.core.approvals.ApprovalId;
import io.relevo.core.approvals.ApprovalViews;
import io.relevo.core.approvals.Approvals;
import io.relevo.core.approvals.Decider;
import io.relevo.core.approvals.Directory;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;
import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Approvals in Microsoft Teams. When a step is asked, reminded or escalated, each approver the
 * directory knows in Teams ({@code teams:AAD_OBJECT_ID}) gets an Adaptive Card ({@link TeamsCards})
 * in their personal chat with the bot, opened with the Bot Connector's create-conversation call on
 * the configured service URL and tenant. The card's Universal Actions ({@code Action.Execute},
 * verbs {@code approve} and {@code reject}, with the optional reason's input) arrive as an
 * {@code invoke} activity named {@code adaptiveCard/action}, answered with the updated card (the
 * invoke response of type {@code application/vnd.microsoft.card.adaptive}); the card's activity is
 * also replaced with {@code updateActivity}. A message activity whose {@code value} carries the same
 * data (a client answering with {@code Action.Submit}) is decided the same way. The decider is the
 * Teams user: their {@code aadObjectId} in the directory, else the e-mail or UPN the Bot Connector
 * gives for the member. Anybody else gets a message and the card stays. The idempotency key is the
 * activity's id, so a retried delivery decides once; a second click is a replay of the same decision.
 * Once a step is decided (in the console, another channel, on another approver's card) or withdrawn,
 * every other card that asked about it is replaced too ({@code updateActivity} on its remembered
 * service URL, conversation and activity id). Each approver reads in the directory's {@code locale} for them, else the default language; the
 * answer to an action is in the language of the card acted on (named in its data).
 *
 * <p>One per process; thread-safe (no state of its own). Logs name tickets only.
 */
public final class TeamsApprovals extends io.relevo.channels.ChatApprovals {

  private static final Logger LOG = LoggerFactory.getLogger(TeamsApprovals.class);
  /** The invoke response's type for a plain message instead of a card. */
  static final String MESSAGE_TYPE = "application/vnd.microsoft.activity.message";

  private final TeamsClient client;
  private final Approvals approvals;
  private final String serviceUrl;
  private final String tenantId;
  private final JsonObject bot;

  /**
   * @param relay the Teams relay (prefix {@code teams}) with which a Teams requester's conversation
   *     is followed when their request is decided, so the news reaches their chat
   * @param serviceUrl the Bot Framework service URL the approvers' chats are opened on (and a
   *     requester's chat is written to when no activity of theirs is being answered)
   * @param tenantId the Microsoft 365 tenant; may be empty
   * @param defaultLocale the language of an approver's cards when the directory does not say theirs
   * @param messages where the cards sent are remembered, to update them once their step is decided elsewhere; may be null
   */
  public TeamsApprovals(TeamsClient client, Approvals approvals, Directory directory, io.relevo.channels.ChannelRelay relay,
      String appId, String serviceUrl, String tenantId, String defaultLocale, io.relevo.channels.ApprovalMessages messages) {
    super("Teams", directory, relay, defaultLocale, messages);
    this.client = client;
    this.approvals = approvals;
    this.serviceUrl = serviceUrl;
    this.tenantId = tenantId == null || tenantId.isBlank() ? null : tenantId;
    this.bot = new JsonObject().put("id", "28:" + appId);
  }

  @Override
  protected void ask(Ticket ticket, Approval.Step step, List<String> emails, ApprovalWords.Asked why) {
    ApprovalId id = ApprovalId.of(ticket, step);
    JsonObject view = view(new Approvals.Pending(id.toString(), ticket, step, null));
    for (String email : directory.askedFor(emails, java.time.Instant.now())) {
      Optional<String> aad = directory.byEmail(email).flatMap(p -> p.ids().stream().filter(i -> i.startsWith("teams:"))
          .map(i -> i.substring(6)).findFirst());
      Lang written = directoryLang(email).orElse(lang);
      JsonObject card = TeamsCards.request(view, why, written);
      aad.ifPresent(user -> client.personalConversation(serviceUrl, bot, new JsonObject().put("id", user), tenantId)
          .compose(chat -> client.post(serviceUrl, chat, TeamsCards.message(card, card.getJsonArray("body").getJsonObject(0)
              .getString("text"))).compose(activity -> activity == null ? Future.succeededFuture()
                  : remember(id, ref(chat, activity), new JsonObject().put("serviceUrl", serviceUrl).put("conversation", chat)
                      .put("activity", activity), written)))
          .onFailure(e -> LOG.warn("Could not ask for the approval {} in Teams: {}", id, e.getMessage())));
    }
  }

  /** A card's reference, as {@link io.relevo.channels.ApprovalMessages} and a decider's origin name it. */
  private static String ref(String conversation, String activity) {
    return "teams:" + conversation + ":" + activity;
  }

  @Override
  protected Future<Void> rewrite(io.relevo.channels.ApprovalMessages.Sent sent, JsonObject view) {
    Lang written = langOr(sent.lang());
    JsonObject where = sent.where();
    return client.update(where.getString("serviceUrl"), where.getString("conversation"), where.getString("activity"),
        TeamsCards.message(TeamsCards.decided(view, written), TeamsCards.outcome(view, written)));
  }

  @Override
  protected io.relevo.channels.ChannelRelay.Sender sender(String mapping) {
    String chat = chat(mapping);
    return chat == null ? null : m -> client.send(serviceUrl, chat, null, bot, m);
  }

  /** The Teams conversation of a mapping key ({@code teams:conv:CONVERSATION:AAD_OBJECT_ID}); null when it is unclear. */
  static String chat(String mapping) {
    String rest = mapping.startsWith("teams:conv:") ? mapping.substring("teams:conv:".length()) : "";
    int last = rest.lastIndexOf(':');
    String user = last < 0 ? "" : rest.substring(last + 1);
    // a user known by an id with a colon of its own (29:...) leaves the split unclear
    return last <= 0 || user.isEmpty() || rest.substring(0, last).endsWith(":29") ? null : rest.substring(0, last);
  }

  /** Whether {@code activity} is an approval card's action: an {@code adaptiveCard/action} invoke, or a submit of one. */
  static boolean handles(JsonObject activity) {
    return data(activity) != null;
  }

  /** The action's data (its verb under {@code verb}), or null when the activity is no approval's. */
  private static JsonObject data(JsonObject activity) {
    JsonObject value = activity.getValue("value") instanceof JsonObject v ? v : null;
    if (value == null) {
      return null;
    }
    if ("invoke".equals(activity.getString("type")) && "adaptiveCard/action".equals(activity.getString("name"))) {
      JsonObject action = value.getValue("action") instanceof JsonObject a ? a : new JsonObject();
      JsonObject data = action.getValue("data") instanceof JsonObject d ? d.copy() : new JsonObject();
      return data.getString("approval") == null ? null : data.put("verb", action.getString("verb", ""));
    }
    return "message".equals(activity.getString("type")) && value.getString("approval") != null && value.getString("verb") != null
        ? value : null;
  }

  /**
   * Decides the approval the activity's action names; the invoke response to answer with: the
   * updated card, or a message saying why nothing changed.
   */
  Future<JsonObject> act(JsonObject activity) {
    JsonObject data = data(activity);
    String approvalId = data.getString("approval", "");
    String verb = data.getString("verb", "");
    Lang written = langOr(data.getValue(TeamsCards.LANG) instanceof String tag ? tag : null); // the card's
    Approval.State decision = TeamsCards.APPROVE.equals(verb) ? Approval.State.APPROVED
        : TeamsCards.REJECT.equals(verb) ? Approval.State.REJECTED : null;
    if (decision == null) {
      return Future.succeededFuture(message(Texts.get(written, "approval.card.failed")));
    }
    String reason = data.getString(TeamsCards.REASON);
    String reasonOrNull = reason == null || reason.isBlank() || decision == Approval.State.APPROVED ? null : reason.strip();
    String key = "teams:" + activity.getJsonObject("conversation").getString("id") + ":" + activity.getString("id", "");
    String cardActivity = activity.getString("replyToId");
    String conversation = activity.getJsonObject("conversation").getString("id");
    return decider(activity)
        .compose(d -> approvals.decide(approvalId, cardActivity == null ? d : d.from(ref(conversation, cardActivity)),
            decision, reasonOrNull, key))
        .map(done -> {
          Approvals.Pending decided = new Approvals.Pending(done.approvalId(), done.ticket(), done.step(), null);
          JsonObject card = TeamsCards.decided(view(decided), written);
          if (cardActivity != null) {
            client.update(activity.getString("serviceUrl"), activity.getJsonObject("conversation").getString("id"), cardActivity,
                TeamsCards.message(card, TeamsCards.outcome(ApprovalViews.json(decided), written)))
                .onFailure(e -> LOG.warn("Could not update an approval's Teams card: {}", e.getMessage()));
          }
          return new JsonObject().put("statusCode", 200).put("type", TeamsCards.CONTENT_TYPE).put("value", card);
        })
        .recover(e -> {
          if (!(e instanceof ApprovalException ae)) {
            LOG.warn("A Teams decision on {} failed: {}", approvalId, e.getMessage());
            return Future.succeededFuture(message(Texts.get(written, "approval.card.failed")));
          }
          LOG.info("A Teams decision on {} was refused: {}", approvalId, ae.code());
          return Future.succeededFuture(message(Texts.get(written, ApprovalWords.refusal(ae.code()))));
        });
  }

  private static JsonObject message(String text) {
    return new JsonObject().put("statusCode", 200).put("type", MESSAGE_TYPE).put("value", text);
  }

  /** The Teams user who acted: their {@code aadObjectId} in the directory, else the member's e-mail or UPN. */
  private Future<Decider> decider(JsonObject activity) {
    JsonObject from = activity.getJsonObject("from", new JsonObject());
    Optional<Directory.Person> known = Optional.ofNullable(from.getString("aadObjectId"))
        .flatMap(aad -> directory.byId("teams:" + aad));
    if (known.isPresent()) {
      return Future.succeededFuture(new Decider(known.get().email(), null, known.get().name(), Set.of(), "teams"));
    }
    return client.member(activity.getString("serviceUrl"), activity.getJsonObject("conversation").getString("id"),
            from.getString("id", ""))
        .map(member -> {
          String email = member.getString("email", member.getString("userPrincipalName"));
          if (email == null || email.isBlank()) {
            throw new ApprovalException(403, "not_your_approval", "No e-mail for the Teams user.");
          }
          String name = directory.byEmail(email).map(Directory.Person::name).orElse(member.getString("name", from.getString("name")));
          return new Decider(email, null, name, Set.of(), "teams");
        });
  }
}
