package io.relevo.core.dialogue;

import java.util.regex.Pattern;

/**
 * A reason to hand a typed message's conversation to a person. Adding one is a class here and a
 * line in {@link HandoffSkill#TRIGGERS}. Stateless and thread-safe.
 */
interface HandoffTrigger {

  /** The reason this trigger fires for the message, or null. */
  HandoffReason fires(Turn turn, Understanding u);

  /** How strongly it should win against the other skills' proposals. */
  double score();

  /** The line said before the handoff, or null. */
  default String preface() {
    return null;
  }

  /** The person asks for one. */
  final class AskedForPerson implements HandoffTrigger {
    @Override
    public HandoffReason fires(Turn turn, Understanding u) {
      return u.act() == Act.PERSON ? HandoffReason.ASKED_FOR_PERSON : null;
    }

    @Override
    public double score() {
      return 90;
    }
  }

  /** Anger or frustration, in words or shouting. */
  final class Frustration implements HandoffTrigger {
    private static final Pattern WORDS = Pattern.compile("\\b(useless|stupid|ridiculous|pathetic|terrible service|"
        + "fed up|sick of|so annoying|i'?m (so )?(angry|furious|frustrated)|waste of (my )?time|wtf|this is a joke|"
        + "inutil|estupido|ridiculo|harto|harta|hasta las narices|no sirve para nada|que verguenza|una mierda|joder|"
        + "estoy (muy )?(enfadad[oa]|cabread[oa]|frustrad[oa])|perdiendo el tiempo|es una broma)\\b");

    @Override
    public HandoffReason fires(Turn turn, Understanding u) {
      return frustrated(u.text()) ? HandoffReason.FRUSTRATION : null;
    }

    @Override
    public double score() {
      return 85;
    }

    @Override
    public String preface() {
      return "escalate.frustration";
    }

    static boolean frustrated(String text) {
      if (WORDS.matcher(TextFold.fold(text)).find()) {
        return true;
      }
      long letters = text.chars().filter(Character::isLetter).count();
      long upper = text.chars().filter(Character::isUpperCase).count();
      return letters >= 12 && upper * 10 >= letters * 8 && text.contains("!");
    }
  }

  /** A second message in a row that the bot could neither answer nor act on. */
  final class NotUnderstood implements HandoffTrigger {
    @Override
    public HandoffReason fires(Turn turn, Understanding u) {
      boolean miss = u.band() == io.relevo.kb.Band.UNKNOWN && !u.act().social() && u.act() != Act.TICKET;
      return miss && turn.misses() >= 1 ? HandoffReason.NOT_UNDERSTOOD : null;
    }

    @Override
    public double score() {
      return 12;
    }

    @Override
    public String preface() {
      return "escalate.not_understood";
    }
  }
}
