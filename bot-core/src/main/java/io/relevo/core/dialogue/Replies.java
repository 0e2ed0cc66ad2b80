package io.relevo.core.dialogue;

import io.relevo.texts.Texts;
import java.util.ArrayList;
import java.util.List;

import io.relevo.core.conversation.Message;
import io.relevo.core.conversation.Participant;
import io.relevo.core.conversation.QuickReply;
import io.relevo.core.conversation.Role;

/** The bot's messages from the text catalogue, and the buttons several skills share. Stateless. */
final class Replies {

  static final String ASK_PERSON = "handoff.request";
  static final String LEAVE_CONTACT = "contact.leave";
  static final String START = "form.start:";

  private Replies() {
  }

  static Message say(String locale, String key, Object... args) {
    return Message.draft(Role.BOT, Texts.get(locale, key, args), Participant.BOT);
  }

  static QuickReply button(String locale, String key, String payload) {
    return new QuickReply(Texts.get(locale, key), payload);
  }

  /** A person (when there is a way to one) and a callback: the way out of any dead end. */
  static List<QuickReply> options(String locale, boolean person) {
    QuickReply contact = button(locale, "contact.leave", LEAVE_CONTACT);
    return person ? List.of(button(locale, "handoff.request", ASK_PERSON), contact) : List.of(contact);
  }

  /** {@code last} with {@code more} buttons added after its own. */
  static Message plus(Message last, List<QuickReply> more) {
    List<QuickReply> all = new ArrayList<>(last.quickReplies() == null ? List.of() : last.quickReplies());
    all.addAll(more);
    return last.withQuickReplies(all);
  }

  /** {@code replies} with {@code more} buttons added to the last one. */
  static List<Message> plusOnLast(List<Message> replies, List<QuickReply> more) {
    if (replies.isEmpty() || more.isEmpty()) {
      return replies;
    }
    List<Message> all = new ArrayList<>(replies);
    all.add(plus(all.remove(all.size() - 1), more));
    return all;
  }

  static List<Message> concat(List<Message> before, Message last) {
    List<Message> all = new ArrayList<>(before);
    all.add(last);
    return all;
  }

  /** Markdown as chat text: headings, emphasis, code marks and link targets removed. */
  static String plain(String markdown) {
    StringBuilder out = new StringBuilder();
    for (String line : markdown.strip().split("\n")) {
      String l = line.stripTrailing().replaceFirst("^#{1,6}\\s+", "")
          .replaceAll("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)", "$1 ($2)")
          .replaceAll("\\*\\*([^*]+)\\*\\*", "$1")
          .replaceAll("(?<![*\\w])\\*([^*\\n]+)\\*(?![*\\w])", "$1")
          .replaceAll("`([^`]+)`", "$1");
      if (l.isBlank() && (out.length() == 0 || out.charAt(out.length() - 1) == '\n')) {
        continue;
      }
      out.append(l).append('\n');
    }
    return out.toString().strip();
  }
}
