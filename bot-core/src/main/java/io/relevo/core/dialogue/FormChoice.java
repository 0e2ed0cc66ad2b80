package io.relevo.core.dialogue;

import io.relevo.core.dialogue.flows.Flow;
import io.relevo.core.dialogue.flows.FormEngine;

/**
 * Which form fits a message: the one its intent names, its department's incident form for a problem told or a case
 * asked of a department, the form the matched article explains, and the one a button under an answer starts.
 * Immutable and thread-safe.
 */
final class FormChoice {

  private static final java.util.regex.Pattern CASE = java.util.regex.Pattern.compile(
      "\\b(case|ticket|query|question|caso|consulta|incidencia)\\b");

  /** A danger told with the problem: the article's emergency steps (call now) come before filing a form. */
  private static final java.util.regex.Pattern EMERGENCY = java.util.regex.Pattern.compile("\\b(leak(s|ing)?|"
      + "flood(ed|ing)?|fire|smoke|smell(s)? of (gas|burning)|burning smell|stuck in the (lift|elevator)|fugas?|"
      + "someone (is )?(inside|trapped)|people (are )?(inside|trapped)|alguien dentro|gente dentro|"
      + "inundad[oa]s?|inundacion|humo|fuego|incendio|olor a (gas|quemado)|huele a (gas|quemado)|atrapad[oa]s?|"
      + "encerrad[oa]s? en el ascensor|power (is |has gone |went )?(out|off|down)|power cut|power outage|no power|"
      + "blackout|broken glass|apagon|se (ha ido|fue) la luz|no hay luz|"
      + "corte de luz|sin luz|cristal(es)? rotos?)\\b");

  private final FormEngine forms;
  private final Departments departments;

  FormChoice(FormEngine forms, Departments departments) {
    this.forms = forms;
    this.departments = departments;
  }

  /** The form that fits what a message asks to be done or reports, or null. */
  Flow flowFor(Understanding u) {
    Flow byIntent = u.confidence() >= 0.3 ? forms.flowFor(u.intent()) : null;
    if (byIntent != null && otherMatter(byIntent, u)) {
      byIntent = null; // "I need a salary certificate" is no IT equipment request: the message and its answer are HR's
    }
    Flow ofDepartment = forms.flowFor(u.department(), "incident");
    if (ofDepartment != null && namesDepartment(u) && u.confidence() < 0.7
        && CASE.matcher(TextFold.fold(u.text())).find()) {
      return ofDepartment; // "open an HR case, my contract ...": that department's case, whatever the matter
    }
    // a problem ("el 3 piso no tiene luz" is told, not reported with a verb) goes to its department's incident form
    boolean problem = u.act() == Act.REPORT || byIntent != null && byIntent.ticketKind().equals("incident");
    if (byIntent != null && (!problem || ofDepartment == null
        || byIntent.department().equals(u.department()))) {
      return byIntent;
    }
    if (u.act() == Act.REPORT || u.act() == Act.REQUEST && namesDepartment(u) || byIntent != null) {
      return ofDepartment != null ? ofDepartment : byIntent;
    }
    return thingOfItsDepartment(u, ofDepartment) ? ofDepartment : null;
  }

  /**
   * Whether a statement names a thing among the categories of its department's incident form ("el radiador de mi
   * despacho esta helado"): a problem told, which that form files when no article answers it.
   */
  boolean thingOfItsDepartment(Understanding u) {
    return thingOfItsDepartment(u, forms.flowFor(u.department(), "incident"));
  }

  private boolean thingOfItsDepartment(Understanding u, Flow ofDepartment) {
    return u.act() == Act.STATEMENT && ofDepartment != null && ofDepartment.ticketKind().equals("incident")
        && forms.namesChoice(ofDepartment, "category", u.text());
  }

  /**
   * Whether {@code flow} belongs to another department than the one the message's words name, and the
   * knowledge base answers it with an article of the message's department.
   */
  private static boolean otherMatter(Flow flow, Understanding u) {
    if (u.band() != io.relevo.kb.Band.ANSWER || flow.department().equals(u.department())) {
      return false;
    }
    return u.answer().hits().get(0).article().department().equals(u.department());
  }

  /** Whether the message names a department ("HR", "mantenimiento"): a request to it is its form. */
  private static boolean namesDepartment(Understanding u) {
    return u.analysis() != null && u.analysis().entities().stream()
        .anyMatch(e -> e.kind().equals(io.relevo.intents.Entity.DEPARTMENT));
  }

  /** The form a reported problem is filed with when the article it matched explains that form, or null. */
  Flow reportedThrough(Understanding u) {
    if (u.act() != Act.REPORT && u.act() != Act.STATEMENT || u.answer() == null || u.answer().hits().isEmpty()) {
      return null;
    }
    String flow = departments.formOf(u.answer().hits().get(0).article().topic());
    if (flow == null && u.band() == io.relevo.kb.Band.CHOOSE) {
      // among the choices, the article that explains the report form of the department the message is about
      for (var hit : u.answer().hits()) {
        String of = departments.formOf(hit.article().topic());
        Flow f = of == null ? null : forms.flowFor(of);
        if (f != null && f.department().equals(u.department()) && hit.article().department().equals(u.department())) {
          return f;
        }
      }
    }
    return flow == null ? null : forms.flowFor(flow);
  }

  /**
   * The form one button away under an answer: the one the message asks for or reports ({@link #flowFor}), else the
   * one the answering article explains; for a question, only the article's; null when none.
   */
  Flow buttonFor(Understanding u, io.relevo.kb.Article answering) {
    Flow flow = flowFor(u);
    String explained = answering == null ? null : departments.formOf(answering.topic());
    // "what's the process for returning my laptop when I leave?", answered by the leaving article (HR): no IT incident
    boolean otherProblem = u.act() == Act.ASK && answering != null && flow != null
        && flow.ticketKind().equals("incident") && !flow.department().equals(answering.department());
    if (flow != null && !otherProblem && (u.act() != Act.ASK || answering == null || searchAgrees(u, flow))) {
      return flow;
    }
    // a question the article answers: its form, not one the intent guessed against the search ("I'm starting on
    // Monday, what time should I arrive?" is no vacation request: the vacation article is nowhere among the hits)
    return explained == null ? null : forms.flowFor(explained);
  }

  /** Whether the form's own article, when it has one, is among the search's hits for the message. */
  private boolean searchAgrees(Understanding u, Flow flow) {
    String topic = departments.topicOf(flow.intent());
    return topic == null || u.answer() == null
        || u.answer().hits().stream().anyMatch(h -> h.article().topic().equals(topic));
  }

  /**
   * The score of filing a reported problem with the form its article explains: above answering it, but below an
   * answer when the message tells of a danger (a leak, smoke), whose article says to call first.
   */
  static double filedThrough(Understanding u) {
    return emergency(u) ? 55 : 70;
  }

  /** Whether the message tells of a danger (a leak, smoke, someone stuck in a lift). */
  static boolean emergency(Understanding u) {
    return EMERGENCY.matcher(TextFold.fold(u.text())).find();
  }
}
