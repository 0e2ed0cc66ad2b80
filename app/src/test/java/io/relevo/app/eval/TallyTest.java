package io.relevo.app.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** The metrics' arithmetic, on outcomes made by hand. */
class TallyTest {

  private static Expected e(String s) {
    return Expected.parse(s);
  }

  private static Outcome answer(String topic) {
    return Outcome.answer(topic, "");
  }

  private static Outcome of(Outcome.Type t) {
    return Outcome.of(t, "");
  }

  @Test
  void exactReachedAndWrongFollowTheExpectedKind() {
    assertThat(Tally.exact(e("answer:a"), answer("a"))).isTrue();
    assertThat(Tally.exact(e("answer:a"), Outcome.choices(List.of("a"), ""))).isFalse();
    assertThat(Tally.reached(e("answer:a"), Outcome.choices(List.of("b", "a"), ""))).isTrue();
    assertThat(Tally.exact(e("form:f"), Outcome.form("f", ""))).isTrue();
    assertThat(Tally.exact(e("form:f"), Outcome.form("g", ""))).isFalse();
    assertThat(Tally.exact(e("ticket:list"), Outcome.ticket(Set.of("status", "list"), ""))).isTrue();
    assertThat(Tally.exact(e("ticket:cancel"), Outcome.ticket(Set.of("status", "list"), ""))).isFalse();
    assertThat(Tally.exact(e("dont_know"), of(Outcome.Type.PERSON))).isTrue();
    assertThat(Tally.exact(e("person"), of(Outcome.Type.DONT_KNOW))).isFalse();
    assertThat(Tally.wrongArticle(e("smalltalk"), answer("a"))).isTrue();
    assertThat(Tally.wrongArticle(e("answer:a"), answer("a"))).isFalse();
    assertThat(Tally.wrongAction(e("answer:a"), Outcome.form("f", ""))).isTrue();
    assertThat(Tally.wrongAction(e("dont_know"), Outcome.form("f", ""))).isFalse();
  }

  @Test
  void sharesCountEachMetricOverItsOwnLines() {
    Tally t = new Tally();
    t.add(e("answer:a"), answer("a"));                          // exact
    t.add(e("answer:b"), Outcome.choices(List.of("x", "b"), "")); // reached, not exact
    t.add(e("answer:c"), Outcome.form("f", ""));                // form on a question, wrong action
    t.add(e("answer:d"), answer("z"));                          // wrong article
    t.add(e("form:f"), Outcome.form("f", ""));                  // exact
    t.add(e("smalltalk"), answer("q"));                         // wrong article
    t.add(e("dont_know"), of(Outcome.Type.DONT_KNOW));          // honest
    t.add(e("dont_know"), of(Outcome.Type.SMALLTALK));          // not honest

    assertThat(t.n()).isEqualTo(8);
    assertThat(t.p1()).isEqualTo(2 / 6.0);
    assertThat(t.p1Answers()).isEqualTo(1 / 4.0);
    assertThat(t.reach()).isEqualTo(2 / 4.0);
    assertThat(t.reachAll()).isEqualTo(3 / 6.0);
    assertThat(t.wrongConfident()).isEqualTo(3 / 8.0);
    assertThat(t.wrongArticleShare()).isEqualTo(2 / 8.0);
    assertThat(t.formsOnQuestions()).isEqualTo(1 / 4.0);
    assertThat(t.honestDontKnow()).isEqualTo(1 / 2.0);
    assertThat(t.confusion(Outcome.Type.ANSWER, Outcome.Type.ANSWER)).isEqualTo(2);
    assertThat(t.confusion(Outcome.Type.DONT_KNOW, Outcome.Type.SMALLTALK)).isEqualTo(1);

    JsonObject json = t.toJson();
    assertThat(json.getDouble("p1")).isEqualTo(0.333);
    assertThat(json.getJsonObject("confusion").getJsonObject("answer").getInteger("choices")).isEqualTo(1);
    assertThat(json.getJsonObject("confusion").containsKey("person")).isFalse();
    assertThat(json.getJsonObject("counts").getInteger("wrongAction")).isEqualTo(1);
  }

  @Test
  void aMetricWithNoLineIsNullNotZero() {
    Tally t = new Tally();
    t.add(e("smalltalk"), of(Outcome.Type.SMALLTALK));
    assertThat(t.p1()).isEqualTo(1.0);
    assertThat(t.toJson().getValue("reach")).isNull();
    assertThat(t.toJson().getValue("honestDontKnow")).isNull();
    assertThat(Tally.show(t.reach())).isEqualTo("    -");
  }
}
