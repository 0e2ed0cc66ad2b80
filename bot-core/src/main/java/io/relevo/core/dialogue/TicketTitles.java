package io.relevo.core.dialogue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.relevo.core.tickets.Ticket;

/**
 * Which of a person's tickets a message names by its title ("cancel my vacation request"), and how a
 * ticket reads on a button. Stateless.
 */
final class TicketTitles {

  /** Words that name no ticket in particular. */
  private static final Set<String> GENERIC = Set.of("ticket", "tickets", "request", "requests", "incident", "incidents",
      "case", "cancel", "please", "comment", "about", "with", "that", "this", "from", "what", "want", "would", "could",
      "solicitud", "peticion", "incidencia", "caso", "cancela", "cancelar", "anula", "anular", "comentario", "sobre",
      "quiero", "puedes", "favor", "para", "desde", "hasta", "esta", "este");

  private TicketTitles() {
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
