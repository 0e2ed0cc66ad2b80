package io.relevo.core.dialogue;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.relevo.intents.Analysis;
import io.relevo.intents.Entity;

/**
 * Tells what a person wants with a message ({@link Act}) from its form (a question, a request, a
 * reported problem) and the intent classifier's guess, in Spanish and English. Stateless.
 */
final class Acts {

  static final Set<String> TICKET_INTENTS = Set.of("ticket_status", "list_my_tickets", "cancel_ticket", "add_ticket_comment");
  static final Set<String> REQUEST_INTENTS = Set.of("request_vacation", "request_equipment", "request_access",
      "request_business_trip", "request_building_pass", "request_office_supplies");

  /** "can I get", "me das", "could you": a request even in the shape of a question. */
  private static final Pattern REQUEST = Pattern.compile(
      "\\b(i need|need (a|an|the|my|some|new)|i'?d like|i would like|i want|i wanna|we need|can i (get|have)|could i (get|have)|can (you|u)|"
      + "could (you|u)|would you|please|pls|plz|give me|send me|get me|book|order|request|"
      + "necesito|necesitamos|quiero|quisiera|me gustaria|queria|me (das|da|puedes dar|podrias dar|mandas|envias)|"
      + "(puedes|podrias|puede|podria) (dar|darme|pedir|abrir|reservar|enviar|mandar|tramitar|solicitar|"
      + "cambiar|crear|dar de alta|darme de alta|gestionar|instalar)|por favor|porfa|pedir|solicitar|solicito|"
      + "reservame|reserva|tramitar|requesting|put me down|sign me up|add me|set me up|raise a (case|ticket)|"
      + "open a (case|ticket|query)|log a (case|ticket)|anademe|anade|ponme|me pones|dame|apuntame|quiero (un|una)|"
      + "(abre(me)?|abrir) (un|una) (caso|ticket|incidencia|peticion|solicitud)|"
      + "que (rrhh|recursos humanos|informatica|mantenimiento) me|cogeme|me coges|"
      + "me hace falta|hace falta (un|una)|me reservas)\\b|^need\\b");

  private static final Pattern REPORT = Pattern.compile(
      "\\b(not working|doesn'?t work|does not work|dont work|don'?t work|isn'?t working|won'?t|can'?t|cannot|"
      // "it worked yesterday": it doesn't now
      + "(worked|was working|used to work) (yesterday|before|until|last|this morning)|(funcionaba|iba bien|funciono) "
      + "(ayer|antes|hasta|esta manana|la semana pasada)|(ayer|antes|esta manana) (si )?(funcionaba|iba bien|funciono)|"
      + "(was fine|was ok|worked fine) (yesterday|before|this morning)|"
      + "couldn'?t|unable|broke|broken|crash(ed|es|ing)?|error|fail(ed|s|ing)?|lost|stolen|stole|missing|stuck|"
      + "down|slow|freez(e|es|ing)|frozen|leak(ing|s)?|flicker(ing|s)?|dead|blocked|locked|wrong|no longer|keeps|"
      + "forgot|forgotten|hacked|clicked|too (hot|cold)|"
      + "no (me )?funciona|no va|no anda|no puedo|no me deja|no carga|no conecta|no arranca|no enciende|roto|rota|"
      + "estropead[oa]|averiad[oa]|fallo|falla|error|perdi|he perdido|perdido|robado|robaron|me han robado|"
      + "bloquead[oa]|atascad[oa]|lento|lenta|caido|se cae|se ha caido|gotera|fuga|olvide|he olvidado|"
      + "hace (mucho )?(frio|calor)|parpadea|no hay (luz|agua|red|internet)|mal|"
      + "no (se )?(me |te |le |nos |les )?(abre|abren|cierra|cierran|enciende|imprime|sincroniza|llega|llegan)|"
      + "dirty|filthy|disgusting|smells?|stinks?|out of (soap|paper|toilet paper)|no (soap|toilet paper|hot water)|"
      + "asqueros[oa]s?|sucios?|sucias?|huele|apesta|sin (jabon|papel|agua caliente)|"
      + "crawl(s|ing)?|sluggish|laggy|lagging|va a pedales|va fatal|lentisim[oa]|(se ha )?quedado (parad[oa]|colgad[oa])|"
      + "parad[oa] entre)\\b");

