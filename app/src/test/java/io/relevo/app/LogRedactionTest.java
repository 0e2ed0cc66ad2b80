package io.relevo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;

/** The shipped logback.xml keeps e-mail addresses, phone and card numbers out of the log. */
class LogRedactionTest {

  @Test
  void messagesAndStackTracesAreRedacted() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(getClass().getResource("/logback.xml"));
      org.slf4j.Logger log = context.getLogger("io.relevo.test");
      log.info("Ticket for {} at {} paid with {}", "ana.garcia@example.com", "+34 612 345 678", "4111 1111 1111 1111");
      log.warn("Could not parse", new IllegalArgumentException("bad value 'luis@example.org'"));
    } finally {
      context.stop();
      System.setOut(original);
    }
    String logged = out.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("Ticket for [email] at [phone] paid with [card]")
        .contains("IllegalArgumentException: bad value '[email]'")
        .contains("at io.relevo.app.LogRedactionTest")
        .doesNotContain("example.com").doesNotContain("612 345").doesNotContain("4111").doesNotContain("luis@");
  }
}
