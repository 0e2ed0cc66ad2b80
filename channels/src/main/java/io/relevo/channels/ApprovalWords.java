package io.relevo.channels;

import java.util.Locale;

import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import io.vertx.core.json.JsonObject;

/**
 * The words an approver reads in a chat platform, whatever its format (Slack's Block Kit, Teams'
 * Adaptive Cards): why they are asked, who asks, and what happened to the step. {@code view} is an
 * approval as {@code ApprovalViews} shows it. Stateless and thread-safe.
 */
public final class ApprovalWords {

  /** Why the approver is asked: first, again before the escalation, or as the escalation's target. */
  public enum Asked {
    ASKED, REMINDED, ESCALATED;

    /** The sentence that opens the request: "{who} asks you to approve". */
    public String intro(JsonObject view, Lang lang) {
      return Texts.get(lang, "approval.card." + name().toLowerCase(Locale.ROOT), requester(view, lang));
    }
  }

  private ApprovalWords() {
  }

  /**
   * The catalogue's key of what answers a refused click, by the refusal's code ({@code ApprovalException}):
   * already decided, withdrawn by the requester, cancelled by the help desk, else not theirs.
   */
  public static String refusal(String code) {
    return switch (code) {
      case "already_decided" -> "approval.card.alreadyDecided";
      case "withdrawn" -> "approval.card.withdrawn";
      case "cancelled" -> "approval.card.cancelled";
      default -> "approval.card.notYours";
    };
  }

  /** Who asks: the requester's name, else their e-mail, else "someone". */
  public static String requester(JsonObject view, Lang lang) {
    JsonObject r = view.getJsonObject("requester", new JsonObject());
    return r.getString("name", r.getString("email", Texts.get(lang, "approval.card.someoneAsks")));
  }

  /**
   * What happened to the step, in a sentence: approved or rejected by someone (then the reason after
   * {@code beforeReason}), withdrawn by the requester, cancelled by the help desk, or already decided.
   */
  public static String outcome(JsonObject view, Lang lang, String beforeReason) {
    JsonObject d = view.getJsonObject("decision");
    if (d == null) {
      return !"withdrawn".equals(view.getString("approvalState")) ? Texts.get(lang, "approval.card.alreadyDecided")
          : Texts.get(lang, "desk".equals(view.getString("withdrawnBy")) ? "approval.card.cancelled" : "approval.card.withdrawn");
    }
    String who = d.getString("name", d.getString("by", Texts.get(lang, "approval.someone")));
    String text = Texts.get(lang, "approved".equals(d.getString("outcome")) ? "approval.card.approvedBy" : "approval.card.rejectedBy", who);
    return d.getString("reason") == null ? text : text + beforeReason + Texts.get(lang, "approval.reason", d.getString("reason"));
  }
}
