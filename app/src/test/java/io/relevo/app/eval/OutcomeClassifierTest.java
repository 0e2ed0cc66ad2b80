package io.relevo.app.eval;

import io.relevo.texts.Texts;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.relevo.core.dialogue.flows.Flows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The outcome classifier on replies shaped as the public API returns them, with the catalogue's texts. */
class OutcomeClassifierTest {

  private final OutcomeClassifier classifier = new OutcomeClassifier(OutcomeClassifier::topicFromId, Flows.load(null));

  private static JsonObject bot(String text, String... payloads) {
    JsonArray quick = new JsonArray();
    for (String p : payloads) {
      quick.add(new JsonObject().put("label", p).put("payload", p));
    }
    JsonObject m = new JsonObject().put("role", "bot").put("text", text);
    return quick.isEmpty() ? m : m.put("quickReplies", quick);
  }

  private static JsonObject answer(String text, String articleId) {
    return bot(text).put("links", new JsonArray().add(new JsonObject().put("title", "T").put("url", "/kb/" + articleId)
        .put("articleId", articleId)));
  }

  private Outcome classify(String state, String form, JsonObject... messages) {
    return classifier.classify(new OutcomeClassifier.Reply(List.of(messages), state, form));
  }

  @Test
  void anArticleLinkIsAnAnswerWithTheArticlesTopicEvenWithAFormOffered() {
    Outcome got = classify("bot", null, answer("Open the portal and choose Reset.", "es-it-password-reset"),
        bot(Texts.get("es", "kb.helped"), "kb.helped:es-it-password-reset", "kb.not_helped:es-it-password-reset",
            "form.start:request_vacation"));
    assertThat(got.type()).isEqualTo(Outcome.Type.ANSWER);
    assertThat(got.topic()).isEqualTo("it-password-reset");
    assertThat(got.describe()).isEqualTo("answer:it-password-reset");
  }

  @Test
  void offeredArticlesAreChoicesWithTheirTopics() {
    Outcome got = classify("bot", null, bot(Texts.get("en", "kb.choose"), "kb.show:en-it-vpn-connect",
        "kb.show:en-it-vpn-troubleshoot", "kb.none"));
    assertThat(got.type()).isEqualTo(Outcome.Type.CHOICES);
    assertThat(got.topics()).containsExactly("it-vpn-connect", "it-vpn-troubleshoot");
  }

  @Test
  void aFormIsToldByTheConversationsAttributeOrElseByItsQuestion() {
    Outcome byAttribute = classify("bot", "request_equipment", bot("What do you need?", "form.choice:laptop", "form.cancel"));
    assertThat(byAttribute.describe()).isEqualTo("form:request_equipment");

    var incident = Flows.load(null).get("report_incident");
    String question = incident.slots().get(0).ask().get("es");
    Outcome byQuestion = classify("bot", null, bot(question, "form.choice:laptop", "form.cancel"));
    assertThat(byQuestion.describe()).isEqualTo("form:report_incident");

    assertThat(classify("bot", null, bot("Something unheard of?", "form.cancel")).describe()).isEqualTo("form:?");
  }

  @Test
  void aQueueOrNobodyAvailableIsAPerson() {
    assertThat(classify("queued", null, bot(Texts.get("en", "handoff.queued", 1, 2))).type()).isEqualTo(Outcome.Type.PERSON);
    assertThat(classify("bot", null, bot(Texts.get("es", "handoff.unavailable"), "handoff.ticket", "contact.leave")).type())
        .isEqualTo(Outcome.Type.PERSON);
    assertThat(classify("bot", null, bot(Texts.get("en", "escalate.frustration")),
        bot(Texts.get("en", "handoff.unavailable"), "handoff.ticket", "contact.leave")).type()).isEqualTo(Outcome.Type.PERSON);
  }