  private static final Pattern CHITCHAT = Pattern.compile(
      "\\b(joke|jokes|chiste|chistes|are you (a )?(robot|bot|human|real|ai)|eres (un )?(robot|bot|humano|real|una ia|ia)|"
      + "how are you|how r u|how'?s it going|what'?s up|que tal (estas|andas|va)|como estas|como te va|"
      + "who (are|made|built|created) you|quien eres|quien te (hizo|creo|programo|ha (hecho|creado|programado))|who (programmed|designed|trained) you|what'?s your name|como te llamas|"
      + "i love you|te quiero|marry me|you'?re (great|awesome|funny|smart|cute)|eres (genial|muy listo|gracioso)|"
      + "sing|canta|bored|aburrid[oa]|meaning of life|sentido de la vida|lol|(ja){2,}|(ha){2,}|jeje|"
      + "merry christmas|happy (new year|holidays|birthday|friday)|feliz (navidad|ano|cumpleanos|viernes)|"
      + "are you there|are you awake|estas ahi|do you like|te gusta|gracioso|graciosa|funny|make me laugh|"
      + "(am i|i am) talking to a (bot|machine|robot|person)|hablo con una (maquina|persona)|hablo con un (robot|bot)|"
      + "muy bueno|good one|you'?re funny|well done|bien hecho|buen trabajo|good bot)\\b");

  private static final Pattern ABOUT_THE_BOT = Pattern.compile("^(am i|are we|is this) (talking|speaking|chatting) "
      + "(to|with) a (bot|machine|robot|computer|real person|human)|^(hablo|estoy hablando|estamos hablando) con "
      + "(una maquina|un (robot|bot|ordenador)|una persona (real|de verdad)|un humano)\\b");

  /** "raise a question with HR", "abrir una consulta a RR. HH.": a case to open, not a person to talk to now. */
  private static final Pattern OPENS_A_CASE = Pattern.compile("\\b(raise|open|log|file|submit|abrir|abre|plantear|"
      + "poner|presentar) (a|an|una|un) (question|query|case|ticket|complaint|consulta|caso|ticket|queja|reclamacion)\\b");

  private static final Pattern PERSON = Pattern.compile(
      "\\b((talk|speak|chat) (to|with) (a |an |some |)(human|person|agent|someone|somebody|real person|technician|tech)|"
      + "(human|real person|live agent|operator)( please| pls)?$|agent please|get me a (human|person)|"
      + "hablar con (una |un |alguien|algun )?(persona|humano|agente|tecnico|alguien)|"
      + "(pasame|pasadme|ponme|quiero) con (una |un )?(persona|humano|agente|tecnico)|"
      + "^(persona|humano|agente)( por favor)?$|"
      // someone to come, call or look: "can someone from IT call me", "que venga alguien a mirarlo"
      + "(can|could|would|will|should) (someone|somebody|anyone|a technician|a tech|an agent|a person)( from \\w+)? "
      + "(call|ring|phone|come|look at|check|contact|get back to|visit)|(send|get) (someone|somebody|a technician|a tech) "
      + "(over|to|up|here|down)|(i need|i want|i'?d like|we need) (someone|somebody|a technician|a tech|a person|an agent)"
      + "( from \\w+)? to (call|come|look|check|fix|contact|ring|visit)|put me through|transfer me|connect me (to|with)|"
      + "escalate (this |it |me )?to|(human being|real human|actual (person|human))|call ?back from|ring me back|"
      + "que (me llame|venga|me atienda|me contacte|lo mire|me lo mire|suba|baje) (alguien|un tecnico|una persona|un agente)|"
      + "(puede|podria|pueden|podrian) (venir|llamarme|atenderme|mirarlo|contactarme) (alguien|un tecnico|una persona)|"
      + "(necesito|quiero|quisiera) que (me llame|venga|me atienda|me contacte) |"
      + "(pasame|pasadme|ponme|comunicame|transfiereme|pongame|paseme) con|atencion humana|persona (de verdad|real)|"
      + "de carne y hueso|escalar(lo)? a (una persona|un humano|un tecnico|alguien)|"
      // "help desk please", "dame a alguien que me ayude", "me podeis llamar?"
      + "^(the |el |la )?(help ?desk|service ?desk|it support|support|soporte|servicio de ayuda|mesa de ayuda|"
      + "soporte tecnico)( please| pls| por favor| porfa)?$|(give me|get me|i need|i want) (someone|somebody) "
      + "(who|that) (can|could|will)|(dame|deme|necesito|quiero|busco) (a )?alguien que (me ayude|me atienda|me llame|"
      + "sepa)|me (puedes|podeis|puede|pueden|podrias|podriais) llamar|^(llamadme|llamame|llameme)\\b|"
      + "(can|could) (you|someone|somebody) call me|call me (back|on|at)|"
      // a team named as who to talk to: "i'd rather talk to someone in payroll", "quiero hablar con rrhh"
      + "(i want|i'?d like|i'?d rather|i need|let me|can i|could i|may i) (to )?(talk|speak|chat) (to|with) "
      + "(someone |somebody |a person )?(in |from |at )?(the )?(hr|it|payroll|service desk|help ?desk|support|"
      + "facilities|it support|people team)\\b|(quiero|quisiera|prefiero|necesito|puedo) hablar con (alguien de )?"
      + "(rrhh|recursos humanos|informatica|soporte|nominas|personas|mantenimiento|el servicio tecnico|"
      + "el equipo de it|it)\\b|me (pasas|pasais|pasa|pones|poneis|pone) con|get me (someone|somebody)|"
      + "(is there|are there) (a |any )?(real )?(person|human|people|one|someone|anybody|anyone) (i|we) can "
      + "(talk|speak|chat)|(no quiero|i don'?t want to) (hablar|talk|chat|speak) (con|to|with) (un|una|a|the) "
      + "(bot|maquina|robot|machine)|escalate (this|it)$|escalalo|escalar esto|"
      // a complaint to no one in particular is for a person ("... with HR" opens that department's case)
      + "^(i want to |i'?d like to |i need to |can i |how do i |how can i )?(make|file|lodge|raise) a complaint$|"
      + "^(i want to |i'?d like to )complain$|^(quiero |quisiera |como |donde )?(poner|presentar|hacer) una "
      + "(queja|reclamacion)$|^(quiero|quisiera) quejarme$)\\b");

