package io.relevo.core.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.relevo.core.conversation.ConversationState;
import io.relevo.core.dialogue.flows.FormEngine;
import io.relevo.core.dialogue.flows.Flows;
import io.relevo.kb.Article;
import io.relevo.kb.Band;
import io.vertx.core.Future;

/** A request that an article shows how to do oneself gets the article first; the scores only, no store needed. */
class SelfServiceRequestTest {

  private static final Article SOFTWARE = new Article("en-it-software-install", "it-software-install", "en",
      "Install software from the Company Portal", "it", List.of(), List.of(), null, "public",
      "You install software yourself from the Company Portal app.");
  private static final Article LAPTOP = new Article("en-it-laptop-request", "it-laptop-request", "en",
      "Request a new or replacement laptop", "it", List.of(), List.of(), null, "public", "Laptops are ordered …");

  private final FormSkill forms = new FormSkill(new FormEngine(Flows.load(null)), null, null, Clock.systemUTC(),
      Departments.shipped());
  private final KnowledgeSkill knowledge = new KnowledgeSkill(null, null, null, null,
      new HandoffSkill(null, null, null, Departments.shipped(), id -> Future.succeededFuture(List.of())), forms);

  private double form(Understanding u) {
    return forms.propose(new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of())), u).get(0).score();
  }

  private double article(Understanding u) {
    return knowledge.propose(new Turn(SkillsTest.conversation(ConversationState.BOT, Map.of())), u).get(0).score();
  }

  @Test
  void softwareToInstallGetsTheCompanyPortalStepsBeforeTheForm() {
    Understanding autocad = SkillsTest.understood("i need autocad installed on my laptop", Act.REQUEST,
        "request_equipment", Band.ANSWER, SOFTWARE);
    assertThat(article(autocad)).isGreaterThan(form(autocad));
  }

  @Test
  void somethingOnlyTheFormCanGetStillStartsTheForm() {
    Understanding laptop = SkillsTest.understood("I need a new laptop, mine is 5 years old", Act.REQUEST,
        "request_equipment", Band.ANSWER, LAPTOP);
    assertThat(form(laptop)).isGreaterThan(article(laptop));
    Understanding unsure = SkillsTest.understood("i need autocad installed on my laptop", Act.REQUEST,
        "request_equipment", Band.CHOOSE, SOFTWARE);
    assertThat(form(unsure)).isGreaterThan(article(unsure));
    Understanding rights = SkillsTest.understood("I need admin rights in the sales reporting tool", Act.REQUEST,
        "request_access", Band.ANSWER, SOFTWARE);
    assertThat(form(rights)).as("access asked for, not an installation").isGreaterThan(article(rights));
  }
}
