package io.relevo.app.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading the evaluation set: its format and the errors a person can act on. */
class DialogueSetTest {

  private static final String HEADER = "id\tlang\tsplit\texpected\ttext\n";

  @Test
  void readsLinesSkippingBlankAndCommentLines() {
    List<DialogueSet.Line> lines = DialogueSet.parse("t.tsv", "\uFEFF" + HEADER + "# note\n\n"
        + "en-001\ten\tdev\tanswer:it-vpn-connect\tvpn wont connect from home\r\n"
        + "es-001\tes\tholdout\tdont_know\t¿qué tiempo hará mañana?\n");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).expected()).isEqualTo(new Expected(Outcome.Type.ANSWER, "it-vpn-connect"));
    assertThat(lines.get(1).split()).isEqualTo("holdout");
    assertThat(lines.get(1).text()).isEqualTo("¿qué tiempo hará mañana?");
  }

  @Test
  void refusesWhatItCannotScoreNamingTheLine() {
    assertThatThrownBy(() -> DialogueSet.parse("t.tsv", "id\ttext\n")).hasMessageContaining("header");
    assertThatThrownBy(() -> DialogueSet.parse("t.tsv", HEADER + "en-1\tfr\tdev\tperson\thi\n"))
        .hasMessageContaining("t.tsv:2").hasMessageContaining("lang");
    assertThatThrownBy(() -> DialogueSet.parse("t.tsv", HEADER + "en-1\ten\ttest\tperson\thi\n")).hasMessageContaining("split");
    assertThatThrownBy(() -> DialogueSet.parse("t.tsv", HEADER + "en-1\ten\tdev\tticket:close\thi\n"))
        .hasMessageContaining("ticket action");
    assertThatThrownBy(() -> DialogueSet.parse("t.tsv", HEADER + "en-1\ten\tdev\tanswer:\thi\n")).hasMessageContaining("topic");
    assertThatThrownBy(() -> DialogueSet.parse("t.tsv", HEADER + "en-1\ten\tdev\tchoices:x\thi\n"))
        .hasMessageContaining("expected must be");
    assertThatThrownBy(() -> DialogueSet.parse("t.tsv", HEADER + "en-1\ten\tdev\tperson\thi\tthere\n"))
        .hasMessageContaining("6 columns");
  }
}