  private static final Pattern COURTESY = Pattern.compile(
      "^(ok(ay)?|great|perfect|cool|nice|thanks?( you)?( so much| a lot)?|thx|ty|cheers|got it|"
      + "vale|genial|perfecto|estupendo|gracias( mil| de nuevo)?|muchas gracias|entendido|de acuerdo|"
      // a greeting before the matter: "buenas, tengo que ir a Valencia el martes" is read from "tengo que"
      + "hi there|hello there|hey there|hi|hello|hey|good (morning|afternoon|evening)|hola( buenas)?|buenas( tardes| noches)?|"
      + "buenos dias|oye|oiga)"
      + "[\\s,.!;:-]+((and|also|one more thing|otra cosa|y|tambien|ademas|otra pregunta)[\\s,:]+)?");

  private static final Pattern YES = Pattern.compile("^(yes|y|yeah|yep|yup|sure|ok|okay|correct|right|go ahead|do it|"
      + "yes please|please do|si|sip|vale|claro|correcto|adelante|dale|perfecto|de acuerdo|venga|por supuesto|"
      + "si por favor|hazlo|confirmo)( (please|thanks|thank you|gracias|por favor))?$");
  private static final Pattern NO = Pattern.compile("^(no|nope|nah|not now|no thanks|no thank you|don t|dont|do not|"
      + "mejor no|no gracias|dejalo|olvidalo|ni hablar|para nada|de ninguna manera|no hace falta)$");

  private Acts() {
  }

  /** {@code text} without a leading "thanks, and …" when a question follows it; else {@code text}. */
  static String withoutCourtesy(String text) {
    String folded = TextFold.fold(text.strip());
    var m = COURTESY.matcher(folded);
    if (m.find()) {
      String rest = text.strip().substring(Math.min(text.strip().length(), m.end()));
      if (TextFold.words(rest).split(" ").length >= 3) {
        return rest.strip();
      }
    }
    return text;
  }

  /** Whether {@code text} starts "thanks, and …" / "gracias, y …": what follows goes on from the last answer. */
  static boolean thanksAnd(String text) {
    String folded = TextFold.fold(text.strip());
    var m = COURTESY.matcher(folded);
    return m.find() && THEN.matcher(folded.substring(0, m.end())).find();
  }

  private static final Pattern THEN = Pattern.compile("\\b(and|also|y|tambien|ademas)[\\s,:]*$");

