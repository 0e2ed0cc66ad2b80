package io.relevo.core.dialogue.flows;

import java.util.LinkedHashMap;
import java.util.Map;

import io.relevo.core.tickets.NewTicket;
import io.relevo.core.tickets.Ticket;

/** The ticket a filled form opens. Stateless. */
final class FormTickets {

  private FormTickets() {
  }

  static NewTicket ticket(Flow flow, Map<String, String> values, Ticket.Requester requester, String conversationId,
      String lang) {
    Map<String, String> fields = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!SlotValues.SKIPPED.equals(v)) {
        fields.put(k, v);
      }
    });
    String impact = flow.impact() == null ? null : FormTexts.raw(flow.impact(), values);
    String urgency = flow.urgency() == null ? null : FormTexts.raw(flow.urgency(), values);
    String title = FormTexts.fill(flow, flow.title(), values, lang);
    String description = values.containsKey("description") ? values.get("description") : describe(flow, values, lang);
    return new NewTicket(flow.ticketKind().equals("incident") ? Ticket.Kind.INCIDENT : Ticket.Kind.REQUEST,
        requester, title.length() > 200 ? title.substring(0, 200) : title, description,
        flow.category() == null ? null : FormTexts.raw(flow.category(), values), impact, urgency, fields,
        conversationId, lang);
  }

  private static String describe(Flow flow, Map<String, String> values, String lang) {
    StringBuilder out = new StringBuilder();
    for (Flow.Slot s : flow.slots()) {
      String v = values.get(s.name());
      if (v != null && !SlotValues.SKIPPED.equals(v)) {
        out.append(FormTexts.slotLabel(s, lang, true)).append(": ").append(FormTexts.display(s, v, lang)).append('\n');
      }
    }
    return out.toString().strip();
  }
}
