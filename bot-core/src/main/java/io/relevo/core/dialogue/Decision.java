package io.relevo.core.dialogue;

import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What one turn decided and why: the candidates the skills proposed with their scores, the rule
 * that won, and what the person got. Kept in the conversation ({@link DialogueKeys#DECISION}) for
 * the agent console and the evaluation, and logged at debug level. Immutable.
 *
 * @param skill the skill that acted
 * @param rule the rule that won (a short code such as {@code question-answered})
 * @param outcome what the person got
 * @param article the article answered or offered first, or null
 * @param flow the form started or continued, or null
 * @param act what the person wanted, or null for a button
 * @param intent the top intent and its confidence, or null
 * @param knowledge the knowledge base's band and confidence, or null when it was not asked
 * @param candidates every proposal, best first
 */
record Decision(String skill, String rule, Outcome outcome, String article, String flow, Act act, String intent,
    double confidence, String knowledge, List<Candidate.Scored> candidates) {

  Decision {
    candidates = List.copyOf(candidates);
  }

  /** A decision without competition: a button, a pending question's answer. */
  static Decision direct(String skill, String rule, Outcome outcome) {
    return new Decision(skill, rule, outcome, null, null, null, null, 0, null, List.of());
  }

  Decision with(Outcome o, String articleId, String flowId) {
    return new Decision(skill, rule, o, articleId, flowId, act, intent, confidence, knowledge, candidates);
  }

  String json() {
    JsonArray all = new JsonArray();
    for (Candidate.Scored c : candidates) {
      all.add(new JsonObject().put("skill", c.skill()).put("rule", c.rule()).put("score", round(c.score())));
    }
    JsonObject j = new JsonObject().put("skill", skill).put("rule", rule).put("outcome", outcome.code());
    if (article != null) {
      j.put("article", article);
    }
    if (flow != null) {
      j.put("flow", flow);
    }
    if (act != null) {
      j.put("act", act.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (intent != null) {
      j.put("intent", intent).put("confidence", round(confidence));
    }
    if (knowledge != null) {
      j.put("knowledge", knowledge);
    }
    return j.put("candidates", all).encode();
  }

  private static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }
}