  /** What the person wants with {@code text}, given the classifier's {@code analysis} of it. */
  static Act of(String text, Analysis analysis) {
    String t = TextFold.fold(text.strip()).replaceAll("^[¿¡\\s]+", "");
    String intent = intent(analysis);
    double confidence = analysis == null || analysis.top() == null ? 0 : analysis.top().confidence();
    int words = TextFold.words(text).isEmpty() ? 0 : TextFold.words(text).split(" ").length;
    if (ABOUT_THE_BOT.matcher(t).find()) {
      return Act.CHITCHAT; // "am I talking to a machine?" asks what the bot is, not for a person
    }
    if (PERSON.matcher(t).find()
        || "ask_human".equals(intent) && confidence >= 0.5 && words <= 12 && !OPENS_A_CASE.matcher(t).find()) {
      return Act.PERSON;
    }
    boolean howTo = Questions.INSIDE.matcher(t).find() && !TICKET_WORDS.matcher(t).find();
    if (OPEN_WITH_YOU.matcher(t).find() || MY_CASE.matcher(t).find() && !Questions.INSIDE.matcher(t).find()) {
      return Act.TICKET;
    }
    // the classifier alone is not enough when nothing in the message refers to something asked for or reported:
    // "tengo que mandar algún justificante?" after a sick-leave answer is no question about tickets
    boolean refersToOne = TICKET_WORDS.matcher(t).find() || REFERS.matcher(t).find() || ticketNamed(analysis);
    if (!howTo && TICKET_INTENTS.contains(intent) && confidence >= (refersToOne ? 0.45 : 0.75) || ticketNamed(analysis) && t.matches(".*\\b(status|estado|"
        + "cancel|cancela|anula|comment|comentario|anade|add|update|novedades|como va|se sabe algo|sabeis algo|"
        + "alguna novedad|any news|news on|heard anything)\\b.*")) {
      return Act.TICKET;
    }
    if (CHITCHAT.matcher(t).find() && words <= 10) {
      return Act.CHITCHAT;
    }
    String said = TextFold.words(text);
    var typed = io.relevo.core.dialogue.flows.TypedAnswers.yesNo(text);
    if (YES.matcher(said).matches() || typed == io.relevo.core.dialogue.flows.TypedAnswers.Reply.YES && words <= 4) {
      return Act.AFFIRM;
    }
    if (NO.matcher(said).matches() || typed != null && typed != io.relevo.core.dialogue.flows.TypedAnswers.Reply.YES
        && words <= 4) {
      return Act.DENY;
    }
    boolean question = Questions.isQuestion(text);
    // "necesito ayuda con la impresora, imprime todo en blanco": help with something, not a thing to be done
    Matcher help = HELP_WITH.matcher(t);
    boolean helpWanted = help.find();
    boolean request = REQUEST.matcher(helpWanted ? help.replaceAll(" ") : t).find();
    boolean report = REPORT.matcher(t).find() || helpWanted && !request && !question;
    if (words <= 4 && !question) {
      Act social = social(intent, confidence);
      if (social != null && !report) {
        return social;
      }
    }
    if (question && OBLIGED.matcher(t).find() && !text.strip().endsWith("?") && REQUEST_INTENTS.contains(intent)
        && confidence >= 0.5 && hasWhen(analysis)) {
      return Act.REQUEST; // "tengo que ir a Valencia el martes a una feria": a trip to arrange, not "¿tengo que …?"
    }
    if (question && (!startsAsRequest(t) || Questions.INSIDE.matcher(t).find())) {
      return Act.ASK;
    }
    if (report && !request) {
      return Act.REPORT;
    }
    if (request) {
      return Act.REQUEST;
    }
    if (report) {
      return Act.REPORT;
    }
    if (REQUEST_INTENTS.contains(intent) && hasWhen(analysis)) {
      return Act.REQUEST;
    }
    Act social = words <= 7 ? social(intent, confidence) : null;
    return social != null ? social : Act.STATEMENT;
  }

  /** Asking for help with something ("I need help with the vpn", "necesito ayuda con la impresora"). */
  private static final Pattern HELP_WITH = Pattern.compile("\\b(i need|i'?d like|need|please|can (you|u)|could (you|u)|"
      + "necesito|quiero|quisiera|me puedes|me podrias|puedes|podrias|por favor)( some| a little| un poco de)? "
      + "(help|ayuda|ayudarme|help me|a hand)( (with|con|for|para|en|on))?\\b");

