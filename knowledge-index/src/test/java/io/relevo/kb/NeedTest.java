package io.relevo.kb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NeedTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      i forgot my pasword                                  | STEPS
      my teams wont share my screen, the button is greyed out | STEPS
      how can I change my password                         | STEPS
      I can't connect to the vpn                           | STEPS
      what do i do if my account is locked                 | STEPS
      going on parental leave in march, what do i need to do | STEPS
      necesito aplazar mis vacaciones una semana, como lo hago | STEPS
      necesito cambiar la contraseña porque me ha caducado  | STEPS
      quiero un curso de excel avanzado, quien lo paga?      | RULES
      the lift is stuck and someone is inside                | URGENT
      me voy de baja en marzo, que necesito hacer          | STEPS
      do i need to tell my manager                         | RULES
      i need autocad installed on my laptop                | STEPS
      the power is out on the whole 4th floor              | URGENT
      se ha ido la luz en toda la planta 4                 | URGENT
      necesito que me instalen el autocad                  | STEPS
      no puedo entrar en el correo                         | STEPS
      ¿Cómo pido vacaciones?                               | STEPS
      como pido vacaciones                                 | STEPS
      se me ha bloqueado la cuenta, que hago               | STEPS
      reset mfa                                            | STEPS
      como me conecto a la vpn desde casa                  | STEPS
      how many days of holiday do i get                    | RULES
      how much notice do I need to give                    | RULES
      can I carry over unused days                         | RULES
      am I allowed to install programs                     | RULES
      what is the policy on remote work                    | RULES
      cuantos dias tengo por paternidad                    | RULES
      ¿Cuántos días de vacaciones tengo?                   | RULES
      puedo teletrabajar desde otro pais                   | RULES
      tengo derecho a dias libres por mudanza              | RULES
      hay que presentar justificante                       | RULES
      when do we get paid                                  | RULES
      who approves my time off                             | CONTACT
      a quien llamo si no funciona la impresora            | CONTACT
      what is the phone number of the service desk         | CONTACT
      telefono de soporte                                  | CONTACT
      my laptop was stolen                                 | URGENT
      me han robado el portatil                            | URGENT
      perdí el móvil del trabajo                           | URGENT
      I clicked a link in a phishing email                 | URGENT
      he pinchado en un enlace raro                        | URGENT
      my account was hacked                                | URGENT
      there is water leaking in the mens toilet            | URGENT
      hay una fuga en el baño                              | URGENT
      huele a quemado en la cocina                         | URGENT
      the sms code never arrives                           | PROBLEM
      no me llega el codigo por sms                        | PROBLEM
      my vpn keeps dropping                                | PROBLEM
      el wifi va fatal hoy                                 | PROBLEM
      excel se cierra solo                                 | PROBLEM
      teams won't open                                     | PROBLEM
      how do I fix it, the code never arrives              | PROBLEM
      what is MFA                                          | WHAT
      que es la VPN                                        | WHAT
      printer                                              | ANY
      """)
  void readsWhatKindOfAnswerAQuestionAsksFor(String question, Need need) {
    assertThat(Need.of(question)).isEqualTo(need);
  }
}
