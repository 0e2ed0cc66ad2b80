package io.relevo.core.dialogue;

import io.relevo.texts.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.relevo.core.catalogue.Catalogue;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;
import io.vertx.core.Future;

/**
 * "What can I request?": the service catalogue by department, each item a button that starts its
 * request. Recognised by its phrasing in either language (lowercase, without accents), or by the
 * {@value #SHOW} payload. Stateless and thread-safe.
 */
final class CatalogueSkill implements Skill {

  static final String SHOW = "catalogue.show";
  private static final Pattern ASKS = Pattern.compile("\\b("
      + "what (can|could) i (request|ask for|order|get)|what (services|requests) (are there|can i|do you)"
      + "|(service )?catalog(ue)?|what can you (do|help)( me)? (with|for)|list of (services|requests)"
      + "|que (puedo|se puede) (pedir|solicitar)|que (servicios|solicitudes) (hay|puedo|ofreces)"
      + "|catalogo( de servicios)?|que cosas (puedo|se pueden) pedir|lista de (servicios|solicitudes))\\b");

  private final Catalogue catalogue;

  CatalogueSkill(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  @Override
  public String name() {
    return "catalogue";
  }

  /** Whether {@code text} asks what can be requested. */
  static boolean asks(String text) {
    return ASKS.matcher(TextFold.words(text)).find();
  }

  @Override
  public Future<BotTurn> onPayload(Turn turn, String payload) {
    if (!payload.equals(SHOW)) {
      return null;
    }
    turn.outcome(Outcome.OTHER, null, null);
    return turn.done(show(turn.lang()));
  }

  @Override
  public List<Candidate> propose(Turn turn, Understanding u) {
    if (catalogue.items().isEmpty() || !asks(u.text())) {
      return List.of();
    }
    return List.of(new Candidate(name(), "what-can-i-request", 85, () -> {
      turn.outcome(Outcome.OTHER, null, null);
      return turn.done(show(turn.lang()));
    }));
  }

  /** The catalogue as one message: departments and their items, each item a button. */
  Message show(String lang) {
    StringBuilder text = new StringBuilder(Texts.get(lang, "catalogue.intro"));
    List<QuickReply> buttons = new ArrayList<>();
    for (Map.Entry<String, List<Catalogue.Item>> d : catalogue.byDepartment(catalogue.items()).entrySet()) {
      text.append("\n\n").append(Catalogue.departmentName(lang, d.getKey())).append(':');
      for (Catalogue.Item item : d.getValue()) {
        text.append("\n- ").append(item.title().get(lang)).append(": ").append(item.description().get(lang));
        buttons.add(new QuickReply(item.title().get(lang), item.payload()));
      }
    }
    text.append("\n\n").append(Texts.get(lang, "catalogue.outro"));
    return Message.draft(Role.BOT, text.toString(), Participant.BOT).withQuickReplies(buttons);
  }
}
