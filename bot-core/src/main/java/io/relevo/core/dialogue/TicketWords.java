package io.relevo.core.dialogue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.relevo.core.tickets.Ticket;

/**
 * Which of a person's tickets a message names by its title ("cancel my vacation request"), the words that ask
 * to cancel one or how one is going, and how a ticket reads on a button. Stateless.
 */
final class TicketWords {

  /** Words that name no ticket in particular. */
  private static final Set<String> GENERIC = Set.of("ticket", "tickets", "request", "requests", "incident", "incidents",
      "case", "cancel", "please", "comment", "about", "with", "that", "this", "from", "what", "want", "would", "could",
      "solicitud", "peticion", "incidencia", "caso", "cancela", "cancelar", "anula", "anular", "comentario", "sobre",
      "quiero", "puedes", "favor", "para", "desde", "hasta", "esta", "este");

  /** "forget the office supplies request", "olvidad lo del material": one's own request no longer wanted. */
  static final Pattern CANCELS = Pattern.compile("\\b(forget|scrap|drop|cancel|withdraw|olvida|olvidad|olvidate|"
      + "olvidaos|anula|anulad|cancela|cancelad|retira)\\b");

  /** "cancel that", "scrap it", "anúlalo", "cancela la solicitud": the ticket just talked about, cancelled. */
  static final Pattern CANCEL_THAT = Pattern.compile("\\b((cancel|withdraw|scrap|drop) (that|it|this|the request|"
      + "my request|the ticket)|(cancela|anula|retira)(lo|la)|(cancela|anula|retira) (eso|esto|la solicitud|la peticion|"
      + "el ticket|la incidencia))\\b");

  /** "any news?", "¿cómo va?": how the ticket just talked about is going. */
  static final Pattern FOLLOW_UP_STATUS = Pattern.compile(
      "\\b(status|state|progress|update|how is it going|any news|estado|como va|novedades|en que punto)\\b");

  private TicketWords() {
  }

  /** The tickets among {@code open} whose title shares the most content words with {@code text}; empty if none shares one. */
  static List<Ticket> named(List<Ticket> open, String text) {
    Set<String> said = stems(text);
    List<Ticket> best = new ArrayList<>();
    int most = 0;
    for (Ticket t : open) {
      Set<String> title = stems(t.title());
      title.retainAll(said);
      if (title.size() > most) {
        most = title.size();
        best.clear();
      }
      if (title.size() == most && most > 0) {
        best.add(t);
      }
    }
    return best;
  }

  /** "REQ-000002 · Vacation: from December 21…", short enough for a button. */
  static String label(Ticket t) {
    String label = t.id() + " · " + t.title();
    return label.length() <= 60 ? label : label.substring(0, 59) + "…";
  }

  /** Content words, folded and cut to five letters, so that "printer" meets "printers" and "vacaciones" "vacación". */
  private static Set<String> stems(String text) {
    Set<String> out = new HashSet<>();
    for (String w : TextFold.words(text == null ? "" : text).split(" ")) {
      if (w.length() >= 4 && !GENERIC.contains(w)) {
        out.add(w.length() > 5 ? w.substring(0, 5) : w);
      }
    }
    return out;
  }
}
