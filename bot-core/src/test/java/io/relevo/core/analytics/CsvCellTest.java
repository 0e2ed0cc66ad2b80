package io.relevo.core.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CSV cells: formulas neutralised, RFC 4180 quoting. */
class CsvCellTest {

  @Test
  void aCellStartingLikeAFormulaGetsALeadingQuote() {
    assertThat(AnalyticsReport.csv("\t=cmd|' /C calc'!A0")).isEqualTo("'\t=cmd|' /C calc'!A0");
    assertThat(AnalyticsReport.csv("\r=1+1")).isEqualTo("\"'\r=1+1\"");
    assertThat(AnalyticsReport.csv("=1+1")).isEqualTo("'=1+1");
    assertThat(AnalyticsReport.csv("+1")).isEqualTo("'+1");
    assertThat(AnalyticsReport.csv("-1")).isEqualTo("'-1");
    assertThat(AnalyticsReport.csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(AnalyticsReport.csv(-1)).isEqualTo("-1");
  }

  @Test
  void cellsWithCommasQuotesOrLineBreaksAreQuoted() {
    assertThat(AnalyticsReport.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(AnalyticsReport.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(AnalyticsReport.csv("a\nb")).isEqualTo("\"a\nb\"");
    assertThat(AnalyticsReport.csv("plain")).isEqualTo("plain");
    assertThat(AnalyticsReport.csv(null)).isEmpty();
  }
}
