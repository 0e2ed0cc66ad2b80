package io.relevo.app.eval;

import java.util.Locale;

import io.vertx.core.json.JsonObject;

/**
 * The counts behind the metrics of one group of lines (a language, a split, all), and the
 * metrics they give. Lines are added one by one with what was expected and what was got. Not
 * thread-safe: fill it from one thread.
 *
 * <ul>
 * <li>P@1: among lines not expecting {@code dont_know}, those whose outcome is exactly the expected
 *     one ({@link #exact}); P@1 answers: the same among {@code answer:} lines;</li>
 * <li>reach: among {@code answer:} lines, the right topic answered or among the choices; reach all:
 *     among lines not expecting {@code dont_know}, reach for answer lines and exact for the others;</li>
 * <li>wrong-confident: among all lines, a confident answer with an article of another topic than the
 *     expected answer's (whatever was expected: small talk, a form or don't-know answered with an
 *     article counts), or, on an {@code answer:} line, a form, a ticket action or a handoff started;</li>
 * <li>forms on questions: among {@code answer:} lines, a form started;</li>
 * <li>honest don't-know: among {@code dont_know} lines, a don't-know with a person offered, or a person.</li>
 * </ul>
 */
final class Tally {

  private static final Outcome.Type[] TYPES = Outcome.Type.values();

  int n;
  int scored;
  int exact;
  int answers;
  int exactAnswers;
  int reached;
  int reachedAll;
  int wrongArticle;
  int wrongAction;
  int formsOnQuestions;
  int dontKnows;
  int honestDontKnows;
  final int[][] confusion = new int[TYPES.length][TYPES.length];

  /** Whether {@code got} is exactly what {@code expected} asks for (for dont_know: an honest don't-know or a person). */
  public static boolean exact(Expected expected, Outcome got) {
    return switch (expected.type()) {
      case ANSWER -> got.type() == Outcome.Type.ANSWER && expected.detail().equals(got.topic());
      case FORM -> got.type() == Outcome.Type.FORM && expected.detail().equals(got.flow());
      case TICKET -> got.type() == Outcome.Type.TICKET && got.ticketActions().contains(expected.detail());
      case DONT_KNOW -> got.type() == Outcome.Type.DONT_KNOW || got.type() == Outcome.Type.PERSON;
      default -> got.type() == expected.type();
    };
  }

  /** For an answer line: the right topic answered or offered among the choices; for others: {@link #exact}. */
  public static boolean reached(Expected expected, Outcome got) {
    if (expected.type() == Outcome.Type.ANSWER && got.type() == Outcome.Type.CHOICES) {
      return got.topics().contains(expected.detail());
    }
    return exact(expected, got);
  }

  /** A confident answer with an article that is not the expected answer's topic. */
  public static boolean wrongArticle(Expected expected, Outcome got) {
    return got.type() == Outcome.Type.ANSWER
        && !(expected.type() == Outcome.Type.ANSWER && expected.detail().equals(got.topic()));
  }

  /** On a line expecting an answer: a form, a ticket action or a handoff started instead. */
  public static boolean wrongAction(Expected expected, Outcome got) {
    return expected.type() == Outcome.Type.ANSWER && (got.type() == Outcome.Type.FORM
        || got.type() == Outcome.Type.TICKET || got.type() == Outcome.Type.PERSON);
  }

  public void add(Expected expected, Outcome got) {
    n++;
    boolean isExact = exact(expected, got);
    confusion[expected.type().ordinal()][got.type().ordinal()]++;
    if (expected.type() == Outcome.Type.DONT_KNOW) {
      dontKnows++;
      honestDontKnows += isExact ? 1 : 0;
    } else {
      scored++;
      exact += isExact ? 1 : 0;
      reachedAll += reached(expected, got) ? 1 : 0;
    }
    if (expected.type() == Outcome.Type.ANSWER) {
      answers++;
      exactAnswers += isExact ? 1 : 0;
      reached += reached(expected, got) ? 1 : 0;
      formsOnQuestions += got.type() == Outcome.Type.FORM ? 1 : 0;
    }
    wrongArticle += wrongArticle(expected, got) ? 1 : 0;
    wrongAction += wrongAction(expected, got) ? 1 : 0;
  }

  public int n() {
    return n;
  }

  /** {@code part / whole}, or NaN when there is no line to count ({@code null} in the JSON). */
  static double share(int part, int whole) {
    return whole == 0 ? Double.NaN : part / (double) whole;
  }

  public double p1() {
    return share(exact, scored);
  }

  public double p1Answers() {
    return share(exactAnswers, answers);
  }

  public double reach() {
    return share(reached, answers);
  }

  public double reachAll() {
    return share(reachedAll, scored);
  }

  public double wrongConfident() {
    return share(wrongArticle + wrongAction, n);
  }

  public double wrongArticleShare() {
    return share(wrongArticle, n);
  }

  public double formsOnQuestions() {
    return share(formsOnQuestions, answers);
  }

  public double honestDontKnow() {
    return share(honestDontKnows, dontKnows);
  }

  /** How many lines expected {@code expected} and got {@code got}. */
  public int confusion(Outcome.Type expected, Outcome.Type got) {
    return confusion[expected.ordinal()][got.ordinal()];
  }

  /**
   * The metrics (rounded to 3 decimals; null when no line counts), the counts behind them and the
   * confusion table ({@code {"answer":{"answer":12,"form":3,...},...}}, rows with no line left out).
   */
  public JsonObject toJson() {
    JsonObject table = new JsonObject();
    for (Outcome.Type e : TYPES) {
      JsonObject row = new JsonObject();
      int sum = 0;
      for (Outcome.Type g : TYPES) {
        row.put(g.label(), confusion(e, g));
        sum += confusion(e, g);
      }
      if (sum > 0) {
        table.put(e.label(), row);
      }
    }
    return new JsonObject().put("n", n).put("p1", round(p1())).put("p1Answers", round(p1Answers()))
        .put("reach", round(reach())).put("wrongConfident", round(wrongConfident()))
        .put("formsOnQuestions", round(formsOnQuestions())).put("honestDontKnow", round(honestDontKnow()))
        .put("reachAll", round(reachAll())).put("wrongArticle", round(wrongArticleShare()))
        .put("counts", new JsonObject().put("scored", scored).put("exact", exact).put("answers", answers)
            .put("exactAnswers", exactAnswers).put("reached", reached).put("wrongArticle", wrongArticle)
            .put("wrongAction", wrongAction).put("formsOnQuestions", formsOnQuestions).put("dontKnow", dontKnows)
            .put("honestDontKnow", honestDontKnows))
        .put("confusion", table);
  }

  static Double round(double v) {
    return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
  }

  /** A share as printed: {@code 0.853}, or {@code -} when no line counts. */
  static String show(double v) {
    return Double.isNaN(v) ? "    -" : String.format(Locale.ROOT, "%5.3f", v);
  }
}
