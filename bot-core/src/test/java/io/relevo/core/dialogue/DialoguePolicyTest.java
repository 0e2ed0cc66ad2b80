package io.relevo.core.dialogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.relevo.core.conversation.Conversation;
import io.relevo.core.conversation.ConversationState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

class DialoguePolicyTest {

  static Conversation conversation(Map<String, String> attributes) {
    return new Conversation("c1", "en", ConversationState.BOT, "web", null, Instant.now(), attributes, Map.of());
  }

  static Understanding understood(String text, Act act) {
    return new Understanding(text, ActsTest.UNSURE, act, null, "general", false);
  }

  /** A skill that proposes fixed scores and says its name when it acts. */
  static final class Fixed implements Skill {
    final String name;
    final double[] scores;
    final List<String> acted = new ArrayList<>();
    String payload;
    boolean pending;

    Fixed(String name, double... scores) {
      this.name = name;
      this.scores = scores;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Future<BotTurn> onPayload(Turn turn, String p) {
      return p.equals(payload) ? said(turn, "payload") : null;
    }

    @Override
    public Future<BotTurn> onPending(Turn turn, Understanding u) {
      return pending ? said(turn, "pending") : null;
    }

    @Override
    public List<Candidate> propose(Turn turn, Understanding u) {
      List<Candidate> all = new ArrayList<>();
      for (int i = 0; i < scores.length; i++) {
        String rule = name + "-" + i;
        all.add(new Candidate(name, rule, scores[i], () -> said(turn, rule)));
      }
      return all;
    }

    private Future<BotTurn> said(Turn turn, String what) {
      acted.add(what);
      turn.outcome(Outcome.SMALLTALK, null, null);
      return turn.done(Replies.say("en", "ok.reply"));
    }
  }

  static BotTurn await(Future<BotTurn> f) {
    assertThat(f.succeeded()).isTrue();
    return f.result();
  }

  @Test
  void theBestScoredProposalActsAndTheDecisionRecordsEveryCandidate() {
    Fixed a = new Fixed("a", 10, 40);
    Fixed b = new Fixed("b", 55);
    DialoguePolicy policy = new DialoguePolicy(List.of(a, b));
    BotTurn t = await(policy.decide(new Turn(conversation(Map.of())), understood("x", Act.ASK)));

    assertThat(b.acted).containsExactly("b-0");
    assertThat(a.acted).isEmpty();
    JsonObject decision = new JsonObject(t.attributes().get(DialogueKeys.DECISION));
    assertThat(decision.getString("skill")).isEqualTo("b");
    assertThat(decision.getString("rule")).isEqualTo("b-0");
    assertThat(decision.getString("outcome")).isEqualTo("smalltalk");
    assertThat(decision.getString("act")).isEqualTo("ask");
    assertThat(decision.getJsonArray("candidates").stream().map(c -> ((JsonObject) c).getString("rule")))
        .containsExactly("b-0", "a-1", "a-0");
  }

  @Test
  void onATieTheSkillRegisteredFirstWins() {
    Fixed a = new Fixed("a", 50);
    Fixed b = new Fixed("b", 50);
    await(new DialoguePolicy(List.of(b, a)).decide(new Turn(conversation(Map.of())), understood("x", Act.ASK)));
    assertThat(b.acted).containsExactly("b-0");
    assertThat(a.acted).isEmpty();
  }

  @Test
  void theAnswerToAPendingQuestionGoesToTheSkillThatAskedBeforeAnyProposal() {
    Fixed a = new Fixed("a", 99);
    Fixed b = new Fixed("b", 1);
    b.pending = true;
    await(new DialoguePolicy(List.of(a, b)).decide(new Turn(conversation(Map.of())), understood("yes", Act.AFFIRM)));
    assertThat(b.acted).containsExactly("pending");
    assertThat(a.acted).isEmpty();
  }

  @Test
  void aButtonGoesToTheSkillThatOwnsItsPayloadAndAnUnknownOneToNone() {
    Fixed a = new Fixed("a");
    Fixed b = new Fixed("b");
    b.payload = "b.button";
    DialoguePolicy policy = new DialoguePolicy(List.of(a, b));
    await(policy.onPayload(new Turn(conversation(Map.of())), "b.button"));
    assertThat(b.acted).containsExactly("payload");
    assertThat(policy.onPayload(new Turn(conversation(Map.of())), "nobody.owns")).isNull();
  }

  @Test
  void withNothingProposedTheBotStillAnswers() {
    BotTurn t = await(new DialoguePolicy(List.of(new Fixed("a"))).decide(new Turn(conversation(Map.of())),
        understood("x", Act.STATEMENT)));
    assertThat(t.replies()).hasSize(1);
    assertThat(new JsonObject(t.attributes().get(DialogueKeys.DECISION)).getString("rule")).isEqualTo("nothing-fits");
  }
}
