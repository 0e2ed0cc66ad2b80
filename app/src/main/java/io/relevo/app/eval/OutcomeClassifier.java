package io.relevo.app.eval;

import io.relevo.texts.Lang;
import io.relevo.texts.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.relevo.core.dialogue.flows.Flow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Tells what a person got from one reply turn, from what the public API shows only: the bot's
 * messages (their text, links and quick replies), the conversation's state after the turn and,
 * when the replies ask a form's question, the conversation's {@code form} attribute. In order:
 * <ol>
 * <li>person: the conversation is queued (or with an agent), or the reply is the "nobody is
 *     available" one (a {@code handoff.ticket} quick reply) or says it is queued;</li>
 * <li>answer: a message links an article ({@code links[].articleId}); its topic;</li>
 * <li>choices: quick replies {@code kb.show:<articleId>}; their topics;</li>
 * <li>form: a {@code form.*} quick reply other than {@code form.start:} (which offers a form under an
 *     answer), or a {@code form} attribute; the flow from the attribute, else from the slot question;</li>
 * <li>ticket: a {@code ticket.cancel.yes:} quick reply or a {@code tickets.*} text of the catalogue, or a
 * request's approval status or withdrawal ({@code approval.status.*}, {@code approval.withdraw.*});</li>
 * <li>the help menu ({@code help.reply}) is small talk;</li>
 * <li>dont_know: a person offered ({@code handoff.request}) with no article;</li>
 * <li>other: the internal-error and "article gone" texts; small talk: anything else up to
 *     {@value #SHORT} characters; other: longer.</li>
 * </ol>
 * Immutable and thread-safe once built.
 */
final class OutcomeClassifier {

  /** Replies up to this many characters, with no marker, are small talk. */
  static final int SHORT = 400;

  /** One reply turn as the API shows it. {@code formAttribute} may be null (not read or not set). */
  public record Reply(List<JsonObject> messages, String state, String formAttribute) {
    public Reply {
      messages = List.copyOf(messages);
    }
  }

  private static final Set<String> OTHER_KEYS = Set.of("error.internal", "kb.gone");
  private static final Set<String> PERSON_KEYS = Set.of("handoff.queued", "handoff.unavailable", "handoff.already");
  private static final Map<String, Set<String>> TICKET_KEYS = Map.ofEntries(
      Map.entry("tickets.status", Set.of("status")),
      Map.entry("tickets.list", Set.of("list")),
      // no ticket at all answers any action on one; the eval's fresh conversations have none
      Map.entry("tickets.none", Set.of("status", "list", "cancel", "comment")),
      Map.entry("tickets.noneOpen", Set.of("cancel", "comment")),
      Map.entry("tickets.notfound", Set.of("status", "cancel", "comment")),
      Map.entry("tickets.whichOne", Set.of("cancel", "comment")),
      Map.entry("tickets.final", Set.of("cancel", "comment")),
      Map.entry("tickets.cancel.confirm", Set.of("cancel")),
      Map.entry("tickets.cancelled", Set.of("cancel")),
      Map.entry("tickets.kept", Set.of("cancel")),
      Map.entry("tickets.comment.ask", Set.of("comment")),
      Map.entry("tickets.commented", Set.of("comment")),
      // a request's approval is its status; withdrawing a request cancels it
      Map.entry("approval.status.none", Set.of("status")),
      Map.entry("approval.status.pending", Set.of("status")),
      Map.entry("approval.status.approved", Set.of("status")),
      Map.entry("approval.status.rejected", Set.of("status")),
      Map.entry("approval.status.withdrawn", Set.of("status")),
      Map.entry("approval.withdraw.none", Set.of("cancel")),
      Map.entry("approval.withdraw.confirm", Set.of("cancel")));

  private final Function<String, String> topicOf;
  private final Map<String, String> flowOfIntent = new LinkedHashMap<>();
  private final Map<String, String> flowOfQuestion = new LinkedHashMap<>();
  /** Catalogue texts (both languages) as patterns, by key; only the keys this class reads. */
  private final Map<Pattern, String> keyOfText = new LinkedHashMap<>();

  /**
   * @param topicOf an article id's topic (for an unknown id, return the id without its language prefix)
   * @param flows the flows the bot runs, by intent (as {@code Flows.load} returns them)
   */
  public OutcomeClassifier(Function<String, String> topicOf, Map<String, Flow> flows) {
    this.topicOf = topicOf;
    Map<String, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, Flow> e : flows.entrySet()) {
      flowOfIntent.put(e.getKey(), e.getValue().id());
      for (Flow.Slot slot : e.getValue().slots()) {
        for (String question : slot.ask().values()) {
          String q = question.strip();
          String before = seen.putIfAbsent(q, e.getValue().id());
          if (before != null && !before.equals(e.getValue().id())) {
            seen.put(q, ""); // asked by two flows: tells nothing
          }
        }
      }
    }
    seen.forEach((q, flow) -> {
      if (!flow.isEmpty()) {
        flowOfQuestion.put(q, flow);
      }
    });
    for (Lang lang : Lang.values()) {
      Texts.all(lang).forEach((key, text) -> {
        if (key.startsWith("tickets.") && !key.equals("tickets.line") && !key.endsWith(".yes") && !key.endsWith(".no")
            || key.startsWith("approval.") && TICKET_KEYS.containsKey(key) || OTHER_KEYS.contains(key) || PERSON_KEYS.contains(key) || key.equals("help.reply")) {
          keyOfText.put(template(text), key);
        }
      });
    }
  }

  /** The id without its {@code en-}/{@code es-} prefix: the topic when the article is not known. */
  public static String topicFromId(String articleId) {
    return articleId.matches("(en|es)-.+") ? articleId.substring(3) : articleId;
  }

  /** A catalogue text as a pattern: its {@code {n}} arguments match anything; lines may follow (a list). */
  static Pattern template(String text) {
    StringBuilder re = new StringBuilder();
    int at = 0;
    java.util.regex.Matcher m = Pattern.compile("\\{\\d+\\}").matcher(text);
    while (m.find()) {
      re.append(Pattern.quote(text.substring(at, m.start()))).append(".+?");
      at = m.end();
    }
    re.append(Pattern.quote(text.substring(at))).append("(?:\\n.*)?");
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  public Outcome classify(Reply reply) {
    List<JsonObject> bot = new ArrayList<>();
    for (JsonObject m : reply.messages()) {
      if (m.getString("role", "bot").equals("bot")) {
        bot.add(m);
      }
    }
    String text = String.join(" / ", bot.stream().map(m -> m.getString("text", "").strip()).toList());
    List<String> payloads = new ArrayList<>();
    String articleId = null;
    List<String> keys = new ArrayList<>();
    for (JsonObject m : bot) {
      for (Object q : array(m, "quickReplies")) {
        if (q instanceof JsonObject o && o.getString("payload") != null) {
          payloads.add(o.getString("payload"));
        }
      }
      for (Object l : array(m, "links")) {
        if (articleId == null && l instanceof JsonObject o && o.getString("articleId") != null) {
          articleId = o.getString("articleId");
        }
      }
      String key = keyOf(m.getString("text", ""));
      if (key != null) {
        keys.add(key);
      }
    }
    String state = reply.state() == null ? "bot" : reply.state();
    if (state.equals("queued") || state.equals("agent") || payloads.contains("handoff.ticket")
        || keys.stream().anyMatch(PERSON_KEYS::contains)) {
      return Outcome.of(Outcome.Type.PERSON, text);
    }
    if (articleId != null) {
      return Outcome.answer(topicOf.apply(articleId), text);
    }
    Set<String> offered = new LinkedHashSet<>();
    payloads.stream().filter(p -> p.startsWith("kb.show:")).forEach(p -> offered.add(topicOf.apply(p.substring(8))));
    if (!offered.isEmpty()) {
      return Outcome.choices(List.copyOf(offered), text);
    }
    String attribute = reply.formAttribute() == null ? "" : reply.formAttribute();
    if (!attribute.isEmpty() || payloads.stream().anyMatch(p -> p.startsWith("form.") && !p.startsWith("form.start:"))) {
      return Outcome.form(attribute.isEmpty() ? flowAsked(bot) : flowOfIntent.getOrDefault(attribute, attribute), text);
    }
    Set<String> actions = new LinkedHashSet<>();
    boolean ticket = payloads.stream().anyMatch(p -> p.startsWith("ticket.cancel.yes:"));
    if (ticket) {
      actions.add("cancel");
    }
    for (String key : keys) {
      if (key.startsWith("tickets.") || TICKET_KEYS.containsKey(key)) {
        ticket = true;
        actions.addAll(TICKET_KEYS.getOrDefault(key, Expected.TICKET_ACTIONS.stream().filter(key::contains)
            .collect(java.util.stream.Collectors.toSet())));
      }
    }
    if (ticket) {
      return Outcome.ticket(actions, text);
    }
    if (keys.contains("help.reply")) {
      return Outcome.of(Outcome.Type.SMALLTALK, text);
    }
    if (payloads.contains("handoff.request")) {
      return Outcome.of(Outcome.Type.DONT_KNOW, text);
    }
    if (keys.stream().anyMatch(OTHER_KEYS::contains) || bot.isEmpty()) {
      return Outcome.of(Outcome.Type.OTHER, text);
    }
    return Outcome.of(text.length() <= SHORT ? Outcome.Type.SMALLTALK : Outcome.Type.OTHER, text);
  }

  private String keyOf(String text) {
    String t = text.strip();
    for (Map.Entry<Pattern, String> e : keyOfText.entrySet()) {
      if (e.getKey().matcher(t).matches()) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The flow whose slot question a message asks (a re-ask may put a sentence before it); null if none. */
  private String flowAsked(List<JsonObject> bot) {
    for (JsonObject m : bot) {
      String t = m.getString("text", "").strip();
      for (Map.Entry<String, String> e : flowOfQuestion.entrySet()) {
        if (t.equals(e.getKey()) || t.endsWith(" " + e.getKey())) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  private static JsonArray array(JsonObject m, String key) {
    JsonArray a = m.getJsonArray(key);
    return a == null ? new JsonArray() : a;
  }
}
