package io.relevo.core.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationState;
import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.Role;

class FirstBotTest {

  private final FirstBot bot = new FirstBot();
  private final Map<String, String> attributes = new HashMap<>();

  private BotTurn say(String locale, String text, String payload) {
    Conversation c = new Conversation("c", locale, ConversationState.BOT, "web",
        new Participant(null, Role.CUSTOMER, null), Instant.now(), Map.copyOf(attributes), Map.of());
    Message m = new Message("1-0", "c", Role.CUSTOMER, text, Instant.now(), null, null, payload, List.of(), null, List.of());
    BotTurn turn = bot.respond(c, m).result();
    turn.attributes().forEach((k, v) -> {
      if (v.isEmpty()) {
        attributes.remove(k);
      } else {
        attributes.put(k, v);
      }
    });
    return turn;
  }

  @ParameterizedTest
  @ValueSource(strings = {"es", "en"})
  void greetsInTheConversationsLanguageAndOffersToTakeContactDetails(String locale) {
    List<Message> greeting = bot.greeting(locale, null);
    assertThat(greeting).singleElement().satisfies(m -> {
      assertThat(m.text()).startsWith(locale.equals("es") ? "¡Hola!" : "Hi!");
      assertThat(m.quickReplies()).extracting(q -> q.payload()).containsExactly(FirstBot.LEAVE_CONTACT);
    });
  }

  @Test
  void saysHonestlyThatItCannotHelpYet() {
    assertThat(say("en", "my laptop is broken", null).replies()).singleElement()
        .satisfies(m -> assertThat(m.text()).startsWith("Sorry, I can't help with that yet"));
  }

  @Test
  void takesContactDetailsAfterAReaskForAnInvalidOne() {
    assertThat(say("es", "Dejar mis datos de contacto", FirstBot.LEAVE_CONTACT).replies().get(0).text())
        .contains("correo electrónico");
    assertThat(say("es", "no sé", null).replies().get(0).text()).startsWith("Eso no parece");
    BotTurn thanks = say("es", "escribidme a ana.garcia@ejemplo.es por favor", null);
    assertThat(thanks.replies().get(0).text()).contains("ana.garcia@ejemplo.es");
    assertThat(attributes).containsEntry("contact", "ana.garcia@ejemplo.es").doesNotContainKey("awaiting");
  }

  @Test
  void acceptsAPhoneNumberAndCanBeCancelled() {
    say("en", "Leave my contact details", FirstBot.LEAVE_CONTACT);
    assertThat(say("en", "+34 600 123 456", null).replies().get(0).text()).contains("+34 600 123 456");
    say("en", "Leave my contact details", FirstBot.LEAVE_CONTACT);
    assertThat(say("en", "Cancel", FirstBot.CANCEL).replies().get(0).text()).startsWith("No problem");
    assertThat(attributes).doesNotContainKey("awaiting");
  }

  @Test
  void everyTextExistsInSpanishAndEnglish() throws Exception {
    Properties es = new Properties();
    Properties en = new Properties();
    try (var r = getClass().getResourceAsStream("texts_es.properties")) {
      es.load(new java.io.InputStreamReader(r, java.nio.charset.StandardCharsets.UTF_8));
    }
    try (var r = getClass().getResourceAsStream("texts_en.properties")) {
      en.load(new java.io.InputStreamReader(r, java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(es.keySet()).isEqualTo(en.keySet());
    assertThat(Texts.get("es", "contact.thanks", "x")).isEqualTo("¡Gracias! Una persona del servicio de ayuda se pondrá en contacto contigo en x.");
  }
}
