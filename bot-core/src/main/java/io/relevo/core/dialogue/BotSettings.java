package io.relevo.core.dialogue;

import java.time.Duration;
import java.util.List;

import io.relevo.core.config.Setting;

/** Settings of the bot's understanding and knowledge base. */
public final class BotSettings {

  public static final Setting<String> KNOWLEDGE_DIR = Setting.string("knowledge.dir", "",
      "Directory of the knowledge articles (Markdown with front matter); empty: <data.dir>/knowledge, filled with the demo articles on first start.");
  public static final Setting<Duration> KNOWLEDGE_RESCAN = Setting.duration("knowledge.rescanInterval", "10s",
      Duration.ofSeconds(1), Duration.ofHours(1), "How often the articles directory is checked for added, changed or deleted files.");
  public static final Setting<Boolean> KNOWLEDGE_PUBLIC_ONLY = Setting.bool("knowledge.publicOnlyForAnonymous", false,
      "Anonymous people (no identity token) get answers only from articles with visibility: public; verified users see all.");
  public static final Setting<String> FLOWS_DIR = Setting.string("flows.dir", "",
      "Directory of extra or replacing flow files (YAML forms that open tickets); empty: the shipped flows only.");
  public static final Setting<String> INTENTS_DATA_DIR = Setting.string("intents.dataDir", "",
      "Directory with the intent training data (en.yaml, es.yaml); empty: the shipped data.");
  public static final Setting<String> INTENTS_GAZETTEER = Setting.string("intents.gazetteer", "",
      "YAML file of departments and categories recognised in messages; empty: the shipped one.");

  public static final Setting<Boolean> INTENTS_CASCADE = Setting.bool("intents.cascade", true,
      "Analyse messages the cheap first stage is confident about without the second sentence encoder (bge-small): "
          + "about a third less CPU per message. The first stage decides only above the highest confidence at which it "
          + "disagreed with the whole ensemble on the calibration data (no held-out decision of Relevo's data changed; "
          + "CLINC150 in-scope 96.56 % against 96.60 %; intents/README.md, \"Cascade\"). `false`: the whole ensemble "
          + "for every message.");

  public static final Setting<Duration> INTENTS_HURRY_AFTER = Setting.duration("intents.hurryAfter", "100ms",
      Duration.ZERO, Duration.ofMinutes(1),
      "A turn that has already waited this long when its message is understood (the machine is overloaded) gets a hurried "
          + "analysis: the cheap first stage decides it unless a ticket action is at stake, about 40 % less CPU and a few "
          + "points less accurate (intents/README.md, \"Hurried analysis\"); relevo_understanding_hurried_total counts "
          + "them. 0: never.");

  public static final Setting<Integer> UNDERSTAND_CHARS = Setting.integer("bot.understandChars", 1000, 100, 2000,
      "How much of a message (its first N characters) the intent classifier, entity extraction and knowledge search read, "
          + "which bounds the CPU a long message costs; the whole message stays in the transcript for agents.");

  private BotSettings() {
  }

  public static List<Setting<?>> all() {
    return List.of(KNOWLEDGE_DIR, KNOWLEDGE_RESCAN, KNOWLEDGE_PUBLIC_ONLY, FLOWS_DIR, INTENTS_DATA_DIR, INTENTS_GAZETTEER, INTENTS_CASCADE,
        INTENTS_HURRY_AFTER, UNDERSTAND_CHARS);
  }
}
