package io.relevo.core.dialogue;

import java.util.List;
import java.util.Map;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;
import io.vertx.core.Future;

/**
 * The first bot: it greets, says honestly that it cannot resolve anything yet, and offers a
 * person or to take the person's contact details so that someone gets back to them. Stateless
 * and thread-safe; its one piece of dialogue state is the {@value #AWAITING} attribute.
 */
public final class FirstBot implements Bot {

  static final String ASK_PERSON = "handoff.request";

  private final HandoffPort handoff;

  /** @param handoff the way to a person; null when there is none */
  public FirstBot(HandoffPort handoff) {
    this.handoff = handoff;
  }

  public FirstBot() {
    this(null);
  }

  static final String AWAITING = "awaiting";
  static final String CONTACT = "contact";
  static final String LEAVE_CONTACT = "contact.leave";
  static final String CANCEL = "contact.cancel";

  @Override
  public List<Message> greeting(String locale, Participant customer) {
    return List.of(say(locale, "greeting").withQuickReplies(options(locale)));
  }

  @Override
  public Future<BotTurn> respond(Conversation conversation, Message message) {
    String locale = conversation.locale();
    boolean awaitingContact = CONTACT.equals(conversation.attributes().get(AWAITING));
    String payload = message.payload();

    if (ASK_PERSON.equals(payload) && handoff != null) {
      return handoff.escalate(conversation, "asked_for_person", "general").map(e -> switch (e.outcome()) {
        case QUEUED -> BotTurn.of(say(locale, "handoff.queued", e.position(),
            Math.max(1, e.estimatedWait().toMinutes())));
        case ALREADY -> BotTurn.of(say(locale, "handoff.already"));
        case UNAVAILABLE -> BotTurn.of(say(locale, "handoff.unavailable").withQuickReplies(
            List.of(new QuickReply(Texts.get(locale, "contact.leave"), LEAVE_CONTACT))));
      });
    }
    if (LEAVE_CONTACT.equals(payload)) {
      return Future.succeededFuture(new BotTurn(List.of(askContact(locale, "contact.ask")),
          Map.of(AWAITING, CONTACT)));
    }
    if (awaitingContact) {
      if (CANCEL.equals(payload)) {
        return Future.succeededFuture(new BotTurn(List.of(say(locale, "contact.cancelled")),
            Map.of(AWAITING, "")));
      }
      return Future.succeededFuture(ContactDetails.find(message.text())
          .map(contact -> new BotTurn(List.of(say(locale, "contact.thanks", contact)),
              Map.of(AWAITING, "", CONTACT, contact)))
          .orElseGet(() -> BotTurn.of(askContact(locale, "contact.reask"))));
    }
    return Future.succeededFuture(BotTurn.of(say(locale, "cannot.help").withQuickReplies(options(locale))));
  }

  private List<QuickReply> options(String locale) {
    QuickReply contact = new QuickReply(Texts.get(locale, "contact.leave"), LEAVE_CONTACT);
    return handoff == null ? List.of(contact)
        : List.of(new QuickReply(Texts.get(locale, "handoff.request"), ASK_PERSON), contact);
  }

  private static Message askContact(String locale, String key) {
    return say(locale, key)
        .withQuickReplies(List.of(new QuickReply(Texts.get(locale, "contact.cancel"), CANCEL)));
  }

  private static Message say(String locale, String key, Object... args) {
    return Message.draft(Role.BOT, Texts.get(locale, key, args), Participant.BOT);
  }
}
