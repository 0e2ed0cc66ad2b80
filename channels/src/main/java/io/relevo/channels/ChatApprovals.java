package io.relevo.channels;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.approvals.ApprovalId;
import io.relevo.core.approvals.ApprovalListener;
import io.relevo.core.approvals.ApprovalViews;
import io.relevo.core.approvals.Approvals;
import io.relevo.core.approvals.Decider;
import io.relevo.core.approvals.Directory;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;
import io.relevo.texts.Lang;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What approvals in a chat platform (Slack, Teams) share: an approver is asked, reminded or asked in an
 * escalation the same way, the platform saying how ({@link #ask}); the requester of a decided request,
 * when their conversation came from this platform, is followed in their chat from a second ago, so the
 * news reaches them even when no instance followed it (the request was made long ago, or Relevo restarted
 * since); the approval reads with the requester named by the directory ({@link #view}); and each approver
 * reads in their language: the directory's {@code locale} for them, else what the platform says of them
 * (the subclass asks), else the default one. A message records the language it was written in (in its
 * buttons' data), so a click on it is answered in that language. Each message sent is remembered
 * ({@link ApprovalMessages}), so once its step is decided (by anybody, anywhere) or withdrawn, every
 * message of this platform that asked about it is rewritten ({@link #rewrite}) to say what happened,
 * without buttons; the message the decider clicked, which the click's answer updates, is left to it.
 * A step that escalates keeps its first approvers' messages as they are: they may still decide it.
 *
 * <p>Thread-safe if the subclass's {@link #ask}, {@link #sender} and {@link #rewrite} are; the subclass
 * owns its client.
 */
public abstract class ChatApprovals implements ApprovalListener {

  private static final Logger LOG = LoggerFactory.getLogger(ChatApprovals.class);

  protected final Directory directory;
  protected final ChannelRelay relay;
  protected final Lang lang;
  private final String platform;
  private final ApprovalMessages messages;

  /**
   * @param platform the platform's name as logs say it ("Slack"); lower-cased, the prefix of its requesters'
   *     keys ({@code user:slack:…})
   * @param relay the platform's relay, with which a requester's conversation is followed; may be null
   * @param defaultLocale the language of the messages of an approver whose language is not known
   * @param messages where the messages sent are remembered, to be updated once decided; null: they are not
   */
  protected ChatApprovals(String platform, Directory directory, ChannelRelay relay, String defaultLocale,
      ApprovalMessages messages) {
    this.platform = platform;
    this.directory = directory;
    this.relay = relay;
    this.lang = Lang.of(defaultLocale);
    this.messages = messages;
  }

  @Override
  public final void requested(Ticket ticket, Approval.Step step) {
    ask(ticket, step, step.approvers(), ApprovalWords.Asked.ASKED);
  }

  @Override
  public final void reminded(Ticket ticket, Approval.Step step) {
    ask(ticket, step, step.approvers(), ApprovalWords.Asked.REMINDED);
  }

  @Override
  public final void escalated(Ticket ticket, Approval.Step step) {
    ask(ticket, step, step.escalatedTo(), ApprovalWords.Asked.ESCALATED);
  }

  /** Asks the people with {@code emails} (or their delegates) to decide {@code step}, saying why. */
  protected abstract void ask(Ticket ticket, Approval.Step step, List<String> emails, ApprovalWords.Asked why);

  /** How to send to the chat a relay mapping key of this platform names; null when it names none. */
  protected abstract ChannelRelay.Sender sender(String mapping);

  /**
   * Rewrites the message {@code sent}, which asked about the step {@code view} shows decided or
   * withdrawn, to say what happened, without buttons, in the language it was written in.
   */
  protected abstract Future<Void> rewrite(ApprovalMessages.Sent sent, JsonObject view);

  /**
   * Remembers that the message {@code ref} ({@code platform:...}) asked about the approval {@code id}, with
   * what {@link #rewrite} needs ({@code where}) and its language; a failure is only logged.
   */
  protected final Future<Void> remember(ApprovalId id, String ref, JsonObject where, Lang written) {
    if (messages == null) {
      return Future.succeededFuture();
    }
    return messages.remember(id.toString(), ref, where.copy().put("lang", written.tag())).recover(e -> {
      LOG.warn("Could not remember an approval message of {} in {}: {}", id.ticket(), platform, e.getMessage());
      return Future.succeededFuture();
    });
  }

  @Override
  public final void withdrawn(Ticket ticket) {
    if (ticket.approval() != null) {
      rewriteAll(ticket, ticket.approval().currentStep(), null);
    }
  }

  /**
   * Rewrites every remembered message of this platform that asked about {@code step} but
   * {@code origin} (the one the decider clicked, which its click's answer updates), then forgets them.
   */
  private void rewriteAll(Ticket ticket, Approval.Step step, String origin) {
    if (messages == null) {
      return;
    }
    String id = ApprovalId.of(ticket, step).toString();
    JsonObject view = view(new Approvals.Pending(id, ticket, step, null));
    messages.of(id, platform.toLowerCase(java.util.Locale.ROOT)).compose(sent -> {
      List<Future<Void>> rewritten = sent.stream().filter(s -> !s.ref().equals(origin)).map(s -> rewrite(s, view)
          .recover(e -> {
            LOG.warn("Could not update an approval message of {} in {}: {}", ticket.id(), platform, e.getMessage());
            return Future.<Void>succeededFuture();
          })).toList();
      return Future.join(rewritten).compose(v -> messages.forget(id, sent.stream().map(ApprovalMessages.Sent::ref).toList()));
    }).onFailure(e -> LOG.warn("Could not update the approval messages of {} in {}: {}", ticket.id(), platform, e.getMessage()));
  }

  @Override
  public final void decided(Ticket ticket, Approval.Step step, Decider decider) {
    rewriteAll(ticket, step, decider.origin());
    String key = ticket.requester().key();
    if (relay == null || ticket.conversationId() == null || key == null
        || !key.startsWith("user:" + platform.toLowerCase(java.util.Locale.ROOT) + ":")) {
      return;
    }
    String after = (System.currentTimeMillis() - 1000) + "-0";
    relay.mappings(ticket.conversationId()).onSuccess(keys -> keys.stream().map(this::sender).filter(Objects::nonNull)
            .findFirst().ifPresent(sender -> relay.followFrom(ticket.conversationId(), sender, after)))
        .onFailure(e -> LOG.warn("Could not follow the requester of {} in {}: {}", ticket.id(), platform, e.getMessage()));
  }

  /** The language the directory gives the person with {@code email}; empty when it gives none. */
  protected final Optional<Lang> directoryLang(String email) {
    return directory.byEmail(email).map(Directory.Person::locale);
  }

  /** The language a message's own record names ({@code es}, {@code en}), else the default one. */
  protected final Lang langOr(String tag) {
    return Lang.parse(tag).orElse(lang);
  }

  /**
   * The approval as an approver reads it, the requester named as the directory knows them when their
   * channel did not say (a Slack or Teams requester is known by their id there).
   */
  protected JsonObject view(Approvals.Pending p) {
    JsonObject view = ApprovalViews.json(p);
    JsonObject requester = view.getJsonObject("requester");
    String key = p.ticket().requester().key();
    if (requester.getString("name") == null && key != null && key.startsWith("user:")) {
      directory.byId(key.substring(5)).ifPresent(person -> requester.put("name", person.name()));
    }
    return view;
  }
}
