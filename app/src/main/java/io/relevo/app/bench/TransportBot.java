package io.relevo.app.bench;

import io.relevo.texts.Lang;
import java.util.List;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;
import io.relevo.core.dialogue.Bot;
import io.relevo.core.dialogue.BotTurn;
import io.vertx.core.Future;

/**
 * The bot of the benchmark mode {@code bench.mode=transport}: it greets like the real bot and
 * answers every message with one fixed reply, without understanding or search. Everything else
 * of a turn still happens (the message is stored in the transcript, processed under the
 * conversation's lock, the reply is stored and delivered), so a benchmark measures the transport
 * and the store alone. Thread-safe and stateless.
 */
public final class TransportBot implements Bot {

  private final Bot greeter;

  public TransportBot(Bot greeter) {
    this.greeter = greeter;
  }

  @Override
  public List<Message> greeting(String locale, Participant customer) {
    return greeter.greeting(locale, customer);
  }

  @Override
  public Future<BotTurn> respond(Conversation conversation, Message message) {
    String text = Lang.of(conversation.locale()).isSpanish() ? "Mensaje recibido." : "Message received.";
    return Future.succeededFuture(BotTurn.of(Message.draft(Role.BOT, text, Participant.BOT)));
  }
}
