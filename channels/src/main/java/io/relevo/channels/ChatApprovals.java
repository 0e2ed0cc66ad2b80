package io.relevo.channels;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.relevo.core.approvals.ApprovalListener;
import io.relevo.core.approvals.ApprovalViews;
import io.relevo.core.approvals.Approvals;
import io.relevo.core.approvals.Decider;
import io.relevo.core.approvals.Directory;
import io.relevo.core.tickets.Approval;
import io.relevo.core.tickets.Ticket;
import io.relevo.texts.Lang;
import io.vertx.core.json.JsonObject;

/**
 * What approvals in a chat platform (Slack, Teams) share: an approver is asked, reminded or asked in an
 * escalation the same way, the platform saying how ({@link #ask}); the requester of a decided request,
 * when their conversation came from this platform, is followed in their chat from a second ago, so the
 * news reaches them even when no instance followed it (the request was made long ago, or Relevo restarted
 * since); the approval reads with the requester named by the directory ({@link #view}); and each approver
 * reads in their language: the directory's {@code locale} for them, else what the platform says of them
 * (the subclass asks), else the default one. A message records the language it was written in (in its
 * buttons' data), so a click on it is answered in that language.
 *
 * <p>Thread-safe if the subclass's {@link #ask} and {@link #sender} are; the subclass owns its client.
 */
public abstract class ChatApprovals implements ApprovalListener {

  private static final Logger LOG = LoggerFactory.getLogger(ChatApprovals.class);

  protected final Directory directory;
  protected final ChannelRelay relay;
  protected final Lang lang;
  private final String platform;

  /**
   * @param platform the platform's name as logs say it ("Slack"); lower-cased, the prefix of its requesters'
   *     keys ({@code user:slack:…})
   * @param relay the platform's relay, with which a requester's conversation is followed; may be null
   * @param defaultLocale the language of the messages of an approver whose language is not known
   */
  protected ChatApprovals(String platform, Directory directory, ChannelRelay relay, String defaultLocale) {
    this.platform = platform;
    this.directory = directory;
    this.relay = relay;
    this.lang = Lang.of(defaultLocale);
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

  @Override
  public final void decided(Ticket ticket, Approval.Step step, Decider decider) {
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