  /** "tengo que …", "I have to …" at the start: a question ("¿tengo que avisar?") or what one must do. */
  private static final Pattern OBLIGED = Pattern.compile("^(tengo que|tenemos que|debo|i have to|we have to|i need to)\\b");

  /** "what do I have open with you?", "¿qué tengo abierto?": one's own open cases. */
  static final Pattern OPEN_WITH_YOU = Pattern.compile("\\b(what (do i have|have i got|have i) open|what i have open|"
      + "que (tengo|tenemos) abiert[oa]s?)\\b");

  /** "what I opened on Monday", "lo que pedí": a case of one's own, named without a number or the word "ticket". */
  private static final Pattern MY_CASE = Pattern.compile("\\b(lo que (abri|reporte|mande|envie|solicite|comunique)|"
      + "what i (opened|reported|raised|logged|submitted)|the (\\w+ ){0,3}(issue|problem|request|ticket|order) i "
      + "(reported|raised|logged|opened|submitted|sent|made|placed)|"
      + "(forget|scrap|drop) (the|my) (\\w+ ){0,3}(request|order|ticket)|(olvida|olvidad|olvidate de|olvidaos de) lo "
      + "(del|de la|de los|de las|de mi))\\b");

  /**
   * Words that refer to something already asked for or reported, or to how it is going ("what I reported", "lo que
   * abrí", "and its status?"); folded text.
   */
  private static final Pattern REFERS = Pattern.compile("\\b(reported|raised|opened|logged|submitted|asked for|ordered|"
      + "requested|open with you|anything open|still open|approved|abri|abrimos|abierto|abiertas?|reporte|pedi|solicite|"
      + "mande|envie|aprobad[oa]s?|pendientes?|pending|status|estado|progress|novedad|novedades|any news|any update|"
      + "updates?)\\b");

  private static final Pattern TICKET_WORDS = Pattern.compile("\\b(tickets?|incidents?|requests?|cases?|incidencias?|"
      + "solicitud|solicitudes|peticion|peticiones|casos?|inc|req)\\b");
  /** Whether a message asks about something rather than asks for it. */
  static boolean isQuestion(String text) {
    return Questions.isQuestion(text);
  }

  /** "can you …", "could I get …", "me puedes dar …": a request phrased as a question. */
  private static boolean startsAsRequest(String folded) {
    return folded.matches("^(can (you|u)|could (you|u)|would you|can i (get|have)|could i (get|have)|"
        + "(me )?(puedes|podrias|puede|podria)|me (das|da|mandas|pones|coges|reservas)|ponme|cogeme|necesito|quiero|"
        + "quisiera)\\b.*")
        && !folded.matches("^(necesito|quiero) saber\\b.*")
        // Spanish asks yes/no without inverting: "¿necesito justificante si falto dos días?" is "do I need …?"
        && !(folded.matches("^necesito\\b.*") && folded.strip().endsWith("?") && folded.matches(".*\\bsi\\b.*"))
        && !folded.matches("^(me )?(puedes|podrias) (decir|explicar|contar|ayudar a entender)\\b.*")
        && !folded.matches("^can you (tell|explain)\\b.*");
  }

  private static Act social(String intent, double confidence) {
    if (confidence < 0.4) {
      return null;
    }
    return switch (intent) {
      case "greet" -> Act.GREET;
      case "thanks", "feedback_positive" -> Act.THANKS;
      case "goodbye" -> Act.LEAVE;
      case "help" -> Act.HELP;
      case "affirm" -> Act.AFFIRM;
      case "deny", "feedback_negative" -> Act.DENY;
      default -> null;
    };
  }

  static String intent(Analysis analysis) {
    return analysis == null || analysis.outOfScope() || analysis.top() == null ? "out_of_scope" : analysis.top().intent();
  }

  private static boolean ticketNamed(Analysis analysis) {
    return analysis != null && analysis.entities().stream().anyMatch(e -> e.kind().equals(Entity.TICKET_ID));
  }

  private static boolean hasWhen(Analysis analysis) {
    return analysis != null && analysis.entities().stream()
        .anyMatch(e -> e.kind().equals(Entity.DATE) || e.kind().equals(Entity.DATE_RANGE));
  }
}