  @Test
  void aPersonOfferedWithoutAnArticleIsDontKnowButTheHelpMenuIsSmallTalk() {
    assertThat(classify("bot", null, bot(Texts.get("en", "kb.unknown"), "handoff.request", "contact.leave")).type())
        .isEqualTo(Outcome.Type.DONT_KNOW);
    assertThat(classify("bot", null, bot(Texts.get("es", "cannot.help"), "handoff.request", "contact.leave")).type())
        .isEqualTo(Outcome.Type.DONT_KNOW);
    assertThat(classify("bot", null, bot(Texts.get("es", "help.reply"), "handoff.request", "contact.leave")).type())
        .isEqualTo(Outcome.Type.SMALLTALK);
  }

  @Test
  void ticketRepliesNameTheActionsTheyCanAnswer() {
    assertThat(classify("bot", null, bot(Texts.get("en", "tickets.none"))).describe())
        .isEqualTo("ticket:cancel|comment|list|status");
    assertThat(classify("bot", null, bot(Texts.get("es", "tickets.list") + "\nINC-000001 · Impresora · nuevo")).describe())
        .isEqualTo("ticket:list");
    assertThat(classify("bot", null, bot(Texts.get("en", "tickets.status", "INC-000004", "VPN", "in progress", "Jan 3, 2027 10:00")))
        .describe()).isEqualTo("ticket:status");
    assertThat(classify("bot", null, bot(Texts.get("es", "tickets.cancel.confirm", "INC-000004", "VPN"),
        "ticket.cancel.yes:INC-000004", "ticket.cancel.no:INC-000004")).describe()).isEqualTo("ticket:cancel");
    assertThat(classify("bot", null, bot(Texts.get("en", "tickets.whichOne"), "ticket.pick:cancel_ticket:REQ-000002",
        "ticket.pick:cancel_ticket:INC-000003")).describe()).isEqualTo("ticket:cancel|comment");
    assertThat(classify("bot", null, bot(Texts.get("en", "tickets.comment.ask", "REQ-000002"), "contact.cancel")).describe())
        .isEqualTo("ticket:comment");
  }

  @Test
  void shortRepliesWithoutMarkersAreSmallTalkLongOnesAndErrorsAreOther() {
    assertThat(classify("bot", null, bot(Texts.get("es", "hello"))).type()).isEqualTo(Outcome.Type.SMALLTALK);
    assertThat(classify("bot", null, bot(Texts.get("en", "goodbye.reply")),
        bot(Texts.get("en", "csat.ask"), "csat:5", "csat:4", "csat:3", "csat:2", "csat:1")).type()).isEqualTo(Outcome.Type.SMALLTALK);
    assertThat(classify("bot", null, bot("x".repeat(OutcomeClassifier.SHORT + 1))).type()).isEqualTo(Outcome.Type.OTHER);
    assertThat(classify("bot", null, bot(Texts.get("en", "error.internal"))).type()).isEqualTo(Outcome.Type.OTHER);
    assertThat(classify("bot", null, new JsonObject[0]).type()).isEqualTo(Outcome.Type.OTHER);
  }

  @Test
  void theCustomersOwnEchoIsNotRead() {
    List<JsonObject> messages = new ArrayList<>();
    messages.add(new JsonObject().put("role", "customer").put("text", "x".repeat(1000)));
    messages.add(bot(Texts.get("en", "thanks.reply")));
    Outcome got = classifier.classify(new OutcomeClassifier.Reply(messages, "bot", ""));
    assertThat(got.type()).isEqualTo(Outcome.Type.SMALLTALK);
    assertThat(got.reply()).isEqualTo(Texts.get("en", "thanks.reply"));
  }

  @Test
  void anUnknownArticleIdsTopicIsTheIdWithoutItsLanguage() {
    assertThat(OutcomeClassifier.topicFromId("en-fac-parking")).isEqualTo("fac-parking");
    assertThat(OutcomeClassifier.topicFromId("faq-12")).isEqualTo("faq-12");
  }
}
