package io.relevo.kb;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One section of an article as a person reads it: a heading with its content (or the lead paragraph before the
 * first heading), with what its shape says about it (numbered steps, quantities, contact points) and the text shown
 * for it: whole when it has at most {@link #MAX_CHARS} characters, or {@link #MAX_LIST_CHARS} when it has a list;
 * longer ones are cut after a whole paragraph or list item (a lone long paragraph after a sentence) and end in "…".
 * Immutable; thread-safe.
 *
 * @param heading  the heading's words without the Markdown marks; empty for the lead
 * @param display  the text to show: the section, cut at a paragraph, list item or sentence when too long
 * @param lead     whether this is the text before the first heading
 * @param steps    the number of numbered list items
 * @param amounts  the number of quantities (numbers with a unit of time, money, size or count)
 * @param contacts the number of contact points (phone numbers, extensions, email addresses)
 * @param fallback whether it is the closing "If it still doesn't work" section
 * @param headingSays the needs its heading names: {@link Need#URGENT} ("Right away"), {@link Need#RULES}
 *                 ("Rules", "Deadlines"), {@link Need#CONTACT} ("When to call"), {@link Need#STEPS} ("What to do")
 * @param explainsWhy whether its heading starts with "Why" ("Why it keeps locking"): not what to do now
 */
record Section(String heading, String display, boolean lead, int steps, int amounts, int contacts,
               boolean fallback, Set<Need> headingSays, boolean explainsWhy) {

  static final int MAX_CHARS = 700;
  static final int MAX_LIST_CHARS = 1200;
  static final String MORE = "…";

  private static final Pattern FALLBACK = Pattern.compile(
      "\\b(if it still doesn'?t work|still not working|si sigue sin funcionar|sigue sin funcionar)\\b");
  private static final Map<Need, Pattern> HEADING_NEEDS = Map.of(
      Need.URGENT, Pattern.compile("\\b(right away|immediately|first hour|primera hora|clicked|hecho clic|"
          + "lost or stolen|perdida o robada|emergenc\\w*|what to do|que hacer|urgent\\w*)\\b"),
      Need.RULES, Pattern.compile("\\b(rules?|policy|limits?|requirements?|deadlines?|response times|balance|"
          + "budget\\w*|allows|good to know|normas|politica|plazos?|requisitos|limites|saldo|bueno saber|"
          + "que debes saber|pay day|cuando se cobra|delivery times|durations?|duracion)\\b"),
      Need.CONTACT, Pattern.compile("\\b(contact\\w*|call|llamar|who|quien)\\b"));
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
  private static final Pattern NUMBERED = Pattern.compile("(?m)^\\s{0,3}\\d{1,2}[.)]\\s+\\S");
  private static final Pattern ITEM = Pattern.compile("^\\s{0,3}(?:[-*+]|\\d{1,2}[.)])\\s+\\S.*");
  private static final Pattern AMOUNT = Pattern.compile("(?iu)\\d+(?:[.,]\\d+)?\\s*(?:\\*\\*)?\\s*(?:%|€|°|"
      + "(?:working |calendar |business )?(?:days?|weeks?|months?|years?|hours?|minutes?|characters?|km|kilomet\\w*)"
      + "|(?:d[ií]as?|semanas?|mes(?:es)?|años?|horas?|minutos?|caracteres|kil[oó]metros?)\\b)"
      + "|\\b(?:one|two|three|four|five|six|seven|ten|fourteen|fifteen|thirty|un[oa]?|dos|tres|cuatro|cinco|seis"
      + "|siete|diez|quince|treinta)\\s+(?:working\\s+|calendar\\s+)?(?:days?|weeks?|months?|years?|hours?"
      + "|d[ií]as|semanas|meses|años|horas)\\b");
  private static final Pattern CONTACT = Pattern.compile("(?iu)[\\w.+-]+@[\\w-]+\\.[\\w.]+|\\+\\d[\\d ]{7,}"
      + "|\\b(?:extension|extensi[oó]n|ext\\.)\\s*(?:\\*\\*)?\\d{3,5}");

  static Section of(String markdown) {
    String text = markdown.strip();
    String first = text.lines().findFirst().orElse("");
    Matcher h = HEADING.matcher(first);
    boolean lead = !h.matches();
    String heading = lead ? "" : h.group(1).replace("*", "").strip();
    String folded = Need.fold(heading);
    Set<Need> says = EnumSet.noneOf(Need.class);
    HEADING_NEEDS.forEach((need, p) -> {
      if (p.matcher(folded).find()) {
        says.add(need);
      }
    });
    if (folded.startsWith("what to do") || folded.startsWith("que hacer")) {
      says.add(Need.STEPS);
    }
    return new Section(heading, display(text), lead, count(NUMBERED, text), count(AMOUNT, text),
        text.indexOf('@') >= 0 || text.indexOf('+') >= 0 || text.indexOf("xt") >= 0 ? count(CONTACT, text) : 0,
        FALLBACK.matcher(folded).find(), Set.copyOf(says), folded.startsWith("why ") || folded.startsWith("por que "));
  }

  private static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The section whole when short enough, else cut at a block (paragraph or list item) boundary with "…". */
  static String display(String markdown) {
    String text = markdown.strip();
    if (text.length() <= MAX_CHARS) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    List<List<String>> blocks = blocks(text);
    boolean hasList = blocks.stream().anyMatch(Section::isList);
    int limit = hasList ? MAX_LIST_CHARS : MAX_CHARS;
    for (List<String> block : blocks) {
      String whole = String.join("\n", block);
      int separator = out.length() == 0 ? 0 : 2;
      if (out.length() + separator + whole.length() <= limit) {
        append(out, whole);
        continue;
      }
      if (isList(block)) {
        addItems(out, block);
      } else if (out.length() == 0 || isHeadingOnly(out)) {
        append(out, sentences(whole, MAX_CHARS - out.length() - separator));
      }
      return out.append(out.toString().endsWith(MORE) ? "" : "\n" + MORE).toString();
    }
    return out.toString();
  }

  private static boolean isList(List<String> block) {
    return ITEM.matcher(block.get(0)).matches();
  }

  private static boolean isHeadingOnly(StringBuilder out) {
    return HEADING.matcher(out.toString()).matches();
  }

  private static void addItems(StringBuilder out, List<String> block) {
    List<List<String>> items = new ArrayList<>();
    for (String line : block) {
      if (ITEM.matcher(line).matches() || items.isEmpty()) {
        items.add(new ArrayList<>());
      }
      items.get(items.size() - 1).add(line);
    }
    boolean first = true;
    for (List<String> item : items) {
      String t = String.join("\n", item);
      int separator = out.length() == 0 ? 0 : first ? 2 : 1;
      if (out.length() + separator + t.length() > MAX_LIST_CHARS) {
        break;
      }
      out.append(separator == 2 ? "\n\n" : separator == 1 ? "\n" : "").append(t);
      first = false;
    }
  }

  /** As many whole sentences as fit in {@code room} characters (at least one, cut at a word if it is too long). */
  private static String sentences(String paragraph, int room) {
    Matcher end = Pattern.compile("[.!?:;](?=\\s)").matcher(paragraph);
    int cut = -1;
    while (end.find() && end.end() <= room) {
      cut = end.end();
    }
    if (cut > 0) {
      return paragraph.substring(0, cut) + " " + MORE;
    }
    int space = paragraph.lastIndexOf(' ', Math.max(1, room - 2));
    return paragraph.substring(0, space > 0 ? space : Math.min(room, paragraph.length())) + " " + MORE;
  }

  private static void append(StringBuilder out, String block) {
    if (out.length() > 0) {
      out.append("\n\n");
    }
    out.append(block);
  }

  /** The section's blocks: its heading, then paragraphs and lists (a list's items and their continuation lines). */
  private static List<List<String>> blocks(String text) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : text.split("\n")) {
      boolean blank = line.isBlank();
      boolean heading = HEADING.matcher(line).matches();
      boolean item = ITEM.matcher(line).matches();
      boolean inList = !current.isEmpty() && ITEM.matcher(current.get(0)).matches();
      if (blank || heading || (item && !inList) || (!item && inList && !line.startsWith(" "))) {
        if (!current.isEmpty()) {
          blocks.add(current);
          current = new ArrayList<>();
        }
      }
      if (!blank) {
        current.add(line);
        if (heading) {
          blocks.add(current);
          current = new ArrayList<>();
        }
      }
    }
    if (!current.isEmpty()) {
      blocks.add(current);
    }
    return blocks;
  }
}
